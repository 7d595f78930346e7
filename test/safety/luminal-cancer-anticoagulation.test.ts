/**
 * A luminal gastrointestinal or urothelial cancer on record (gastric, oesophageal, colorectal, anal, bladder):
 * edoxaban and rivaroxaban carried more bleeding than LMWH in gastrointestinal and possibly genitourinary cancers
 * (ASCO, key-asco-vte-2023), mostly from the upper gastrointestinal tract in gastro-oesophageal cancer (Hokusai
 * VTE Cancer, Select-D, as reviewed in di-nisio-2018-cat-doac-review); apixaban was added by ASCO 2023 with a low
 * risk of major bleeding. The plan is driven by the cancer site charted, not a generic caveat.
 */
import { describe, expect, it } from "vitest";
import type { ClinicalEvent } from "../../packages/core/src/contracts/model.js";
import { planManagement } from "../../packages/core/src/engine/manage/plan.js";
import {
  findingOf as finding,
  planIds as ids,
  knowledge as k,
  pembrolizumab,
  reportAndViolations,
} from "../support/assess.js";
import { day, event, lab, record } from "../support/record.js";

const EVAL = 400; // AT is day 400
const cancer = (site: string, extra: Partial<ClinicalEvent> = {}) =>
  event("active-cancer", -60, { qualifiers: [site], ...extra });

function dvt(events: ClinicalEvent[]) {
  const { report, violations } = reportAndViolations(
    record({
      exposures: [pembrolizumab],
      labs: [lab("platelets", EVAL - 60, 250), lab("platelets", EVAL - 5, 240)],
      events: [event("thrombosis", EVAL - 5, { qualifiers: ["venous", "dvt"] }), ...events],
    }),
  );
  return { thr: ids(finding(report, "thrombosis")), report, violations };
}

describe("anticoagulant choice with a luminal gastrointestinal or urothelial cancer", () => {
  it.each(["stomach", "esophagus", "colorectal", "anal", "bladder"])(
    "%s cancer and a DVT: LMWH or apixaban, not edoxaban or rivaroxaban",
    (site) => {
      const { thr, report, violations } = dvt([cancer(site)]);
      expect(thr).not.toContain("thr-anticoagulation-full-dose");
      expect(thr).toContain("thr-anticoagulation-full-dose-luminal");
      const item = finding(report, "thrombosis")?.management.find(
        (m) => m.id === "thr-anticoagulation-full-dose-luminal",
      );
      expect(item?.action).toMatch(/LMWH or apixaban, not edoxaban or rivaroxaban/);
      expect(violations).toEqual([]);
    },
  );

  it("lung or pancreatic cancer: the usual item (LMWH or any of the three DOACs)", () => {
    for (const site of ["lung", "pancreas"]) {
      const { thr } = dvt([cancer(site)]);
      expect(thr).toContain("thr-anticoagulation-full-dose");
      expect(thr).not.toContain("thr-anticoagulation-full-dose-luminal");
    }
  });

  it("a colorectal cancer that ended (resected, end charted) no longer steers the choice", () => {
    const { thr } = dvt([cancer("lung"), cancer("colorectal", { end: day(-30) })]);
    expect(thr).toContain("thr-anticoagulation-full-dose");
    expect(thr).not.toContain("thr-anticoagulation-full-dose-luminal");
  });

  it("a remote HIT with gastric cancer: apixaban or fondaparinux", () => {
    const { thr, violations } = dvt([cancer("stomach"), event("hit", EVAL - 300)]);
    expect(thr).not.toContain("thr-hit-history-non-heparin");
    expect(thr).toContain("thr-hit-history-non-heparin-luminal");
    expect(violations).toEqual([]);
  });

  it("gastric cancer with cirrhosis: LMWH (the hepatic item), no DOAC at all", () => {
    const { thr, violations } = dvt([
      cancer("stomach"),
      event("liver-disease", EVAL - 300, { qualifiers: ["cirrhosis"] }),
    ]);
    expect(thr).toContain("thr-anticoagulation-full-dose-hepatic");
    expect(thr).not.toContain("thr-anticoagulation-full-dose-luminal");
    expect(violations).toEqual([]);
  });
});

describe("HIT suspected with a luminal gastrointestinal or urothelial cancer (ASH 2018 with ASCO 2023)", () => {
  const plan = (disorder: "thrombosis" | "dic" | "carac", facts: Record<string, boolean | number>) =>
    planManagement(
      {
        disorder,
        certainty: "probable",
        grade: 3,
        therapyClasses: ["ici"],
        facts: { platelets: 80, ...facts },
      },
      k.management,
    );
  const prefix = { thrombosis: "thr", dic: "dic", carac: "carac" } as const;

  it.each(["thrombosis", "dic", "carac"] as const)(
    "%s: apixaban as the only DOAC among the non-heparin agents, never edoxaban, rivaroxaban or heparin",
    (disorder) => {
      const items = plan(disorder, { "hit-suspected": true, "luminal-gi-gu-cancer": true });
      const ids = items.map((m) => m.id);
      expect(ids).toContain(`${prefix[disorder]}-hit-non-heparin-luminal`);
      expect(ids).not.toContain(`${prefix[disorder]}-hit-non-heparin`);
      const offers = items.filter((m) => m.kind !== "avoid").map((m) => m.action);
      for (const a of offers) expect(a).not.toMatch(/or a DOAC|LMWH or|heparin or LMWH/);
      const item = items.find((m) => m.id === `${prefix[disorder]}-hit-non-heparin-luminal`);
      expect(item?.action).toMatch(/apixaban, not edoxaban or rivaroxaban/);
    },
  );

  it.each(["thrombosis", "dic", "carac"] as const)(
    "%s: without a luminal cancer the usual HIT line (any DOAC) stays",
    (disorder) => {
      const ids = plan(disorder, { "hit-suspected": true, "luminal-gi-gu-cancer": false }).map((m) => m.id);
      expect(ids).toContain(`${prefix[disorder]}-hit-non-heparin`);
      expect(ids).not.toContain(`${prefix[disorder]}-hit-non-heparin-luminal`);
    },
  );

  it.each(["thrombosis", "dic", "carac"] as const)(
    "%s: with cirrhosis as well no DOAC at all (the hepatic HIT line)",
    (disorder) => {
      const ids = plan(disorder, {
        "hit-suspected": true,
        "luminal-gi-gu-cancer": true,
        "hepatic-impairment": true,
      }).map((m) => m.id);
      expect(ids).toContain(`${prefix[disorder]}-hit-non-heparin-hepatic`);
      expect(ids).not.toContain(`${prefix[disorder]}-hit-non-heparin-luminal`);
      expect(ids).not.toContain(`${prefix[disorder]}-hit-non-heparin`);
    },
  );

  it.each(["thrombosis", "dic", "carac"] as const)(
    "%s: a history of HIT with a luminal cancer — the heparin avoid line limits the DOACs to apixaban",
    (disorder) => {
      const items = plan(disorder, { "hit-history": true, "luminal-gi-gu-cancer": true });
      const avoid = items.find((m) => m.id === `${prefix[disorder]}-avoid-heparin-hit-history`);
      expect(avoid?.action).toMatch(
        /only apixaban with a gastric, oesophageal, colorectal, anal or bladder cancer/,
      );
      expect(avoid?.action).toMatch(/no DOAC with cirrhosis or liver failure/);
    },
  );
});
