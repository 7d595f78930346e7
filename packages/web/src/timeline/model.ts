/**
 * What the timeline shows, computed from the record, the report and the knowledge base (no drawing here):
 * the lab panels with their points, reference ranges and CTCAE grade bands, the markers of immunotherapy
 * doses, infusions, the other drugs the plans read (anticoagulants, antiplatelets, others), planned
 * procedures and clinical events, and the onset and nadir of each finding, all on one time axis in days
 * from the first dose.
 */
import {
  type ClinicalEvent,
  type ContextDrug,
  type ContextRole,
  calendarDate,
  daysBetween,
  displayUnit,
  type Exposure,
  exposureStart,
  type Finding,
  instant,
  type Knowledge,
  type LabResult,
  type LabTermRule,
  type PatientRecord,
  type PatientReport,
  type Test,
  valueWithUnit,
} from "@hemosentinel/core";

/**
 * The stacked panels, top to bottom: catalogue lab ids plotted together (D-dimer of either basis). An
 * `optional` panel is drawn when the record holds a result and is otherwise not named among the labs
 * without results: the neutrophils that grade ICAHT and set the G-CSF line after CAR-T, the ferritin that
 * raises IEC-HS, and the ALT and AST that bar a DOAC — a plan line that rests on them shows its value here.
 */
export const PANELS: readonly {
  readonly id: string;
  readonly labs: readonly string[];
  readonly optional?: true;
}[] = [
  { id: "platelets", labs: ["platelets"] },
  { id: "hemoglobin", labs: ["hemoglobin"] },
  { id: "fibrinogen", labs: ["fibrinogen"] },
  { id: "d-dimer", labs: ["d-dimer-feu", "d-dimer-ddu", "d-dimer-unspecified"] },
  { id: "inr", labs: ["inr"] },
  // PT in seconds: the ISTH overt DIC score reads its prolongation.
  { id: "pt", labs: ["pt"] },
  { id: "aptt", labs: ["aptt"] },
  { id: "ldh", labs: ["ldh"] },
  { id: "anc", labs: ["anc"], optional: true },
  { id: "ferritin", labs: ["ferritin"], optional: true },
  { id: "alt", labs: ["alt"], optional: true },
  { id: "ast", labs: ["ast"], optional: true },
];

export interface LabPoint {
  readonly ref: string;
  readonly lab: string;
  readonly labName: string;
  readonly at: string;
  /** Calendar day from day 0 (as the report counts days). */
  readonly day: number;
  /** Position on the day axis: the calendar day plus the time of day as written. */
  readonly x: number;
  readonly value: number;
  /** `8 ×10⁹/L`, with `<` or `>` for a censored value. */
  readonly text: string;
  /** The value and unit as the laboratory sent them. */
  readonly sent: string;
}

export interface GradeBand {
  readonly grade: number;
  readonly low: number;
  readonly high: number;
}

export interface ReferenceRange {
  readonly low?: number;
  readonly high?: number;
  /** `laboratory` when the results carry their own range, else the knowledge base's usual adult range. */
  readonly from: "laboratory" | "knowledge base";
}

export interface LabPanel {
  readonly id: string;
  readonly title: string;
  /** Display unit of the canonical unit (`×10⁹/L`). */
  readonly unit: string;
  readonly points: readonly LabPoint[];
  readonly reference?: ReferenceRange;
  /** The CTCAE term whose grade bands are drawn, and its bands (cut-offs that need a baseline are not). */
  readonly ctcae?: { readonly term: string; readonly name: string; readonly bands: readonly GradeBand[] };
}

/**
 * The lanes of the markers: immunotherapy doses and CAR-T infusions; the other drugs in the record, in lanes of
 * their own (anticoagulants, antiplatelets, the rest) so that the drugs a plan names are read beside the
 * immunotherapy; procedures, done and planned; clinical events.
 */
export type MarkerRow =
  | "Immunotherapy"
  | "CAR-T infusion"
  | "Anticoagulants"
  | "Antiplatelets"
  | "Other drugs"
  | "Procedures"
  | "CRS"
  | "ICANS"
  | "Bleeding"
  | "Thrombosis";

/** The lanes top to bottom. */
export const ROW_ORDER: readonly MarkerRow[] = [
  "Immunotherapy",
  "CAR-T infusion",
  "Anticoagulants",
  "Antiplatelets",
  "Other drugs",
  "Procedures",
  "CRS",
  "ICANS",
  "Bleeding",
  "Thrombosis",
];

export interface Marker {
  readonly row: MarkerRow;
  readonly ref: string;
  readonly at: string;
  readonly day: number;
  readonly x: number;
  /** Short label drawn beside the marker (`G2`, the drug). */
  readonly label: string;
  /** What the marker is, in words, for hover and the table. */
  readonly text: string;
  /**
   * A dose whose course runs on past its day (a continuous infusion charted with its end, another drug taken from
   * one day to another, or charted with no end: to the timeline's last point): where the course ends, drawn as a
   * line from the marker.
   */
  readonly until?: { readonly at: string; readonly x: number };
  /** A procedure still to be done, drawn on the day it is to be done. */
  readonly planned?: true;
  /** A procedure done, drawn on the day it was done beside the planned ones. */
  readonly done?: true;
  /**
   * A drug course that began before the timeline's first result, dose or event: the day it began (`at`, `day` and
   * `x` are then the timeline's start, where it is drawn from).
   */
  readonly since?: { readonly at: string; readonly day: number };
}

export interface FindingMark {
  readonly kind: "onset" | "nadir" | "peak";
  readonly disorder: string;
  readonly at: string;
  readonly day: number;
  readonly x: number;
  /** For a nadir or peak: the panel and point. */
  readonly panel?: string;
  readonly ref?: string;
  readonly value?: number;
  readonly text: string;
}

export interface TimelineModel {
  /** Day 0: the first dose (a CAR-T product's infusion) of the drug the axis counts from. */
  readonly day0?: {
    readonly at: string;
    readonly drug: string /** The drug as people name it. */;
    readonly name: string;
  };
  readonly panels: readonly LabPanel[];
  /** Panels without any result, by title. */
  readonly empty: readonly string[];
  readonly markers: readonly Marker[];
  readonly marks: readonly FindingMark[];
  /**
   * Other drugs taken only before the timeline's first result, dose or event (`warfarin 2010-03-01 to 2011-02-01`):
   * named, not drawn, so that one old course does not squeeze the weeks that matter into a few pixels.
   */
  readonly earlierDrugs: readonly string[];
}

const MS_PER_DAY = 86_400_000;

/** The time of day as written (`T14:30`), as a fraction of a day; 0 for a date. */
function timeOfDay(at: string): number {
  const m = /T(\d{2}):(\d{2})/.exec(at);
  return m === null ? 0 : (Number(m[1]) * 60 + Number(m[2])) / 1440;
}

/**
 * Day 0 of the axis: the first dose of the drug the primary finding is attributed to, else the earliest
 * first dose (a CAR-T product: its infusion) of any immunotherapy.
 */
export function dayZero(
  record: PatientRecord,
  primary?: Finding,
): { readonly at: string; readonly drug: string } | undefined {
  const starts = record.exposures.map((e: Exposure) => ({ at: exposureStart(e), drug: e.drug }));
  const attributed = starts.find((s) => s.drug === primary?.onset?.drug);
  if (attributed !== undefined) return attributed;
  return [...starts].sort((a, b) => instant(a.at) - instant(b.at))[0];
}

/** Places an instant on the axis: its calendar day from day 0 and a position within that day. */
export function axisPosition(day0: string | undefined, at: string): { day: number; x: number } {
  if (day0 === undefined) {
    const day = Math.round(instant(calendarDate(at)) / MS_PER_DAY);
    return { day, x: day + timeOfDay(at) };
  }
  const day = daysBetween(day0, at);
  return { day, x: day + timeOfDay(at) };
}

/**
 * The CTCAE grade bands of a lab term in the canonical unit: each grade spans from the next worse grade's
 * cut-off to its own. Cut-offs relative to the limits of normal use `lln` / `uln`; cut-offs relative to
 * the patient's baseline, or valid only on anticoagulation, have no fixed place on the axis and are not
 * drawn. `top` closes the highest band of a "high" term.
 */
export function gradeBands(term: LabTermRule, lln?: number, uln?: number, top?: number): GradeBand[] {
  const cuts = new Map<number, number>();
  for (const clause of term.clauses) {
    if (clause.onlyOnAnticoagulation || clause.ifBaseline === "aboveUln") continue;
    const c = clause.criterion;
    const at =
      c.kind === "below" || c.kind === "above"
        ? c.n
        : c.kind === "belowLln" && lln !== undefined
          ? c.factor * lln
          : c.kind === "aboveUln" && uln !== undefined
            ? c.factor * uln
            : undefined;
    if (at === undefined) continue;
    const seen = cuts.get(clause.grade);
    // Several clauses of one grade: the band starts at the least severe of them.
    const loosest =
      seen === undefined ? at : term.direction === "low" ? Math.max(seen, at) : Math.min(seen, at);
    cuts.set(clause.grade, loosest);
  }
  const grades = [...cuts.keys()].sort((a, b) => a - b);
  return grades.flatMap((grade, i) => {
    const own = cuts.get(grade) as number;
    const worse = grades[i + 1] === undefined ? undefined : cuts.get(grades[i + 1] as number);
    const band =
      term.direction === "low"
        ? { grade, low: worse ?? 0, high: own }
        : { grade, low: own, high: worse ?? Math.max(top ?? own, own) };
    return band.high > band.low ? [band] : [];
  });
}

function mostCommon<T>(values: readonly T[], key: (v: T) => string): T | undefined {
  const counts = new Map<string, { value: T; n: number }>();
  for (const v of values) {
    const k = key(v);
    const seen = counts.get(k);
    counts.set(k, { value: v, n: (seen?.n ?? 0) + 1 });
  }
  return [...counts.values()].sort((a, b) => b.n - a.n)[0]?.value;
}

/** The range the results carry (the most common one), else the catalogue's usual adult range. */
function referenceRange(
  labs: readonly LabResult[],
  k: Knowledge,
  labIds: readonly string[],
): ReferenceRange | undefined {
  const ranged = labs.filter((l) => l.refLow !== undefined || l.refHigh !== undefined);
  const own = mostCommon(ranged, (l) => `${l.refLow}|${l.refHigh}`);
  if (own !== undefined) return { low: own.refLow, high: own.refHigh, from: "laboratory" };
  const catalogue = labIds.map((id) => k.vocabulary.labById(id)?.reference).find((r) => r !== undefined);
  return catalogue === undefined
    ? undefined
    : { low: catalogue.low, high: catalogue.high, from: "knowledge base" };
}

/** How the timeline names things: drugs, findings, and units and values as the reports write them. */
export interface TimelineNames {
  readonly drug: (id: string) => string;
  readonly finding: (f: Finding) => string;
  /** Display text with units as clinicians write them (`µg/mL`). */
  readonly prose: (text: string) => string;
}

/** A D-dimer lab's reporting basis (FEU or DDU) in the lab catalogue; none for another lab or an unstated one. */
function basisOf(k: Knowledge, lab: string): "FEU" | "DDU" | undefined {
  return k.labCatalogue.byId.get(lab)?.basis;
}

function labPoint(
  l: LabResult,
  k: Knowledge,
  day0: string | undefined,
  prose: TimelineNames["prose"],
): LabPoint {
  const value = l.value as number;
  // A D-dimer keeps its reporting basis (FEU or DDU, never converted into each other): its value says which.
  const basis = basisOf(k, l.lab);
  const shown = `${prose(valueWithUnit(value, l.unit))}${basis === undefined ? "" : ` ${basis}`}`;
  const sentUnit = l.original.unit === undefined ? "" : ` ${l.original.unit}`;
  return {
    ref: l.ref,
    lab: l.lab,
    labName: k.vocabulary.labById(l.lab)?.name ?? l.lab,
    at: l.at,
    ...axisPosition(day0, l.at),
    value,
    text: l.comparator === undefined ? shown : `${l.comparator} ${shown}`,
    sent: l.original.value === undefined ? "" : `${l.original.value}${sentUnit}`,
  };
}

function panelOf(
  spec: (typeof PANELS)[number],
  record: PatientRecord,
  k: Knowledge,
  day0: string | undefined,
  prose: TimelineNames["prose"],
): LabPanel {
  const labs = record.labs.filter((l) => spec.labs.includes(l.lab) && l.value !== undefined);
  const points = labs.map((l) => labPoint(l, k, day0, prose)).sort((a, b) => a.x - b.x);
  const first = k.vocabulary.labById(spec.labs[0] as string);
  const reference = referenceRange(labs, k, spec.labs);
  const term = k.ctcae.terms.find((t): t is LabTermRule => t.kind === "lab" && spec.labs.includes(t.lab));
  const top = Math.max(0, ...points.map((p) => p.value), reference?.high ?? 0);
  // The D-dimer panel draws every basis on one axis, each lab with its own symbol and legend entry: the unit
  // names the basis when every result has the same one (FEU is about twice DDU).
  const bases = new Set(labs.map((l) => basisOf(k, l.lab)));
  const only = bases.size === 1 ? [...bases][0] : undefined;
  const basisText = spec.labs.length > 1 && only !== undefined ? ` ${only}` : "";
  const title = spec.labs.length > 1 ? "D-dimer" : (first?.name ?? spec.id);
  return {
    id: spec.id,
    title,
    unit: `${prose(displayUnit(first?.unit))}${basisText}`,
    points,
    ...(reference !== undefined ? { reference } : {}),
    ...(term !== undefined
      ? {
          ctcae: {
            term: term.term,
            name: term.name,
            bands: gradeBands(term, reference?.low, reference?.high, top * 1.1),
          },
        }
      : {}),
  };
}

const EVENT_ROWS: Readonly<Record<string, MarkerRow>> = {
  crs: "CRS",
  icans: "ICANS",
  bleeding: "Bleeding",
  thrombosis: "Thrombosis",
};

/** The roles that put another drug in the anticoagulant lane (heparin carries no other role). */
const ANTICOAGULANT_ROLES: ReadonlySet<ContextRole> = new Set([
  "anticoagulant",
  "heparin",
  "lmwh",
  "doac",
  "vka",
  "pentasaccharide",
  "oral-thrombin-inhibitor",
  "parenteral-thrombin-inhibitor",
]);
/** The roles that put another drug in the antiplatelet lane (a BTK inhibitor carries the antiplatelet role too). */
const ANTIPLATELET_ROLES: ReadonlySet<ContextRole> = new Set(["antiplatelet", "gp2b3a-inhibitor"]);

/** The lane of a drug that is not immunotherapy, by its roles in the knowledge base. */
export function drugRow(roles: readonly ContextRole[]): MarkerRow {
  if (roles.some((r) => ANTICOAGULANT_ROLES.has(r))) return "Anticoagulants";
  if (roles.some((r) => ANTIPLATELET_ROLES.has(r))) return "Antiplatelets";
  return "Other drugs";
}

/** Where the rest of the timeline begins and ends: its first and last point, marker or mark. */
interface Window {
  readonly first: { readonly at: string; readonly x: number };
  readonly last: { readonly at: string; readonly x: number };
}

function windowOf(items: readonly { readonly at: string; readonly x: number }[]): Window | undefined {
  if (items.length === 0) return undefined;
  const byX = [...items].sort((a, b) => a.x - b.x);
  const first = byX[0] as (typeof byX)[number];
  const last = byX[byX.length - 1] as (typeof byX)[number];
  return { first: { at: first.at, x: first.x }, last: { at: last.at, x: last.x } };
}

/**
 * The markers of the drugs that are not immunotherapy, in their lanes: each on its first day, drawn to its last when
 * that is a later day, or to the timeline's end when no end is charted (the engine reads it as still taken). A
 * course begun before the rest of the timeline is drawn from its start, and one that ended before it is named in
 * `earlier` instead of drawn.
 */
function drugMarkers(
  drugs: readonly ContextDrug[],
  day0: string | undefined,
  drugName: (id: string) => string,
  window: Window | undefined,
): { markers: Marker[]; earlier: string[] } {
  const markers: Marker[] = [];
  const earlier: string[] = [];
  for (const c of drugs) {
    const name = drugName(c.drug);
    const dose =
      c.dose === undefined ? "" : ` ${c.dose.amount} ${c.dose.unit === "[iU]" ? "IU" : c.dose.unit}`;
    const start = axisPosition(day0, c.start);
    const end = c.end === undefined ? window?.last : { at: c.end, x: axisPosition(day0, c.end).x };
    const period =
      c.end === undefined
        ? `from ${calendarDate(c.start)}, no end charted: read as still taken`
        : calendarDate(c.end) > calendarDate(c.start)
          ? `from ${calendarDate(c.start)} to ${calendarDate(c.end)}`
          : `on ${calendarDate(c.start)}`;
    // By calendar day: a drug charted by its date the day of a timed first dose is on the timeline.
    const firstDay = window === undefined ? undefined : calendarDate(window.first.at);
    if (firstDay !== undefined && c.end !== undefined && calendarDate(c.end) < firstDay) {
      earlier.push(`${name}${dose} ${period}`);
      continue;
    }
    const before = window !== undefined && firstDay !== undefined && calendarDate(c.start) < firstDay;
    const from = before ? window.first : { at: c.start, x: start.x };
    const until =
      end !== undefined && calendarDate(end.at) > calendarDate(from.at) && end.x > from.x
        ? { at: end.at, x: end.x }
        : undefined;
    markers.push({
      row: drugRow(c.roles),
      ref: c.ref,
      at: from.at,
      day: before ? Math.floor(from.x) : start.day,
      x: from.x,
      label: name,
      text: `${name}${dose}, ${period}${before ? " (drawn from the timeline's start)" : ""}`,
      ...(until === undefined ? {} : { until }),
      ...(before ? { since: { at: c.start, day: start.day } } : {}),
    });
  }
  return { markers, earlier };
}

const PLANNED_KINDS: Readonly<Record<string, string>> = {
  "procedure-planned": "Invasive procedure",
  "surgery-planned": "Operation",
};

/** A procedure's qualifiers in words, in brackets (" (lumbar puncture)"); empty with none. */
function procedureQualifiers(ev: ClinicalEvent): string {
  return ev.qualifiers?.length ? ` (${ev.qualifiers.map((q) => q.replace(/-/g, " ")).join(", ")})` : "";
}

/**
 * The marker of a planned procedure: on the day it is to be done when the record gives one (the event's end), else
 * on the day the plan was charted.
 */
function plannedMarker(ev: ClinicalEvent, kind: string, day0: string | undefined): Marker {
  const on = ev.end ?? ev.at;
  const qualifiers = procedureQualifiers(ev);
  const when =
    ev.end === undefined
      ? `planned, no day to be done given (charted ${calendarDate(ev.at)})`
      : `planned for ${calendarDate(ev.end)} (charted ${calendarDate(ev.at)})`;
  return {
    row: "Procedures",
    ref: ev.ref,
    at: on,
    ...axisPosition(day0, on),
    label: "planned",
    text: `${ev.text ?? kind}${qualifiers}: ${when}`,
    planned: true,
  };
}

/** The procedures done the lane draws beside the planned ones (events.yaml `plannedKinds`, read backwards). */
const DONE_KINDS: Readonly<Record<string, string>> = {
  procedure: "Invasive procedure",
  surgery: "Operation",
};

/** The marker of a procedure done: on the day it was done, filled and marked done. */
function doneMarker(ev: ClinicalEvent, kind: string, day0: string | undefined): Marker {
  const qualifiers = procedureQualifiers(ev);
  return {
    row: "Procedures",
    ref: ev.ref,
    at: ev.at,
    ...axisPosition(day0, ev.at),
    label: "done",
    text: `${ev.text ?? kind}${qualifiers}: done on ${calendarDate(ev.at)}`,
    done: true,
  };
}

function markers(
  record: PatientRecord,
  day0: string | undefined,
  drugName: (id: string) => string,
): Marker[] {
  const out: Marker[] = [];
  for (const e of record.exposures) {
    for (const dose of e.doses) {
      const infusion = e.infusion !== undefined && dose.at === e.infusion;
      // A course charted with an end on a later day (a 28-day blinatumomab infusion) is drawn to that end.
      const until =
        dose.end !== undefined && calendarDate(dose.end) > calendarDate(dose.at)
          ? { at: dose.end, x: axisPosition(day0, dose.end).x }
          : undefined;
      out.push({
        row: infusion ? "CAR-T infusion" : "Immunotherapy",
        ref: dose.ref,
        at: dose.at,
        ...axisPosition(day0, dose.at),
        label: drugName(e.drug),
        text: `${drugName(e.drug)} ${infusion ? "infusion" : dose.kind === "administration" ? "dose given" : `dose (${dose.kind})`}${until === undefined ? "" : `, course to ${calendarDate(until.at)}`}`,
        ...(until === undefined ? {} : { until }),
      });
    }
    if (e.infusion !== undefined && !e.doses.some((d) => d.at === e.infusion)) {
      out.push({
        row: "CAR-T infusion",
        ref: e.doses[0]?.ref ?? e.drug,
        at: e.infusion,
        ...axisPosition(day0, e.infusion),
        label: drugName(e.drug),
        text: `${drugName(e.drug)} infusion`,
      });
    }
  }
  for (const ev of record.events) {
    const planned = PLANNED_KINDS[ev.kind];
    if (planned !== undefined) out.push(plannedMarker(ev, planned, day0));
    const done = DONE_KINDS[ev.kind];
    if (done !== undefined) out.push(doneMarker(ev, done, day0));
    const row = EVENT_ROWS[ev.kind];
    if (row === undefined) continue;
    const grade = ev.grade === undefined ? "" : `grade ${ev.grade}`;
    const qualifiers = ev.qualifiers?.length ? ` (${ev.qualifiers.join(", ")})` : "";
    out.push({
      row,
      ref: ev.ref,
      at: ev.at,
      ...axisPosition(day0, ev.at),
      label: ev.grade === undefined ? "" : `G${ev.grade}`,
      text: [row === "CRS" ? "Cytokine release syndrome" : row, grade, ev.text ?? ""]
        .filter((s) => s !== "")
        .join(" · ")
        .concat(qualifiers),
    });
  }
  return out.sort((a, b) => a.x - b.x);
}

type LabTestOf = Extract<Test, { kind: "lab" }>;

/** The lab tests of a disorder's index test, in order (the any-of alternatives). */
function indexLabTests(test: Test): LabTestOf[] {
  if (test.kind === "lab") return [test];
  if (test.kind === "any-of" || test.kind === "all-of") return test.tests.flatMap(indexLabTests);
  return [];
}

/**
 * The onset of each finding, and the nadir (or, for a rising lab, the peak) of the first index lab with
 * results in the episode: from the onset over the disorder's episode length, as the engine seeks an
 * episode's worst values.
 */
function findingMarks(
  report: PatientReport,
  record: PatientRecord,
  k: Knowledge,
  day0: string | undefined,
  panels: readonly LabPanel[],
  names: TimelineNames,
): FindingMark[] {
  const out: FindingMark[] = [];
  for (const f of report.findings) {
    const onset = f.onset;
    if (onset === undefined) continue;
    out.push({
      kind: "onset",
      disorder: f.disorder,
      at: onset.date,
      ...axisPosition(day0, onset.date),
      text: `${names.finding(f)}: onset`,
    });
    const disorder = k.disorders.find((d) => d.id === f.disorder);
    if (disorder === undefined) continue;
    const from = instant(onset.date);
    const to = from + disorder.episodeDays * MS_PER_DAY;
    for (const t of indexLabTests(disorder.index.test)) {
      const ids = typeof t.lab === "string" ? [t.lab] : t.lab;
      const rising = t.above !== undefined || t.aboveUln !== undefined || t.atLeast !== undefined;
      const falling = t.below !== undefined || t.belowLln !== undefined;
      if (!rising && !falling) continue;
      const inEpisode = record.labs.filter(
        (l) => ids.includes(l.lab) && l.value !== undefined && instant(l.at) >= from && instant(l.at) <= to,
      );
      const worst = inEpisode.reduce<LabResult | undefined>(
        (w, l) =>
          w === undefined ||
          (rising ? (l.value as number) > (w.value as number) : (l.value as number) < (w.value as number))
            ? l
            : w,
        undefined,
      );
      if (worst === undefined) continue;
      const panel = panels.find((p) => p.points.some((pt) => pt.ref === worst.ref));
      const point = labPoint(worst, k, day0, names.prose);
      out.push({
        kind: rising ? "peak" : "nadir",
        disorder: f.disorder,
        at: worst.at,
        day: point.day,
        x: point.x,
        ...(panel !== undefined ? { panel: panel.id } : {}),
        ref: worst.ref,
        value: point.value,
        text: `${names.finding(f)}: ${rising ? "peak" : "nadir"} ${point.labName} ${point.text}`,
      });
      break;
    }
  }
  return out;
}

/**
 * The timeline of one patient.
 * @example
 * const model = timelineModel(assessment.patient, assessment.record, knowledge, { drug: (id) => id, finding: (f) => f.disorder, prose: (t) => t });
 * model.panels.map((p) => p.title); // ["Platelet count", "Hemoglobin", …]
 */
export function timelineModel(
  report: PatientReport,
  record: PatientRecord,
  k: Knowledge,
  names: TimelineNames,
): TimelineModel {
  const day0 = dayZero(record, report.findings[0]);
  const all = PANELS.map((spec) => panelOf(spec, record, k, day0?.at, names.prose));
  const panels = all.filter((p) => p.points.length > 0);
  const marks = findingMarks(report, record, k, day0?.at, panels, names);
  const own = markers(record, day0?.at, names.drug);
  const drugs = drugMarkers(
    record.contextDrugs,
    day0?.at,
    names.drug,
    windowOf([...panels.flatMap((p) => p.points), ...own, ...marks]),
  );
  return {
    ...(day0 !== undefined ? { day0: { ...day0, name: names.drug(day0.drug) } } : {}),
    panels,
    empty: all.filter((p, i) => p.points.length === 0 && PANELS[i]?.optional !== true).map((p) => p.title),
    markers: [...own, ...drugs.markers].sort((a, b) => a.x - b.x),
    marks,
    earlierDrugs: drugs.earlier,
  };
}
