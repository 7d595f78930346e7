/**
 * Boundary cases for the thresholds of a definition's structure rather than of one test: the latency
 * window of each therapy class (minDays, maxDays, searchFromDay), the episode length (episodeDays) and the
 * counts of certainty rules (atLeast.min). Built like disorder-probes.ts: a patient just inside and just
 * outside the pinned value, run through assessPatient with the real knowledge; expected is what the pinned
 * thresholds give, and a case exists only when the two sides differ.
 */
import { strict as assert } from "node:assert";
import type { ClinicalEvent, LabResult, PatientRecord } from "../../packages/core/src/contracts/model.js";
import type { PatientReport } from "../../packages/core/src/contracts/report.js";
import type { DisorderId, TherapyClass } from "../../packages/core/src/contracts/vocabularies.js";
import { assessPatient } from "../../packages/core/src/engine/assess.js";
import type { Disorder, Test } from "../../packages/core/src/knowledge/disorders.js";
import type { Knowledge } from "../../packages/core/src/knowledge/knowledge.js";
import { pinKnowledge, pinText, type ThresholdCase } from "./cases.js";
import { day, exposureOf, kevent, klab, record, traceStatus } from "./support.js";

const AT = day(2000);

/** Results (or a charted diagnosis) that open an episode of each disorder on day `d` and meet a rule without latency. */
export function opening(
  k: Knowledge,
  id: DisorderId,
  d: number,
): { labs: LabResult[]; events: ClinicalEvent[] } {
  const lab = (l: string, v: number | "positive") => klab(k, l, d, v);
  switch (id) {
    case "itp":
      return { labs: [lab("platelets", 30)], events: [] };
    case "evans":
      // Both arms on one day: Evans reads its own platelet arm, not the ITP finding, so ITP's latency
      // and search start do not decide Evans's.
      return {
        labs: [lab("hemoglobin", 9), lab("dat", "positive"), lab("platelets", 30)],
        events: [kevent("hemolysis", d, { qualifiers: ["autoimmune"] })],
      };
    case "ttp":
      return { labs: [lab("platelets", 30), lab("adamts13-activity", 5)], events: [] };
    case "aha":
      return { labs: [lab("fviii-inhibitor", 2)], events: [] };
    case "dic":
      return {
        labs: [lab("platelets", 30), lab("d-dimer-feu", 5), lab("pt", 19), lab("fibrinogen", 0.8)],
        events: [kevent("active-cancer", d)],
      };
    case "thrombosis":
      return { labs: [], events: [kevent("thrombosis", d, { grade: 4 })] };
    case "carac":
      // CRS the day before (inside its window before the index, never before day 0) and bleeding: every
      // CARAC rule but the charted one can be met.
      return {
        labs: [lab("fibrinogen", 1.2)],
        events: [kevent("crs", Math.max(0, d - 1)), kevent("bleeding", d)],
      };
  }
}

/**
 * Results on one day that feed every score a finding reports and the CTCAE terms disorders grade by, so
 * that an episode's end (which bounds the reported scores and the CTCAE grade) shows in the report.
 */
function scored(k: Knowledge, d: number, id: DisorderId, skip: readonly string[]): LabResult[] {
  const values: Record<string, number> = {
    platelets: 40,
    "d-dimer-feu": 5,
    pt: 19,
    inr: 1.8,
    aptt: 60,
    fibrinogen: 0.8,
    creatinine: 1.5,
    ldh: 600,
    hemoglobin: 7.5,
    wbc: 12,
    mcv: 85,
    fdp: 30,
    crp: 50,
    ferritin: 2000,
    anc: 2,
  };
  // Anaemia with a raised LDH would make an ITP patient's finding Evans syndrome.
  if (id === "itp") for (const lab of ["hemoglobin", "ldh"]) delete values[lab];
  // At 08:00, the instant the episode ends when it opened at 08:00 episodeDays before.
  return Object.entries(values)
    .filter(([lab]) => !skip.includes(lab))
    .map(([lab, v]) => klab(k, lab, d, v));
}

/** A weaker opening: the charted diagnosis alone. */
function charted(id: DisorderId, d: number): ClinicalEvent[] {
  switch (id) {
    case "evans":
      return [kevent("itp", d), kevent("hemolysis", d, { qualifiers: ["autoimmune"] })];
    case "carac":
      return [kevent("crs", d), kevent("dic", d)];
    default:
      return [kevent(id, d)];
  }
}

function patient(
  cls: TherapyClass,
  labs: LabResult[],
  events: ClinicalEvent[],
  doses?: readonly number[],
): PatientRecord {
  return record({ exposures: [exposureOf(cls, doses)], labs, events });
}

interface Pair {
  readonly labels: readonly [string, string];
  readonly records: readonly [PatientRecord, PatientRecord];
}

/**
 * One case: both patients through assessPatient with the pinned knowledge give the expected observations,
 * which must differ; the case holds any knowledge to them.
 */
function pairCase(
  kp: Knowledge,
  key: string,
  what: string,
  pair: Pair,
  observe: (r: PatientReport) => string,
): ThresholdCase | string {
  const expected = pair.records.map((r) => observe(assessPatient(r, AT, kp)));
  if (expected[0] === expected[1]) return `not decisive: both sides give ${expected[0]}`;
  return {
    keys: [key],
    name: `${pinText(key)}: ${pair.labels[0]} → ${what} ${expected[0]}; ${pair.labels[1]} → ${expected[1]}`,
    run(k: Knowledge) {
      pair.records.forEach((r, i) => {
        const report = assessPatient(r, AT, k);
        assert.equal(
          observe(report),
          expected[i],
          `${pair.labels[i]}: ${report.findings.map((f) => f.summary).join(" | ") || "no finding"}`,
        );
      });
    },
  };
}

function certaintyOf(r: PatientReport, id: DisorderId): string {
  const f = r.findings.find((x) => x.disorder === id);
  return f
    ? `${f.certainty}${f.grade !== undefined ? `, grade ${f.grade}` : ""} (onset day ${f.onset?.daysFromFirstDose})`
    : "no finding";
}

/** Certainty, grade, onset and the scores reported with the finding. */
function episodeOf(r: PatientReport, id: DisorderId): string {
  const f = r.findings.find((x) => x.disorder === id);
  if (!f) return "no finding";
  const scores = f.scores.map((x) => `${x.id} ${x.value}`).join(", ");
  return `${certaintyOf(r, id)}${scores ? `; ${scores}` : ""}`;
}

/** Cases for every structural threshold, and the keys no case could be built for, with why. */
export function structureCases(k: Knowledge): {
  cases: ThresholdCase[];
  unsupported: { key: string; why: string }[];
} {
  const kp = pinKnowledge(k);
  const cases: ThresholdCase[] = [];
  const unsupported: { key: string; why: string }[] = [];
  const keep = (key: string, c: ThresholdCase | string) => {
    if (typeof c === "string") unsupported.push({ key, why: c });
    else cases.push(c);
  };
  for (const def of kp.disorders) {
    const file = `disorders/${def.id}.yaml`;
    // Latency: an episode opening on the bound's day and one day outside it.
    for (const [cls, lat] of Object.entries(def.latency) as [
      TherapyClass,
      NonNullable<Disorder["latency"]["ici"]>,
    ][]) {
      const latencyIds = def.criteria.filter((c) => c.test.kind === "latency").map((c) => c.id);
      const observe = (r: PatientReport) => {
        const f = r.findings.find((x) => x.disorder === def.id);
        return f
          ? latencyIds.map((id) => traceStatus(r, def.id, id)).join(", ") || f.certainty
          : "no finding";
      };
      const bounds: [string, number | undefined, number][] = [
        ["minDays", lat.minDays, -1],
        ["maxDays", lat.maxDays, 1],
        ["searchFromDay", lat.searchFromDay, -1],
      ];
      for (const [field, v, out] of bounds) {
        if (v === undefined) continue;
        const key = `${file} latency.${cls}.${field}`;
        const days = [v, v + out] as const;
        const pair: Pair = {
          labels: [`${cls} episode opening on day ${days[0]}`, `on day ${days[1]}`],
          // One dose when a later dose could time the onset instead (afterLatestDose): the first-dose
          // window alone decides; the latest-dose window has its own cases in disorder-hand.ts.
          records: days.map((d) => {
            const o = opening(kp, def.id, d);
            return patient(cls, o.labs, o.events, lat.afterLatestDose ? [0] : undefined);
          }) as [PatientRecord, PatientRecord],
        };
        keep(key, pairCase(kp, key, "latency", pair, observe));
      }
    }
    // Episode length: a charted diagnosis opens the episode on day 60 (CAR-T: day 0); results that open
    // one themselves and feed the reported scores and CTCAE grade come episodeDays later (inside: one
    // episode) or one day more (outside: a second episode).
    {
      const key = `${file} episodeDays`;
      const cls: TherapyClass = def.latency.ici ? "ici" : "car-t";
      const first = cls === "car-t" ? 0 : 60;
      const e = def.episodeDays;
      const pair: Pair = {
        labels: [`charted on day ${first}, results on day ${first + e}`, `results on day ${first + e + 1}`],
        records: [first + e, first + e + 1].map((d) => {
          const o = opening(kp, def.id, d);
          return patient(
            cls,
            [
              ...o.labs,
              ...scored(
                kp,
                d,
                def.id,
                o.labs.map((l) => l.lab),
              ),
            ],
            [...charted(def.id, first), ...o.events],
          );
        }) as [PatientRecord, PatientRecord],
      };
      keep(
        key,
        pairCase(kp, key, "finding", pair, (r) => episodeOf(r, def.id)),
      );
    }
    // Certainty counts: a rule's other criteria met, and exactly `min` (inside) or `min - 1` (outside) of its list.
    def.certainty.forEach((rule, i) => {
      if (!rule.atLeast) return;
      const key = `${file} certainty[${i}].atLeast.min`;
      const c = countCase(kp, def, i, key);
      keep(key, c);
    });
  }
  return { cases, unsupported };
}

/** Records that meet one criterion (its first alternative), placed on day `d`; undefined when it cannot. */
function meet(k: Knowledge, t: Test, d: number): { labs: LabResult[]; events: ClinicalEvent[] } | undefined {
  const none = { labs: [], events: [] };
  switch (t.kind) {
    case "lab": {
      const lab = typeof t.lab === "string" ? t.lab : (t.lab[0] as string);
      const r = k.vocabulary.labById(lab)?.reference;
      if (t.is) return { labs: [klab(k, lab, d, t.is)], events: [] };
      if (t.belowLln !== undefined && r?.low !== undefined)
        return { labs: [klab(k, lab, d, r.low * t.belowLln * 0.5)], events: [] };
      if (t.aboveUln !== undefined)
        return {
          labs: [
            klab(k, lab, d, (r?.high ?? 1) * t.aboveUln * 2, r?.high === undefined ? { refHigh: 1 } : {}),
          ],
          events: [],
        };
      if (t.below !== undefined) return { labs: [klab(k, lab, d, t.below * 0.5)], events: [] };
      if (t.above !== undefined) return { labs: [klab(k, lab, d, t.above * 2)], events: [] };
      return undefined;
    }
    case "event": {
      const kind = (typeof t.event === "string" ? t.event : t.event[0]) as ClinicalEvent["kind"];
      return { labs: [], events: [kevent(kind, d, t.qualifiers ? { qualifiers: t.qualifiers } : {})] };
    }
    case "finding":
      return t.finding === "itp" ? { labs: [klab(k, "platelets", d, 30)], events: [] } : undefined;
    case "any-of":
      for (const c of t.tests) {
        const m = meet(k, c, d);
        if (m) return m;
      }
      return undefined;
    case "all-of": {
      const parts = t.tests.map((c) => meet(k, c, d));
      if (parts.some((p) => p === undefined)) return undefined;
      return { labs: parts.flatMap((p) => p?.labs ?? []), events: parts.flatMap((p) => p?.events ?? []) };
    }
    // Met by absence: nothing not to be known, no drug or event to be absent.
    case "not-met":
      return none;
    case "not":
      return t.test.kind === "event" || t.test.kind === "context-drug" ? none : undefined;
    // Met by the scenario itself: the therapy class and the onset day.
    case "latency":
    case "exposure-class":
      return none;
    default:
      return undefined;
  }
}

/**
 * A certainty rule's count: the rule's other criteria met (and nothing else), and exactly `min` (inside)
 * or `min - 1` (outside) of its counted criteria; the certainty (or the finding) must change.
 */
function countCase(kp: Knowledge, def: Disorder, ruleIndex: number, key: string): ThresholdCase | string {
  const rule = def.certainty[ruleIndex];
  assert.ok(rule?.atLeast);
  const cls: TherapyClass = def.latency.ici ? "ici" : "car-t";
  const d = cls === "car-t" ? 10 : 60;
  const criterion = (id: string) => def.criteria.find((c) => c.id === id)?.test;
  const of = rule.atLeast.of.filter((id) => !rule.allOf.includes(id));
  // An anyOf criterion that is also counted is the first counted one, so both sides keep the anyOf met.
  const anyCounted = (rule.anyOf ?? []).find((id) => of.includes(id));
  if (anyCounted) of.splice(0, of.length, anyCounted, ...of.filter((id) => id !== anyCounted));
  const needed = [...rule.allOf, ...(rule.anyOf && !anyCounted ? rule.anyOf.slice(0, 1) : [])];
  const min = rule.atLeast.min;
  const withN = (n: number) => {
    const labs: LabResult[] = [];
    const events: ClinicalEvent[] = [];
    for (const id of [...needed, ...of.slice(0, n)]) {
      const t = criterion(id);
      const m = t && meet(kp, t, d);
      if (!m) return undefined;
      labs.push(...m.labs.filter((l) => !labs.some((b) => b.lab === l.lab)));
      events.push(...m.events);
    }
    return patient(cls, labs, events);
  };
  const a = withN(min);
  const b = withN(min - 1);
  if (!a || !b) return "cannot meet the rule's criteria from results";
  const pair: Pair = { labels: [`${min} of ${of.join(", ")}`, `${min - 1}`], records: [a, b] };
  return pairCase(kp, key, `${def.id} certainty`, pair, (r) => certaintyOf(r, def.id));
}
