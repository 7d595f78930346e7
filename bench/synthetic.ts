/**
 * Synthetic patients for the detection benchmark, as FHIR R4 collection bundles: six months on an
 * immunotherapy with the lab density of real follow-up (CBC twice a week, coagulation and chemistry
 * weekly, daily labs in the first two weeks after CAR-T), and a share of patients with a disorder
 * pattern (ITP after a checkpoint inhibitor, coagulopathy with CRS after CAR-T, thrombosis on a
 * bispecific). Deterministic for a given seed; the numbers are plausible, not clinical data.
 */
import { createRng, type Rng } from "./prng.js";

export type Archetype = "ici-normal" | "ici-itp" | "car-t-coagulopathy" | "bispecific-thrombosis";

interface LabSpec {
  readonly loinc: string;
  readonly display: string;
  readonly unit: string;
  readonly mean: number;
  readonly sd: number;
  readonly decimals: number;
}

const CBC: readonly LabSpec[] = [
  { loinc: "777-3", display: "Platelets", unit: "10*3/uL", mean: 250, sd: 40, decimals: 0 },
  { loinc: "718-7", display: "Hemoglobin", unit: "g/dL", mean: 13, sd: 1, decimals: 1 },
  { loinc: "6690-2", display: "Leukocytes", unit: "10*3/uL", mean: 7, sd: 1.5, decimals: 1 },
  { loinc: "751-8", display: "Neutrophils", unit: "10*3/uL", mean: 4, sd: 1, decimals: 2 },
];
const COAG: readonly LabSpec[] = [
  { loinc: "5902-2", display: "Prothrombin time", unit: "s", mean: 12, sd: 0.5, decimals: 1 },
  { loinc: "6301-6", display: "INR", unit: "{INR}", mean: 1, sd: 0.05, decimals: 2 },
  { loinc: "3173-2", display: "aPTT", unit: "s", mean: 30, sd: 2, decimals: 1 },
  { loinc: "3255-7", display: "Fibrinogen", unit: "mg/dL", mean: 300, sd: 40, decimals: 0 },
  { loinc: "48065-7", display: "D-dimer FEU", unit: "ug/mL{FEU}", mean: 0.3, sd: 0.08, decimals: 2 },
];
const CHEM: readonly LabSpec[] = [
  { loinc: "2532-0", display: "LDH", unit: "U/L", mean: 180, sd: 30, decimals: 0 },
  { loinc: "1975-2", display: "Bilirubin total", unit: "mg/dL", mean: 0.6, sd: 0.15, decimals: 1 },
  { loinc: "2160-0", display: "Creatinine", unit: "mg/dL", mean: 0.9, sd: 0.15, decimals: 2 },
];

const DRUGS: Readonly<Record<Archetype, readonly string[]>> = {
  "ici-normal": ["pembrolizumab", "nivolumab", "atezolizumab", "durvalumab"],
  "ici-itp": ["pembrolizumab", "nivolumab", "ipilimumab"],
  "car-t-coagulopathy": ["axicabtagene ciloleucel", "tisagenlecleucel", "idecabtagene vicleucel"],
  "bispecific-thrombosis": ["teclistamab", "epcoritamab", "blinatumomab"],
};

/** Follow-up length in days after the first dose. */
export const FOLLOW_UP_DAYS = 182;
const DAY0 = Date.UTC(2023, 0, 2);

/** The archetype of patient `i`: 70 % without disorder, then ITP, CAR-T coagulopathy, thrombosis. */
function archetypeOf(rng: Rng): Archetype {
  const x = rng.next();
  return x < 0.7
    ? "ici-normal"
    : x < 0.82
      ? "ici-itp"
      : x < 0.92
        ? "car-t-coagulopathy"
        : "bispecific-thrombosis";
}

function isoDay(start: number, day: number, hour: number): string {
  return new Date(start + day * 86_400_000 + hour * 3_600_000).toISOString().replace(".000Z", "Z");
}

/** Multiplier or offset of a lab on a day, for the archetype's disorder pattern. */
type Effect = (loinc: string, day: number, value: number) => number;

function effectOf(archetype: Archetype, rng: Rng): { effect: Effect; eventDay: number } {
  if (archetype === "ici-itp") {
    const onset = rng.int(21, 120);
    const nadir = rng.int(5, 30);
    return {
      eventDay: onset,
      effect: (loinc, day, v) => {
        if (loinc !== "777-3" || day < onset || day > onset + 42) return v;
        return day <= onset + 21 ? nadir + rng.int(0, 8) : nadir + ((v - nadir) * (day - onset - 21)) / 21;
      },
    };
  }
  if (archetype === "car-t-coagulopathy") {
    return {
      eventDay: rng.int(1, 3),
      effect: (loinc, day, v) => {
        if (day < 2 || day > 12) return loinc === "777-3" && day > 12 && day < 60 ? v * 0.6 : v;
        const f: Record<string, number> = {
          "3255-7": 0.4,
          "48065-7": 20,
          "5902-2": 1.4,
          "6301-6": 1.5,
          "777-3": 0.3,
          "751-8": 0.2,
        };
        return v * (f[loinc] ?? 1);
      },
    };
  }
  if (archetype === "bispecific-thrombosis") {
    const t = rng.int(20, 150);
    return {
      eventDay: t,
      effect: (loinc, day, v) => (loinc === "48065-7" && Math.abs(day - t) <= 7 ? v * 8 : v),
    };
  }
  return { eventDay: -1, effect: (_l, _d, v) => v };
}

function doseDays(archetype: Archetype): number[] {
  if (archetype === "car-t-coagulopathy") return [0];
  if (archetype === "bispecific-thrombosis")
    return [0, 3, 7, ...Array.from({ length: 25 }, (_, k) => 14 + 7 * k)];
  return Array.from({ length: 9 }, (_, k) => 21 * k);
}

/** Lab draw days: baseline before the first dose, twice weekly CBC, daily in the first two weeks after CAR-T. */
function drawDays(archetype: Archetype): { cbc: number[]; weekly: number[] } {
  const cbc = new Set<number>([-3]);
  for (let d = 0; d <= FOLLOW_UP_DAYS; d++) {
    if (d % 7 === 0 || d % 7 === 3) cbc.add(d);
    if (archetype === "car-t-coagulopathy" && d <= 14) cbc.add(d);
  }
  const weekly = new Set<number>([-3]);
  for (let d = 0; d <= FOLLOW_UP_DAYS; d += 7) weekly.add(d);
  if (archetype === "car-t-coagulopathy") for (let d = 1; d <= 14; d++) weekly.add(d);
  return { cbc: [...cbc].sort((a, b) => a - b), weekly: [...weekly].sort((a, b) => a - b) };
}

function condition(pid: string, id: string, text: string, at: string, extra: Record<string, unknown> = {}) {
  return {
    resource: {
      resourceType: "Condition",
      id,
      subject: { reference: `Patient/${pid}` },
      code: { text },
      onsetDateTime: at,
      clinicalStatus: {
        coding: [{ system: "http://terminology.hl7.org/CodeSystem/condition-clinical", code: "active" }],
      },
      ...extra,
    },
  };
}

/**
 * The FHIR bundle of synthetic patient `index` for a seed, with its archetype.
 * @example
 * const { bundle, archetype } = syntheticPatient(42, 0);
 */
export function syntheticPatient(
  seed: number,
  index: number,
): { bundle: unknown; archetype: Archetype; observations: number } {
  const rng = createRng((seed ^ Math.imul(index + 1, 0x9e3779b1)) >>> 0);
  const pid = `syn-${index}`;
  const archetype = archetypeOf(rng);
  const drugs = DRUGS[archetype];
  const drug = drugs[rng.int(0, drugs.length - 1)] ?? "pembrolizumab";
  const start = DAY0 + rng.int(0, 365) * 86_400_000;
  const { effect, eventDay } = effectOf(archetype, rng);
  const personal = new Map([...CBC, ...COAG, ...CHEM].map((s) => [s.loinc, rng.normal(s.mean, s.sd * 0.6)]));
  const entry: unknown[] = [
    {
      resource: {
        resourceType: "Patient",
        id: pid,
        gender: rng.next() < 0.5 ? "female" : "male",
        birthDate: `${rng.int(1940, 1990)}-0${rng.int(1, 9)}-1${rng.int(0, 9)}`,
      },
    },
    condition(
      pid,
      `${pid}-cancer`,
      archetype.startsWith("ici") ? "Non-small cell lung cancer" : "Multiple myeloma",
      isoDay(start, -60, 9),
    ),
  ];
  for (const [k, d] of doseDays(archetype).entries()) {
    entry.push({
      resource: {
        resourceType: "MedicationAdministration",
        id: `${pid}-dose-${k}`,
        status: "completed",
        subject: { reference: `Patient/${pid}` },
        medicationCodeableConcept: { text: drug },
        effectiveDateTime: isoDay(start, d, 10),
      },
    });
  }
  let observations = 0;
  const observe = (spec: LabSpec, day: number, hour: number) => {
    const base = (personal.get(spec.loinc) ?? spec.mean) + rng.normal(0, spec.sd * 0.5);
    const value = Math.max(0, effect(spec.loinc, day, base));
    observations++;
    entry.push({
      resource: {
        resourceType: "Observation",
        id: `${pid}-o${observations}`,
        status: "final",
        category: [
          {
            coding: [
              { system: "http://terminology.hl7.org/CodeSystem/observation-category", code: "laboratory" },
            ],
          },
        ],
        code: { coding: [{ system: "http://loinc.org", code: spec.loinc, display: spec.display }] },
        subject: { reference: `Patient/${pid}` },
        effectiveDateTime: isoDay(start, day, hour),
        valueQuantity: {
          value: Number(value.toFixed(spec.decimals)),
          unit: spec.unit,
          system: "http://unitsofmeasure.org",
          code: spec.unit,
        },
      },
    });
  };
  const { cbc, weekly } = drawDays(archetype);
  for (const d of cbc) for (const s of CBC) observe(s, d, 7);
  for (const d of weekly) for (const s of [...COAG, ...CHEM]) observe(s, d, 7);
  if (archetype === "car-t-coagulopathy") {
    entry.push(
      condition(pid, `${pid}-crs`, "Cytokine release syndrome", isoDay(start, eventDay, 18), {
        severity: { text: `Grade ${rng.int(1, 3)}` },
      }),
    );
  }
  if (archetype === "bispecific-thrombosis") {
    entry.push(condition(pid, `${pid}-dvt`, "Deep vein thrombosis", isoDay(start, eventDay, 14)));
  }
  return { bundle: { resourceType: "Bundle", type: "collection", entry }, archetype, observations };
}
