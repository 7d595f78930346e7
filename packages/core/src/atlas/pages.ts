/**
 * The data of each atlas page, read from the same knowledge the engine uses: a disorder's criteria,
 * certainty rules, differentials, grading, work-up and management exactly as the engine applies them, with
 * the atlas statements (definition, manifestations, mechanisms, onset) and the drug reports beside them;
 * a drug's catalogue entry and reports; a score's form, bands and worked example; a lab's catalogue entry
 * and where the engine reads it. Every page lists the references it cites, resolved.
 */

import { type CalculatorForm, scoreForm } from "../calculator/form.js";
import type { DisorderId, TherapyClass } from "../contracts/vocabularies.js";
import { labsReadBy } from "../engine/scores/index.js";
import type { AtlasStatement, DrugReport } from "../knowledge/atlas.js";
import type { CalculatorExample } from "../knowledge/calculators.js";
import type { Disorder, Test } from "../knowledge/disorders.js";
import type { DrugEntry } from "../knowledge/drugs.js";
import type { IncidenceRules } from "../knowledge/incidence.js";
import type { Knowledge } from "../knowledge/knowledge.js";
import type { CatalogueLab } from "../knowledge/lab-catalogue.js";
import type { Recommendation, WorkupEntry } from "../knowledge/management.js";
import type { Reference } from "../knowledge/references.js";
import { atlasPath } from "./search.js";

/** One incidence figure of a disorder after a therapy class, with its source. */
export type IncidenceRate = IncidenceRules["rates"][number];

/** A link to another atlas page. */
export interface AtlasLink {
  readonly id: string;
  readonly label: string;
  readonly path: string;
}

/** Collects the sources a page cites, in order of first citation, and resolves them. */
class Citations {
  private readonly ids = new Set<string>();
  constructor(private readonly k: Knowledge) {}
  cite<T extends { readonly sourceIds: readonly string[] }>(x: T): T {
    for (const id of x.sourceIds) this.ids.add(id);
    return x;
  }
  references(): Reference[] {
    return [...this.ids].flatMap((id) => {
      const r = this.k.references.get(id);
      return r ? [r] : [];
    });
  }
}

/** Management items that apply to the same grades and therapy classes. */
export interface ManagementGroup {
  /** Therapy classes the items are limited to; empty = every class. */
  readonly classes: readonly TherapyClass[];
  /** Grade range the items are limited to (`unknown` = only while the grade is unknown); absent = any grade. */
  readonly grades?: { readonly min?: number; readonly max?: number } | "unknown";
  readonly items: readonly Recommendation[];
}

export interface DrugReportLine extends DrugReport {
  readonly drugLink: AtlasLink;
  readonly disorderLink: AtlasLink;
}

/** An onset window the engine looks in (a therapy class's or a drug's own), with its sources. */
export interface OnsetWindow {
  readonly minDays: number;
  readonly maxDays: number;
  readonly note?: string;
  readonly sourceIds: readonly string[];
  /** An onset later than `maxDays` counts too within this many days of the latest dose. */
  readonly afterLatestDose?: {
    readonly maxDays: number;
    readonly note?: string;
    readonly sourceIds: readonly string[];
  };
}

export interface DisorderPage {
  readonly id: DisorderId;
  readonly name: string;
  readonly path: string;
  readonly summary: string;
  readonly definition: AtlasStatement;
  readonly manifestations: readonly AtlasStatement[];
  readonly mechanisms: readonly AtlasStatement[];
  readonly onset: readonly AtlasStatement[];
  /** The onset windows the engine looks in, by therapy class. */
  readonly latency: readonly (OnsetWindow & { readonly therapyClass: TherapyClass })[];
  /**
   * A drug's own onset window, which replaces its class's (alemtuzumab's 48 months for ITP, TTP, AHA and Evans syndrome): the
   * drug's id and INN, its class, and the window as `latency` gives it.
   */
  readonly latencyByDrug: readonly (OnsetWindow & {
    readonly drug: string;
    readonly inn: string;
    readonly therapyClass?: TherapyClass;
  })[];
  /** Each criterion with the test the engine evaluates (thresholds, windows) as written in the knowledge. */
  readonly criteria: readonly {
    readonly id: string;
    readonly label: string;
    readonly test: Test;
    readonly sourceIds: readonly string[];
  }[];
  /** Certainty rules with criterion labels in place of ids. */
  readonly certainty: readonly {
    readonly level: string;
    readonly allOf: readonly string[];
    readonly anyOf?: readonly string[];
    readonly atLeast?: { readonly min: number; readonly of: readonly string[] };
    readonly floor?: string;
  }[];
  readonly differentials: readonly {
    readonly id: string;
    readonly label: string;
    readonly effect: string;
    readonly test: Test;
    readonly sourceIds: readonly string[];
  }[];
  /**
   * How often the disorder follows each therapy class (the incidence file): `reported` figures as the cited
   * source prints them, `assumed` ones are stand-ins where nothing is published (their detail says why).
   */
  readonly epidemiology: readonly IncidenceRate[];
  readonly grading: {
    readonly rules: readonly { readonly grade: number; readonly basis: string }[];
    readonly ctcaeTerm?: string;
    readonly note?: string;
    readonly sourceIds: readonly string[];
  };
  readonly workup: readonly WorkupEntry[];
  readonly management: readonly ManagementGroup[];
  readonly scores: readonly AtlasLink[];
  readonly drugReports: readonly DrugReportLine[];
  readonly references: readonly Reference[];
}

function disorderLink(k: Knowledge, id: string): AtlasLink {
  const d = k.disorders.find((x) => x.id === id);
  return { id, label: d?.name ?? id, path: atlasPath("disorder", id) };
}

function drugLink(k: Knowledge, id: string): AtlasLink {
  const d = k.drugs.drugs.find((x) => x.id === id);
  return { id, label: d?.inn ?? id, path: atlasPath("drug", id) };
}

function reportLines(k: Knowledge, reports: readonly DrugReport[], c: Citations): DrugReportLine[] {
  return reports.map((r) => ({
    ...c.cite(r),
    drugLink: drugLink(k, r.drug),
    disorderLink: disorderLink(k, r.disorder),
  }));
}

function groupManagement(items: readonly Recommendation[]): ManagementGroup[] {
  const groups = new Map<
    string,
    { classes: TherapyClass[]; grades?: ManagementGroup["grades"]; items: Recommendation[] }
  >();
  for (const r of items) {
    const classes = [...(r.when.classes ?? [])].sort();
    const grades: ManagementGroup["grades"] = r.when.gradeUnknown
      ? "unknown"
      : r.when.gradeMin !== undefined || r.when.gradeMax !== undefined
        ? {
            ...(r.when.gradeMin !== undefined && { min: r.when.gradeMin }),
            ...(r.when.gradeMax !== undefined && { max: r.when.gradeMax }),
          }
        : undefined;
    const id = `${classes.join(",")}|${JSON.stringify(grades ?? null)}`;
    const g = groups.get(id) ?? { classes, ...(grades !== undefined && { grades }), items: [] };
    g.items.push(r);
    groups.set(id, g);
  }
  const lowest = (g: ManagementGroup) =>
    g.grades === undefined ? -1 : g.grades === "unknown" ? 99 : (g.grades.min ?? 0);
  return [...groups.values()].sort(
    (a, b) =>
      a.classes.length - b.classes.length ||
      a.classes.join().localeCompare(b.classes.join()) ||
      lowest(a) - lowest(b),
  );
}

function labelsOf(d: Disorder, ids: readonly string[]): string[] {
  return ids.map((id) => d.criteria.find((c) => c.id === id)?.label ?? id);
}

/**
 * The disorder page; undefined for an unknown id.
 *
 * @example disorderPage(knowledge, "ttp")?.differentials.map((d) => d.id);
 */
export function disorderPage(k: Knowledge, id: string): DisorderPage | undefined {
  const d = k.disorders.find((x) => x.id === id);
  const atlas = k.atlas.disorders.find((x) => x.disorder === id);
  if (!d || !atlas) return undefined;
  const c = new Citations(k);
  const statements = (xs: readonly AtlasStatement[]) => xs.map((x) => c.cite(x));
  const definition = c.cite(atlas.definition);
  const manifestations = statements(atlas.manifestations);
  const mechanisms = statements(atlas.mechanisms);
  const onset = statements(atlas.onset);
  const latency = Object.entries(d.latency).map(([therapyClass, w]) =>
    c.cite({
      therapyClass: therapyClass as TherapyClass,
      minDays: w.minDays,
      maxDays: w.maxDays,
      ...(w.note !== undefined && { note: w.note }),
      sourceIds: w.sourceIds,
      ...(w.afterLatestDose !== undefined && { afterLatestDose: c.cite(w.afterLatestDose) }),
    }),
  );
  const latencyByDrug = Object.entries(d.latencyByDrug ?? {}).map(([drug, w]) => {
    const entry = k.drugs.drugs.find((x) => x.id === drug);
    return c.cite({
      drug,
      inn: entry?.inn ?? drug,
      ...(entry !== undefined && { therapyClass: entry.class }),
      minDays: w.minDays,
      maxDays: w.maxDays,
      ...(w.note !== undefined && { note: w.note }),
      sourceIds: w.sourceIds,
      ...(w.afterLatestDose !== undefined && { afterLatestDose: c.cite(w.afterLatestDose) }),
    });
  });
  const criteria = d.criteria.map((x) =>
    c.cite({ id: x.id, label: x.label, test: x.test, sourceIds: x.sourceIds }),
  );
  const differentials = d.differentials.map((x) =>
    c.cite({ id: x.id, label: x.label, effect: x.effect, test: x.test, sourceIds: x.sourceIds }),
  );
  const epidemiology = k.incidence.rates.filter((r) => r.disorder === d.id).map((r) => c.cite(r));
  const grading = c.cite({
    rules: d.grade.rules.map((r) => ({ grade: r.grade, basis: r.basis })),
    ...(d.grade.ctcae && { ctcaeTerm: d.grade.ctcae.term }),
    ...(d.grade.note !== undefined && { note: d.grade.note }),
    sourceIds: d.grade.sourceIds,
  });
  // Entries only an unexplained rule names (an anticoagulant's excess) are not the disorder's work-up.
  const workup = k.workup[d.id].filter((w) => w.onlyNamed !== true).map((w) => c.cite(w));
  const management = groupManagement(k.management[d.id].map((r) => c.cite(r)));
  c.cite(d);
  return {
    id: d.id,
    name: d.name,
    path: atlasPath("disorder", d.id),
    summary: d.summary,
    definition,
    manifestations,
    mechanisms,
    onset,
    latency,
    latencyByDrug,
    criteria,
    certainty: d.certainty.map((r) => ({
      level: r.level,
      allOf: labelsOf(d, r.allOf),
      ...(r.anyOf && { anyOf: labelsOf(d, r.anyOf) }),
      ...(r.atLeast && { atLeast: { min: r.atLeast.min, of: labelsOf(d, r.atLeast.of) } }),
      ...(r.floor && { floor: r.floor }),
    })),
    differentials,
    epidemiology,
    grading,
    workup,
    management,
    scores: d.scores.map((s) => ({ id: s, label: k.scores.get(s)?.name ?? s, path: atlasPath("score", s) })),
    drugReports: reportLines(
      k,
      k.atlas.drugReports.filter((r) => r.disorder === d.id),
      c,
    ),
    references: c.references(),
  };
}

export interface DrugPage {
  readonly id: string;
  readonly path: string;
  readonly entry: DrugEntry;
  readonly drugReports: readonly DrugReportLine[];
  readonly references: readonly Reference[];
}

/**
 * The drug page: the catalogue entry (class, targets, INN, brands, codes, approvals) and the disorders
 * reported with the drug; undefined for an id outside the immunotherapy catalogue.
 *
 * @example drugPage(knowledge, "nivolumab")?.drugReports.map((r) => r.disorder); // ["itp", "itp", "ttp", "aha"]
 */
export function drugPage(k: Knowledge, id: string): DrugPage | undefined {
  const entry = k.drugs.drugs.find((d) => d.id === id);
  if (!entry) return undefined;
  const c = new Citations(k);
  c.cite(entry);
  const drugReports = reportLines(
    k,
    k.atlas.drugReports.filter((r) => r.drug === id),
    c,
  );
  return { id, path: atlasPath("drug", id), entry, drugReports, references: c.references() };
}

export interface ScorePage {
  readonly id: string;
  readonly name: string;
  readonly path: string;
  /** The calculator form: fields, units, choices with their points, bands, assumptions. */
  readonly form: CalculatorForm;
  readonly example?: CalculatorExample;
  /** Disorders whose findings report this score. */
  readonly disorders: readonly AtlasLink[];
  readonly references: readonly Reference[];
}

/**
 * The score page; undefined for an unknown id.
 *
 * @example scorePage(knowledge, "plasmic")?.form.bands.map((b) => b.key); // ["high", "intermediate", "low"]
 */
export function scorePage(k: Knowledge, id: string): ScorePage | undefined {
  const config = k.scores.get(id);
  const form = scoreForm(k, id);
  if (!config || !form) return undefined;
  const c = new Citations(k);
  c.cite(config);
  for (const f of form.fields) c.cite(f);
  const example = k.calculators.examples.find((e) => e.calculator === id);
  if (example) c.cite(example);
  return {
    id,
    name: config.name,
    path: atlasPath("score", id),
    form,
    ...(example && { example }),
    disorders: k.disorders.filter((d) => d.scores.includes(id)).map((d) => disorderLink(k, d.id)),
    references: c.references(),
  };
}

export interface LabPage {
  readonly loinc: string;
  readonly path: string;
  readonly lab: CatalogueLab;
  /** LOINC codes read as this lab, with their long names where the catalogue has them. */
  readonly codes: readonly { readonly code: string; readonly display?: string }[];
  /** CTCAE terms graded on this lab. */
  readonly ctcaeTerms: readonly { readonly term: string; readonly name: string }[];
  readonly scores: readonly AtlasLink[];
  /** Disorders whose work-up requests this lab. */
  readonly workupFor: readonly AtlasLink[];
  /** Criteria and differentials whose test reads this lab, with their disorder. */
  readonly criteria: readonly {
    readonly disorder: AtlasLink;
    readonly id: string;
    readonly label: string;
    readonly role: "criterion" | "differential";
  }[];
  readonly references: readonly Reference[];
}

function readsLab(k: Knowledge, scoreId: string, lab: CatalogueLab): boolean {
  const config = k.scores.get(scoreId);
  if (!config) return false;
  // A D-dimer of unstated basis is read as its FEU or DDU lab: a score reading those reads it too.
  const ids = [lab.id, ...Object.values(lab.basisLabs ?? {})];
  return labsReadBy(config).some((l) => ids.includes(l));
}

/** The lab catalogue ids a test reads, combinators included. */
export function labsOfTest(t: Test): string[] {
  switch (t.kind) {
    case "all-of":
    case "any-of":
      return t.tests.flatMap(labsOfTest);
    case "not":
    case "not-met":
      return labsOfTest(t.test);
    case "lab":
      return Array.isArray(t.lab) ? [...t.lab] : [t.lab as string];
    case "fall":
    case "new-fall":
    case "infusion-related":
    case "dechallenge":
    case "rechallenge":
      return [t.lab];
    default:
      return [];
  }
}

/**
 * The lab page by any LOINC code the catalogue reads as the lab (its deep link uses the first); undefined
 * for a code outside the catalogue.
 *
 * @example labPage(knowledge, "777-3")?.lab.id; // "platelets"
 */
export function labPage(k: Knowledge, loinc: string): LabPage | undefined {
  const lab = k.labCatalogue.byLoinc.get(loinc);
  const primary = lab?.loinc[0];
  if (!lab || primary === undefined) return undefined;
  const c = new Citations(k);
  if (lab.reference) c.cite(lab.reference);
  const workupFor = (Object.keys(k.workup) as DisorderId[]).filter((d) =>
    k.workup[d].some((w) => w.id === lab.id || (w.loinc !== undefined && lab.loinc.includes(w.loinc))),
  );
  return {
    loinc: primary,
    path: atlasPath("lab", primary),
    lab,
    codes: lab.loinc.map((code) => {
      const display = k.labCatalogue.displays.get(code);
      return display === undefined ? { code } : { code, display };
    }),
    ctcaeTerms: k.ctcae.terms.flatMap((t) =>
      t.kind === "lab" && t.lab === lab.id ? [{ term: t.term, name: t.name }] : [],
    ),
    scores: [...k.scores.keys()]
      .filter((s) => readsLab(k, s, lab))
      .map((s) => ({ id: s, label: k.scores.get(s)?.name ?? s, path: atlasPath("score", s) })),
    workupFor: workupFor.map((d) => disorderLink(k, d)),
    criteria: k.disorders.flatMap((d) =>
      [
        ...d.criteria.map((x) => ({ x, role: "criterion" as const })),
        ...d.differentials.map((x) => ({ x, role: "differential" as const })),
      ]
        .filter(({ x }) => labsOfTest(x.test).includes(lab.id))
        .map(({ x, role }) => ({ disorder: disorderLink(k, d.id), id: x.id, label: x.label, role })),
    ),
    references: c.references(),
  };
}
