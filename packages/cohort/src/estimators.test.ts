import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  cumulativeIncidence,
  type FollowUp,
  incidenceAt,
  incidenceInterval,
  poissonInterval,
  quantile,
  ratePer100PatientYears,
} from "./estimators.js";

interface ReferenceSet {
  name: string;
  days: number[];
  status: (0 | 1 | 2)[];
  cif: { times: number[]; estimate: number[]; variance: number[] };
  at: { days: number[]; estimate: number[]; variance: number[] };
  poisson: { events: number; personDays: number; low: number; high: number };
  onsetQuantiles: number[];
}

// Written by fixtures/estimators.R with R and cmprsk; CI does not need R.
const reference = JSON.parse(
  readFileSync(join(import.meta.dirname, "..", "fixtures", "estimators.json"), "utf8"),
) as { sets: ReferenceSet[] };

const close = (a: number, b: number) =>
  expect(Math.abs(a - b)).toBeLessThan(1e-10 * Math.max(1, Math.abs(b)));

describe.each(reference.sets)("against R on $name", (set) => {
  const data: FollowUp[] = set.days.map((days, i) => ({ days, status: set.status[i] as 0 | 1 | 2 }));
  const cif = cumulativeIncidence(data);

  it("the Aalen–Johansen estimate and Gray's variance equal cmprsk::cuminc at every event time", () => {
    // cuminc lists the times of cause-1 events and the last follow-up time.
    set.cif.times.forEach((day, i) => {
      const { estimate, variance } = incidenceAt(cif, day);
      close(estimate, set.cif.estimate[i] as number);
      close(variance, set.cif.variance[i] as number);
    });
  });

  it("the values at 30, 90 and 180 days equal cmprsk::timepoints", () => {
    set.at.days.forEach((day, i) => {
      const { estimate, variance } = incidenceAt(cif, day);
      close(estimate, set.at.estimate[i] as number);
      close(variance, set.at.variance[i] as number);
    });
  });

  it("the exact Poisson interval equals poisson.test", () => {
    const { low, high } = poissonInterval(set.poisson.events);
    close(low / set.poisson.personDays, set.poisson.low);
    close(high / set.poisson.personDays, set.poisson.high);
  });

  it("the onset quartiles equal quantile(type = 7)", () => {
    const onset = set.days.filter((_, i) => set.status[i] === 1);
    [0.25, 0.5, 0.75].forEach((p, i) => {
      close(quantile(onset, p) as number, set.onsetQuantiles[i] as number);
    });
  });
});

describe("cumulative incidence", () => {
  it("without competing events and censoring equals the share of events", () => {
    const cif = cumulativeIncidence([
      { days: 1, status: 1 },
      { days: 2, status: 1 },
      { days: 3, status: 0 },
      { days: 3, status: 0 },
    ]);
    expect(incidenceAt(cif, 0).estimate).toBe(0);
    expect(incidenceAt(cif, 1).estimate).toBeCloseTo(0.25, 12);
    expect(incidenceAt(cif, 365).estimate).toBeCloseTo(0.5, 12);
  });

  it("a death before the event removes the person from those who can still have it (no 1 − KM bias)", () => {
    // Half die on day 1, then every survivor has the event: cumulative incidence 1/2, whereas 1 − KM
    // treating deaths as censored would say 1.
    const data: FollowUp[] = [
      ...Array.from({ length: 5 }, () => ({ days: 1, status: 2 as const })),
      ...Array.from({ length: 5 }, () => ({ days: 10, status: 1 as const })),
    ];
    expect(incidenceAt(cumulativeIncidence(data), 30).estimate).toBeCloseTo(0.5, 12);
  });

  it("never decreases and stays within [0, 1] (property)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ days: fc.integer({ min: 0, max: 365 }), status: fc.constantFrom(0, 1, 2) }), {
          maxLength: 80,
        }),
        (rows) => {
          const { estimate, variance } = cumulativeIncidence(rows as FollowUp[]);
          for (let i = 0; i < estimate.length; i++) {
            expect(estimate[i]).toBeGreaterThanOrEqual(i === 0 ? 0 : (estimate[i - 1] as number) - 1e-15);
            expect(estimate[i]).toBeLessThanOrEqual(1 + 1e-12);
            expect(variance[i]).toBeGreaterThanOrEqual(-1e-15);
          }
        },
      ),
    );
  });

  it("has a log(−log) interval around the estimate inside (0, 1), none at 0", () => {
    const ci = incidenceInterval(0.1, 0.0004);
    expect(ci?.low).toBeGreaterThan(0);
    expect(ci?.low).toBeLessThan(0.1);
    expect(ci?.high).toBeGreaterThan(0.1);
    expect(ci?.high).toBeLessThan(1);
    expect(incidenceInterval(0, 0)).toBeUndefined();
  });
});

describe("incidence rate", () => {
  it("is events per 100 patient-years with the exact interval (no events: lower limit 0)", () => {
    const r = ratePer100PatientYears(0, 365.25 * 50);
    expect(r?.rate).toBe(0);
    expect(r?.low).toBe(0);
    // R: poisson.test(0, 50)$conf.int[2] * 100 = 7.377759
    expect(r?.high).toBeCloseTo(7.377759, 5);
    expect(ratePer100PatientYears(2, 0)).toBeUndefined();
  });

  it("has the textbook limits for 3 events (0.6187, 8.7673)", () => {
    const { low, high } = poissonInterval(3);
    expect(low).toBeCloseTo(0.6187, 4);
    expect(high).toBeCloseTo(8.7673, 4);
  });
});

describe("quantile", () => {
  it("interpolates between order statistics and is undefined for no values", () => {
    expect(quantile([4, 1, 3, 2], 0.25)).toBe(1.75);
    expect(quantile([7], 0.5)).toBe(7);
    expect(quantile([], 0.5)).toBeUndefined();
  });
});
