/**
 * A diagnosis status written in a CSV event row's `qualifiers` (refuted, entered in error, suspected, rule
 * out, resolved) is read as a FHIR Condition's status is: a ruled-out diagnosis never counts, a suspected one
 * counts only where a suspected one is the team's working diagnosis (HIT, TTP, ITP, DIC, acquired
 * haemophilia), and the status is never kept as a qualifier of the event.
 */
import { describe, expect, it } from "vitest";
import { testVocabulary as vocabulary } from "../../../../../test/support/test-vocabulary.js";
import { ingestCsv } from "./ingest.js";
import { qualifierStatus } from "./rows.js";

const H = "patient_id,record_type,date,code_system,code,text,qualifiers";
const read = (...rows: string[]) => {
  const r = ingestCsv([H, ...rows].join("\n"), {
    vocabulary,
    evaluatedAt: "2026-12-01T00:00:00Z",
    file: "site.csv",
  });
  const p = r.patients[0];
  if (p === undefined) throw new Error("no patient");
  return {
    events: p.events.map((e) => [e.kind, e.qualifiers ?? []]),
    rejected: p.rejected.map((x) => [x.ref, x.code, x.field, x.reason]),
    counts: p.counts,
  };
};
const DVT = "p1,event,2026-03-04,snomed,128053003,Deep vein thrombosis";
const HIT = "p1,event,2026-03-04,snomed,111588002,Heparin-induced thrombocytopenia";

describe("qualifierStatus", () => {
  it("names FHIR's verification and clinical statuses and the CSV words for a suspected diagnosis", () => {
    expect(qualifierStatus("refuted")).toBe("refuted");
    expect(qualifierStatus("Ruled out")).toBe("refuted");
    expect(qualifierStatus("entered-in-error")).toBe("entered-in-error");
    expect(qualifierStatus("entered in error")).toBe("entered-in-error");
    expect(qualifierStatus("suspected")).toBe("provisional");
    expect(qualifierStatus("rule out")).toBe("differential");
    expect(qualifierStatus("r/o")).toBe("differential");
    expect(qualifierStatus("differential")).toBe("differential");
    expect(qualifierStatus("resolved")).toBe("resolved");
    expect(qualifierStatus("confirmed")).toBe("confirmed");
    for (const q of ["venous", "pe", "intracranial", "hemodynamic-instability", "not refuted"])
      expect(qualifierStatus(q)).toBeUndefined();
  });
});

describe("CSV event qualifiers naming a diagnosis status", () => {
  it("rejects a ruled-out or entered-in-error diagnosis, a HIT as well as a DVT, naming the qualifier", () => {
    for (const q of ["refuted", "ruled out", "entered-in-error"])
      for (const row of [DVT, HIT]) {
        // A clot ruled out is its site ruled out (below); in error it is rejected as a HIT is.
        if (row === DVT && q !== "entered-in-error") continue;
        const r = read(`${row},venous;${q}`);
        expect(r.events).toEqual([]);
        expect(r.rejected).toHaveLength(1);
        expect(r.rejected[0]?.slice(0, 3)).toEqual(["site.csv:2", "refuted", "qualifiers"]);
        expect(r.rejected[0]?.[3]).toMatch(new RegExp(`^qualifiers "${q}": the diagnosis is`));
        expect(r.counts).toMatchObject({ read: 1, used: 0, rejected: 1 });
      }
  });

  it("reads a ruled-out DVT as its site ruled out (settling an earlier suspicion there), never as a thrombosis", () => {
    for (const q of ["refuted", "ruled out"]) {
      const r = read(`${DVT},venous;${q}`);
      expect(r.rejected).toEqual([]);
      expect(r.events).toEqual([["thrombosis-ruled-out", ["dvt"]]]);
      expect(r.counts).toMatchObject({ read: 1, used: 1, rejected: 0 });
    }
  });

  it("reads a suspected or rule-out DVT as no thrombosis, rejected saying so; the same HIT as the working diagnosis", () => {
    for (const q of ["suspected", "rule out", "provisional", "differential"]) {
      const dvt = read(`${DVT},${q}`);
      expect(dvt.events).toEqual([]);
      expect(dvt.rejected.map((x) => x.slice(0, 3))).toEqual([["site.csv:2", "not-final", "qualifiers"]]);
      expect(dvt.rejected[0]?.[3]).toMatch(/a suspected thrombosis is not read as one until confirmed/);
      const hit = read(`${HIT},${q}`);
      expect(hit.rejected).toEqual([]);
      expect(hit.events).toEqual([["hit", []]]);
    }
  });

  it("reads a confirmed, active or resolved DVT as the episode of the row's date, the status not kept as a qualifier", () => {
    for (const q of ["confirmed", "active", "resolved", ""]) {
      const r = read(`${DVT},${q === "" ? "venous" : `venous;${q}`}`);
      expect(r.rejected).toEqual([]);
      expect(r.events).toHaveLength(1);
      expect(r.events[0]?.[0]).toBe("thrombosis");
      expect(r.events[0]?.[1]).toContain("venous");
      expect(r.events[0]?.[1]).not.toContain(q === "" ? "none" : q);
    }
  });
});
