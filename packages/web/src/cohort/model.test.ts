/**
 * The cohort page's list as a reviewer uses it: filters by disorder, drug or class, lowest certainty and
 * onset dates (each bound inclusive, tested on both sides); sorting by each column, numbers as numbers,
 * missing values last, ties in the screen's order; the state in the query string and back; the options
 * each filter offers; cases by disorder × therapy class.
 */
import type { CohortStatsAnswer, FlaggedItem } from "@hemosentinel/core";
import { describe, expect, it } from "vitest";
import {
  caseCounts,
  DEFAULT_SORT,
  filterItems,
  filterOptions,
  NO_FILTERS,
  searchOf,
  sortItems,
  stateOf,
} from "./model.js";

const item = (over: Partial<FlaggedItem>): FlaggedItem => ({
  personId: "1",
  kind: "finding",
  item: "itp",
  certainty: "probable",
  grade: 3,
  at: "2025-03-10T00:00:00Z",
  drug: "pembrolizumab",
  drugClass: "ici",
  daysFromFirstDose: 40,
  summary: "",
  status: "new",
  ...over,
});

const ITEMS: FlaggedItem[] = [
  item({
    personId: "10",
    item: "ttp",
    certainty: "definite",
    grade: 4,
    at: "2025-02-01T00:00:00Z",
    daysFromFirstDose: 12,
  }),
  item({ personId: "2", status: "unchanged" }),
  item({
    personId: "3",
    item: "dic",
    certainty: "possible",
    grade: 2,
    drug: "axicabtagene-ciloleucel",
    drugClass: "car-t",
    at: "2025-03-11T00:00:00Z",
    daysFromFirstDose: 5,
    status: "changed",
  }),
  {
    personId: "4",
    kind: "unexplained",
    item: "platelet-count-decreased",
    grade: 4,
    at: "2025-03-09T08:00:00Z",
    summary: "",
    status: "new",
  },
];

const persons = (items: readonly FlaggedItem[]) => items.map((i) => i.personId);

describe("filterItems", () => {
  it("keeps every item without filters, and one disorder's or abnormality's items with one", () => {
    expect(persons(filterItems(ITEMS, NO_FILTERS))).toEqual(["10", "2", "3", "4"]);
    expect(persons(filterItems(ITEMS, { ...NO_FILTERS, item: "itp" }))).toEqual(["2"]);
    expect(persons(filterItems(ITEMS, { ...NO_FILTERS, item: "platelet-count-decreased" }))).toEqual(["4"]);
  });

  it("filters by one drug or by a whole therapy class", () => {
    expect(persons(filterItems(ITEMS, { ...NO_FILTERS, drug: "drug:pembrolizumab" }))).toEqual(["10", "2"]);
    expect(persons(filterItems(ITEMS, { ...NO_FILTERS, drug: "class:car-t" }))).toEqual(["3"]);
  });

  it("keeps findings at or above the lowest certainty (unexplained abnormalities have none)", () => {
    expect(persons(filterItems(ITEMS, { ...NO_FILTERS, certainty: "possible" }))).toEqual(["10", "2", "3"]);
    expect(persons(filterItems(ITEMS, { ...NO_FILTERS, certainty: "probable" }))).toEqual(["10", "2"]);
    expect(persons(filterItems(ITEMS, { ...NO_FILTERS, certainty: "definite" }))).toEqual(["10"]);
  });

  it("keeps onsets within the dates, both bounds inclusive, by calendar date", () => {
    const range = (from: string, to: string) => persons(filterItems(ITEMS, { ...NO_FILTERS, from, to }));
    expect(range("2025-03-10", "2025-03-10")).toEqual(["2"]);
    expect(range("2025-03-09", "2025-03-10")).toEqual(["2", "4"]);
    expect(range("2025-03-11", "")).toEqual(["3"]);
    expect(range("", "2025-02-01")).toEqual(["10"]);
    expect(range("", "2025-01-31")).toEqual([]);
    // An item without an onset is left out once a date bound is set.
    expect(persons(filterItems([item({ at: "" })], { ...NO_FILTERS, from: "2000-01-01" }))).toEqual([]);
  });
});

describe("sortItems", () => {
  it("sorts person ids as numbers, both ways", () => {
    expect(persons(sortItems(ITEMS, { key: "person", direction: "ascending" }))).toEqual([
      "2",
      "3",
      "4",
      "10",
    ]);
    expect(persons(sortItems(ITEMS, { key: "person", direction: "descending" }))).toEqual([
      "10",
      "4",
      "3",
      "2",
    ]);
  });

  it("puts items without a value last either way, ties in the screen's order", () => {
    expect(persons(sortItems(ITEMS, { key: "certainty", direction: "descending" }))).toEqual([
      "10",
      "2",
      "3",
      "4",
    ]);
    expect(persons(sortItems(ITEMS, { key: "certainty", direction: "ascending" }))).toEqual([
      "3",
      "2",
      "10",
      "4",
    ]);
    expect(persons(sortItems(ITEMS, { key: "days", direction: "ascending" }))).toEqual(["3", "10", "2", "4"]);
    expect(persons(sortItems(ITEMS, { key: "grade", direction: "descending" }))).toEqual([
      "10",
      "4",
      "2",
      "3",
    ]);
  });

  it("sorts by onset, drug, finding (findings before abnormalities) and status (new first)", () => {
    expect(persons(sortItems(ITEMS, { key: "at", direction: "ascending" }))).toEqual(["10", "4", "2", "3"]);
    expect(persons(sortItems(ITEMS, { key: "drug", direction: "ascending" }))).toEqual(["3", "10", "2", "4"]);
    expect(persons(sortItems(ITEMS, { key: "item", direction: "ascending" }))).toEqual(["3", "2", "10", "4"]);
    expect(persons(sortItems(ITEMS, { key: "status", direction: "descending" }))).toEqual([
      "10",
      "4",
      "3",
      "2",
    ]);
  });
});

describe("the state in the query string", () => {
  it("round-trips filters and sort, and leaves defaults out", () => {
    const filters = {
      item: "itp",
      drug: "class:ici",
      certainty: "probable",
      from: "2025-01-01",
      to: "2025-06-30",
    };
    const sort = { key: "days", direction: "descending" } as const;
    expect(stateOf(searchOf(filters, sort))).toEqual({ filters, sort });
    expect(searchOf(NO_FILTERS, DEFAULT_SORT)).toBe("");
    expect(stateOf("")).toEqual({ filters: NO_FILTERS, sort: DEFAULT_SORT });
  });

  it("ignores what it cannot use (an unknown certainty, column or drug form, a date that is not one)", () => {
    expect(stateOf("?certainty=likely&sort=colour&drug=pembro&from=March&to=2025-13")).toEqual({
      filters: NO_FILTERS,
      sort: DEFAULT_SORT,
    });
  });
});

describe("filterOptions and caseCounts", () => {
  it("offers the run's disorders, abnormalities and drugs by class", () => {
    expect(filterOptions(ITEMS)).toEqual({
      disorders: ["dic", "itp", "ttp"],
      abnormalities: ["platelet-count-decreased"],
      classes: [
        { drugClass: "car-t", drugs: ["axicabtagene-ciloleucel"] },
        { drugClass: "ici", drugs: ["pembrolizumab"] },
      ],
    });
  });

  it("counts cases by disorder × class, leaving out disorders without a case", () => {
    const d = (disorder: string, cases: number) => ({
      disorder,
      cases,
      deaths: 0,
      patientYears: 1,
      cumulative: [],
      curve: [],
    });
    const stats: CohortStatsAnswer = {
      run: { runId: 2, evaluatedAt: "2025-06-30T23:59:59Z", knowledgeVersion: "k" },
      by: "class",
      minCertainty: "possible",
      groups: [
        {
          group: "ici",
          persons: 50,
          outsideObservation: 0,
          disorders: [d("itp", 3), d("ttp", 0), d("aha", 0)],
        },
        {
          group: "car-t",
          persons: 9,
          outsideObservation: 1,
          disorders: [d("itp", 0), d("ttp", 1), d("aha", 0)],
        },
      ],
    };
    expect(caseCounts(stats)).toEqual({
      classes: [
        { drugClass: "ici", persons: 50 },
        { drugClass: "car-t", persons: 9 },
      ],
      rows: [
        { disorder: "itp", cases: [3, 0] },
        { disorder: "ttp", cases: [0, 1] },
      ],
    });
  });
});
