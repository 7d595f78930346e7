import { readFileSync } from "node:fs";
import { join } from "node:path";
import { CtcaeRulesFile, checkCtcaeUnits, type LabDefinition, ReferenceFile } from "@hemosentinel/core";
import { parse as parseCsv } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { SHARED } from "../../../test/support/paths.js";
import { knowledgeDir } from "./read.js";
import { loadCtcaeRules } from "./sources.js";

/** Repository root is knowledge/..; the shared reference lies beside it at ../shared/reference. */
const CSV = join(SHARED, "reference", "ctcae-v5-labs.csv");
const rows = parseCsv(readFileSync(CSV, "utf8"), { columns: true }) as Record<string, string>[];
const rules = loadCtcaeRules();

/** The shipped YAML as plain data, to build broken variants from. */
function raw(): { terms: Record<string, unknown>[]; [k: string]: unknown } {
  return parseYaml(readFileSync(join(knowledgeDir(), "ctcae.yaml"), "utf8"));
}

function withTerm(term: string, change: (t: Record<string, unknown>) => void) {
  const data = raw();
  const t = data.terms.find((x) => x.term === term);
  if (!t) throw new Error(term);
  change(t);
  return CtcaeRulesFile.safeParse(data);
}

describe("knowledge/ctcae.yaml", () => {
  it("loads and grades the twelve laboratory terms of the brief", () => {
    const lab = rules.terms.filter((t) => t.kind === "lab").map((t) => [t.term, t.lab, t.unit]);
    expect(lab).toEqual([
      ["platelet-count-decreased", "platelets", "10*9/L"],
      ["anemia", "hemoglobin", "g/dL"],
      ["neutrophil-count-decreased", "anc", "10*9/L"],
      ["white-blood-cell-decreased", "wbc", "10*9/L"],
      ["lymphocyte-count-decreased", "lymphocytes", "10*9/L"],
      ["inr-increased", "inr", "{INR}"],
      ["activated-partial-thromboplastin-time-prolonged", "aptt", "s"],
      ["fibrinogen-decreased", "fibrinogen", "g/L"],
      ["haptoglobin-decreased", "haptoglobin", "mg/dL"],
      ["blood-lactate-dehydrogenase-increased", "ldh", "U/L"],
      ["blood-bilirubin-increased", "bilirubin-total", "mg/dL"],
      ["creatinine-increased", "creatinine", "mg/dL"],
    ]);
  });

  it("cites only references that exist", () => {
    const refs = ReferenceFile.parse(
      parseYaml(readFileSync(join(knowledgeDir(), "references", "ctcae.yaml"), "utf8")),
    );
    const ids = new Set(refs.references.map((r) => r.id));
    const cited = [
      ...rules.sourceIds,
      ...rules.hemorrhage.sourceIds,
      ...rules.terms.flatMap((t) => t.sourceIds),
    ];
    expect(cited.filter((id) => !ids.has(id))).toEqual([]);
  });

  // CTCAE v5.0 text cross-check: the YAML carries NCI's wording exactly as admiral does.
  it.each(rows.filter((r) => rules.terms.some((t) => t.term === r.TERM_ID)))(
    "grade texts of $TERM_ID equal the CTCAE v5.0 text ($UNIT_SYSTEM $UNIT_CHECK)",
    (row) => {
      const term = rules.terms.find((t) => t.term === row.TERM_ID);
      expect(term?.grades).toEqual({
        1: row.GRADE_1,
        2: row.GRADE_2,
        3: row.GRADE_3,
        4: row.GRADE_4,
        5: row.GRADE_5,
      });
      expect(term?.name).toBe(row.TERM);
    },
  );

  // CTCAE v5.0 "if on anticoagulation": exactly the terms and grades whose text says so flag a clause, and
  // only their x baseline clauses (INR increased). aPTT and every other term of the reference have none.
  it("flags as onlyOnAnticoagulation exactly the criteria the CTCAE text applies 'if on anticoagulation'", () => {
    const saysSo = rows
      .filter((r) => r.UNIT_SYSTEM === "SI")
      .flatMap((r) =>
        ([1, 2, 3, 4, 5] as const)
          .filter((g) => /if on anticoagulation/i.test(r[`GRADE_${g}`] ?? ""))
          .map((g) => `${r.TERM_ID} ${g}`),
      );
    expect(saysSo).toEqual(["inr-increased 1", "inr-increased 2", "inr-increased 3"]);
    const flagged = rules.terms.flatMap((t) =>
      t.kind === "lab"
        ? t.clauses
            .filter((c) => c.onlyOnAnticoagulation)
            .map((c) => `${t.term} ${c.grade} ${c.criterion.kind}`)
        : [],
    );
    expect(flagged).toEqual([
      "inr-increased 3 aboveBaseline",
      "inr-increased 2 aboveBaseline",
      "inr-increased 1 aboveBaseline",
    ]);
  });

  it("rejects onlyOnAnticoagulation on a grade whose text has no such criterion (aPTT)", () => {
    const r = withTerm("activated-partial-thromboplastin-time-prolonged", (t) => {
      (t.clauses as Record<string, unknown>[])[0] = { grade: 3, aboveUln: 2.5, onlyOnAnticoagulation: true };
    });
    expect(r.error?.issues[0]?.message).toMatch(/grade 3 of .* has no "if on anticoagulation" criterion/);
  });

  it("rejects INR clauses that apply x baseline whether or not the patient is anticoagulated", () => {
    const r = withTerm("inr-increased", (t) => {
      t.clauses = (t.clauses as Record<string, unknown>[]).map(({ onlyOnAnticoagulation: _, ...c }) => c);
    });
    expect(r.error?.issues.map((i) => i.message)).toEqual([
      'inr-increased is graded against baseline on the drug but has no "if on anticoagulation" × baseline clause',
      'grade 1 of inr-increased reads "if on anticoagulation" but no clause of it is onlyOnAnticoagulation',
      'grade 2 of inr-increased reads "if on anticoagulation" but no clause of it is onlyOnAnticoagulation',
      'grade 3 of inr-increased reads "if on anticoagulation" but no clause of it is onlyOnAnticoagulation',
    ]);
  });

  it("grades the INR against baseline alone on a vitamin K antagonist or argatroban, and sets aside the aPTT on heparin but not LMWH", () => {
    const term = (id: string) => rules.terms.find((t) => t.term === id);
    const inr = term("inr-increased");
    const aptt = term("activated-partial-thromboplastin-time-prolonged");
    expect(inr?.kind === "lab" && inr.drugEffect).toMatchObject({
      roles: ["vka", "parenteral-thrombin-inhibitor"],
      grading: "against-baseline",
    });
    expect(aptt?.kind === "lab" && aptt.drugEffect).toMatchObject({
      roles: ["heparin", "parenteral-thrombin-inhibitor"],
      exceptRoles: ["lmwh"],
      grading: "not-graded",
    });
  });

  it("rejects a term graded against baseline on a drug when none of its criteria reads a baseline (aPTT)", () => {
    const r = withTerm("activated-partial-thromboplastin-time-prolonged", (t) => {
      t.drugEffect = { ...(t.drugEffect as Record<string, unknown>), grading: "against-baseline" };
    });
    expect(r.error?.issues.map((i) => i.message)).toEqual([
      'activated-partial-thromboplastin-time-prolonged is graded against baseline on the drug but has no "if on anticoagulation" × baseline clause',
    ]);
  });

  it("reads 'on anticoagulation' from known context-drug roles only", () => {
    expect(rules.anticoagulation.roles).toEqual(["anticoagulant", "heparin"]);
    const data = raw();
    data.anticoagulation = { roles: ["anticoagulant", "vitamin-k-antagonist"] };
    expect(CtcaeRulesFile.safeParse(data).error?.issues[0]?.path).toEqual(["anticoagulation", "roles", 1]);
    data.anticoagulation = { roles: [] };
    expect(CtcaeRulesFile.safeParse(data).success).toBe(false);
  });

  it("rejects a clause with two cut-offs", () => {
    const r = withTerm("anemia", (t) => {
      (t.clauses as Record<string, unknown>[])[0] = { grade: 3, below: 8, belowLln: 0.5 };
    });
    expect(r.error?.issues[0]?.message).toMatch(/exactly one of below, above/);
  });

  it("rejects a clause for a grade the term does not define", () => {
    const r = withTerm("activated-partial-thromboplastin-time-prolonged", (t) => {
      (t.clauses as unknown[]).push({ grade: 4, aboveUln: 5 });
    });
    expect(r.error?.issues[0]?.message).toMatch(/does not define grade 4/);
  });

  it("rejects a high cut-off on a low term", () => {
    const r = withTerm("platelet-count-decreased", (t) => {
      (t.clauses as unknown[]).push({ grade: 1, aboveUln: 1 });
    });
    expect(r.error?.issues[0]?.message).toMatch(/aboveUln does not grade a low term/);
  });

  it("rejects a term defined twice", () => {
    const data = raw();
    data.terms.push({ ...data.terms[0] });
    expect(CtcaeRulesFile.safeParse(data).error?.issues[0]?.message).toMatch(/defined twice/);
  });
});

describe("checkCtcaeUnits", () => {
  const catalogue = (overrides: Record<string, Partial<LabDefinition> | undefined>) => (id: string) => {
    if (id in overrides && overrides[id] === undefined) return undefined;
    const unit = rules.terms.find((t) => t.kind === "lab" && t.lab === id);
    return {
      id,
      name: id,
      kind: "quantity" as const,
      unit: unit?.kind === "lab" ? unit.unit : undefined,
      ...overrides[id],
    };
  };

  it("is empty when the catalogue has every lab in the rule's unit", () => {
    expect(checkCtcaeUnits(rules, catalogue({}))).toEqual([]);
  });

  it("names a lab whose catalogue unit differs, and a lab the catalogue lacks", () => {
    const problems = checkCtcaeUnits(
      rules,
      catalogue({ fibrinogen: { unit: "mg/dL" }, haptoglobin: undefined }),
    );
    expect(problems).toContain(
      "fibrinogen-decreased: unit g/L differs from the catalogue unit mg/dL of fibrinogen",
    );
    expect(problems).toContain("haptoglobin-decreased: lab haptoglobin is not in the lab catalogue");
    expect(problems).toContain("hemolysis: lab haptoglobin is not in the lab catalogue");
  });
});
