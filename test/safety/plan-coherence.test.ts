/**
 * Plan coherence: a clinician reads every plan of a patient at once, so two lines that contradict each other
 * are as dangerous as one forbidden line. Each disorder (ITP, Evans, TTP, AHA, thrombosis, DIC, CAR-T
 * coagulopathy) × severity (mild; severe or bleeding) × therapy class (checkpoint inhibitor, T-cell engager,
 * CAR-T), and combined contexts (renal failure, pregnancy, HIT history, platelets < 50 with a clot), is assessed
 * and its whole plan (every finding and named pattern) is read for:
 * (a) an intervention a line gives (its knowledge tags) that an avoid line anywhere in the patient's plans bars
 *     (its `avoids`), unless that avoid line states the guideline's exception (`except`: platelets in TTP or HIT
 *     only for serious or life-threatening bleeding), so both lines are right;
 * (b) more than one immunotherapy decision (continue, hold, permanently discontinue) in one patient's plans, or
 *     "continue" beside "consider restarting" (a restart belongs to a plan that holds the drug);
 * (c) platelet or plasma support offered by a line whose words transfuse while another line avoids it without
 *     the exception stated (the word check behind the tag check, for a transfusion line carrying no tag).
 */
import type { ClinicalEvent, Exposure, LabResult } from "@hemosentinel/core";
import { describe, expect, it } from "vitest";
import type { ManagementItem, PatientReport } from "../../packages/core/src/contracts/report.js";
import { assessPatientTraced } from "../../packages/core/src/engine/assess.js";
import { checkPlans } from "../../packages/core/src/engine/manage/invariants.js";
import type { Recommendation } from "../../packages/core/src/knowledge/management.js";
import { AT, knowledge as k, lungCancer } from "../support/assess.js";
import { contextDrug, event, exposure, lab, record } from "../support/record.js";

type Severity = "mild" | "severe";
type Cls = "ici" | "bispecific" | "car-t";

const THERAPY: Record<Cls, Exposure> = {
  ici: exposure(
    "pembrolizumab",
    "ici",
    [0, 21, 42, 63, 84, 105, 126, 147, 168, 189, 210, 231, 252, 273, 294, 315, 336, 357, 378],
  ),
  bispecific: exposure(
    "teclistamab",
    "bispecific",
    [300, 307, 314, 321, 328, 335, 342, 349, 356, 363, 370, 377, 384, 391],
  ),
  "car-t": exposure("axicabtagene-ciloleucel", "car-t", [385]),
};
const CANCER: Record<Cls, ClinicalEvent> = {
  ici: lungCancer,
  bispecific: event("active-cancer", -60, { qualifiers: ["myeloma"] }),
  "car-t": event("active-cancer", -60, { qualifiers: ["lymphoma"] }),
};

interface Parts {
  labs: LabResult[];
  events: ClinicalEvent[];
}

const hemolysis = (hb: number): LabResult[] => [
  lab("hemoglobin", 340, 13.5),
  lab("hemoglobin", 395, hb),
  lab("ldh", 395, 900, { refHigh: 250 }),
  lab("haptoglobin", 395, 5, { refLow: 30, refHigh: 200 }),
];
const majorBleed = (site: string) => event("bleeding", 395, { grade: 3, qualifiers: [site] });

/** Each disorder's record at onset (day 395, evaluated on day 400), mild or severe/bleeding. */
const DISORDERS = {
  itp: (s) => ({
    labs: [lab("platelets", 340, 250), lab("platelets", 395, s === "mild" ? 70 : 8)],
    events: s === "mild" ? [] : [majorBleed("gastrointestinal")],
  }),
  evans: (s) => ({
    labs: [
      lab("platelets", 340, 250),
      lab("platelets", 395, s === "mild" ? 60 : 12),
      ...hemolysis(s === "mild" ? 9.5 : 6.8),
      lab("dat", 395, "positive"),
      lab("adamts13-activity", 395, 85),
    ],
    events: s === "mild" ? [] : [majorBleed("gastrointestinal")],
  }),
  ttp: (s) => ({
    labs: [
      lab("platelets", 340, 250),
      lab("platelets", 395, s === "mild" ? 40 : 12),
      ...hemolysis(s === "mild" ? 9.5 : 7),
      lab("schistocytes", 395, "positive"),
      lab("adamts13-activity", 395, 3),
    ],
    events: s === "mild" ? [] : [majorBleed("intracranial")],
  }),
  aha: (s) => ({
    labs: [
      lab("platelets", 340, 220),
      lab("aptt", 395, s === "mild" ? 50 : 78, { refHigh: 36 }),
      lab("fviii-activity", 395, s === "mild" ? 20 : 2, { refLow: 50, refHigh: 150 }),
      lab("fviii-inhibitor", 395, s === "mild" ? 2 : 20),
    ],
    events:
      s === "mild" ? [event("bleeding", 395, { grade: 1, qualifiers: ["skin"] })] : [majorBleed("muscle")],
  }),
  thrombosis: (s) => ({
    labs: [lab("platelets", 340, 250), lab("platelets", 395, 240)],
    events: [
      event("thrombosis", 395, {
        qualifiers: s === "mild" ? ["venous", "dvt"] : ["venous", "pulmonary-embolism"],
      }),
    ],
  }),
  dic: (s) => ({
    labs: [
      lab("platelets", 340, 250),
      lab("platelets", 395, s === "mild" ? 60 : 20),
      lab("pt", 395, s === "mild" ? 16 : 21, { refLow: 11, refHigh: 13.5 }),
      lab("fibrinogen", 395, s === "mild" ? 1.4 : 0.8),
      lab("d-dimer-feu", 395, 12, { refHigh: 0.5 }),
    ],
    events: [event("sepsis", 394), ...(s === "mild" ? [] : [majorBleed("gastrointestinal")])],
  }),
  carac: (s) => ({
    labs: [
      lab("platelets", 385, 180),
      lab("fibrinogen", 385, 3.0),
      lab("platelets", 395, s === "mild" ? 90 : 25),
      lab("fibrinogen", 395, s === "mild" ? 1.2 : 0.7),
      lab("pt", 395, s === "mild" ? 15.5 : 19, { refLow: 11, refHigh: 13.5 }),
      lab("d-dimer-feu", 395, 8, { refHigh: 0.5 }),
    ],
    events: [event("crs", 388, { grade: 2 }), ...(s === "mild" ? [] : [majorBleed("gastrointestinal")])],
  }),
} satisfies Record<string, (s: Severity) => Parts>;

interface Context {
  name: string;
  cls: Cls;
  parts: Parts;
  patient?: { sex?: "female" | "male"; birthDate?: string };
  contextDrugs?: ReturnType<typeof contextDrug>[];
}

const CONTEXTS: Context[] = [];
for (const [d, build] of Object.entries(DISORDERS))
  for (const s of ["mild", "severe"] as const)
    for (const cls of ["ici", "bispecific", "car-t"] as const)
      CONTEXTS.push({ name: `${d} ${s} after ${cls}`, cls, parts: build(s) });

const merge = (...ps: Parts[]): Parts => ({
  labs: ps.flatMap((p) => p.labs),
  events: ps.flatMap((p) => p.events),
});
const renal: Parts = {
  labs: [lab("creatinine", 395, 4.5, { refHigh: 1.2 }), lab("creatinine-clearance", 395, 18)],
  events: [],
};
const pregnancy: Parts = { labs: [], events: [event("pregnancy", 340)] };
const hitHistory: Parts = { labs: [], events: [event("hit", 200)] };
const pe: Parts = {
  labs: [],
  events: [event("thrombosis", 395, { qualifiers: ["venous", "pulmonary-embolism"] })],
};
const dvt: Parts = { labs: [], events: [event("thrombosis", 395, { qualifiers: ["venous", "dvt"] })] };
CONTEXTS.push(
  {
    name: "thrombosis with renal failure after ici",
    cls: "ici",
    parts: merge(DISORDERS.thrombosis("severe"), renal),
  },
  { name: "TTP with renal failure after ici", cls: "ici", parts: merge(DISORDERS.ttp("severe"), renal) },
  { name: "DIC with renal failure after ici", cls: "ici", parts: merge(DISORDERS.dic("severe"), renal) },
  {
    name: "thrombosis in pregnancy after ici",
    cls: "ici",
    parts: merge(DISORDERS.thrombosis("mild"), pregnancy),
    patient: { sex: "female", birthDate: "1990-01-01" },
  },
  {
    name: "ITP in pregnancy after ici",
    cls: "ici",
    parts: merge(DISORDERS.itp("mild"), pregnancy),
    patient: { sex: "female", birthDate: "1990-01-01" },
  },
  {
    name: "thrombosis with a HIT history after ici",
    cls: "ici",
    parts: merge(DISORDERS.thrombosis("mild"), hitHistory),
  },
  {
    name: "ITP with a HIT history and a DVT after ici",
    cls: "ici",
    parts: merge(DISORDERS.itp("severe"), hitHistory, dvt),
  },
  {
    name: "ITP at platelets 40 with a DVT after ici",
    cls: "ici",
    parts: { labs: [lab("platelets", 340, 250), lab("platelets", 395, 40)], events: dvt.events },
  },
  {
    name: "ITP at platelets 20 with a pulmonary embolism after ici",
    cls: "ici",
    parts: {
      labs: [lab("platelets", 340, 250), lab("platelets", 395, 20)],
      events: [event("thrombosis", 395, { qualifiers: ["venous", "pulmonary-embolism"] })],
    },
  },
  {
    name: "DIC at platelets 20 with a DVT after ici",
    cls: "ici",
    parts: merge(DISORDERS.dic("severe"), dvt),
  },
  { name: "TTP with a DVT after ici", cls: "ici", parts: merge(DISORDERS.ttp("mild"), dvt) },
  { name: "AHA with a DVT after ici", cls: "ici", parts: merge(DISORDERS.aha("severe"), dvt) },
  { name: "CARAC with a DVT after car-t", cls: "car-t", parts: merge(DISORDERS.carac("mild"), dvt) },
  {
    name: "TTP bleeding with a pulmonary embolism after ici",
    cls: "ici",
    parts: merge(DISORDERS.ttp("severe"), pe),
  },
  {
    name: "TTP at platelets 40 with a pulmonary embolism after ici",
    cls: "ici",
    parts: merge(DISORDERS.ttp("mild"), pe),
  },
  {
    name: "TTP with a HIT history and a DVT after ici",
    cls: "ici",
    parts: merge(DISORDERS.ttp("mild"), hitHistory, dvt),
  },
  {
    name: "TTP with renal failure and a DVT after ici",
    cls: "ici",
    parts: merge(DISORDERS.ttp("mild"), renal, dvt),
  },
  {
    name: "Evans with a pulmonary embolism after ici",
    cls: "ici",
    parts: merge(DISORDERS.evans("mild"), pe),
  },
  { name: "Evans bleeding with a DVT after ici", cls: "ici", parts: merge(DISORDERS.evans("severe"), dvt) },
  {
    name: "AHA without major bleeding with a pulmonary embolism after ici",
    cls: "ici",
    parts: merge(DISORDERS.aha("mild"), pe),
  },
  {
    name: "DIC at platelets 60 with a pulmonary embolism after ici",
    cls: "ici",
    parts: merge(DISORDERS.dic("mild"), pe),
  },
  {
    name: "DIC with a HIT history and a DVT after ici",
    cls: "ici",
    parts: merge(DISORDERS.dic("mild"), hitHistory, dvt),
  },
  {
    name: "CARAC bleeding with a DVT after car-t",
    cls: "car-t",
    parts: merge(DISORDERS.carac("severe"), dvt),
  },
  {
    name: "CARAC with renal failure and a DVT after car-t",
    cls: "car-t",
    parts: merge(DISORDERS.carac("mild"), renal, dvt),
  },
  {
    name: "ITP at platelets 30 with a pulmonary embolism after bispecific",
    cls: "bispecific",
    parts: { labs: [lab("platelets", 340, 250), lab("platelets", 395, 30)], events: pe.events },
  },
  {
    name: "ITP at platelets 40 with a DVT in pregnancy after ici",
    cls: "ici",
    parts: {
      labs: [lab("platelets", 340, 250), lab("platelets", 395, 40)],
      events: [...dvt.events, ...pregnancy.events],
    },
    patient: { sex: "female", birthDate: "1990-01-01" },
  },
  {
    name: "ITP at platelets 40 with a DVT and renal failure after ici",
    cls: "ici",
    parts: merge(
      { labs: [lab("platelets", 340, 250), lab("platelets", 395, 40)], events: dvt.events },
      renal,
    ),
  },
  {
    name: "thrombosis grade 3 beside grade 4 TTP after ici",
    cls: "ici",
    parts: merge(DISORDERS.ttp("severe"), pe),
  },
  {
    name: "ITP grade 1 (platelets 90) after ici",
    cls: "ici",
    parts: { labs: [lab("platelets", 340, 250), lab("platelets", 395, 90)], events: [] },
  },
  {
    name: "thrombosis on apixaban with renal failure after ici",
    cls: "ici",
    parts: merge(DISORDERS.thrombosis("mild"), renal),
    contextDrugs: [contextDrug("apixaban", ["anticoagulant"], 380)],
  },
);

function assess(c: Context): PatientReport {
  const { report } = assessPatientTraced(
    record({
      exposures: [THERAPY[c.cls]],
      labs: c.parts.labs,
      events: [CANCER[c.cls], ...c.parts.events],
      ...(c.contextDrugs ? { contextDrugs: c.contextDrugs } : {}),
      ...(c.patient ?? {}),
    }),
    AT,
    k,
  );
  return report;
}

const byId = new Map<string, Recommendation>(
  [...Object.values(k.management).flat(), ...k.unexplained.patterns.flatMap((p) => p.plan)].map(
    (r) => [r.id, r] as const,
  ),
);

/** Every plan line of the patient: each finding's and each named pattern's, with its recommendation. */
function lines(p: PatientReport) {
  return [
    ...p.findings.flatMap((f) => f.management.map((m) => ({ owner: f.disorder as string, m }))),
    ...p.unexplained.flatMap((u) => (u.management ?? []).map((m) => ({ owner: u.abnormality, m }))),
  ].map(({ owner, m }) => ({ owner, m, r: byId.get(m.id) }));
}

const DECISIONS = ["continue-immunotherapy", "hold-immunotherapy", "permanent-discontinuation"] as const;
const TRANSFUSES = {
  "platelet-transfusion": /\b(transfuse|give|with)\b[^.;]*\bplatelets?\b|\bplatelet (transfusion|support)/i,
  "plasma-transfusion": /\b(transfuse|give)\b[^.;]*\bplasma\b|\bplasma transfusion/i,
} as const;

/** Whether `when` asks for a fact to be true whose name matches `circumstance`, at any depth. */
function requires(when: unknown, circumstance: RegExp): boolean {
  if (Array.isArray(when)) return when.some((w) => requires(w, circumstance));
  if (typeof when !== "object" || when === null) return false;
  const o = when as Record<string, unknown>;
  if (typeof o.fact === "string" && o.is === true && circumstance.test(o.fact)) return true;
  return Object.values(o).some((v) => requires(v, circumstance));
}

/**
 * Whether a given line falls under the exception an avoid line states (`except`: platelets in TTP only for
 * serious or life-threatening bleeding or a high-risk procedure): the avoid line names the exception and the
 * given line is chosen only in that circumstance (its conditions require bleeding or a procedure). A line given
 * for another reason (a full dose on platelet support for a clot) is no exception, whatever the avoid line says.
 */
function underException(give: Recommendation | undefined, avoid: Recommendation | undefined): boolean {
  return (
    avoid?.except !== undefined &&
    requires(give?.when, /^(bleeding|major-bleeding|life-threatening-bleeding)$|procedure|surgery/)
  );
}

/** The contradictions in one patient's plans, each in words. */
function contradictions(p: PatientReport): string[] {
  const all = lines(p);
  const found: string[] = [];
  const avoids = all.filter(({ m }) => m.kind === "avoid");
  const gives = all.filter(({ m }) => m.kind !== "avoid");
  // (a) a given intervention that an avoid line without its exception bars.
  for (const g of gives)
    for (const t of g.r?.tags ?? [])
      for (const a of avoids)
        if (a.r?.avoids?.includes(t) && !underException(g.r, a.r))
          found.push(`${g.owner} ${g.m.id} gives ${t}, barred by ${a.owner} ${a.m.id}`);
  // (b) one immunotherapy decision per patient.
  const decided = DECISIONS.filter((d) => gives.some(({ r }) => r?.tags?.includes(d)));
  if (decided.length > 1)
    found.push(
      `immunotherapy decisions ${decided.join(" + ")}: ${gives
        .filter(({ r }) => DECISIONS.some((d) => r?.tags?.includes(d)))
        .map(({ owner, m }) => `${owner} ${m.id}`)
        .join(", ")}`,
    );
  // (c) a line whose words transfuse what an avoid line bars, whatever its tags, outside the exception.
  for (const [tag, words] of Object.entries(TRANSFUSES)) {
    const barred = avoids.filter(({ r }) => r?.avoids?.includes(tag));
    if (barred.length === 0) continue;
    for (const g of gives)
      if (
        barred.some((b) => !underException(g.r, b.r)) &&
        words.test(g.m.action) &&
        !/\b(no|not|avoid|without|never)\b[^.;]*\b(platelet|plasma)/i.test(g.m.action)
      )
        found.push(`${g.owner} ${g.m.id} reads as ${tag}, barred by ${barred.map((b) => b.m.id).join(", ")}`);
  }
  // (b) "consider restarting" beside "continue": a restart is offered only to a patient told to hold.
  const restarts = gives.filter(({ r }) => r?.tags?.includes("restart-immunotherapy"));
  if (decided.length === 1 && decided[0] === "continue-immunotherapy" && restarts.length > 0)
    found.push(
      `continue-immunotherapy beside restart-immunotherapy: ${restarts.map(({ owner, m }) => `${owner} ${m.id}`).join(", ")}`,
    );
  return [...new Set(found)];
}

const silent: string[] = [];

describe("plan coherence: no two lines of one patient's plans contradict each other", () => {
  for (const c of CONTEXTS)
    it(c.name, () => {
      const p = assess(c);
      if (lines(p).length === 0) silent.push(c.name);
      expect(contradictions(p)).toEqual([]);
    });

  it("every context but one is put to the test: its record gives plan lines to read", () => {
    // Ten days after CAR-T a fall to 70 ×10⁹/L gives no plan line, and that is right: CTCAE grade 2, above the
    // < 50 ×10⁹/L count T-ICAHT grades and the unexplained list's grade 3, it is the expected hematotoxicity of
    // lymphodepletion (EHA/EBMT ICAHT consensus), not sought as ITP before day 31; from < 50 it is listed with the
    // ICAHT note and work-up (unexplained.test.yaml). The others after CAR-T now carry plans: the DAT-positive
    // haemolysis with a platelet fall (the AIHA item's plan: TTP first, treatment with hematology, red cells and
    // platelets for a bleed), and the sepsis coagulopathy without CRS (possible DIC, ISTH 4 with consumption).
    expect(silent).toEqual(["itp mild after car-t"]);
    expect(CONTEXTS.length - silent.length).toBeGreaterThanOrEqual(60);
  });

  it("the CAR-T contexts that were silent break no plan invariant now that they carry plans", () => {
    for (const name of ["evans mild after car-t", "evans severe after car-t", "dic mild after car-t"]) {
      const c = CONTEXTS.find((x) => x.name === name);
      if (!c) throw new Error(name);
      const { planned } = assessPatientTraced(
        record({
          exposures: [THERAPY[c.cls]],
          labs: c.parts.labs,
          events: [CANCER[c.cls], ...c.parts.events],
        }),
        AT,
        k,
      );
      expect(checkPlans(planned, k.safety, k.management).flatMap((v) => v.violations)).toEqual([]);
    }
  });
});

/** A copy of `p` with `items` added to the plan of its first finding. */
function withItems(p: PatientReport, items: ManagementItem[]): PatientReport {
  const [first, ...rest] = p.findings;
  if (!first) throw new Error("no finding");
  return { ...p, findings: [{ ...first, management: [...first.management, ...items] }, ...rest] };
}
const item = (id: string, action?: string): ManagementItem => {
  const r = byId.get(id);
  if (!r) throw new Error(id);
  return { id, kind: r.kind, action: action ?? r.action, sourceIds: [...r.sourceIds] };
};
const context = (name: string) => {
  const c = CONTEXTS.find((x) => x.name === name);
  if (!c) throw new Error(name);
  return assess(c);
};

describe("the coherence check catches what it is for", () => {
  it("(a) a full dose on platelet support beside a DIC line barring platelets for laboratory values", () => {
    const p = context("DIC at platelets 20 with a DVT after ici");
    expect(contradictions(p)).toEqual([]);
    const bad = withItems(context("dic mild after ici"), [
      item("dic-avoid-lab-driven-transfusion"),
      item("thr-anticoagulation-below-50-high-risk"),
    ]);
    expect(contradictions(bad).join("\n")).toMatch(
      /thr-anticoagulation-below-50-high-risk gives platelet-transfusion, barred by .*dic-avoid-lab-driven-transfusion/,
    );
  });

  it("(a) TTP: platelets for a life-threatening bleed stand beside the avoid line that states that exception; a platelet-supported full dose does not", () => {
    const ttp = context("ttp mild after ici");
    expect(lines(ttp).map(({ m }) => m.id)).toContain("ttp-avoid-platelet-transfusion");
    expect(byId.get("ttp-avoid-platelet-transfusion")?.except).toMatch(/life-threatening/);
    expect(contradictions(withItems(ttp, [item("ttp-platelets-life-threatening-bleeding")]))).toEqual([]);
    expect(
      contradictions(withItems(ttp, [item("thr-anticoagulation-below-50-high-risk")])).join("\n"),
    ).toMatch(
      /thr-anticoagulation-below-50-high-risk gives platelet-transfusion, barred by .*ttp-avoid-platelet-transfusion/,
    );
  });

  it("(b) continue beside permanently discontinue, and hold beside permanently discontinue", () => {
    const ttp = context("ttp severe after ici");
    expect(lines(ttp).map(({ m }) => m.id)).toContain("ttp-ici-g4-stop");
    expect(contradictions(ttp)).toEqual([]);
    expect(contradictions(withItems(ttp, [item("thr-ici-g1-3-continue")])).join("\n")).toMatch(
      /immunotherapy decisions continue-immunotherapy \+ permanent-discontinuation/,
    );
    expect(contradictions(withItems(ttp, [item("itp-ici-g4-hold")])).join("\n")).toMatch(
      /immunotherapy decisions hold-immunotherapy \+ permanent-discontinuation/,
    );
  });

  it("(b) grade 1 ITP continues the checkpoint inhibitor without 'consider restarting'; grade 2 holds and offers it", () => {
    const g1 = lines(context("ITP grade 1 (platelets 90) after ici")).map(({ m }) => m.id);
    expect(g1).toContain("itp-ici-g1-continue");
    expect(g1).not.toContain("itp-ici-rechallenge");
    const g2 = lines(context("itp mild after ici")).map(({ m }) => m.id);
    expect(g2).toEqual(expect.arrayContaining(["itp-ici-g2-3-hold", "itp-ici-rechallenge"]));
    const p = context("ITP grade 1 (platelets 90) after ici");
    expect(contradictions(withItems(p, [item("itp-ici-rechallenge")])).join("\n")).toMatch(
      /continue-immunotherapy beside restart-immunotherapy: itp itp-ici-rechallenge/,
    );
  });

  it("(c) a line whose words transfuse platelets, with no tag, beside an avoid line without the exception", () => {
    const p = withItems(context("dic mild after ici"), [
      item("dic-avoid-lab-driven-transfusion"),
      item("dic-monitor-score", "Transfuse platelets to keep the count above 50 ×10⁹/L."),
    ]);
    expect(contradictions(p).join("\n")).toMatch(/dic-monitor-score reads as platelet-transfusion/);
    const negated = withItems(context("dic mild after ici"), [
      item("dic-avoid-lab-driven-transfusion"),
      item("dic-monitor-score", "Repeat the count daily; do not transfuse platelets for the count alone."),
    ]);
    expect(contradictions(negated)).toEqual([]);
  });
});
