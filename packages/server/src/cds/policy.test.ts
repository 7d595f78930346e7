/**
 * The card policy tables against the knowledge base (every immunotherapy decision classified, every
 * cited reference known) and each urgency row on both sides of its condition.
 */

import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Finding } from "@hemosentinel/core";
import { describe, expect, it } from "vitest";
import { knowledge, REPO_ROOT } from "../test-support/ehr.js";
import {
  AVOID_OVERRIDE_REASONS,
  DOSE_DECISIONS,
  INDICATOR_RULES,
  indicatorOf,
  OVERRIDE_REASONS,
  UNEXPLAINED_INDICATOR_RULES,
  unexplainedIndicatorOf,
} from "./policy.js";

function finding(over: Partial<Finding> & Pick<Finding, "disorder" | "certainty">): Finding {
  return { criteria: [], scores: [], differentials: [], workup: [], management: [], summary: "s", ...over };
}

const bleeding = (status: "met" | "unmet" | "missing") => [
  { id: "bleeding", label: "Bleeding", status, evidence: [] },
];

describe("dose decisions", () => {
  const immunotherapy = Object.values(knowledge.management).flatMap((list) =>
    list.filter((r) => r.kind === "immunotherapy"),
  );

  // A named pattern's plan, and what an unexplained abnormality shows (`shows`: an immune-related AIHA), whose
  // entry may be named by several rules (written once, counted once).
  const shows = [...knowledge.unexplained.labs, ...knowledge.unexplained.events].flatMap((r) =>
    (r.shows ?? []).flatMap((s) => s.plan ?? []),
  );
  const patterns = [
    ...knowledge.unexplained.patterns.flatMap((p) => p.plan),
    ...new Map(shows.map((m) => [m.id, m])).values(),
  ].filter((m) => m.kind === "immunotherapy");

  it("classify every immunotherapy recommendation of the knowledge base, of the named unexplained patterns and of what an unexplained item shows, and nothing else", () => {
    expect(Object.keys(DOSE_DECISIONS).sort()).toEqual(
      [...immunotherapy.map((r) => r.id), ...patterns.map((m) => m.id)].sort(),
    );
  });

  it("stop the checkpoint inhibitor on a grade 3 TMA that is not TTP, and let it continue below (ASCO 2021 HUS row)", () => {
    expect(DOSE_DECISIONS["tma-ici-g3-stop"]).toBe("stop");
    expect(DOSE_DECISIONS["tma-ici-g1-2-continue"]).toBe("continue");
  });

  it("call a recommendation a permanent stop exactly when the knowledge tags it so", () => {
    for (const r of [...immunotherapy, ...patterns]) {
      expect(DOSE_DECISIONS[r.id] === "stop", r.id).toBe(
        r.tags?.includes("permanent-discontinuation") === true,
      );
    }
  });

  it("find nothing to hold only in CAR-T recommendations (a single infusion)", () => {
    for (const r of immunotherapy.filter((x) => DOSE_DECISIONS[x.id] === "not-applicable")) {
      expect(r.when.classes, r.id).toEqual(["car-t"]);
    }
  });

  it("offer override reasons with a display each", () => {
    expect(OVERRIDE_REASONS.every((r) => r.display.length > 0 && r.code.length > 0)).toBe(true);
  });
});

describe("urgency", () => {
  it("cites only references of the knowledge base, and ends with a catch-all row", () => {
    for (const id of INDICATOR_RULES.flatMap((r) => r.sourceIds))
      expect(knowledge.references.has(id), id).toBe(true);
    const last = INDICATOR_RULES.at(-1);
    expect([last?.disorder, last?.certainty, last?.gradeMin, last?.criterionMet]).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });

  it("TTP: critical when probable or definite, a warning when only possible", () => {
    expect(indicatorOf(finding({ disorder: "ttp", certainty: "probable", grade: 2 })).indicator).toBe(
      "critical",
    );
    expect(indicatorOf(finding({ disorder: "ttp", certainty: "definite" })).indicator).toBe("critical");
    expect(indicatorOf(finding({ disorder: "ttp", certainty: "possible", grade: 2 })).indicator).toBe(
      "warning",
    );
  });

  it.each(["dic", "carac", "aha"] as const)(
    "%s: critical with bleeding met, a warning without",
    (disorder) => {
      expect(
        indicatorOf(finding({ disorder, certainty: "probable", criteria: bleeding("met") })).indicator,
      ).toBe("critical");
      expect(
        indicatorOf(finding({ disorder, certainty: "probable", criteria: bleeding("missing") })).indicator,
      ).toBe("warning");
      expect(
        indicatorOf(finding({ disorder, certainty: "possible", grade: 2, criteria: bleeding("met") }))
          .indicator,
      ).toBe("info");
    },
  );

  it("other disorders: never critical; a warning when probable, or possible from grade 3; info below", () => {
    expect(
      indicatorOf(finding({ disorder: "itp", certainty: "definite", grade: 4, criteria: bleeding("met") }))
        .indicator,
    ).toBe("warning");
    expect(indicatorOf(finding({ disorder: "itp", certainty: "possible", grade: 3 })).indicator).toBe(
      "warning",
    );
    expect(indicatorOf(finding({ disorder: "itp", certainty: "possible", grade: 2 })).indicator).toBe("info");
    expect(indicatorOf(finding({ disorder: "thrombosis", certainty: "possible" })).indicator).toBe("info");
  });
});

describe("urgency of an unexplained item (the FHIR DetectedIssue's severity)", () => {
  const urgent = [
    { id: "x", kind: "first-line" as const, action: "now", sourceIds: [], urgent: true as const },
  ];
  const calm = [{ id: "y", kind: "supportive" as const, action: "care", sourceIds: [] }];

  it("cites only references of the knowledge base, and ends with a catch-all row", () => {
    for (const id of UNEXPLAINED_INDICATOR_RULES.flatMap((r) => r.sourceIds))
      expect(knowledge.references.has(id), id).toBe(true);
    const last = UNEXPLAINED_INDICATOR_RULES.at(-1);
    expect([last?.gradeMin, last?.urgentPlan]).toEqual([undefined, undefined]);
  });

  it("critical from grade 3 with a plan line to act on now; a warning at grade 2, without such a line, or ungraded", () => {
    expect(unexplainedIndicatorOf({ grade: 3, management: urgent }).indicator).toBe("critical");
    expect(unexplainedIndicatorOf({ grade: 4, management: [...calm, ...urgent] }).indicator).toBe("critical");
    expect(unexplainedIndicatorOf({ grade: 2, management: urgent }).indicator).toBe("warning");
    expect(unexplainedIndicatorOf({ grade: 3, management: calm }).indicator).toBe("warning");
    expect(unexplainedIndicatorOf({ grade: 4 }).indicator).toBe("warning");
    expect(unexplainedIndicatorOf({ management: urgent }).indicator).toBe("warning");
  });
});

describe("docs/cds-hooks.md", () => {
  const doc = readFileSync(join(REPO_ROOT, "docs", "cds-hooks.md"), "utf8");

  it("shows the urgency table as the code has it: each row's indicator and reason, in order, and its sources", () => {
    const section = doc.slice(doc.indexOf("### Card urgency"), doc.indexOf("## Orders"));
    const rows = section.split("\n").filter((l) => /^\| [^-]/.test(l) && !l.startsWith("| disorder"));
    expect(
      rows.map((r) =>
        r
          .split("|")
          .slice(4, 6)
          .map((c) => c.trim()),
      ),
    ).toEqual(INDICATOR_RULES.map((r) => [r.indicator, r.why]));
    for (const id of INDICATOR_RULES.flatMap((r) => r.sourceIds)) expect(section, id).toContain(`\`${id}\``);
  });

  it("names the override reasons offered", () => {
    const rows = doc.split("\n").map((l) => l.split("|").map((c) => c.trim()));
    for (const r of [...OVERRIDE_REASONS, ...AVOID_OVERRIDE_REASONS])
      expect(rows, r.code).toContainEqual(["", `\`${r.code}\``, r.display, ""]);
  });
});
