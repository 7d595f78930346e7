/**
 * The cohort page's table as data: the filters (disorder or abnormality, drug or therapy class, lowest
 * certainty, onset date range) and the sort, both kept in the page's query string so that going back from
 * a patient restores the list as it was; the filtering and sorting of the flagged items; the options each
 * filter offers; and the counts of cases by disorder × therapy class.
 */
import { CERTAINTIES, type CohortStatsAnswer, type FlaggedItem } from "@hemosentinel/core";

export interface Filters {
  /** An item id (disorder or abnormality), or "" for all. */
  readonly item: string;
  /** `drug:<id>`, `class:<id>`, or "" for all. */
  readonly drug: string;
  /** Lowest certainty of a finding (unexplained abnormalities, which have none, are then left out), or "". */
  readonly certainty: string;
  /** Onset dates, inclusive (YYYY-MM-DD), or "". */
  readonly from: string;
  readonly to: string;
}

export const NO_FILTERS: Filters = { item: "", drug: "", certainty: "", from: "", to: "" };

export const SORT_KEYS = ["person", "item", "certainty", "grade", "drug", "at", "days", "status"] as const;
export type SortKey = (typeof SORT_KEYS)[number];
export type Direction = "ascending" | "descending";

export interface Sort {
  readonly key: SortKey;
  readonly direction: Direction;
}

/** The screen's own order (most certain and severe first) until a column is chosen. */
export const DEFAULT_SORT: Sort = { key: "certainty", direction: "descending" };

const FILTER_KEYS = ["item", "drug", "certainty", "from", "to"] as const;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The filters and sort a query string names (what it names wrongly is left out). */
export function stateOf(search: string): { filters: Filters; sort: Sort } {
  const q = new URLSearchParams(search);
  const get = (k: string) => q.get(k) ?? "";
  const certainty = (CERTAINTIES as readonly string[]).includes(get("certainty")) ? get("certainty") : "";
  const key = (SORT_KEYS as readonly string[]).includes(get("sort")) ? (get("sort") as SortKey) : undefined;
  return {
    filters: {
      item: get("item"),
      drug: /^(drug|class):./.test(get("drug")) ? get("drug") : "",
      certainty,
      from: DATE.test(get("from")) ? get("from") : "",
      to: DATE.test(get("to")) ? get("to") : "",
    },
    sort:
      key === undefined
        ? DEFAULT_SORT
        : { key, direction: get("dir") === "descending" ? "descending" : "ascending" },
  };
}

/** The query string of the filters and sort ("" when both are the defaults). */
export function searchOf(filters: Filters, sort: Sort): string {
  const q = new URLSearchParams();
  for (const k of FILTER_KEYS) if (filters[k] !== "") q.set(k, filters[k]);
  if (sort.key !== DEFAULT_SORT.key || sort.direction !== DEFAULT_SORT.direction) {
    q.set("sort", sort.key);
    q.set("dir", sort.direction);
  }
  const text = q.toString();
  return text === "" ? "" : `?${text}`;
}

/** Most certain first: definite 3 … possible 1, none 0. */
const rank = (c: string | undefined) => {
  const i = c === undefined ? -1 : (CERTAINTIES as readonly string[]).indexOf(c);
  return i < 0 ? 0 : CERTAINTIES.length - i;
};
const STATUS_RANK: Readonly<Record<FlaggedItem["status"], number>> = { new: 2, changed: 1, unchanged: 0 };

/** The items the filters keep. */
export function filterItems(items: readonly FlaggedItem[], f: Filters): FlaggedItem[] {
  const [drugKind, drugId] = f.drug === "" ? ["", ""] : (f.drug.split(/:(.*)/s) as [string, string]);
  const least = f.certainty === "" ? 0 : rank(f.certainty);
  return items.filter((i) => {
    const day = i.at.slice(0, 10);
    return (
      (f.item === "" || i.item === f.item) &&
      (drugKind !== "drug" || i.drug === drugId) &&
      (drugKind !== "class" || i.drugClass === drugId) &&
      rank(i.certainty) >= least &&
      (f.from === "" || (day !== "" && day >= f.from)) &&
      (f.to === "" || (day !== "" && day <= f.to))
    );
  });
}

/** A column's value for sorting: numbers compare as numbers, text as text; missing values sort last. */
function sortValue(i: FlaggedItem, key: SortKey): number | string | undefined {
  switch (key) {
    case "person":
      return /^\d+$/.test(i.personId) ? Number(i.personId) : i.personId;
    case "item":
      return `${i.kind === "finding" ? 0 : 1}${i.item}`;
    case "certainty":
      return i.kind === "finding" ? rank(i.certainty) : undefined;
    case "grade":
      return i.grade;
    case "drug":
      return i.drug;
    case "at":
      return i.at === "" ? undefined : i.at;
    case "days":
      return i.daysFromFirstDose;
    case "status":
      return STATUS_RANK[i.status];
  }
}

function compare(a: number | string, b: number | string): number {
  if (typeof a === "number" && typeof b === "number") return a - b;
  return String(a).localeCompare(String(b), "en", { numeric: true });
}

/**
 * The items sorted by `sort` (stable: ties keep the screen's order, most certain and severe first); items
 * without a value in the column come last either way.
 */
export function sortItems(items: readonly FlaggedItem[], sort: Sort): FlaggedItem[] {
  const sign = sort.direction === "ascending" ? 1 : -1;
  return items
    .map((item, index) => ({ item, index, value: sortValue(item, sort.key) }))
    .sort((a, b) => {
      if (a.value === undefined || b.value === undefined)
        return a.value === b.value ? a.index - b.index : a.value === undefined ? 1 : -1;
      return sign * compare(a.value, b.value) || a.index - b.index;
    })
    .map((x) => x.item);
}

export interface FilterOptions {
  /** Disorders with a finding in the run, then abnormalities flagged as unexplained. */
  readonly disorders: readonly string[];
  readonly abnormalities: readonly string[];
  /** Therapy classes with their drugs, as the run attributed onsets. */
  readonly classes: readonly { readonly drugClass: string; readonly drugs: readonly string[] }[];
}

/** What each filter offers: the values the run's items hold. */
export function filterOptions(items: readonly FlaggedItem[]): FilterOptions {
  const sorted = (xs: Iterable<string>) => [...new Set(xs)].sort();
  const byClass = new Map<string, Set<string>>();
  for (const i of items)
    if (i.drug !== undefined) {
      const c = i.drugClass ?? "unknown";
      byClass.set(c, (byClass.get(c) ?? new Set()).add(i.drug));
    }
  return {
    disorders: sorted(items.filter((i) => i.kind === "finding").map((i) => i.item)),
    abnormalities: sorted(items.filter((i) => i.kind === "unexplained").map((i) => i.item)),
    classes: sorted(byClass.keys()).map((drugClass) => ({
      drugClass,
      drugs: sorted(byClass.get(drugClass) ?? []),
    })),
  };
}

export interface CaseCounts {
  /** Therapy classes with their exposed persons, most persons first. */
  readonly classes: readonly { readonly drugClass: string; readonly persons: number }[];
  /** One row per disorder with a case in any class: the cases in each class, in `classes` order. */
  readonly rows: readonly { readonly disorder: string; readonly cases: readonly number[] }[];
}

/** Cases by disorder × therapy class, from the statistics by class. */
export function caseCounts(stats: CohortStatsAnswer): CaseCounts {
  const classes = stats.groups.map((g) => ({ drugClass: g.group, persons: g.persons }));
  const disorders = [...new Set(stats.groups.flatMap((g) => g.disorders.map((d) => d.disorder)))];
  const rows = disorders
    .map((disorder) => ({
      disorder,
      cases: stats.groups.map((g) => g.disorders.find((d) => d.disorder === disorder)?.cases ?? 0),
    }))
    .filter((r) => r.cases.some((n) => n > 0));
  return { classes, rows };
}
