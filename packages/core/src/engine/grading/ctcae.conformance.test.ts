/**
 * Conformance with admiral's CTCAE v5.0 lab grading (shared/reference/ctcae-v5-labs.csv): a small
 * interpreter for the `case_when(cond ~ "g", …)` subset of R that GRADE_CRITERIA_CODE uses runs admiral's
 * own rule on random values, limits and baselines, and gradeValue must give the same grade after unit
 * conversion. admiral assumes every patient is on anticoagulation, so it is compared with our grades on
 * anticoagulation; deliberate differences, off anticoagulation included, are an explicit, checked list
 * (NON_CONFORMANCE).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse as parseCsv } from "csv-parse/sync";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { SHARED } from "../../../../../test/support/paths.js";
import { loadCtcaeRules } from "../../../../knowledge/src/sources.js";
import type { LabResult } from "../../contracts/model.js";
import type { LabTermRule } from "../../knowledge/ctcae.js";
import type { LabDefinition } from "../../knowledge/vocabulary.js";
import type { Anticoagulation } from "./anticoagulation.js";
import { gradeValue } from "./ctcae.js";

// ------------------------------------------------------------------ the R subset
/** R value: number, string, logical, or NA (null). */
type RValue = number | string | boolean | null;
type Env = Readonly<Record<string, RValue>>;
type Node =
  | { t: "lit"; v: RValue }
  | { t: "var"; name: string }
  | { t: "not" | "neg"; x: Node }
  | { t: "bin"; op: string; a: Node; b: Node }
  | { t: "call"; fn: string; args: Node[] };

const TOKEN =
  /\s*(?:(\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)|("[^"]*")|([A-Za-z_.][A-Za-z0-9_.]*)|(%in%|<=|>=|==|!=|[<>&|!~+\-*/(),]))/y;

function tokenize(src: string): string[] {
  const out: string[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < src.trimEnd().length) {
    const m = TOKEN.exec(src);
    if (!m)
      throw new Error(
        `cannot read R at ${TOKEN.lastIndex}: ${src.slice(TOKEN.lastIndex, TOKEN.lastIndex + 20)}`,
      );
    out.push(m[1] ?? m[2] ?? m[3] ?? (m[4] as string));
  }
  return out;
}

/**
 * Parses `case_when(cond ~ value, …)` into its clauses. R precedence, loosest first: `|`, `&`, `!`,
 * comparison, `+ -`, multiplication and division, `%in%`, unary minus.
 */
function parseCaseWhen(src: string): { cond: Node; value: Node }[] {
  const toks = tokenize(src);
  let i = 0;
  const peek = () => toks[i];
  const take = (want?: string) => {
    const tok = toks[i++];
    if (tok === undefined || (want !== undefined && tok !== want))
      throw new Error(`expected ${want}, got ${tok}`);
    return tok;
  };
  const binary = (ops: readonly string[], next: () => Node) => (): Node => {
    let a = next();
    while (ops.includes(peek() ?? "")) {
      const op = take();
      a = { t: "bin", op, a, b: next() };
    }
    return a;
  };
  const primary = (): Node => {
    const tok = take();
    if (tok === "(") {
      const x = or();
      take(")");
      return x;
    }
    if (tok === "-") return { t: "neg", x: primary() };
    if (/^\d/.test(tok)) return { t: "lit", v: Number(tok) };
    if (tok.startsWith('"')) return { t: "lit", v: tok.slice(1, -1) };
    if (peek() === "(") {
      take("(");
      const args: Node[] = [];
      while (peek() !== ")") {
        args.push(or());
        if (peek() === ",") take(",");
      }
      take(")");
      return { t: "call", fn: tok, args };
    }
    return { t: "var", name: tok };
  };
  const inop = binary(["%in%"], primary);
  const mul = binary(["*", "/"], inop);
  const add = binary(["+", "-"], mul);
  const cmp = binary(["<", ">", "<=", ">=", "==", "!="], add);
  const not = (): Node => {
    if (peek() !== "!") return cmp();
    take("!");
    return { t: "not", x: not() };
  };
  const and = binary(["&"], not);
  const or = binary(["|"], and);
  take("case_when");
  take("(");
  const clauses: { cond: Node; value: Node }[] = [];
  while (peek() !== ")") {
    const cond = or();
    take("~");
    clauses.push({ cond, value: or() });
    if (peek() === ",") take(",");
  }
  take(")");
  return clauses;
}

function evaluate(n: Node, env: Env): RValue {
  switch (n.t) {
    case "lit":
      return n.v;
    case "var":
      if (!(n.name in env)) throw new Error(`unknown R variable ${n.name}`);
      return env[n.name] ?? null;
    case "neg": {
      const x = evaluate(n.x, env);
      return x === null ? null : -(x as number);
    }
    case "not": {
      const x = evaluate(n.x, env);
      return x === null ? null : !x;
    }
    case "call": {
      const args = n.args.map((a) => evaluate(a, env));
      if (n.fn === "is.na") return args[0] === null;
      if (n.fn === "signif")
        return args[0] === null ? null : Number((args[0] as number).toPrecision(args[1] as number));
      throw new Error(`unknown R function ${n.fn}`);
    }
    case "bin": {
      const a = evaluate(n.a, env);
      const b = evaluate(n.b, env);
      if (n.op === "&") return a === false || b === false ? false : a === null || b === null ? null : true;
      if (n.op === "|") return a === true || b === true ? true : a === null || b === null ? null : false;
      if (n.op === "%in%") return a !== null && a === b;
      if (a === null || b === null) return null;
      const [x, y] = [a as number, b as number];
      const ops: Record<string, () => RValue> = {
        "+": () => x + y,
        "-": () => x - y,
        "*": () => x * y,
        "/": () => x / y,
        "<": () => x < y,
        ">": () => x > y,
        "<=": () => x <= y,
        ">=": () => x >= y,
        "==": () => x === y,
        "!=": () => x !== y,
      };
      const f = ops[n.op];
      if (!f) throw new Error(`unknown R operator ${n.op}`);
      return f();
    }
  }
}

/** admiral's grade: the first clause whose condition is TRUE (NA counts as not TRUE); NA → undefined. */
function admiralGrade(clauses: readonly { cond: Node; value: Node }[], env: Env): number | undefined {
  for (const c of clauses) {
    if (evaluate(c.cond, env) === true) {
      const v = evaluate(c.value, env);
      return v === null ? undefined : Number(v);
    }
  }
  return undefined;
}

describe("R subset interpreter", () => {
  const run = (code: string, env: Env = {}) =>
    admiralGrade(parseCaseWhen(code), { signif_dig: 15, NA_character_: null, TRUE: true, ...env });
  it("follows R's NA logic and precedence", () => {
    expect(run('case_when(is.na(X) ~ "9", X < 1 & Y ~ "1", TRUE ~ "0")', { X: 0.5, Y: null })).toBe(0);
    expect(run('case_when(!is.na(X) & X > 2*Y ~ "2", TRUE ~ "0")', { X: 5, Y: 2 })).toBe(2);
    expect(run('case_when(!(B %in% "HIGH") & X > 1 ~ "1", TRUE ~ "0")', { X: 2, B: null })).toBe(1);
    expect(
      run('case_when(X < -75 ~ "4", is.na(X) ~ NA_character_, TRUE ~ "0")', { X: null }),
    ).toBeUndefined();
    expect(
      run('case_when(signif(X, signif_dig) > signif(1.5*Y, signif_dig) ~ "2", TRUE ~ "0")', {
        X: 0.45,
        Y: 0.3,
      }),
    ).toBe(0);
  });
});

// ------------------------------------------------------------------ the CSV rows we grade
/** Repository root is knowledge/..; the shared reference lies beside it at ../shared/reference. */
const CSV = join(SHARED, "reference", "ctcae-v5-labs.csv");
const rows = parseCsv(readFileSync(CSV, "utf8"), { columns: true }) as Record<string, string>[];
const rules = loadCtcaeRules();
const labTerms = rules.terms.filter((t): t is LabTermRule => t.kind === "lab");
const graded = rows.filter((r) => labTerms.some((t) => t.term === r.TERM_ID));

/** Power of ten from admiral's unit (UNIT_CHECK) to our canonical unit; ratio-only criteria need none. */
function shiftOf(row: Record<string, string>): number {
  const shifts: Record<string, number> = {
    "": 0,
    "10^9/L": 0,
    "10^3/uL": 0,
    "10^3/mL": -3, // cells per mm³ → 10⁹/L
    "g/dL": 0,
    "g/L": row.TERM_ID === "anemia" ? -1 : 0, // hemoglobin g/L → g/dL; fibrinogen stays g/L
    "mg/dL": -2, // fibrinogen mg/dL → g/L
  };
  const s = shifts[row.UNIT_CHECK ?? ""];
  if (s === undefined) throw new Error(`no conversion for ${row.TERM_ID} in ${row.UNIT_CHECK}`);
  return s;
}

/** A decimal m × 10^e, as a lab system stores it; conversion between our units is a shift of e. */
interface Dec {
  readonly m: number;
  readonly e: number;
}
const num = (d: Dec) => Number(`${d.m}e${d.e}`);
const decOf = (x: number): Dec => {
  const [int, frac = ""] = String(x).split(".");
  return { m: Number(`${int}${frac}`), e: -frac.length };
};

/** Values around every number the rule names: literal cut-offs and factors × a limit, on and just past them. */
function arbitraries(row: Record<string, string>) {
  const code = row.GRADE_CRITERIA_CODE ?? "";
  const literals = [...new Set((code.match(/(?<![\w.])\d+(?:\.\d+)?/g) ?? []).map(Number))];
  const unitMagnitude = Math.max(...literals.filter((x) => x > 5), 1);
  const grid = (lo: number, hi: number) =>
    fc.integer({ min: Math.round(lo * 100), max: Math.round(hi * 100) }).map((m): Dec => ({ m, e: -2 }));
  const limit = grid(unitMagnitude / 20, unitMagnitude * 4);
  const onOrPast = (d: Dec) =>
    fc.constantFrom(-1, 0, 1).map((step): Dec => ({ m: d.m * 10 + step, e: d.e - 1 }));
  const factor = fc.constantFrom(...literals.map(decOf));
  const times = (f: Dec, l: Dec): Dec => ({ m: f.m * l.m, e: f.e + l.e });
  return fc
    .record({
      anrlo: fc.option(limit, { nil: undefined }),
      anrhi: fc.option(limit, { nil: undefined }),
      base: fc.option(limit, { nil: undefined }),
      baseUln: fc.option(limit, { nil: undefined }),
      pick: fc.nat(3),
      f: factor,
      random: grid(0, unitMagnitude * 12),
    })
    .chain((s) => {
      const anchor = [s.anrlo, s.anrhi, s.base][s.pick];
      const aval =
        s.pick === 3
          ? onOrPast(s.f)
          : anchor === undefined
            ? fc.constant(s.random)
            : onOrPast(times(s.f, anchor));
      return fc
        .record({ aval: fc.oneof(aval, fc.constant(s.random)) })
        .map(({ aval: v }) => ({ ...s, aval: v }));
    });
}

type Clauses = readonly { cond: Node; value: Node }[];

/** One random case: admiral's inputs and grade, and ours for one anticoagulation status. */
interface Case {
  readonly env: Env;
  readonly clauses: Clauses;
  /** admiral's grade; admiral assumes every patient is on anticoagulation (its COMMENT for INR). */
  readonly admiral: number | undefined;
  readonly anticoagulated: boolean;
  readonly ours: number | undefined;
}

/**
 * Known non-conformance with admiral, as an honest, checked list instead of skipped cases: where
 * HemoSentinel deliberately grades otherwise, and what it grades there. A case no entry claims must grade
 * as admiral does; a claimed case must grade as the entry says; and every entry must claim random cases
 * of its term in which we really differ from admiral, or it is stale and fails.
 */
const NON_CONFORMANCE: readonly {
  readonly id: string;
  readonly term: string;
  readonly why: string;
  readonly applies: (c: Case) => boolean;
  readonly check: (c: Case) => void;
}[] = [
  {
    id: "creatinine-no-baseline",
    term: "creatinine-increased",
    why:
      "With no baseline, a creatinine at or below ULN could still be > 1.5 x baseline (grade 2): admiral " +
      "calls it 0, we call it not gradable.",
    applies: (c) => c.env.BASE === null && c.admiral === 0,
    check: (c) => expect(c.ours).toBeUndefined(),
  },
  {
    id: "bilirubin-abnormal-baseline-without-uln",
    term: "blood-bilirubin-increased",
    why:
      "admiral needs the current ULN even when the baseline was abnormal; the criterion is then x " +
      "baseline, so we grade without it.",
    applies: (c) => c.env.ANRHI === null && c.env.BNRIND === "HIGH",
    check: (c) => {
      expect(c.admiral).toBeUndefined();
      expect(c.ours).toBeTypeOf("number");
    },
  },
  {
    id: "inr-off-anticoagulation",
    term: "inr-increased",
    why:
      'CTCAE v5.0 applies the x baseline INR criteria only "if on anticoagulation"; admiral assumes every ' +
      'patient is ("take worst case"). Off anticoagulation we grade the absolute cut-offs alone: admiral\'s ' +
      "own rule without a baseline, where its NA (value <= 1.2, baseline unknown) is grade 0.",
    applies: (c) => !c.anticoagulated,
    check: (c) => expect(c.ours).toBe(admiralGrade(c.clauses, { ...c.env, BASE: null }) ?? 0),
  },
];

describe.each(graded)("admiral $TERM_ID ($UNIT_SYSTEM $UNIT_CHECK)", (row) => {
  const term = labTerms.find((t) => t.term === row.TERM_ID) as LabTermRule;
  const clauses = parseCaseWhen(row.GRADE_CRITERIA_CODE ?? "");
  const shift = shiftOf(row);
  const toOurs = (d: Dec | undefined) => (d === undefined ? undefined : num({ m: d.m, e: d.e + shift }));
  // Limits come only from the results here, as admiral's ANRLO/ANRHI do; the catalogue fallback is tested below.
  const noRange: LabDefinition = { id: term.lab, name: term.lab, unit: term.unit, kind: "quantity" };
  const readsAnticoagulation = term.clauses.some((c) => c.onlyOnAnticoagulation);
  const ON: Anticoagulation = { on: true, refs: ["MedicationStatement/warfarin"] };
  const OFF: Anticoagulation = { on: false, refs: [] };

  it("grades as admiral does on anticoagulation, and otherwise only where the list of non-conformance says", () => {
    const entries = NON_CONFORMANCE.filter((e) => e.term === term.term);
    const claimed = new Map(entries.map((e) => [e.id, 0]));
    const differing = new Map(entries.map((e) => [e.id, 0]));
    fc.assert(
      fc.property(arbitraries(row), (s) => {
        const r = (d: Dec | undefined) => (d === undefined ? null : num(d));
        const [aval, anrlo, anrhi, base, baseUln] = [
          r(s.aval),
          r(s.anrlo),
          r(s.anrhi),
          r(s.base),
          r(s.baseUln),
        ];
        const bnrind = base === null || baseUln === null ? null : base > baseUln ? "HIGH" : "NORMAL";
        const pchg = base === null || aval === null || base === 0 ? null : ((aval - base) / base) * 100;
        const env: Env = {
          AVAL: aval,
          ANRLO: anrlo,
          ANRHI: anrhi,
          BASE: base,
          PCHG: pchg,
          BNRIND: bnrind,
          signif_dig: 15,
          high_indicator: "HIGH",
          NA_character_: null,
          TRUE: true,
        };
        const admiral = admiralGrade(clauses, env);

        const result: LabResult = {
          ref: "Observation/now",
          lab: term.lab,
          loinc: "0-0",
          at: "2024-03-01",
          value: toOurs(s.aval),
          unit: term.unit,
          original: {},
          ...(s.anrlo ? { refLow: toOurs(s.anrlo) } : {}),
          ...(s.anrhi ? { refHigh: toOurs(s.anrhi) } : {}),
        };
        const baseline: LabResult | undefined =
          s.base === undefined
            ? undefined
            : {
                ref: "Observation/base",
                lab: term.lab,
                loinc: "0-0",
                at: "2024-01-01",
                value: toOurs(s.base),
                unit: term.unit,
                original: {},
                ...(s.baseUln ? { refHigh: toOurs(s.baseUln) } : {}),
              };
        const ours = (ac: Anticoagulation) =>
          gradeValue(term.term, result, baseline, rules, noRange, ac)?.grade;
        const on = ours(ON);
        const off = ours(OFF);
        // A term whose CTCAE text has no "if on anticoagulation" reading (aPTT included) ignores it.
        if (!readsAnticoagulation) expect(off).toBe(on);

        for (const c of [
          { env, clauses, admiral, anticoagulated: true, ours: on },
          { env, clauses, admiral, anticoagulated: false, ours: off },
        ]) {
          const entry = entries.find((e) => e.applies(c));
          if (!entry) {
            expect(c.ours).toBe(admiral);
            continue;
          }
          entry.check(c);
          claimed.set(entry.id, (claimed.get(entry.id) ?? 0) + 1);
          if (c.ours !== admiral) differing.set(entry.id, (differing.get(entry.id) ?? 0) + 1);
        }
      }),
      { numRuns: 3000 },
    );
    for (const e of entries) {
      expect(claimed.get(e.id), `${e.id} claims no case: stale entry`).toBeGreaterThan(0);
      expect(differing.get(e.id), `${e.id} never differs from admiral: stale entry`).toBeGreaterThan(0);
    }
  });
});

describe("non-conformance list", () => {
  it("names terms that are graded, each entry once", () => {
    const ids = NON_CONFORMANCE.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const e of NON_CONFORMANCE) expect(graded.map((r) => r.TERM_ID)).toContain(e.term);
  });

  it("INR off anticoagulation: the x baseline readings admiral applies are not used", () => {
    const row = graded.find((r) => r.TERM_ID === "inr-increased" && r.UNIT_SYSTEM === "SI");
    const admiral = (env: Env) =>
      admiralGrade(parseCaseWhen(row?.GRADE_CRITERIA_CODE ?? ""), {
        signif_dig: 15,
        NA_character_: null,
        TRUE: true,
        ...env,
      });
    const inr = (value: number, ref: string): LabResult => ({
      ref,
      lab: "inr",
      loinc: "6301-6",
      at: ref === "Observation/base" ? "2024-01-01" : "2024-03-01",
      value,
      unit: "{INR}",
      original: {},
    });
    const noRange: LabDefinition = { id: "inr", name: "INR", unit: "{INR}", kind: "quantity" };
    const ours = (value: number, base: number | undefined, ac: Anticoagulation) =>
      gradeValue(
        "inr-increased",
        inr(value, "Observation/now"),
        base === undefined ? undefined : inr(base, "Observation/base"),
        rules,
        noRange,
        ac,
      );
    const on: Anticoagulation = { on: true, refs: ["MedicationStatement/apixaban"] };
    const off: Anticoagulation = { on: false, refs: [] };
    // INR 1.3 on baseline 0.8: > 1.5 x baseline (1.2), so admiral says grade 2; absolute > 1.2 is grade 1.
    expect(admiral({ AVAL: 1.3, BASE: 0.8 })).toBe(2);
    expect(ours(1.3, 0.8, on)).toMatchObject({
      grade: 2,
      basis: "> 1.5 × baseline (0.8) on anticoagulation",
    });
    expect(ours(1.3, 0.8, off)).toMatchObject({ grade: 1, basis: "> 1.2 (no anticoagulant recorded)" });
    // INR 1.1 without a baseline: admiral cannot tell (NA); off anticoagulation it is grade 0.
    expect(admiral({ AVAL: 1.1, BASE: null })).toBeUndefined();
    expect(ours(1.1, undefined, on)).toBeUndefined();
    expect(ours(1.1, undefined, off)?.grade).toBe(0);
    // Above the absolute cut-offs both agree.
    expect(admiral({ AVAL: 2.6, BASE: 0.8 })).toBe(3);
    expect(ours(2.6, 0.8, off)?.grade).toBe(3);
  });
});

describe("deliberate differences from admiral", () => {
  it("grades grade 1 from the catalogue reference range where admiral has no ANRLO and returns NA", () => {
    const row = graded.find((r) => r.TERM_ID === "platelet-count-decreased" && r.UNIT_SYSTEM === "SI");
    const env: Env = { AVAL: 120, ANRLO: null, signif_dig: 15, NA_character_: null, TRUE: true };
    expect(admiralGrade(parseCaseWhen(row?.GRADE_CRITERIA_CODE ?? ""), env)).toBeUndefined();
    const platelets: LabDefinition = {
      id: "platelets",
      name: "Platelets",
      unit: "10*9/L",
      kind: "quantity",
      reference: { low: 150, high: 400, sourceIds: ["catalogue"] },
    };
    const result: LabResult = {
      ref: "Observation/1",
      lab: "platelets",
      loinc: "777-3",
      at: "2024-03-01",
      value: 120,
      unit: "10*9/L",
      original: {},
    };
    expect(gradeValue("platelet-count-decreased", result, undefined, rules, platelets)?.grade).toBe(1);
  });
});
