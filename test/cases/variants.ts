/**
 * Variants of the published positive cases as real records degrade them, for the robustness sweep
 * (test/safety/published-variants.test.ts). Each variant is a changed spec, sent as the FHIR bundle the case
 * suite builds or as the CSV rows a site without FHIR exports, with what the report must still say:
 * - `charted`: the labs removed and the diagnosis charted in the words clinicians use ("ITP", "TTP", "DIC", "PE"),
 *   as a FHIR Condition or a CSV event row;
 * - `chronic`: a chronic cause beside the new acute fall (cirrhosis or splenomegaly with a baseline platelet count
 *   of 90; CKD stage 4 with a raised creatinine beside TTP; a known lupus anticoagulant beside acquired haemophilia);
 * - `units`: the platelet count in another laboratory spelling, the haemoglobin in g/L instead of g/dL (or back),
 *   and every date-time at local midnight in Sydney (+11:00) or New York (−05:00);
 * - `marker`: a specific marker (ADAMTS13 < 10 %, factor VIII < 1 % with an inhibitor titre, anti-PF4 positive)
 *   beside a pattern that points elsewhere — the marker's disorder must be found;
 * - `corrections`: each platelet and haemoglobin result re-issued (preliminary or final with a wrong value, then
 *   corrected or amended) or beside an entered-in-error or cancelled copy of an absurd value;
 * - `codes`: the counts under the other LOINC codes the knowledge reads, the labs under a local code first, the
 *   immunotherapy coded in RxNorm only, in ATC only, or named by its brand alone;
 * - `orders`: the doses as MedicationRequests or MedicationStatements, or as CSV rows without a dose kind;
 * - `partial-dates`: event dates to the month only, or a condition's onset as a period or as an age;
 * - `sparse`: the labs thinned as an outpatient record keeps them — the first and the worst value of each lab, no
 *   PT, INR, aPTT or fibrinogen;
 * - `noise`: each lab row sent twice, the rows out of order, ten unrelated medications and a normal sodium,
 *   potassium and ALT every day, as a FHIR bundle and as CSV rows;
 * - `timezones`: every date-time the same instant written at +09:00, at −05:00, or in UTC with milliseconds, and
 *   the CSV rows at −05:00;
 * - `csv`: the whole record as the CSV rows a site without FHIR exports.
 */
import { CSV_HEADER } from "../support/charted-words.js";
import { buildBundle, dateOf, drugNames, loincOf, medication } from "./build-bundles.js";
import type { CaseSpec } from "./spec.js";

type Disorder = Exclude<CaseSpec["expected"]["primary"], "none" | "unexplained">;
type Lab = CaseSpec["labs"][number];
type Event = CaseSpec["events"][number];

export const FAMILIES = [
  "charted",
  "chronic",
  "units",
  "marker",
  "corrections",
  "codes",
  "orders",
  "partial-dates",
  "sparse",
  "noise",
  "timezones",
  "csv",
] as const;
export type Family = (typeof FAMILIES)[number];

export interface Variant {
  readonly family: Family;
  readonly name: string;
  readonly caseId: string;
  /** The record as sent: a FHIR bundle or a CSV document. */
  readonly document:
    | { readonly kind: "fhir"; readonly value: unknown }
    | { readonly kind: "csv"; readonly text: string };
  /** The disorder that must be among the findings. */
  readonly disorder: Disorder;
  /** The records (`Type/id`) sent with a date the engine cannot place on a day, which the report must name. */
  readonly imprecise?: readonly string[];
  /** The coagulation tests (lab ids) a `sparse` variant dropped from the record. */
  readonly dropped?: readonly string[];
  /** The offset from UTC, in minutes, a `timezones` variant writes its date-times at. */
  readonly offset?: number;
}

/** How clinicians chart each disorder, in words (the first is the one sent for a disorder with two). */
export const CHARTED_WORDS: Readonly<Record<Disorder, readonly string[]>> = {
  itp: ["ITP", "immune thrombocytopenia"],
  evans: ["Evans syndrome"],
  ttp: ["TTP"],
  aha: ["acquired hemophilia"],
  dic: ["DIC"],
  thrombosis: ["PE"],
  carac: ["CAR-T associated coagulopathy"],
};

/** Platelet-count spellings laboratories send for ×10⁹/L (the same number). */
export const PLATELET_UNITS = ["10^9/L", "x10E9/L", "K/uL", "10*3/uL"] as const;

/** A count per microlitre (`/uL`, `/mm3`: 150000) is a thousand times the ×10⁹/L number. */
const perMicrolitre = (unit: string | undefined) => /^\/(uL|mm3)$/i.test(unit ?? "");

const PLATELET_DISORDERS: ReadonlySet<Disorder> = new Set(["itp", "evans", "ttp", "dic", "carac"]);

const firstDose = (s: CaseSpec) => Math.min(...s.exposures.flatMap((e) => e.days));

/** Event kinds that chart the disorders (events.yaml), for the day a case's diagnosis was made. */
const DIAGNOSIS_KINDS: ReadonlySet<string> = new Set([
  "itp",
  "evans",
  "ttp",
  "aha",
  "dic",
  "thrombosis",
  "thrombocytopenia",
  "coagulopathy",
  "hypofibrinogenemia",
  "hit",
]);

/**
 * The day the diagnosis is charted: the first event after the first dose that charts a disorder, else the first
 * lab or event after it (a lab on the day of the first dose is its baseline), else the day after the first dose.
 */
export function diagnosisDay(s: CaseSpec): number {
  const d0 = firstDose(s);
  const charted = s.events.filter((e) => e.day > d0 && DIAGNOSIS_KINDS.has(e.kind)).map((e) => e.day);
  if (charted.length > 0) return Math.min(...charted);
  const after = [...s.labs.map((l) => l.day), ...s.events.map((e) => e.day)].filter((d) => d > d0);
  return after.length > 0 ? Math.min(...after) : d0 + 1;
}

const dxEvent = (day: number, text: string): Event => ({ day, kind: "diagnosis", text });
const with_ = (s: CaseSpec, labs: readonly Lab[], events: readonly Event[] = s.events): CaseSpec => ({
  ...s,
  labs: [...labs],
  events: [...events],
});
const fhir = (s: CaseSpec) => ({ kind: "fhir" as const, value: buildBundle(s) });

/** The CSV rows of a spec without labs (patient, cancer, doses, context drugs, events), dates as the bundle's. */
export const csvWithoutLabs = (s: CaseSpec): string => csvOf(s, { labs: false, doseKind: "administration" });

type CsvFields = Partial<Record<string, string | number>>;
/** One row of the CSV format (docs/csv-format.md) for patient `p1`, its fields by column. */
function csvRow(type: string, f: CsvFields): string {
  const q = (x: string) => (/[",\n]/.test(x) ? `"${x.replaceAll('"', '""')}"` : x);
  return [
    "p1",
    type,
    f.date ?? "",
    f.end ?? "",
    f.system ?? "",
    f.code ?? "",
    q(String(f.text ?? "")),
    f.value ?? "",
    f.unit ?? "",
    f.refLow ?? "",
    f.refHigh ?? "",
    f.grade ?? "",
    f.doseKind ?? "",
    "",
    f.birth ?? "",
    f.sex ?? "",
  ].join(",");
}

/**
 * The CSV rows of a spec, dates as the bundle's: patient, cancer, doses (their `dose_kind` as given, empty as many
 * exports leave it), context drugs, events, and — with `labs` — each lab as a LOINC-coded row.
 */
export function csvOf(s: CaseSpec, o: { readonly labs: boolean; readonly doseKind: string }): string {
  const { head, labs } = csvRows(s, o);
  return csvText([...head, ...labs]);
}
const csvText = (rows: readonly string[]) => `${[CSV_HEADER, ...rows].join("\n")}\n`;

/** The rows of `csvOf` without the header: the patient row first, then cancer, doses and events (`head`); the labs. */
function csvRows(
  s: CaseSpec,
  o: { readonly labs: boolean; readonly doseKind: string },
): { readonly head: string[]; readonly labs: string[] } {
  const at = (d: number, hour: number) => dateOf(s.anchor, d, hour);
  const name = (id: string) => medication(id).text;
  const head = [
    csvRow("patient", {
      ...(s.patient.age !== undefined && { birth: Number(s.anchor.slice(0, 4)) - s.patient.age }),
      ...(s.patient.sex && { sex: s.patient.sex }),
    }),
    ...(s.cancer ? [csvRow("event", { date: at(-60, 12), system: "text", text: s.cancer.text })] : []),
    ...s.exposures.flatMap((e) =>
      e.days.map((d) =>
        csvRow("dose", { date: at(d, 10), system: "text", text: name(e.drug), doseKind: o.doseKind }),
      ),
    ),
    ...s.context.map((c) =>
      csvRow("dose", {
        date: at(c.from, 0),
        ...(c.to !== undefined && { end: at(c.to, 23) }),
        system: "text",
        text: name(c.drug),
        doseKind: "statement",
      }),
    ),
    ...s.events.map((e) =>
      csvRow("event", {
        date: at(e.day, 12),
        ...(e.endDay !== undefined && { end: at(e.endDay, 12) }),
        ...(e.code ? { system: e.code.system, code: e.code.code } : { system: "text" }),
        text: e.text,
        ...(e.grade !== undefined && { grade: e.grade }),
      }),
    ),
  ];
  const labs = (o.labs ? s.labs : []).map((l) =>
    csvRow("lab", {
      date: at(l.day, l.hour ?? 8),
      system: "loinc",
      code: loincOf(l.lab),
      value: l.value !== undefined ? `${l.comparator ?? ""}${l.value}` : (l.result ?? ""),
      ...(l.unit !== undefined && { unit: l.unit }),
      ...(l.refLow !== undefined && { refLow: l.refLow }),
      ...(l.refHigh !== undefined && { refHigh: l.refHigh }),
    }),
  );
  return { head, labs };
}

/** (a) The labs removed, the diagnosis charted in words as a FHIR Condition and as a CSV event row. */
function charted(s: CaseSpec, d: Disorder): Variant[] {
  const day = diagnosisDay(s);
  return CHARTED_WORDS[d].flatMap((words) => {
    const spec = with_(s, [], [...s.events, dxEvent(day, words)]);
    return [
      {
        family: "charted",
        name: `no labs, "${words}" as a FHIR Condition`,
        caseId: s.id,
        document: fhir(spec),
        disorder: d,
      },
      {
        family: "charted",
        name: `no labs, "${words}" as a CSV event row`,
        caseId: s.id,
        document: { kind: "csv", text: csvWithoutLabs(spec) },
        disorder: d,
      },
    ] satisfies Variant[];
  });
}

const isPlt = (l: Lab) => l.lab === "platelets" && l.value !== undefined && l.comparator === undefined;

/**
 * (b) A chronic cause beside the acute event. Platelet disorders: cirrhosis or splenomegaly charted a year before,
 * the counts before the first dose replaced by a baseline of 90 — only when the published nadir after the dose is
 * at most 45 (a fall of half or more from 90; a smaller published fall is no longer a fall from 90, so the
 * variant would test nothing). TTP: CKD stage 4 and a creatinine of 2.5 mg/dL before the dose. Acquired
 * haemophilia: a lupus anticoagulant known since before the dose.
 */
function chronic(s: CaseSpec, d: Disorder): Variant[] {
  const d0 = firstDose(s);
  const out: Variant[] = [];
  const nadir = Math.min(...s.labs.filter((l) => isPlt(l) && l.day >= d0).map((l) => l.value ?? Infinity));
  if (PLATELET_DISORDERS.has(d) && nadir <= 45) {
    const labs: Lab[] = [
      { day: d0 - 14, lab: "platelets", value: 90, unit: "10*9/L" },
      ...s.labs.filter((l) => !(l.lab === "platelets" && l.day < d0)),
    ];
    for (const [text, code] of [
      ["Cirrhosis of liver", "K74.60"],
      ["Splenomegaly", "R16.1"],
    ] as const) {
      const cause: Event = {
        day: d0 - 365,
        kind: "chronic",
        text,
        code: { system: "icd10cm", code, display: text },
      };
      out.push({
        family: "chronic",
        name: `${text.toLowerCase()}, baseline platelets 90, published nadir ${nadir}`,
        caseId: s.id,
        document: fhir(with_(s, labs, [cause, ...s.events])),
        disorder: d,
      });
    }
  }
  if (d === "ttp") {
    const ckd: Event = {
      day: d0 - 365,
      kind: "chronic",
      text: "Chronic kidney disease, stage 4",
      code: { system: "icd10cm", code: "N18.4", display: "Chronic kidney disease, stage 4 (severe)" },
    };
    const labs: Lab[] = [
      { day: d0 - 14, lab: "creatinine", value: 2.5, unit: "mg/dL", refLow: 0.6, refHigh: 1.2 },
      ...s.labs,
    ];
    out.push({
      family: "chronic",
      name: "CKD stage 4, creatinine 2.5 mg/dL before the dose",
      caseId: s.id,
      document: fhir(with_(s, labs, [ckd, ...s.events])),
      disorder: d,
    });
  }
  if (d === "aha") {
    const la: Event = { day: d0 - 200, kind: "chronic", text: "Lupus anticoagulant positive" };
    const labs: Lab[] = [{ day: d0 - 200, lab: "lupus-anticoagulant", result: "positive" }, ...s.labs];
    out.push({
      family: "chronic",
      name: "a lupus anticoagulant known before the dose",
      caseId: s.id,
      document: fhir(with_(s, labs, [la, ...s.events])),
      disorder: d,
    });
  }
  return out;
}

const DOSES: ReadonlySet<string> = new Set(["MedicationAdministration", "MedicationStatement"]);

/**
 * The date-times of a bundle moved to local midnight of their date at `offset` (the hour kept as minutes, for
 * order): every resource's, or — as a laboratory system on local time beside a pharmacy on UTC sends them — all but
 * the doses'.
 */
function atLocalMidnight(
  bundle: { entry: { resource: { resourceType: string } }[] },
  offset: string,
  doses: boolean,
) {
  const move = (r: unknown) =>
    JSON.parse(JSON.stringify(r), (_k, v) =>
      typeof v === "string" && /^\d{4}-\d{2}-\d{2}T\d{2}:00:00Z$/.test(v)
        ? `${v.slice(0, 10)}T00:${v.slice(11, 13)}:00${offset}`
        : v,
    );
  return {
    ...bundle,
    entry: bundle.entry.map((e) => (doses || !DOSES.has(e.resource.resourceType) ? move(e) : e)),
  };
}

/** (c) Other unit spellings for the platelet count, haemoglobin in the other mass unit, dates at local midnight. */
function units(s: CaseSpec, d: Disorder): Variant[] {
  const out: Variant[] = [];
  const plt = s.labs.some((l) => l.lab === "platelets" && l.value !== undefined);
  const respell = (l: Lab, unit: string): Lab =>
    l.lab !== "platelets" || l.value === undefined
      ? l
      : { ...l, unit, value: perMicrolitre(l.unit) ? l.value / 1000 : l.value };
  if (plt)
    for (const unit of PLATELET_UNITS)
      out.push({
        family: "units",
        name: `platelets in ${unit}`,
        caseId: s.id,
        document: fhir(
          with_(
            s,
            s.labs.map((l) => respell(l, unit)),
          ),
        ),
        disorder: d,
      });
  const hbs = s.labs.filter((l) => l.lab === "hemoglobin" && l.value !== undefined);
  if (hbs.length > 0) {
    const swap = (l: Lab): Lab => {
      if (l.lab !== "hemoglobin" || l.value === undefined) return l;
      const toL = (l.unit ?? "g/dL").toLowerCase() === "g/dl";
      const f = toL ? 10 : 0.1;
      const r = (x: number | undefined) => (x === undefined ? undefined : Math.round(x * f * 100) / 100);
      const refLow = r(l.refLow);
      const refHigh = r(l.refHigh);
      return {
        ...l,
        value: r(l.value) as number,
        unit: toL ? "g/L" : "g/dL",
        ...(refLow !== undefined && { refLow }),
        ...(refHigh !== undefined && { refHigh }),
      };
    };
    out.push({
      family: "units",
      name: "haemoglobin in the other mass unit (g/dL ⇄ g/L)",
      caseId: s.id,
      document: fhir(with_(s, s.labs.map(swap))),
      disorder: d,
    });
  }
  for (const [zone, offset] of [
    ["Sydney", "+11:00"],
    ["New York", "-05:00"],
  ] as const)
    for (const doses of [true, false])
      out.push({
        family: "units",
        name: `${doses ? "every date" : "labs and problems (doses in UTC)"} at local midnight in ${zone} (${offset})`,
        caseId: s.id,
        document: { kind: "fhir", value: atLocalMidnight(buildBundle(s) as never, offset, doses) },
        disorder: d,
      });
  return out;
}

/**
 * (d) A specific marker beside a pattern that points elsewhere, on the day of the lowest platelet count after the
 * dose (else the day the diagnosis is charted):
 * - a platelet disorder (ITP, Evans, DIC, CAR-T coagulopathy): ADAMTS13 4 % with schistocytes → TTP must be found;
 * - TTP: ADAMTS13 4 % with a DIC-like coagulation (PT 16 s, fibrinogen 1.4 g/L, D-dimer 9 µg/mL) → TTP;
 * - acquired haemophilia: factor VIII 0.5 % with an inhibitor of 12 BU beside a positive lupus anticoagulant and a
 *   long PT → acquired haemophilia;
 * - thrombosis: anti-PF4 positive beside a platelet fall to 60 (an ITP-like count) → thrombosis.
 */
function marker(s: CaseSpec, d: Disorder): Variant[] {
  const d0 = firstDose(s);
  const counts = s.labs.filter((l) => isPlt(l) && l.day > d0);
  const lowest = counts.reduce<Lab | undefined>(
    (a, l) => (a && (a.value ?? 0) <= (l.value ?? 0) ? a : l),
    undefined,
  );
  // On the day of the lowest count after the dose (the presentation), else the day the diagnosis is charted.
  const day = d !== "thrombosis" && lowest ? lowest.day : diagnosisDay(s);
  const add = (name: string, labs: readonly Lab[], disorder: Disorder): Variant => ({
    family: "marker",
    name,
    caseId: s.id,
    document: fhir(with_(s, [...s.labs, ...labs.map((l) => ({ ...l, day, hour: 20 }))])),
    disorder,
  });
  const adamts13: Lab = { day, lab: "adamts13-activity", value: 4, unit: "%" };
  if (d === "ttp")
    return [
      add(
        "ADAMTS13 4 % beside a DIC-like coagulation",
        [
          adamts13,
          { day, lab: "pt", value: 16, unit: "s", refLow: 11, refHigh: 13.5 },
          { day, lab: "fibrinogen", value: 1.4, unit: "g/L" },
          { day, lab: "d-dimer-feu", value: 9, unit: "ug/mL" },
        ],
        "ttp",
      ),
    ];
  if (PLATELET_DISORDERS.has(d))
    return [
      add(
        "ADAMTS13 4 % with schistocytes",
        [adamts13, { day, lab: "schistocytes", result: "positive" }],
        "ttp",
      ),
    ];
  if (d === "aha")
    return [
      add(
        "factor VIII 0.5 % with 12 BU beside a lupus anticoagulant and a long PT",
        [
          { day, lab: "fviii-activity", value: 0.5, unit: "%" },
          { day, lab: "fviii-inhibitor", value: 12, unit: "[beth'U]/mL" },
          { day, lab: "lupus-anticoagulant", result: "positive" },
          { day, lab: "pt", value: 16, unit: "s", refLow: 11, refHigh: 13.5 },
        ],
        "aha",
      ),
    ];
  if (d === "thrombosis")
    return [
      add(
        "anti-PF4 positive beside a platelet fall to 60",
        [
          { day, lab: "pf4-heparin-antibody", result: "positive" },
          { day, lab: "platelets", value: 60, unit: "10*9/L" },
        ],
        "thrombosis",
      ),
    ];
  return [];
}

interface Resource {
  readonly resourceType: string;
  readonly id: string;
  readonly [field: string]: unknown;
}
interface Bundle {
  readonly entry: readonly { readonly fullUrl: string; readonly resource: Resource }[];
}
const bundle = (s: CaseSpec) => buildBundle(s) as Bundle;
/** The bundle with each resource replaced by the resources `f` returns for it (none drops it). */
const remap = (b: Bundle, f: (r: Resource) => readonly Resource[]): Bundle => ({
  ...b,
  entry: b.entry.flatMap((e) =>
    f(e.resource).map((r, i) => ({ fullUrl: i === 0 ? e.fullUrl : `${e.fullUrl}-${i}`, resource: r })),
  ),
});
const variant = (family: Family, name: string, s: CaseSpec, d: Disorder, b: Bundle): Variant => ({
  family,
  name,
  caseId: s.id,
  document: { kind: "fhir", value: b },
  disorder: d,
});

const PLATELETS = loincOf("platelets");
const HEMOGLOBIN = loincOf("hemoglobin");
type Quantity = { readonly value: number; readonly unit?: string };
/** The LOINC code and quantity of a platelet or haemoglobin result of the bundles, else undefined. */
function countOf(r: Resource): { readonly loinc: string; readonly q: Quantity } | undefined {
  if (r.resourceType !== "Observation") return undefined;
  const loinc = (r.code as { coding?: { code?: string }[] } | undefined)?.coding?.[0]?.code;
  const q = r.valueQuantity as (Quantity & { comparator?: string }) | undefined;
  return (loinc === PLATELETS || loinc === HEMOGLOBIN) && q !== undefined && q.comparator === undefined
    ? { loinc, q }
    : undefined;
}
const gPerL = (q: Quantity) => (q.unit ?? "").toLowerCase() === "g/l";
/** A wrong value a laboratory could first send: normal for a low result, low for a normal one. */
function wrong(loinc: string, q: Quantity): number {
  if (loinc === PLATELETS) return q.value < 150 ? 250 : 20;
  const dl = gPerL(q) ? q.value / 10 : q.value;
  const v = dl < 12 ? 14 : 6;
  return gPerL(q) ? v * 10 : v;
}
/** A value no laboratory means: a platelet count of 1, a haemoglobin of 1 g/dL. */
const absurd = (loinc: string, q: Quantity) => (loinc === PLATELETS || !gPerL(q) ? 1 : 10);
const withValue = (r: Resource, value: number): Resource => ({
  ...r,
  valueQuantity: { ...(r.valueQuantity as object), value },
});

/**
 * (e) Results re-issued, withdrawn and cancelled, as laboratory feeds send them: every platelet and haemoglobin
 * result sent twice — first preliminary with a wrong value, then corrected to the published one; or first final
 * with a wrong value, then amended — and every one beside an entered-in-error copy, or a cancelled one, of an
 * absurd value. The finding must be the published record's, at its certainty.
 */
function corrections(s: CaseSpec, d: Disorder): Variant[] {
  const b = bundle(s);
  if (!b.entry.some((e) => countOf(e.resource))) return [];
  const twice = (first: string, then: string) =>
    remap(b, (r) => {
      const c = countOf(r);
      return c
        ? [
            { ...withValue(r, wrong(c.loinc, c.q)), id: `${r.id}-first`, status: first },
            { ...r, status: then },
          ]
        : [r];
    });
  const beside = (status: string) =>
    remap(b, (r) => {
      const c = countOf(r);
      return c ? [r, { ...withValue(r, absurd(c.loinc, c.q)), id: `${r.id}-${status}`, status }] : [r];
    });
  return [
    variant(
      "corrections",
      "each count preliminary with a wrong value, then corrected",
      s,
      d,
      twice("preliminary", "corrected"),
    ),
    variant(
      "corrections",
      "each count final with a wrong value, then amended",
      s,
      d,
      twice("final", "amended"),
    ),
    variant(
      "corrections",
      "each count beside an entered-in-error copy of an absurd value",
      s,
      d,
      beside("entered-in-error"),
    ),
    variant(
      "corrections",
      "each count beside a cancelled copy of an absurd value",
      s,
      d,
      beside("cancelled"),
    ),
  ];
}

/** Other LOINC codes the knowledge reads for the platelet count and the haemoglobin (labs.yaml). */
const OTHER_LAB_CODES: Readonly<Record<string, readonly string[]>> = {
  [PLATELETS]: ["26515-7", "49497-1"],
  [HEMOGLOBIN]: ["20509-6", "30313-1"],
};
const LOINC_SYSTEM = "http://loinc.org";
const ATC_SYSTEM = "http://www.whocc.no/atc";
const RXNORM_SYSTEM = "http://www.nlm.nih.gov/research/umls/rxnorm";

/**
 * (f) The codes other systems send: the platelet count and the haemoglobin under the other LOINC codes the
 * knowledge reads; every lab under a laboratory's local code first with its LOINC in a second coding and no text;
 * the immunotherapy coded in RxNorm only, in ATC only, or named by its brand in text only.
 */
function codes(s: CaseSpec, d: Disorder): Variant[] {
  const b = bundle(s);
  const out: Variant[] = [];
  const recode = (r: Resource, code: { coding: object[]; text?: string }): Resource => ({ ...r, code });
  for (const [loinc, others] of Object.entries(OTHER_LAB_CODES)) {
    if (!b.entry.some((e) => countOf(e.resource)?.loinc === loinc)) continue;
    for (const other of others)
      out.push(
        variant(
          "codes",
          `${loinc === PLATELETS ? "platelets" : "haemoglobin"} under LOINC ${other}`,
          s,
          d,
          remap(b, (r) =>
            countOf(r)?.loinc === loinc
              ? [recode(r, { coding: [{ system: LOINC_SYSTEM, code: other }] })]
              : [r],
          ),
        ),
      );
  }
  const isLab = (r: Resource) =>
    r.resourceType === "Observation" &&
    (r.code as { coding?: { system?: string }[] }).coding?.[0]?.system === LOINC_SYSTEM;
  if (b.entry.some((e) => isLab(e.resource)))
    out.push(
      variant(
        "codes",
        "every lab under a local code first, its LOINC second, no text",
        s,
        d,
        remap(b, (r) => {
          if (!isLab(r)) return [r];
          const loinc = (r.code as { coding: { code: string }[] }).coding[0]?.code ?? "";
          return [
            recode(r, {
              coding: [
                { system: "urn:oid:2.16.840.1.113883.19.5.1", code: `LAB-${loinc}` },
                { system: LOINC_SYSTEM, code: loinc },
              ],
            }),
          ];
        }),
      ),
    );
  const doses = new Map(s.exposures.map((e) => [medication(e.drug).text, drugNames(e.drug)]));
  const named = (r: Resource) =>
    r.resourceType === "MedicationAdministration"
      ? doses.get((r.medicationCodeableConcept as { text: string }).text)
      : undefined;
  for (const [how, concept] of [
    [
      "in RxNorm only",
      (n: ReturnType<typeof drugNames>) =>
        n.rxnorm && { coding: [{ system: RXNORM_SYSTEM, code: n.rxnorm }] },
    ],
    [
      "in ATC only",
      (n: ReturnType<typeof drugNames>) => n.atc && { coding: [{ system: ATC_SYSTEM, code: n.atc }] },
    ],
    ["by its brand in text only", (n: ReturnType<typeof drugNames>) => n.brand && { text: n.brand }],
  ] as const) {
    // Only when every immunotherapy of the case has the code or the brand: else the variant changes nothing.
    if (![...doses.values()].every((n) => concept(n))) continue;
    out.push(
      variant(
        "codes",
        `the immunotherapy coded ${how}`,
        s,
        d,
        remap(b, (r) => {
          const n = named(r);
          return n ? [{ ...r, medicationCodeableConcept: concept(n) }] : [r];
        }),
      ),
    );
  }
  return out;
}

/**
 * (g) The immunotherapy as ordered or as listed rather than as given: each dose a MedicationRequest (an order
 * authored that day, its timing the dose's date-time) or a MedicationStatement taken that day; and the record as
 * CSV rows with the dose rows' `dose_kind` left empty.
 */
function orders(s: CaseSpec, d: Disorder): Variant[] {
  const b = bundle(s);
  const given = (r: Resource) => r.resourceType === "MedicationAdministration";
  const as = (f: (r: Resource, at: string) => Resource) =>
    remap(b, (r) => (given(r) ? [f(r, r.effectiveDateTime as string)] : [r]));
  const strip = (r: Resource) => {
    const { effectiveDateTime: _at, status: _status, ...kept } = r;
    return kept as Resource;
  };
  return [
    variant(
      "orders",
      "each dose a MedicationRequest (authoredOn and a dosage timing)",
      s,
      d,
      as((r, at) => ({
        ...strip(r),
        resourceType: "MedicationRequest",
        status: "completed",
        intent: "order",
        authoredOn: at,
        dosageInstruction: [{ timing: { event: [at] }, route: { text: "intravenous" } }],
      })),
    ),
    variant(
      "orders",
      "each dose a MedicationStatement",
      s,
      d,
      as((r, at) => ({
        ...strip(r),
        resourceType: "MedicationStatement",
        status: "completed",
        effectiveDateTime: at,
      })),
    ),
    {
      family: "orders",
      name: "as CSV rows, dose_kind empty",
      caseId: s.id,
      document: { kind: "csv", text: csvOf(s, { labs: true, doseKind: "" }) },
      disorder: d,
    },
  ];
}

/** Resources of the bundles dated as events: Conditions, transfusions (Procedures), CRS/ICANS grades. */
const EVENT_DATES: Readonly<Record<string, string>> = {
  Condition: "onsetDateTime",
  Procedure: "performedDateTime",
};
const isEventObservation = (r: Resource) => r.resourceType === "Observation" && !("category" in r);

/**
 * (h) Event dates less precise than a day: every Condition, transfusion and CRS/ICANS grade dated to its month
 * only ("2024-03"); every Condition's onset as an onsetPeriod (start and end the charted day) or as the patient's
 * age (onsetAge) instead of a date-time. Nothing may crash or fall silent, and a date the engine cannot place must
 * be named.
 */
function partialDates(s: CaseSpec, d: Disorder): Variant[] {
  const b = bundle(s);
  const ref = (r: Resource) => `${r.resourceType}/${r.id}`;
  const dated = (r: Resource) => (isEventObservation(r) ? "effectiveDateTime" : EVENT_DATES[r.resourceType]);
  const events = b.entry.map((e) => e.resource).filter((r) => dated(r) !== undefined);
  const month = remap(b, (r) => {
    const field = dated(r);
    return field && typeof r[field] === "string"
      ? [{ ...r, [field]: (r[field] as string).slice(0, 7) }]
      : [r];
  });
  const onset = (f: (at: string) => object) =>
    remap(b, (r) => {
      if (r.resourceType !== "Condition") return [r];
      const { onsetDateTime, ...kept } = r;
      return [{ ...kept, ...f(onsetDateTime as string) } as Resource];
    });
  const out: Variant[] = [
    {
      ...variant("partial-dates", "every event dated to its month only", s, d, month),
      imprecise: events.map(ref),
    },
    variant(
      "partial-dates",
      "every condition's onset as an onsetPeriod",
      s,
      d,
      onset((at) => ({ onsetPeriod: { start: at, end: at } })),
    ),
  ];
  const age = s.patient.age;
  if (age !== undefined)
    out.push({
      ...variant(
        "partial-dates",
        "every condition's onset as an onsetAge",
        s,
        d,
        onset(() => ({
          onsetAge: { value: age, unit: "a", system: "http://unitsofmeasure.org", code: "a" },
        })),
      ),
      imprecise: events.filter((r) => r.resourceType === "Condition").map(ref),
    });
  return out;
}

/** Coagulation tests an outpatient record often lacks: PT (seconds or ratio), INR, aPTT (and its mixing study), fibrinogen. */
export const COAGULATION: ReadonlySet<string> = new Set([
  "pt",
  "pt-ratio",
  "inr",
  "aptt",
  "aptt-mixing-study",
  "fibrinogen",
]);
/** Labs whose lowest value is the worst; for every other lab the highest is (for a qualitative one, a positive). */
const LOW_IS_WORST: ReadonlySet<string> = new Set([
  "platelets",
  "hemoglobin",
  "wbc",
  "anc",
  "lymphocytes",
  "haptoglobin",
  "adamts13-activity",
  "fviii-activity",
  "antithrombin",
  "albumin",
]);
/** A lab's value in one unit for comparing a case's results: counts per microlitre as ×10⁹/L, g/L as g/dL. */
const comparable = (l: Lab & { value: number }) =>
  perMicrolitre(l.unit)
    ? l.value / 1000
    : (l.unit ?? "").toLowerCase() === "g/l" && l.lab === "hemoglobin"
      ? l.value / 10
      : l.value;
const byTime = (a: Lab, b: Lab) => a.day - b.day || (a.hour ?? 8) - (b.hour ?? 8);

/**
 * The labs an outpatient record keeps: of each lab its first value and its worst (the lowest or highest, a
 * positive over a negative; the earliest of equals), every other value dropped, and no coagulation test.
 */
export function thinned(labs: readonly Lab[]): Lab[] {
  const by = new Map<string, Lab[]>();
  for (const l of [...labs].sort(byTime))
    if (!COAGULATION.has(l.lab)) by.set(l.lab, [...(by.get(l.lab) ?? []), l]);
  return [...by].flatMap(([lab, ls]) => {
    const score = (l: Lab) =>
      l.value === undefined
        ? l.result === "positive"
          ? 1
          : 0
        : (LOW_IS_WORST.has(lab) ? -1 : 1) * comparable(l as Lab & { value: number });
    const worst = ls.reduce((a, l) => (score(l) > score(a) ? l : a));
    return [...new Set([ls[0] as Lab, worst])];
  });
}

/** (i) The labs thinned as in an outpatient record: the first and the worst value of each, no coagulation test. */
function sparse(s: CaseSpec, d: Disorder): Variant[] {
  const labs = thinned(s.labs);
  if (labs.length === s.labs.length) return [];
  const dropped = [...new Set(s.labs.filter((l) => COAGULATION.has(l.lab)).map((l) => l.lab))];
  return [
    {
      family: "sparse",
      name: "first and worst value of each lab, no PT, INR, aPTT or fibrinogen",
      caseId: s.id,
      document: fhir(with_(s, labs)),
      disorder: d,
      dropped,
    },
  ];
}

/** Ten common drugs of an outpatient medication list, none of which the knowledge weighs (RxNorm ingredients). */
export const UNRELATED_DRUGS: readonly (readonly [name: string, rxnorm: string])[] = [
  ["metformin", "6809"],
  ["atorvastatin", "83367"],
  ["omeprazole", "7646"],
  ["lisinopril", "29046"],
  ["amlodipine", "17767"],
  ["levothyroxine", "10582"],
  ["metoprolol", "6918"],
  ["tamsulosin", "77492"],
  ["montelukast", "88249"],
  ["losartan", "52175"],
];
/** A normal panel: sodium (mmol/L), potassium (mmol/L) and ALT (U/L), by LOINC. */
const NORMAL_PANEL: readonly (readonly [loinc: string, name: string, value: number, unit: string])[] = [
  ["2951-2", "Sodium", 140, "mmol/L"],
  ["2823-3", "Potassium", 4.2, "mmol/L"],
  ["1742-6", "ALT", 25, "U/L"],
];
/** The days a record spans: from its first lab, dose or event to its last. */
function span(s: CaseSpec): readonly [number, number] {
  const days = [
    ...s.labs.map((l) => l.day),
    ...s.exposures.flatMap((e) => e.days),
    ...s.events.flatMap((e) => [e.day, ...(e.endDay !== undefined ? [e.endDay] : [])]),
  ];
  return [Math.min(...days), Math.max(...days)];
}
/** `xs` in an order fixed by `seed` (a Park–Miller generator): the same for every run. */
function shuffled<T>(xs: readonly T[], seed: string): T[] {
  let x = [...seed].reduce((h, c) => (h * 31 + c.charCodeAt(0)) % 2_147_483_647, 7) || 1;
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    x = (x * 48_271) % 2_147_483_647;
    const j = x % (i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

/**
 * (j) Noise a real feed adds: each lab result sent twice (the same row, the same resource id), every row out of
 * chronological order, an outpatient list of ten unrelated drugs taken since a year before, and a normal sodium,
 * potassium and ALT drawn at 06:00 on every day the record spans — as a FHIR bundle and as CSV rows.
 */
function noise(s: CaseSpec, d: Disorder): Variant[] {
  const [first, last] = span(s);
  const days = Array.from({ length: last - first + 1 }, (_, i) => first + i);
  const subject = { reference: `Patient/${s.id}` };
  const b = bundle(s);
  const isLab = (r: Resource) => r.resourceType === "Observation" && "category" in r;
  const extra: Resource[] = [
    ...UNRELATED_DRUGS.map(([name, rxnorm], i) => ({
      resourceType: "MedicationStatement",
      id: `home${i}`,
      status: "active",
      medicationCodeableConcept: { coding: [{ system: RXNORM_SYSTEM, code: rxnorm }], text: name },
      subject,
      effectivePeriod: { start: dateOf(s.anchor, first - 365, 0) },
    })),
    ...days.flatMap((day) =>
      NORMAL_PANEL.map(([loinc, name, value, unit]) => ({
        resourceType: "Observation",
        id: `panel-${loinc}-${day}`,
        status: "final",
        category: [
          {
            coding: [
              { system: "http://terminology.hl7.org/CodeSystem/observation-category", code: "laboratory" },
            ],
          },
        ],
        code: { coding: [{ system: LOINC_SYSTEM, code: loinc }], text: name },
        subject,
        effectiveDateTime: dateOf(s.anchor, day, 6),
        valueQuantity: { value, unit },
      })),
    ),
  ];
  const entries = [
    ...b.entry.flatMap((e) => (isLab(e.resource) ? [e, e] : [e])),
    ...extra.map((r) => ({ fullUrl: `urn:uuid:${s.id}-${r.resourceType}-${r.id}`, resource: r })),
  ];
  const { head, labs } = csvRows(s, { labs: true, doseKind: "administration" });
  const [patient, ...rest] = head;
  const csvExtra = [
    ...UNRELATED_DRUGS.map(([name]) =>
      csvRow("dose", {
        date: dateOf(s.anchor, first - 365, 0),
        system: "text",
        text: name,
        doseKind: "statement",
      }),
    ),
    ...days.flatMap((day) =>
      NORMAL_PANEL.map(([loinc, , value, unit]) =>
        csvRow("lab", { date: dateOf(s.anchor, day, 6), system: "loinc", code: loinc, value, unit }),
      ),
    ),
  ];
  return [
    variant("noise", "each lab twice, out of order, ten unrelated drugs, a normal panel daily", s, d, {
      ...b,
      entry: shuffled(entries, s.id),
    }),
    {
      family: "noise",
      name: "as CSV rows: each lab row twice, out of order, ten unrelated drugs, a normal panel daily",
      caseId: s.id,
      document: {
        kind: "csv",
        text: csvText([patient as string, ...shuffled([...rest, ...labs, ...labs, ...csvExtra], s.id)]),
      },
      disorder: d,
    },
  ];
}

const DATE_TIME_UTC = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})Z$/;
/** The UTC date-time `iso` as the same instant written at `offset` minutes from UTC ("+09:00"). */
export function atOffset(iso: string, offset: number): string {
  const local = new Date(Date.parse(iso) + offset * 60_000).toISOString().slice(0, 19);
  const h = Math.trunc(Math.abs(offset) / 60);
  const m = Math.abs(offset) % 60;
  return `${local}${offset < 0 ? "-" : "+"}${String(h).padStart(2, "0")}:${String(m).padStart(2, "0")}`;
}

/**
 * (k) Every date-time of the bundle the same instant written otherwise: at +09:00 (Tokyo), at −05:00 (New York in
 * winter), or in UTC with milliseconds ("…T08:00:00.000Z"); and the record as CSV rows at −05:00. Dates without a
 * time are left as they are.
 */
function timezones(s: CaseSpec, d: Disorder): Variant[] {
  const b = bundle(s);
  const rewrite = (f: (iso: string) => string) =>
    JSON.parse(JSON.stringify(b), (_k, v) =>
      typeof v === "string" && DATE_TIME_UTC.test(v) ? f(v) : v,
    ) as Bundle;
  return [
    ...[540, -300].map((offset) => ({
      ...variant(
        "timezones",
        `every date-time at ${atOffset("2000-01-01T00:00:00Z", offset).slice(19)}, the same instant`,
        s,
        d,
        rewrite((v) => atOffset(v, offset)),
      ),
      offset,
    })),
    variant(
      "timezones",
      "every date-time in UTC with milliseconds",
      s,
      d,
      rewrite((v) => v.replace("Z", ".000Z")),
    ),
    {
      family: "timezones",
      name: "as CSV rows, every date-time at -05:00, the same instant",
      caseId: s.id,
      document: {
        kind: "csv",
        text: csvOf(s, { labs: true, doseKind: "administration" }).replace(
          /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z/g,
          (v) => atOffset(v, -300),
        ),
      },
      disorder: d,
      offset: -300,
    },
  ];
}

/** (l) The whole record, labs included, as the CSV rows a site without FHIR exports (doses as administrations). */
function csv(s: CaseSpec, d: Disorder): Variant[] {
  return [
    {
      family: "csv",
      name: "as CSV rows",
      caseId: s.id,
      document: { kind: "csv", text: csvOf(s, { labs: true, doseKind: "administration" }) },
      disorder: d,
    },
  ];
}

/** Every variant of a published positive case, for its primary disorder. */
export function variantsOf(s: CaseSpec): Variant[] {
  const d = s.expected.primary;
  if (s.kind !== "positive" || s.constructed || d === "none" || d === "unexplained") return [];
  return [
    ...charted(s, d),
    ...chronic(s, d),
    ...units(s, d),
    ...marker(s, d),
    ...corrections(s, d),
    ...codes(s, d),
    ...orders(s, d),
    ...partialDates(s, d),
    ...sparse(s, d),
    ...noise(s, d),
    ...timezones(s, d),
    ...csv(s, d),
  ];
}
