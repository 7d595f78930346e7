/**
 * Contraindication sweep, as an oncology pharmacist reads a plan before signing it: every published positive case
 * of the case suite, and its variant charted in words without its labs, is assessed the day after its last record,
 * alone and beside one patient context that forbids or changes a plan line, and no line that gives, starts or
 * continues a treatment (any kind but `avoid`) may carry a knowledge tag the context forbids. Tags are the
 * structured drug fields of knowledge/management/*.yaml (`tags`); the forbidden tags below are written from the
 * cited guidance, not read from the knowledge's own avoid lines, so that the sweep checks the knowledge rather than
 * repeating it. The plan invariants of knowledge/safety.yaml are checked on every combination too. Found by it: the
 * AHA thromboprophylaxis line beside an active major bleed, and (by reading the lines that name LMWH at a clearance
 * of 10 mL/min) the NBTE and breakthrough lines offering LMWH in end-stage kidney disease, untagged. At that
 * clearance every published case is also read for LMWH by each given line's words, not its tags alone.
 *
 * Contexts and their sources:
 * - pregnancy: no DOAC or vitamin K antagonist (ASH 2018, Bates), no cyclophosphamide or mycophenolate (labels);
 * - creatinine clearance 25 and 10 mL/min: no DOAC, no fondaparinux (labels; guideline comparison 2021); at 10, no
 *   enoxaparin nor any line tagged LMWH (enoxaparin's SmPC: not recommended in end-stage renal disease);
 * - platelets 40 ×10⁹/L: no full-dose anticoagulation without platelet support; platelets 20: no anticoagulant
 *   (ISTH SSC 2018, Samuelson Bannow, doi:10.1111/jth.14015);
 * - an intracranial haemorrhage 10 days before, or an active major bleed: no therapeutic or reduced-dose
 *   anticoagulation, antiplatelet agent or thrombolysis (the bleed: no anticoagulant at all, nor caplacizumab);
 * - an acute HIT or a HIT history: no heparin or LMWH (ASH 2018);
 * - an immune TTP: no platelet transfusion unless the bleeding is life-threatening (ISTH 2020);
 * - an acquired haemophilia A with a major bleed and an inhibitor of 20 BU/mL: no anticoagulant, no desmopressin
 *   (high-titre inhibitor), no plasma (international recommendations 2020);
 * - a DIC with a major bleed: no antifibrinolytic unless hyperfibrinolysis is shown (BCSH 2009, Levi,
 *   doi:10.1111/j.1365-2141.2009.07600.x);
 * - a strong CYP3A4/P-gp inhibitor or inducer, a Child-Pugh C cirrhosis: no DOAC (labels, EHRA 2021);
 * - a child of 12: no DOAC at an adult dose or not licensed in children;
 * - a rituximab anaphylaxis or a heparin allergy charted: not that drug (its label);
 * - five pairs whose bars leave few agents (pregnancy and acute HIT, a clearance of 25 mL/min and a past HIT, a
 *   clearance of 10 mL/min and platelets 40, Child-Pugh C and a heparin allergy, posaconazole and TTP): each
 *   context's bars under its own exception;
 * - a delivery within 6 weeks with no breastfeeding charted: no DOAC until she is asked (postpartum, a DOAC only for a
 *   woman who does not breastfeed: Blood "How I treat" 2020);
 * - an immune myocarditis charted after a checkpoint inhibitor: no line continues the checkpoint inhibitor or offers to
 *   restart it (ASCO 2021 Table 9.1: discontinue from grade 2, doi:10.1200/JCO.21.01440).
 */
import { describe, expect, it } from "vitest";
import { ingestFhir } from "../../packages/core/src/adapters/fhir/ingest.js";
import type {
  ClinicalEvent,
  ContextDrug,
  Exposure,
  LabResult,
  PatientRecord,
} from "../../packages/core/src/contracts/model.js";
import type { ManagementItem, PatientReport } from "../../packages/core/src/contracts/report.js";
import { createEngine } from "../../packages/core/src/create-engine.js";
import { assessPatientTraced } from "../../packages/core/src/engine/assess.js";
import { checkPlans, type PlannedFinding } from "../../packages/core/src/engine/manage/invariants.js";
import { withWholePlans } from "../../packages/core/src/engine/manage/shared-lines.js";
import { buildBundle, loadSpecs } from "../cases/build-bundles.js";
import { CASE_AT } from "../cases/try-case.js";
import { variantsOf } from "../cases/variants.js";
import { testKnowledge } from "../support/knowledge.js";
import { contextDrug, day, event, exposure, immuneTtpLabs, lab } from "../support/record.js";

const k = testKnowledge();
const DAY0 = Date.UTC(2024, 0, 1);
const MS_PER_DAY = 86_400_000;

/** Every recommendation's tags by id: the management files' and the unexplained patterns' plans. */
const TAGS = new Map<string, readonly string[]>();
for (const r of Object.values(k.management).flat()) TAGS.set(r.id, r.tags ?? []);
for (const p of k.unexplained.patterns) for (const r of p.plan ?? []) TAGS.set(r.id, r.tags ?? []);

/** What a context adds to a record whose evaluation day (days from 2024-01-01) is `now`. */
interface Added {
  readonly labs?: readonly LabResult[];
  readonly events?: readonly ClinicalEvent[];
  readonly drugs?: readonly ContextDrug[];
  readonly exposures?: readonly Exposure[];
  readonly patient?: Pick<PatientRecord, "birthDate" | "sex">;
}

/** The patient-wide facts the planner read (true in any plan), for a guideline's exception. */
type Facts = ReadonlySet<string>;

interface Context {
  readonly name: string;
  readonly add: (now: number) => Added;
  /** The facts that show the planner read the context (true in the plans of the patient). */
  readonly reads?: readonly string[];
  /** Tags no given line may carry in this context. */
  readonly forbids: readonly string[];
  /** The guideline's exception: the line (its tags), the tags its plan gives, the facts the planner read. */
  readonly unless?: (line: readonly string[], plan: ReadonlySet<string>, facts: Facts) => boolean;
}

const ANTICOAGULANTS = [
  "full-dose-anticoagulation",
  "reduced-dose-anticoagulation",
  "prophylactic-anticoagulation",
  "anticoagulation-course",
  "heparin",
  "enoxaparin",
  "non-heparin-anticoagulant",
  "doac",
  "edoxaban-rivaroxaban",
  "vka",
  "fondaparinux",
] as const;
const DOAC = ["doac", "edoxaban-rivaroxaban", "doac-not-for-children", "doac-paediatric-dose"] as const;
const THERAPEUTIC = [
  "full-dose-anticoagulation",
  "reduced-dose-anticoagulation",
  "anticoagulation-course",
  "doac",
  "edoxaban-rivaroxaban",
  "vka",
  "antiplatelet",
  "dual-antiplatelet",
  "systemic-thrombolysis",
] as const;

/** A birth date `years` before the evaluation day. */
const bornBefore = (now: number, years: number) => day(now - Math.round(years * 365.25)).slice(0, 10);

const SINGLE: readonly Context[] = [
  {
    name: "pregnancy",
    reads: ["pregnancy"],
    add: (now) => ({
      events: [event("pregnancy", now - 60)],
      patient: { sex: "female", birthDate: bornBefore(now, 32) },
    }),
    forbids: [...DOAC, "vka", "cyclophosphamide", "mycophenolate"],
  },
  {
    name: "delivery 3 weeks before, breastfeeding not charted",
    reads: ["postpartum", "breastfeeding"],
    add: (now) => ({
      events: [event("postpartum", now - 21)],
      patient: { sex: "female", birthDate: bornBefore(now, 30) },
    }),
    forbids: DOAC,
  },
  {
    name: "creatinine clearance 25 mL/min",
    reads: ["severe-renal-impairment"],
    add: (now) => ({ labs: [lab("creatinine-clearance", now - 1, 25)] }),
    forbids: [...DOAC, "fondaparinux"],
  },
  {
    name: "creatinine clearance 10 mL/min",
    add: (now) => ({
      labs: [lab("creatinine", now - 1, 6.5, { refHigh: 1.2 }), lab("creatinine-clearance", now - 1, 10)],
    }),
    reads: ["end-stage-kidney-disease"],
    forbids: [...DOAC, "fondaparinux", "enoxaparin", "lmwh"],
  },
  {
    name: "platelets 40",
    add: (now) => ({ labs: [lab("platelets", now - 1, 40)] }),
    forbids: ["full-dose-anticoagulation"],
    unless: (line, plan) =>
      ["platelet-transfusion", "transfusion-supported-anticoagulation"].some((t) => plan.has(t)) ||
      line.includes("non-heparin-anticoagulant"),
  },
  {
    name: "platelets 20",
    add: (now) => ({ labs: [lab("platelets", now - 1, 20)] }),
    forbids: [...ANTICOAGULANTS, "antiplatelet", "dual-antiplatelet", "systemic-thrombolysis"],
    unless: (line) => line.includes("transfusion-supported-anticoagulation"),
  },
  {
    name: "intracranial haemorrhage 10 days before",
    reads: ["recent-intracranial-bleeding"],
    add: (now) => ({
      events: [event("bleeding", now - 10, { grade: 4, qualifiers: ["intracranial"] })],
    }),
    forbids: THERAPEUTIC,
  },
  {
    name: "active major gastrointestinal bleed",
    reads: ["major-bleeding"],
    add: (now) => ({
      events: [event("bleeding", now - 1, { grade: 3, qualifiers: ["gastrointestinal"] })],
    }),
    forbids: [...ANTICOAGULANTS, ...THERAPEUTIC, "caplacizumab"],
  },
  {
    name: "acute HIT",
    reads: ["hit-suspected"],
    add: (now) => ({ events: [event("hit", now - 2)] }),
    forbids: ["heparin", "enoxaparin"],
  },
  {
    name: "HIT history",
    reads: ["hit-history"],
    add: (now) => ({ events: [event("hit", now - 400)] }),
    forbids: ["heparin", "enoxaparin"],
  },
  {
    name: "immune TTP",
    reads: ["ttp"],
    add: (now) => ({
      labs: immuneTtpLabs(now - 1),
    }),
    forbids: ["platelet-transfusion"],
    unless: (_line, _plan, facts) => facts.has("life-threatening-bleeding"),
  },
  {
    name: "acquired haemophilia A with a muscle bleed",
    reads: ["acquired-haemophilia"],
    add: (now) => ({
      labs: [
        lab("aptt", now - 1, 78, { refHigh: 36 }),
        lab("fviii-activity", now - 1, 2, { refLow: 50, refHigh: 150 }),
        lab("fviii-inhibitor", now - 1, 20),
      ],
      events: [event("bleeding", now - 1, { grade: 3, qualifiers: ["muscle"] })],
    }),
    forbids: [...ANTICOAGULANTS, "desmopressin-option", "plasma", "plasma-transfusion"],
  },
  {
    name: "DIC with a major bleed",
    reads: ["major-bleeding"],
    add: (now) => ({
      labs: [
        lab("platelets", now - 1, 30),
        lab("pt", now - 1, 21, { refLow: 11, refHigh: 13.5 }),
        lab("fibrinogen", now - 1, 0.8),
        lab("d-dimer-feu", now - 1, 12, { refHigh: 0.5 }),
      ],
      events: [
        event("sepsis", now - 2),
        event("bleeding", now - 1, { grade: 3, qualifiers: ["gastrointestinal"] }),
      ],
    }),
    forbids: ["antifibrinolytic"],
    unless: (_line, _plan, facts) => facts.has("hyperfibrinolysis"),
  },
  {
    name: "posaconazole (strong CYP3A4 and P-gp inhibitor)",
    reads: ["cyp3a4-pgp-inhibitor-on-board"],
    add: (now) => ({ drugs: [contextDrug("posaconazole", ["cyp3a4-pgp-inhibitor"], now - 30)] }),
    forbids: DOAC,
  },
  {
    name: "rifampicin (strong CYP3A4 and P-gp inducer)",
    reads: ["cyp3a4-pgp-inducer-on-board"],
    add: (now) => ({ drugs: [contextDrug("rifampicin", ["cyp3a4-pgp-inducer"], now - 30)] }),
    forbids: DOAC,
  },
  {
    name: "cirrhosis Child-Pugh C",
    reads: ["hepatic-impairment"],
    add: (now) => ({
      events: [event("liver-disease", now - 300, { qualifiers: ["cirrhosis", "child-pugh-c"] })],
    }),
    forbids: DOAC,
  },
  {
    name: "a child of 12",
    add: (now) => ({ patient: { birthDate: bornBefore(now, 12) } }),
    forbids: ["doac-not-for-children", "doac-paediatric-dose"],
  },
  {
    name: "rituximab anaphylaxis charted",
    reads: ["rituximab-severe-hypersensitivity"],
    add: (now) => ({
      events: [
        event("drug-hypersensitivity", now - 700, {
          qualifiers: ["rituximab", "severe"],
          text: "anaphylaxis to rituximab",
        }),
      ],
    }),
    forbids: ["rituximab"],
  },
  {
    name: "heparin allergy charted",
    reads: ["heparin-hypersensitivity"],
    add: (now) => ({
      events: [
        event("drug-hypersensitivity", now - 700, {
          qualifiers: ["heparin"],
          text: "allergy to enoxaparin: urticaria",
        }),
      ],
    }),
    forbids: ["heparin", "enoxaparin"],
  },
  {
    name: "immune myocarditis after a checkpoint inhibitor",
    reads: ["ici-stopping-irae"],
    add: (now) => ({
      exposures: [exposure("pembrolizumab", "ici", [now - 40])],
      events: [event("myocarditis", now - 10)],
    }),
    forbids: ["continue-immunotherapy", "restart-immunotherapy"],
  },
];

/**
 * Two contexts at once, as a pharmacist meets them: each one's forbidden tags, each under its own exception (a line
 * the TTP exception allows must still not give what the other context forbids).
 */
function both(a: Context, b: Context): Context {
  const unless =
    (c: Context): Context["unless"] =>
    (line, plan, facts) =>
      !line.some((t) => c.forbids.includes(t)) || c.unless?.(line, plan, facts) === true;
  const ua = unless(a);
  const ub = unless(b);
  return {
    name: `${a.name} + ${b.name}`,
    add: (now) => {
      const x = a.add(now);
      const y = b.add(now);
      return {
        labs: [...(x.labs ?? []), ...(y.labs ?? [])],
        events: [...(x.events ?? []), ...(y.events ?? [])],
        drugs: [...(x.drugs ?? []), ...(y.drugs ?? [])],
        exposures: [...(x.exposures ?? []), ...(y.exposures ?? [])],
        ...((x.patient ?? y.patient) && { patient: { ...x.patient, ...y.patient } }),
      };
    },
    reads: [...(a.reads ?? []), ...(b.reads ?? [])],
    forbids: [...new Set([...a.forbids, ...b.forbids])],
    unless: (line, plan, facts) => (ua?.(line, plan, facts) ?? true) && (ub?.(line, plan, facts) ?? true),
  };
}
const named = (name: string): Context => {
  const c = SINGLE.find((x) => x.name === name);
  if (!c) throw new Error(name);
  return c;
};
/** Pairs whose bars leave few agents: each pair's alternative must not be barred by the other fact. */
const CONTEXTS: readonly Context[] = [
  ...SINGLE,
  both(named("pregnancy"), named("acute HIT")),
  both(named("creatinine clearance 25 mL/min"), named("HIT history")),
  both(named("creatinine clearance 10 mL/min"), named("platelets 40")),
  both(named("cirrhosis Child-Pugh C"), named("heparin allergy charted")),
  both(named("posaconazole (strong CYP3A4 and P-gp inhibitor)"), named("immune TTP")),
];

/** The day (from 2024-01-01) after the record's last dated entry: when a clinician reads it. */
function evaluationDay(r: PatientRecord): number {
  const dates = [
    ...r.labs.map((l) => l.at),
    ...r.events.map((e) => e.at),
    ...r.exposures.flatMap((x) => x.doses.map((d) => d.at)),
  ].map((d) => Date.parse(d));
  return Math.floor((Math.max(...dates) - DAY0) / MS_PER_DAY) + 1;
}

/** The record with a context's entries beside its own. */
function withContext(r: PatientRecord, a: Added): PatientRecord {
  return {
    ...r,
    ...a.patient,
    labs: [...r.labs, ...(a.labs ?? [])],
    events: [...r.events, ...(a.events ?? [])],
    contextDrugs: [...r.contextDrugs, ...(a.drugs ?? [])],
    exposures: [...r.exposures, ...(a.exposures ?? [])],
  };
}

/** Every plan line of the report that gives something (not an avoid line), with its plan's name. */
function givenLines(report: PatientReport): { plan: string; line: ManagementItem; planTags: Set<string> }[] {
  const whole = withWholePlans(report);
  const plans = [
    ...whole.findings.map((f) => ({ plan: f.disorder, lines: f.management })),
    ...whole.unexplained.map((u) => ({ plan: `unexplained ${u.abnormality}`, lines: u.management ?? [] })),
  ];
  return plans.flatMap(({ plan, lines }) => {
    const given = lines.filter((m) => m.kind !== "avoid");
    const planTags = new Set(given.flatMap((m) => TAGS.get(m.id) ?? []));
    return given.map((line) => ({ plan, line, planTags }));
  });
}

const factsOf = (planned: readonly PlannedFinding[]): Facts =>
  new Set(planned.flatMap((p) => Object.entries(p.facts).flatMap(([f, v]) => (v === true ? [f] : []))));

interface Combination {
  readonly caseId: string;
  readonly context: Context | undefined;
  /** Given lines, with their tags. */
  readonly lines: readonly { readonly id: string; readonly tags: readonly string[] }[];
  /** The context's fact as the planner read it: undefined when the patient has no plan. */
  readonly read: boolean | undefined;
  /** Given lines that carry a tag the context forbids, outside its exception. */
  readonly forbidden: string[];
  /** Plan invariants of knowledge/safety.yaml broken. */
  readonly invariants: string[];
}

const positives = loadSpecs().filter((s) => s.kind === "positive");
const records = positives.flatMap((spec) =>
  ingestFhir(buildBundle(spec), {
    vocabulary: k.vocabulary,
    evaluatedAt: CASE_AT,
    file: `${spec.id}.json`,
  }).patients.map((record) => ({ caseId: spec.id, record })),
);
/**
 * Each case's first variant charted in words (test/cases/variants.ts: its labs removed and the diagnosis charted as
 * a FHIR Condition or a CSV row), read as the CLI reads it: a disorder without its labs is only possible, and a plan
 * that leans on a probable finding's avoid line may then offer what the context forbids.
 */
const charted = positives.flatMap((spec) =>
  variantsOf(spec)
    .filter((v) => v.family === "charted")
    .slice(0, 1)
    .flatMap((v) =>
      createEngine(k, { evaluatedAt: CASE_AT, version: "sweep" })
        .read(v.document, v.document.kind === "csv" ? `${v.caseId}.csv` : `${v.caseId}.json`)
        .patients.map((record) => ({ caseId: `${v.caseId} (${v.name})`, record })),
    ),
);

function sweep(context: Context | undefined, caseId: string, record: PatientRecord): Combination {
  const now = evaluationDay(record);
  const at = day(now, 0).replace(".000Z", "Z");
  const r = context === undefined ? record : withContext(record, context.add(now));
  const { report, planned } = assessPatientTraced(r, at, k);
  const facts = factsOf(planned);
  const given = givenLines(report);
  const forbidden = context
    ? given.flatMap(({ plan, line, planTags }) => {
        const tags = TAGS.get(line.id) ?? [];
        const hit = tags.filter((t) => context.forbids.includes(t));
        if (hit.length === 0 || context.unless?.(tags, planTags, facts)) return [];
        return [`${plan}: ${line.id} [${hit.join(", ")}]`];
      })
    : [];
  const invariants = checkPlans(planned, k.safety, k.management).flatMap((c) =>
    c.violations.map((v) => `${v.invariant}: ${v.pattern ?? v.disorder} ${v.item ?? ""}`),
  );
  return {
    caseId,
    context,
    lines: given.map(({ line }) => ({ id: line.id, tags: TAGS.get(line.id) ?? [] })),
    read:
      planned.length === 0 || context?.reads === undefined
        ? undefined
        : context.reads.every((f) => facts.has(f)),
    forbidden,
    invariants,
  };
}

/**
 * Record i (the published cases, then their charted variants) meets context j when (i + j) is a multiple of
 * SWEEP_STRIDE (default 4: a quarter of the pairs, each context over every fourth record, in the same order on
 * every run); SWEEP_STRIDE=1 crosses every pair (about two minutes).
 */
const STRIDE = Number(process.env.SWEEP_STRIDE ?? 4);
const started = performance.now();
const published = records.map(({ caseId, record }) => sweep(undefined, caseId, record));
const crossed = [...records, ...charted].flatMap(({ caseId, record }, i) =>
  CONTEXTS.flatMap((c, j) => ((i + j) % STRIDE === 0 ? [sweep(c, caseId, record)] : [])),
);
const seconds = (performance.now() - started) / 1000;
const name = (c: Combination) => c.context?.name ?? "as published";
const show = (c: Combination, what: readonly string[]) => what.map((w) => `${c.caseId} × ${name(c)}: ${w}`);
/** Cases whose published plan gives a line carrying a tag the context forbids. */
const barrable = (c: Context) =>
  published.filter((p) => p.lines.some((l) => l.tags.some((t) => c.forbids.includes(t)))).length;
const sum = (xs: readonly Combination[], f: (x: Combination) => number) => xs.reduce((n, x) => n + f(x), 0);

describe("published positive cases × contexts that forbid a plan line", () => {
  it("crosses the published positive cases with every context, fast", () => {
    const lines = [
      "",
      `${records.length} published positive cases and ${charted.length} charted variants, ${crossed.length} record × context pairs of ${(records.length + charted.length) * CONTEXTS.length} (stride ${STRIDE}): ${published.length + crossed.length} assessments in ${seconds.toFixed(1)} s`,
      `  ${"as published".padEnd(62)} given lines ${String(sum(published, (x) => x.lines.length)).padStart(5)}, invariants broken ${sum(published, (x) => x.invariants.length)}`,
    ];
    for (const c of CONTEXTS) {
      const set = crossed.filter((x) => x.context === c);
      lines.push(
        `  ${c.name.padEnd(62)} ${String(set.length).padStart(3)} cases (published plan offers what it forbids: ${String(barrable(c)).padStart(3)}), given lines ${String(sum(set, (x) => x.lines.length)).padStart(5)}, forbidden ${sum(set, (x) => x.forbidden.length)}, invariants broken ${sum(set, (x) => x.invariants.length)}`,
      );
    }
    console.log(lines.join("\n"));
    expect(records.length).toBe(positives.length);
    expect(charted.length).toBe(positives.length);
    for (const c of CONTEXTS) expect(crossed.filter((x) => x.context === c).length).toBeGreaterThan(0);
    expect(seconds).toBeLessThan(60);
  });

  it("each context is read: its fact holds in the plans of every case it meets", () => {
    expect(crossed.filter((x) => x.read === false).map((x) => `${x.caseId} × ${name(x)}`)).toEqual([]);
  });

  it("each context meets published plans that offer what it forbids (the sweep has something to bar)", () => {
    expect(CONTEXTS.filter((c) => barrable(c) === 0).map((c) => c.name)).toEqual([]);
  });

  it("no line gives what the context forbids", () => {
    expect(crossed.flatMap((c) => show(c, c.forbidden))).toEqual([]);
  });

  it("no plan invariant is broken", () => {
    expect([...published, ...crossed].flatMap((c) => show(c, c.invariants))).toEqual([]);
  });
});

/** Words that name a low-molecular-weight heparin, and words that name unfractionated heparin. */
const NAMES_LMWH = /\bLMWH\b|enoxaparin|dalteparin|tinzaparin|nadroparin|low-molecular-weight heparin/i;
const NAMES_UFH = /unfractionated heparin|\bUFH\b/i;

/**
 * At a creatinine clearance of 10 mL/min every published positive case (not a stride of them) is read for LMWH by
 * the words of each given line as well as by its tags, so that a line whose tags forget the LMWH it offers (as the
 * NBTE and breakthrough lines once did) is still caught: a line naming an LMWH must name unfractionated heparin too,
 * the agent every renal line turns to (the LMWH then named only as what not to give, or dosed on anti-Xa levels).
 */
describe("end-stage kidney disease: no LMWH offered in any published case", () => {
  const renal = named("creatinine clearance 10 mL/min");
  const read = records.map(({ caseId, record }) => {
    const now = evaluationDay(record);
    const at = day(now, 0).replace(".000Z", "Z");
    const { report } = assessPatientTraced(withContext(record, renal.add(now)), at, k);
    return { caseId, given: givenLines(report) };
  });

  it("no given line is tagged with an LMWH", () => {
    const tagged = read.flatMap(({ caseId, given }) =>
      given
        .filter(({ line }) => (TAGS.get(line.id) ?? []).some((t) => t === "lmwh" || t === "enoxaparin"))
        .map(({ plan, line }) => `${caseId}: ${plan} ${line.id}`),
    );
    expect(tagged).toEqual([]);
  });

  it("no given line names an LMWH without naming unfractionated heparin", () => {
    const named = read.flatMap(({ caseId, given }) =>
      given
        .filter(({ line }) => NAMES_LMWH.test(line.action) && !NAMES_UFH.test(line.action))
        .map(({ plan, line }) => `${caseId}: ${plan} ${line.id}`),
    );
    expect(named).toEqual([]);
    // The sweep reads lines that name an LMWH: some do (the renal lines, which give unfractionated heparin).
    expect(read.some(({ given }) => given.some(({ line }) => NAMES_LMWH.test(line.action)))).toBe(true);
  });
});

/** Every recommendation of the knowledge (the management files' and the unexplained patterns' plans, variants too). */
const RECOMMENDATIONS = [
  ...Object.values(k.management).flat(),
  ...k.unexplained.patterns.flatMap((p) => p.plan ?? []),
];
/** A line's id without its plan's prefix, as the shared lines of every.yaml are written. */
const bareId = (id: string) => id.replace(/^(thr|carac|dic|itp|evans|ttp|aha|tma-not-ttp)-/, "");

/**
 * Lines that name an LMWH without offering, continuing or dosing one, by their id (the plan's prefix dropped), each
 * with the reason its words may name it untagged. Any other line that names an LMWH must carry the `lmwh` tag, so that
 * the patient-wide avoid of end-stage kidney disease (every.yaml avoid-lmwh-end-stage-kidney) reaches it.
 */
const NAMES_LMWH_UNTAGGED: readonly (readonly [RegExp, string])[] = [
  [
    /-without-lmwh(-and-[a-z-]+)?$/,
    "its wording with unfractionated heparin (with or without another barred drug): LMWH named as what not to give",
  ],
  [/major-bleeding-reversal/, "stops and reverses an LMWH on board"],
  [/^lmwh-before-planned-/, "interrupts an LMWH on board before a procedure"],
  [
    /^(anticoagulation-after-recent-surgery|anticoagulation-beside-non-major-bleeding|high-risk-pe-ufh)$/,
    "defers to the heparin the plan's own (tagged) lines name",
  ],
  [/(^|-)hit(-|$)|heparin-hypersensitivity|non-heparin/, "a HIT or a heparin allergy: LMWH named as barred"],
  [
    /(^|-)kidney-failure$|^lmwh-renal-child$|^renal-clearance-not-computed$|^body-weight-not-charted$/,
    "a renal line: unfractionated heparin, any LMWH only on anti-Xa levels or not below a clearance of 15",
  ],
  [
    /^below-25-high-risk$/,
    "withholds anticoagulation, naming what ISTH SSC 2018 would allow with transfusions",
  ],
  [
    /^(doac-moderate-cyp3a-inducer|doac-strong-cyp3a-inducer-arpi|older-adult-doac-choice-obesity)$/,
    "a DOAC's choice, LMWH named beside it",
  ],
];
const namesLmwhUntagged = (id: string) => NAMES_LMWH_UNTAGGED.some(([re]) => re.test(bareId(id)));
/** A given line whose words name an LMWH while it carries no `lmwh` tag and names it for none of the reasons above. */
const untaggedLmwh = (r: { id: string; kind: string; action: string; tags?: readonly string[] }) =>
  r.kind !== "avoid" &&
  NAMES_LMWH.test(r.action) &&
  !(r.tags ?? []).includes("lmwh") &&
  !namesLmwhUntagged(r.id);

describe("every line that offers an LMWH is tagged `lmwh`", () => {
  it("no line names enoxaparin, dalteparin, tinzaparin or an LMWH untagged, unless it names it only to stop, reverse, interrupt or bar it", () => {
    expect(RECOMMENDATIONS.filter(untaggedLmwh).map((r) => r.id)).toEqual([]);
  });

  it("the check catches an untagged line naming an LMWH, and leaves a tagged one, an avoid line and an exempt line", () => {
    const line = { id: "thr-new-line", kind: "supportive", action: "Give dalteparin 200 units/kg daily." };
    expect(untaggedLmwh(line)).toBe(true);
    expect(untaggedLmwh({ ...line, action: "Give low-molecular-weight heparin." })).toBe(true);
    expect(untaggedLmwh({ ...line, tags: ["heparin", "lmwh"] })).toBe(false);
    expect(untaggedLmwh({ ...line, kind: "avoid" })).toBe(false);
    expect(untaggedLmwh({ ...line, id: "thr-major-bleeding-reversal" })).toBe(false);
    expect(untaggedLmwh({ ...line, action: "Give apixaban 10 mg twice daily." })).toBe(false);
  });

  it("each exemption still names a line of the knowledge (no stale reason)", () => {
    const stale = NAMES_LMWH_UNTAGGED.filter(
      ([re]) => !RECOMMENDATIONS.some((r) => NAMES_LMWH.test(r.action) && re.test(bareId(r.id))),
    );
    expect(stale.map(([, why]) => why)).toEqual([]);
  });

  it("every line tagged `lmwh` gives way to unfractionated heparin in end-stage kidney disease, or is not given there", () => {
    const kidney = (r: (typeof RECOMMENDATIONS)[number]) =>
      (r.when.facts ?? []).some(
        (f) =>
          (f.fact === "severe-renal-impairment" || f.fact === "end-stage-kidney-disease") &&
          "is" in f &&
          f.is === false,
      );
    const bases = RECOMMENDATIONS.filter((r) => r.replaces === undefined && (r.tags ?? []).includes("lmwh"));
    const open = bases.filter((r) => r.without?.lmwh === undefined && !kidney(r) && r.kind !== "monitor");
    expect(open.map((r) => r.id)).toEqual([]);
    // The tag is spread over the plans that give an LMWH, not only the DIC's.
    const plans = new Set(
      Object.entries(k.management).flatMap(([plan, rs]) =>
        rs.some((r) => (r.tags ?? []).includes("lmwh")) ? [plan] : [],
      ),
    );
    expect([...plans].sort()).toEqual(["carac", "dic", "evans", "itp", "thrombosis", "ttp"]);
  });
});
