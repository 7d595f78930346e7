/**
 * Hepatitis B before rituximab. Its boxed warning: HBV reactivation, sometimes fulminant and fatal; ASCO 2020
 * (asco-2020-hbv-cancer) gives antiviral prophylaxis with an anti-CD20 antibody to chronic (HBsAg positive) and past
 * (HBsAg negative, anti-HBc positive) infection alike, through the course and for at least 12 months after. Every
 * rituximab line asks for HBsAg and anti-HBc; a positive marker already on record must also name the prophylaxis, in
 * every plan that offers rituximab, whether it reaches the engine as a FHIR Observation, a CSV row or a coded
 * diagnosis. Negative markers, or none, name nothing.
 */
import { describe, expect, it } from "vitest";
import type { PatientReport } from "../../packages/core/src/contracts/report.js";
import { planManagement } from "../../packages/core/src/engine/manage/plan.js";
import { treatedCsv, treatedFhir } from "../support/charted-words.js";
import { plateletCount } from "../support/fhir-entries.js";
import { testKnowledge } from "../support/knowledge.js";

const k = testKnowledge();
const HBV_FACT = "hepatitis-b-on-record";

interface Rec {
  readonly id: string;
  readonly kind?: string;
  readonly tags?: readonly string[];
  readonly when?: { readonly facts?: readonly { readonly fact: string; readonly is?: boolean }[] };
}
const isRec = (x: unknown): x is Rec =>
  typeof x === "object" && x !== null && "id" in x && "action" in x && "sourceIds" in x;
const readsHbv = (r: Rec) => r.when?.facts?.some((f) => f.fact === HBV_FACT && f.is === true) ?? false;

/** Every list of recommendations in the management and unexplained knowledge. */
function recommendationLists(node: unknown, out: Rec[][] = []): Rec[][] {
  if (Array.isArray(node)) {
    if (node.some(isRec)) out.push(node.filter(isRec));
    for (const x of node) recommendationLists(x, out);
  } else if (typeof node === "object" && node !== null) {
    for (const v of Object.values(node)) recommendationLists(v, out);
  }
  return out;
}

describe("every plan that offers rituximab reads a hepatitis B marker on record", () => {
  const lists = recommendationLists([k.management, k.unexplained]);
  const offering = lists.filter((l) => l.some((r) => r.kind !== "avoid" && r.tags?.includes("rituximab")));

  it("finds the plans that offer rituximab (ITP, Evans, TTP, AHA, CAPS, immune neutropenia)", () => {
    expect(offering.length).toBeGreaterThanOrEqual(6);
  });

  it("each of them carries a line conditioned on hepatitis B on record that names entecavir or tenofovir and 12 months", () => {
    for (const l of offering) {
      const line = l.find(readsHbv) as (Rec & { action: string }) | undefined;
      expect(line, l.map((r) => r.id).join(", ")).toBeDefined();
      expect(line?.action).toMatch(/entecavir or tenofovir/);
      expect(line?.action).toMatch(/before the first dose/);
      expect(line?.action).toMatch(/at least 12 months after the last/);
      expect(line?.action).toMatch(/HBV DNA/);
    }
  });

  it.each(["itp", "evans", "ttp", "aha"] as const)(
    "%s: the prophylaxis line with the fact true, none with it false or unknown",
    (disorder) => {
      const plan = (facts: Record<string, boolean | number>) =>
        planManagement(
          {
            disorder,
            certainty: "probable",
            grade: 3,
            therapyClasses: ["ici"],
            facts: { platelets: 12, ...facts },
          },
          k.management,
        ).map((m) => m.id);
      const id = `${disorder}-rituximab-hepatitis-b-prophylaxis`;
      expect(plan({ [HBV_FACT]: true })).toContain(id);
      expect(plan({ [HBV_FACT]: false })).not.toContain(id);
      expect(plan({})).not.toContain(id);
      expect(plan({ [HBV_FACT]: true, "rituximab-severe-hypersensitivity": true })).not.toContain(id);
    },
  );
});

type Marker = "HBsAg" | "anti-HBc";
const LOINC: Record<Marker, string> = { HBsAg: "5195-3", "anti-HBc": "16933-4" };

/** Pembrolizumab three times, platelets 12 on 2026-03-10 (an ITP), and the markers as FHIR Observations. */
function fhir(markers: Partial<Record<Marker, string>>, condition?: { code: string }): PatientReport {
  const subject = { reference: "Patient/p1" };
  return treatedFhir(
    plateletCount("2026-03-10", {
      value: 12,
      unit: "10*9/L",
      system: "http://unitsofmeasure.org",
      code: "10*9/L",
    }).resource,
    ...Object.entries(markers).map(([m, value]) => ({
      resourceType: "Observation",
      id: m,
      status: "final",
      subject,
      code: { coding: [{ system: "http://loinc.org", code: LOINC[m as Marker] }] },
      effectiveDateTime: "2025-12-01",
      valueString: value,
    })),
    ...(condition === undefined
      ? []
      : [
          {
            resourceType: "Condition",
            id: "hbv",
            subject,
            code: { coding: [{ system: "http://hl7.org/fhir/sid/icd-10-cm", code: condition.code }] },
            onsetDateTime: "2019-05-01",
          },
        ]),
  );
}

/** The same patient as CSV rows. */
function csv(markers: Partial<Record<Marker, string>>, condition?: { code: string }): PatientReport {
  return treatedCsv(
    "p1,lab,2026-03-10,,loinc,777-3,Platelets,12,10*9/L,150,400,,,,,",
    ...Object.entries(markers).map(
      ([m, v]) => `p1,lab,2025-12-01,,loinc,${LOINC[m as Marker]},${m},${v},,,,,,,,`,
    ),
    ...(condition === undefined ? [] : [`p1,event,2019-05-01,,icd10cm,${condition.code},,,,,,,,,,`]),
  );
}

const itpPlan = (p: PatientReport) => p.findings.find((f) => f.disorder === "itp")?.management ?? [];
const LINE = "itp-rituximab-hepatitis-b-prophylaxis";

describe.each([
  ["FHIR", fhir],
  ["CSV", csv],
] as const)("an ITP after pembrolizumab with hepatitis B markers sent as %s", (_, read) => {
  it("HBsAg reactive: rituximab stays in the second line, and the prophylaxis line names entecavir or tenofovir", () => {
    const plan = itpPlan(read({ HBsAg: "Reactive" }));
    expect(plan.map((m) => m.id)).toContain("itp-second-line");
    expect(plan.find((m) => m.id === LINE)?.action).toMatch(/entecavir or tenofovir/);
  });

  it("HBsAg negative with anti-HBc positive (past infection): the prophylaxis line", () => {
    const ids = itpPlan(read({ HBsAg: "Negative", "anti-HBc": "Positive" })).map((m) => m.id);
    expect(ids).toContain(LINE);
  });

  it("both negative: no prophylaxis line, the second line's screening sentence stands", () => {
    const plan = itpPlan(read({ HBsAg: "Nonreactive", "anti-HBc": "Negative" }));
    expect(plan.map((m) => m.id)).not.toContain(LINE);
    expect(plan.find((m) => m.id === "itp-second-line")?.action).toMatch(/HBsAg and anti-HBc/);
  });

  it("no marker sent: no prophylaxis line, the second line asks for HBsAg and anti-HBc", () => {
    const plan = itpPlan(read({}));
    expect(plan.map((m) => m.id)).not.toContain(LINE);
    expect(plan.find((m) => m.id === "itp-second-line")?.action).toMatch(/HBsAg and anti-HBc/);
  });

  it.each(["B18.1", "B18.0", "Z22.51"])(
    "a chronic hepatitis B or carrier state coded %s: the prophylaxis line",
    (code) => {
      expect(itpPlan(read({}, { code })).map((m) => m.id)).toContain(LINE);
    },
  );
});
