/**
 * One synthetic patient on immunotherapy: a cancer, a treatment schedule of the class (checkpoint
 * inhibitor every 3 weeks, CAR-T infusion after lymphodepletion, step-up then weekly T-cell engager,
 * antibody every 3 weeks), laboratory panels at each visit (daily in the first two weeks after CAR-T), and
 * — drawn at the rates of knowledge/incidence.yaml — the disorders with their laboratory picture and
 * charted diagnoses, and confounders that produce similar results for another reason (chemotherapy
 * myelosuppression, sepsis, cirrhosis, warfarin, cytokine release syndrome). Death competes with follow-up.
 */
import type { DisorderId, IncidenceRules, TherapyClass } from "@hemosentinel/core";
import type { Random } from "./random.js";

const DAY = 86_400_000;

/** What was simulated for a patient (the truth a test compares the screen with). */
export interface SimulatedPatient {
  readonly personId: number;
  readonly therapyClass: TherapyClass;
  readonly drug: string;
  /** Day 0: first dose (CAR-T: infusion). */
  readonly firstDose: string;
  readonly disorders: readonly { readonly disorder: DisorderId; readonly onsetDay: number }[];
  readonly confounders: readonly { readonly id: string; readonly onsetDay: number }[];
  readonly deathDay?: number;
  readonly followUpDays: number;
}

/** The rows of one patient, by table, before ids and concepts are written. */
export interface PatientRows {
  readonly person: { gender: number; year: number; month: number; day: number };
  readonly period: { start: number; end: number };
  readonly drugs: { key: string; day: number; endDay?: number }[];
  readonly labs: { key: string; day: number; value: number | "positive" | "negative" }[];
  readonly conditions: { key: string; day: number; endDay?: number }[];
  /** Transfusions given for an episode (and plasma, which HemoSentinel does not read). */
  readonly procedures: { key: string; day: number }[];
  readonly deathDay?: number;
}

interface Effect {
  /** Lab value on `day` (relative to the first dose), or undefined to leave the baseline. */
  value(lab: string, day: number, base: number): number | undefined;
}

const DRUGS: Readonly<Record<TherapyClass, readonly string[]>> = {
  ici: ["pembrolizumab", "nivolumab", "atezolizumab", "durvalumab", "ipilimumab"],
  "car-t": ["axicabtagene-ciloleucel", "tisagenlecleucel"],
  bispecific: ["blinatumomab", "teclistamab", "epcoritamab"],
  antibody: ["rituximab", "obinutuzumab", "daratumumab"],
};
const CLASS_SHARE: readonly [TherapyClass, number][] = [
  ["ici", 0.75],
  ["antibody", 0.1],
  ["bispecific", 0.07],
  ["car-t", 0.08],
];
/** Deaths within the year of follow-up, per class (a cancer population; drives the competing risk). */
const DEATH_SHARE: Readonly<Record<TherapyClass, number>> = {
  ici: 0.2,
  antibody: 0.1,
  bispecific: 0.2,
  "car-t": 0.25,
};

const CBC = ["platelets", "hemoglobin", "wbc", "anc", "lymphocytes"];
const CHEM = ["creatinine", "bilirubin-total", "alt", "ldh"];
const COAG = ["inr", "aptt", "fibrinogen", "d-dimer-feu"];
const INFLAMMATION = ["crp", "ferritin"];

/** Healthy-range baselines: mean, between-patient and visit-to-visit standard deviation, lower bound. */
const BASE: Readonly<Record<string, readonly [number, number, number, number]>> = {
  platelets: [245, 45, 18, 165],
  hemoglobin: [12.8, 1.0, 0.4, 10.6],
  wbc: [7, 1.4, 0.7, 4],
  anc: [4.2, 0.9, 0.5, 2],
  lymphocytes: [1.8, 0.4, 0.2, 1.05],
  creatinine: [0.9, 0.15, 0.05, 0.5],
  "bilirubin-total": [0.6, 0.15, 0.08, 0.2],
  alt: [24, 6, 4, 8],
  ldh: [180, 20, 12, 125],
  inr: [1.0, 0.04, 0.03, 0.88],
  aptt: [30, 2, 1.2, 25.5],
  fibrinogen: [3.1, 0.4, 0.2, 2.1],
  "d-dimer-feu": [0.3, 0.08, 0.05, 0.1],
  crp: [5, 2, 1.5, 0.5],
  ferritin: [180, 60, 20, 30],
};

function clamp(v: number, lo: number, hi = Number.POSITIVE_INFINITY): number {
  return Math.min(hi, Math.max(lo, v));
}

function pickClass(r: Random): TherapyClass {
  let x = r.next();
  for (const [c, share] of CLASS_SHARE) {
    if (x < share) return c;
    x -= share;
  }
  return "ici";
}

/** Days of a dense follow-up around an episode. */
const around = (onset: number) => [
  onset,
  onset + 1,
  onset + 3,
  onset + 7,
  onset + 14,
  onset + 21,
  onset + 35,
];

interface Draft {
  readonly rows: PatientRows;
  readonly visits: Map<number, Set<string>>;
  readonly effects: Effect[];
  readonly truth: {
    disorders: SimulatedPatient["disorders"][number][];
    confounders: SimulatedPatient["confounders"][number][];
  };
}

function visit(d: Draft, day: number, panels: readonly string[]): void {
  const set = d.visits.get(day) ?? new Set<string>();
  for (const p of panels) set.add(p);
  d.visits.set(day, set);
}

/** A value that falls to `nadir` on `from` and recovers linearly to the baseline over `recover` days after `to`. */
function trough(lab: string, nadir: () => number, from: number, to: number, recover = 14): Effect {
  return {
    value(l, day, base) {
      if (l !== lab || day < from || day > to + recover) return undefined;
      if (day <= to) return nadir();
      return nadir() + ((base - nadir()) * (day - to)) / recover;
    },
  };
}

/** A value raised or lowered to a level between two days. */
function level(lab: string, value: () => number, from: number, to: number): Effect {
  return { value: (l, day) => (l === lab && day >= from && day <= to ? value() : undefined) };
}

function addDisorder(d: Draft, r: Random, disorder: DisorderId, onset: number, cls: TherapyClass): void {
  const lab = (key: string, day: number, value: PatientRows["labs"][number]["value"]) =>
    d.rows.labs.push({ key, day, value });
  const chart = (key: string, day: number, p: number) => {
    if (r.chance(p)) d.rows.conditions.push({ key, day });
  };
  const give = (key: string, day: number, p: number) => {
    if (r.chance(p)) d.rows.procedures.push({ key, day });
  };
  for (const day of around(onset)) visit(d, day, [...CBC, ...CHEM, ...COAG]);
  const nadir = r.uniform(8, 40);
  switch (disorder) {
    case "itp":
      d.effects.push(trough("platelets", () => nadir * r.uniform(0.9, 1.1), onset, onset + 14, 21));
      chart("itp", onset + 2, 0.7);
      chart("epistaxis", onset + 1, 0.3);
      give("platelet-transfusion", onset + 1, nadir < 20 ? 0.5 : 0.1);
      break;
    case "evans":
      d.effects.push(trough("platelets", () => nadir, onset, onset + 14, 21));
      d.effects.push(trough("hemoglobin", () => r.uniform(7.2, 8.8), onset, onset + 21, 21));
      d.effects.push(level("ldh", () => r.uniform(350, 600), onset, onset + 21));
      lab("dat", onset + 1, "positive");
      lab("haptoglobin", onset + 1, r.uniform(5, 15));
      chart("aiha", onset + 2, 0.6);
      chart("itp", onset + 2, 0.6);
      give("rbc-transfusion", onset + 2, 0.5);
      break;
    case "ttp":
      d.effects.push(trough("platelets", () => r.uniform(10, 30), onset, onset + 7, 14));
      d.effects.push(trough("hemoglobin", () => r.uniform(7.5, 9), onset, onset + 10, 14));
      d.effects.push(level("ldh", () => r.uniform(700, 1400), onset, onset + 10));
      d.effects.push(level("creatinine", () => r.uniform(1.3, 2), onset, onset + 10));
      lab("adamts13-activity", onset + 1, r.uniform(1, 8));
      lab("schistocytes", onset + 1, "positive");
      lab("haptoglobin", onset + 1, r.uniform(2, 10));
      chart("ttp", onset + 2, 0.8);
      give("rbc-transfusion", onset + 2, 0.4);
      break;
    case "aha":
      d.effects.push(level("aptt", () => r.uniform(62, 95), onset, onset + 40));
      d.effects.push(trough("hemoglobin", () => r.uniform(7.8, 9.5), onset, onset + 10, 21));
      d.rows.conditions.push({ key: "muscle-hematoma", day: onset });
      lab("fviii-activity", onset + 2, r.uniform(1, 6));
      lab("fviii-inhibitor", onset + 2, r.uniform(4, 40));
      chart("aha", onset + 3, 0.7);
      give("rbc-transfusion", onset + 1, 0.6);
      break;
    case "dic":
      d.effects.push(trough("platelets", () => r.uniform(20, 45), onset, onset + 7, 14));
      d.effects.push(trough("fibrinogen", () => r.uniform(0.6, 0.95), onset, onset + 7, 10));
      d.effects.push(level("inr", () => r.uniform(1.7, 2.3), onset, onset + 7));
      d.effects.push(level("d-dimer-feu", () => r.uniform(8, 20), onset, onset + 10));
      if (cls !== "car-t" && cls !== "bispecific") d.rows.conditions.push({ key: "sepsis", day: onset - 1 });
      else if (!d.rows.conditions.some((c) => c.key === "crs"))
        d.rows.conditions.push({ key: "crs", day: Math.max(1, onset - 3) });
      chart("dic", onset + 1, 0.5);
      give("plasma-transfusion", onset + 1, 0.5);
      give("platelet-transfusion", onset + 1, 0.4);
      break;
    case "carac":
      if (!d.rows.conditions.some((c) => c.key === "crs"))
        d.rows.conditions.push({ key: "crs", day: r.int(1, 4) });
      d.effects.push(trough("fibrinogen", () => r.uniform(0.8, 1.3), onset, onset + 6, 10));
      d.effects.push(level("inr", () => r.uniform(1.55, 1.9), onset, onset + 6));
      d.effects.push(level("aptt", () => r.uniform(40, 50), onset, onset + 6));
      d.effects.push(level("d-dimer-feu", () => r.uniform(3, 9), onset, onset + 10));
      break;
    case "thrombosis": {
      // One draw (the stream stays aligned): 60 % a DVT, 10 % a DVT charted in a note that also names a HIT
      // being ruled out (one record giving two events, as the core reads notes), 30 % a PE.
      const x = r.next();
      d.rows.conditions.push({ key: x < 0.6 ? "dvt" : x < 0.7 ? "dvt-hit-workup" : "pe", day: onset });
      d.effects.push(level("d-dimer-feu", () => r.uniform(2, 6), onset, onset + 3));
      break;
    }
  }
}

function addConfounder(d: Draft, r: Random, id: string, onset: number, doses: readonly number[]): void {
  switch (id) {
    case "chemotherapy-myelosuppression":
      for (const dose of doses.slice(0, 4)) {
        d.rows.drugs.push({ key: "carboplatin", day: dose }, { key: "pemetrexed", day: dose });
        visit(d, dose + 10, CBC);
        d.effects.push(trough("anc", () => r.uniform(0.4, 0.9), dose + 9, dose + 11, 8));
        d.effects.push(trough("platelets", () => r.uniform(60, 95), dose + 9, dose + 11, 8));
      }
      break;
    case "sepsis":
      d.rows.conditions.push({ key: "sepsis", day: onset, endDay: onset + 10 });
      for (const day of [onset, onset + 2, onset + 6]) visit(d, day, [...CBC, ...INFLAMMATION, ...COAG]);
      d.effects.push(trough("platelets", () => r.uniform(95, 130), onset, onset + 4, 7));
      d.effects.push(level("crp", () => r.uniform(120, 250), onset, onset + 6));
      break;
    case "liver-disease": {
      d.rows.conditions.push({ key: "cirrhosis", day: -r.int(200, 900) });
      const low = r.uniform(110, 145);
      d.effects.push({ value: (l) => (l === "platelets" ? low * r.uniform(0.95, 1.05) : undefined) });
      break;
    }
    case "anticoagulation":
      d.rows.drugs.push({ key: "warfarin", day: -r.int(60, 400), endDay: 400 });
      for (const set of d.visits.values()) set.add("inr");
      d.effects.push({ value: (l) => (l === "inr" ? r.uniform(2, 3) : undefined) });
      break;
    case "crs":
      if (!d.rows.conditions.some((c) => c.key === "crs")) d.rows.conditions.push({ key: "crs", day: onset });
      d.effects.push(level("crp", () => r.uniform(80, 200), onset, onset + 5));
      d.effects.push(level("ferritin", () => r.uniform(1500, 6000), onset, onset + 6));
      break;
  }
}

/**
 * Simulates patient `personId` with its random stream; `enrich` multiplies the disorder rates.
 * @example
 * const { truth, rows } = simulatePatient(1, randomFor(42, 0), incidence, 1, Date.UTC(2024, 0, 1));
 */
export function simulatePatient(
  personId: number,
  r: Random,
  incidence: IncidenceRules,
  enrich: number,
  epoch: number,
): { truth: SimulatedPatient; rows: PatientRows } {
  const cls = pickClass(r);
  const drug = r.pick(DRUGS[cls]);
  const start = epoch + r.int(0, 364) * DAY;
  const deathDay = r.chance(DEATH_SHARE[cls]) ? r.int(20, 365) : undefined;
  const followUp = Math.min(365, deathDay ?? 365);
  const birthYear = new Date(start).getUTCFullYear() - r.int(38, 84);
  const d: Draft = {
    rows: {
      person: {
        gender: r.chance(0.55) ? 8507 : 8532,
        year: birthYear,
        month: r.int(1, 12),
        day: r.int(1, 28),
      },
      period: { start: -r.int(120, 720), end: followUp },
      drugs: [],
      labs: [],
      procedures: [],
      conditions: [
        {
          key: cls === "ici" ? "nsclc" : cls === "car-t" ? "lymphoma" : r.pick(["lymphoma", "myeloma"]),
          day: -r.int(30, 150),
        },
      ],
      ...(deathDay !== undefined && { deathDay }),
    },
    visits: new Map(),
    effects: [],
    truth: { disorders: [], confounders: [] },
  };
  // Treatment schedule and visits.
  const doses: number[] = [];
  if (cls === "car-t") {
    for (const day of [-5, -4, -3])
      d.rows.drugs.push({ key: "fludarabine", day }, { key: "cyclophosphamide", day });
    doses.push(0);
    for (let day = 0; day <= 14; day++) visit(d, day, [...CBC, ...COAG, ...INFLAMMATION]);
    for (let day = 21; day <= 90; day += 7) visit(d, day, [...CBC, ...CHEM]);
    for (let day = 120; day <= followUp; day += 30) visit(d, day, [...CBC, ...CHEM]);
  } else {
    const interval = cls === "bispecific" ? 7 : 21;
    const cycles = cls === "bispecific" ? r.int(8, 30) : r.int(4, 17);
    if (cls === "bispecific") doses.push(0, 3);
    for (let k = cls === "bispecific" ? 1 : 0; k < cycles; k++) doses.push(k * interval);
    const last = doses.filter((x) => x < followUp);
    doses.length = 0;
    doses.push(...last);
    for (const day of doses)
      visit(
        d,
        day,
        cls === "bispecific" && day < 14 ? [...CBC, ...COAG, ...INFLAMMATION] : [...CBC, ...CHEM],
      );
    const stop = doses[doses.length - 1] ?? 0;
    for (let day = stop + 30; day <= followUp; day += 30) visit(d, day, [...CBC, ...CHEM]);
  }
  visit(d, -r.int(3, 14), [...CBC, ...CHEM, ...COAG]);
  for (const day of doses) d.rows.drugs.push({ key: drug, day });
  // Disorders at the literature's rates (at most one besides thrombosis), then confounders.
  for (const rate of incidence.rates.filter((x) => x.class === cls)) {
    if (rate.disorder !== "thrombosis" && d.truth.disorders.some((x) => x.disorder !== "thrombosis"))
      continue;
    if (!r.chance(Math.min(0.95, (rate.percent / 100) * enrich))) continue;
    const onset = r.int(rate.onset.minDays, Math.min(rate.onset.maxDays, rate.overDays));
    if (onset >= followUp) continue;
    d.truth.disorders.push({ disorder: rate.disorder, onsetDay: onset });
    addDisorder(d, r, rate.disorder, onset, cls);
  }
  for (const c of incidence.confounders.filter((x) => x.class === cls)) {
    if (!r.chance(c.percent / 100)) continue;
    const onset = r.int(c.onset.minDays, c.onset.maxDays);
    if (onset >= followUp) continue;
    d.truth.confounders.push({ id: c.id, onsetDay: onset });
    addConfounder(d, r, c.id, onset, doses);
  }
  // Laboratory values: the patient's baseline with visit noise, unless an episode sets them.
  const own = new Map(Object.entries(BASE).map(([k, [mean, between]]) => [k, mean + r.normal(0, between)]));
  for (const [day, panels] of [...d.visits.entries()].sort((a, b) => a[0] - b[0])) {
    if (day > followUp) continue;
    for (const lab of panels) {
      const spec = BASE[lab];
      if (!spec) continue;
      const base = clamp(own.get(lab) ?? spec[0], spec[3]);
      let value: number | undefined;
      for (const e of d.effects) value = e.value(lab, day, base) ?? value;
      d.rows.labs.push({ key: lab, day, value: value ?? clamp(base + r.normal(0, spec[2]), spec[3]) });
    }
  }
  d.rows.labs.sort((a, b) => a.day - b.day);
  return {
    truth: {
      personId,
      therapyClass: cls,
      drug,
      firstDose: new Date(start).toISOString(),
      disorders: d.truth.disorders,
      confounders: d.truth.confounders,
      ...(deathDay !== undefined && { deathDay }),
      followUpDays: followUp,
    },
    rows: d.rows,
  };
}
