/**
 * A positive lupus anticoagulant on record (antiphospholipid antibodies; APS with a thrombosis once persistent at
 * 12 weeks): EULAR 2019 treats thrombotic APS with a vitamin K antagonist and keeps DOACs out of it
 * (tektonidou-2019-eular-aps). Every plan that offers a DOAC then offers its line without one — LMWH or heparin for
 * a thrombosis (the thrombosis and CAR-T coagulopathy plans), argatroban, bivalirudin, danaparoid or fondaparinux
 * when HIT is suspected (thrombosis, DIC, CAR-T coagulopathy), fondaparinux after a past HIT — and never loses its
 * anticoagulant. The safety rule no-doac-with-antiphospholipid-antibodies holds on every plan.
 */
import { describe, expect, it } from "vitest";
import { assessPatientTraced } from "../../packages/core/src/engine/assess.js";
import { checkPlans } from "../../packages/core/src/engine/manage/invariants.js";
import { planManagement } from "../../packages/core/src/engine/manage/plan.js";
import {
  AT,
  assessDvt,
  carTDvt,
  findingOf,
  knowledge as k,
  planIds,
  reportAndViolations,
} from "../support/assess.js";
import { event, lab, record } from "../support/record.js";

const LA = (value: "positive" | "negative") => lab("lupus-anticoagulant", 396, value);
const recommendations = Object.values(k.management).flat();
const tagsOf = (id: string) => recommendations.find((r) => r.id === id)?.tags ?? [];
const anticoagulant = ["full-dose-anticoagulation", "heparin", "non-heparin-anticoagulant"];

describe("HIT suspected with a positive lupus anticoagulant (ASH 2018 agents, EULAR 2019 without a DOAC)", () => {
  const prefix = { thrombosis: "thr", dic: "dic", carac: "carac" } as const;
  const plan = (disorder: keyof typeof prefix, facts: Record<string, boolean | number>) =>
    planManagement(
      {
        disorder,
        certainty: "probable",
        grade: 3,
        therapyClasses: ["ici"],
        facts: { platelets: 80, "hit-suspected": true, ...facts },
      },
      k.management,
    );

  it.each(["thrombosis", "dic", "carac"] as const)(
    "%s: argatroban, bivalirudin, danaparoid or fondaparinux; no DOAC line, with or without a luminal cancer",
    (disorder) => {
      for (const luminal of [false, true]) {
        const items = plan(disorder, {
          "antiphospholipid-antibody-positive": true,
          "luminal-gi-gu-cancer": luminal,
        });
        const ids = items.map((m) => m.id);
        const p = prefix[disorder];
        expect(ids).toContain(`${p}-hit-non-heparin-antiphospholipid`);
        expect(ids).not.toContain(`${p}-hit-non-heparin`);
        expect(ids).not.toContain(`${p}-hit-non-heparin-luminal`);
        const offered = items.filter((m) => m.kind !== "avoid");
        for (const m of offered) expect(tagsOf(m.id)).not.toContain("doac");
        expect(offered.some((m) => tagsOf(m.id).some((t) => anticoagulant.includes(t)))).toBe(true);
        const line = items.find((m) => m.id === `${p}-hit-non-heparin-antiphospholipid`);
        expect(line?.action).toMatch(/argatroban, bivalirudin, danaparoid or fondaparinux/);
        expect(line?.action).toMatch(/not a DOAC/);
      }
    },
  );

  it.each(["thrombosis", "dic", "carac"] as const)(
    "%s: a negative or absent lupus anticoagulant keeps the usual HIT line (a DOAC among the options)",
    (disorder) => {
      const cases: Record<string, boolean>[] = [{ "antiphospholipid-antibody-positive": false }, {}];
      for (const facts of cases) {
        const ids = plan(disorder, facts).map((m) => m.id);
        expect(ids).toContain(`${prefix[disorder]}-hit-non-heparin`);
        expect(ids).not.toContain(`${prefix[disorder]}-hit-non-heparin-antiphospholipid`);
      }
    },
  );

  it.each(["thrombosis", "dic", "carac"] as const)(
    "%s: with severe renal impairment the renal HIT line (argatroban or bivalirudin) stays, not the antiphospholipid line",
    (disorder) => {
      const ids = plan(disorder, {
        "antiphospholipid-antibody-positive": true,
        "severe-renal-impairment": true,
      }).map((m) => m.id);
      expect(ids).toContain(`${prefix[disorder]}-hit-non-heparin-renal`);
      expect(ids).not.toContain(`${prefix[disorder]}-hit-non-heparin-antiphospholipid`);
    },
  );
});

describe("a DVT with a lupus anticoagulant on record, through the whole assessment", () => {
  it("after a past HIT: fondaparinux, no DOAC, no heparin; without the antibody the DOAC line", () => {
    const hit = [event("hit", 100)];
    const pos = assessDvt([LA("positive")], hit);
    expect(pos.thr).toContain("thr-hit-history-non-heparin-antiphospholipid");
    expect(pos.thr).not.toContain("thr-hit-history-non-heparin");
    expect(pos.thr).not.toContain("thr-anticoagulation-full-dose-antiphospholipid");
    expect(pos.violations).toEqual([]);
    const neg = assessDvt([LA("negative")], hit);
    expect(neg.thr).toContain("thr-hit-history-non-heparin");
    expect(neg.thr).not.toContain("thr-hit-history-non-heparin-antiphospholipid");
  });

  it("in a CAR-T coagulopathy: LMWH or heparin, no DOAC; without the antibody LMWH or a DOAC", () => {
    const run = (value: "positive" | "negative") => {
      const { report, planned } = assessPatientTraced(
        record({ exposures: [carTDvt.exposure], labs: [...carTDvt.labs, LA(value)], events: carTDvt.events }),
        AT,
        k,
      );
      const violations = checkPlans(planned, k.safety, k.management).flatMap((c) => c.violations);
      return { ids: planIds(findingOf(report, "carac")), violations };
    };
    const pos = run("positive");
    expect(pos.ids).toContain("carac-anticoagulation-full-dose-antiphospholipid");
    expect(pos.ids).not.toContain("carac-anticoagulation-full-dose");
    expect(pos.violations).toEqual([]);
    const neg = run("negative");
    expect(neg.ids).toContain("carac-anticoagulation-full-dose");
    expect(neg.ids).not.toContain("carac-anticoagulation-full-dose-antiphospholipid");
  });
});

describe("the safety rule no-doac-with-antiphospholipid-antibodies", () => {
  it("is in force over the DOAC tag with the lupus anticoagulant fact", () => {
    const rule = k.safety.find((r) => r.id === "no-doac-with-antiphospholipid-antibodies");
    expect(rule).toMatchObject({ kind: "forbidden-with-fact", fact: "antiphospholipid-antibody-positive" });
  });

  it("no line that offers a DOAC can be planned beside a positive lupus anticoagulant", () => {
    const doac = recommendations.filter((r) => r.kind !== "avoid" && r.tags?.includes("doac"));
    expect(doac.length).toBeGreaterThan(0);
    for (const r of doac) {
      const gate = r.when?.facts?.find((f) => f.fact === "antiphospholipid-antibody-positive");
      expect(gate, r.id).toMatchObject({ is: false });
    }
  });
});

describe("a DVT with an antiphospholipid syndrome charted (confirmed or suspected), no antibody on record", () => {
  const recommended = (ids: readonly string[]) =>
    ids.filter((id) => recommendations.find((r) => r.id === id)?.kind !== "avoid");

  it("LMWH or heparin with the antibody profile asked for, no line offering a DOAC, no safety violation", () => {
    const aps = assessDvt([], [event("antiphospholipid-syndrome", 100)]);
    expect(aps.thr).toContain("thr-anticoagulation-full-dose-antiphospholipid");
    expect(aps.thr).toContain("thr-antiphospholipid-syndrome-charted-antibodies");
    expect(aps.thr).toContain("thr-avoid-doac-antiphospholipid");
    expect(aps.thr).not.toContain("thr-anticoagulation-full-dose");
    for (const id of recommended(aps.all)) expect(tagsOf(id), id).not.toContain("doac");
    expect(aps.violations).toEqual([]);
    const none = assessDvt([], []);
    expect(none.thr).toContain("thr-anticoagulation-full-dose");
    expect(none.thr).not.toContain("thr-antiphospholipid-syndrome-charted-antibodies");
  });

  it("after a past HIT: fondaparinux, no DOAC; the charted APS counts as the antibodies do", () => {
    const r = assessDvt([], [event("hit", 100), event("antiphospholipid-syndrome", 100)]);
    expect(r.thr).toContain("thr-hit-history-non-heparin-antiphospholipid");
    expect(r.thr).not.toContain("thr-hit-history-non-heparin");
    expect(r.violations).toEqual([]);
  });

  it("a catastrophic APS charted in the episode gives the urgent triple-therapy line, even below 25 ×10⁹/L platelets", () => {
    for (const platelets of [240, 18]) {
      const r = assessDvt(
        [],
        [event("antiphospholipid-syndrome", 394, { qualifiers: ["catastrophic"] })],
        platelets,
      );
      const line = findingOf(r.report, "thrombosis")?.management.find(
        (m) => m.id === "thr-catastrophic-aps-triple-therapy",
      );
      expect(line?.urgent, `platelets ${platelets}`).toBe(true);
      expect(line?.action).toMatch(/hematology now/);
      expect(line?.action).toMatch(/plasma exchange or intravenous immunoglobulin/);
      for (const id of recommended(r.all)) expect(tagsOf(id), id).not.toContain("doac");
      expect(r.violations).toEqual([]);
    }
  });

  it("an APS charted without the catastrophic qualifier gives no triple-therapy line", () => {
    const r = assessDvt([], [event("antiphospholipid-syndrome", 394)]);
    expect(r.thr).not.toContain("thr-catastrophic-aps-triple-therapy");
  });

  it("in a CAR-T coagulopathy: LMWH or heparin, no DOAC", () => {
    const { report, violations } = reportAndViolations(
      record({
        exposures: [carTDvt.exposure],
        labs: carTDvt.labs,
        events: [...carTDvt.events, event("antiphospholipid-syndrome", 100)],
      }),
    );
    const ids = planIds(findingOf(report, "carac"));
    expect(ids).toContain("carac-anticoagulation-full-dose-antiphospholipid");
    expect(ids).not.toContain("carac-anticoagulation-full-dose");
    expect(violations).toEqual([]);
  });
});

/**
 * Catastrophic APS: EULAR 2019 gives heparin with glucocorticoids and plasma exchange or IVIG, but the
 * urgent line may not name heparin beside a bar on it — a HIT suspected or on record (ASH 2018), a heparin allergy
 * (the enoxaparin label), or a major bleed under way (no anticoagulant while it is active). Whatever bars the
 * heparin, exactly one urgent CAPS line stands, and only the unbarred one offers heparin.
 */
describe("catastrophic APS: one urgent line, heparin only where nothing bars it", () => {
  const caps = [
    "thr-catastrophic-aps-triple-therapy",
    "thr-catastrophic-aps-non-heparin",
    "thr-catastrophic-aps-major-bleeding",
  ];
  const plan = (facts: Record<string, boolean | number>) =>
    planManagement(
      {
        disorder: "thrombosis",
        certainty: "probable",
        grade: 3,
        therapyClasses: ["ici"],
        facts: {
          platelets: 90,
          "catastrophic-antiphospholipid-syndrome": true,
          "antiphospholipid-antibody-positive": true,
          ...facts,
        },
      },
      k.management,
    );
  const bars: [string, Record<string, boolean | number>, string][] = [
    ["nothing", {}, "thr-catastrophic-aps-triple-therapy"],
    ["a past HIT", { "hit-history": true }, "thr-catastrophic-aps-non-heparin"],
    ["a suspected HIT", { "hit-suspected": true }, "thr-catastrophic-aps-non-heparin"],
    ["a heparin allergy", { "heparin-hypersensitivity": true }, "thr-catastrophic-aps-non-heparin"],
    ["a major bleed", { "major-bleeding": true, platelets: 15 }, "thr-catastrophic-aps-major-bleeding"],
    [
      "a major bleed after a HIT",
      { "major-bleeding": true, "hit-history": true },
      "thr-catastrophic-aps-major-bleeding",
    ],
  ];
  it.each(bars)("with %s: the one urgent CAPS line is %s", (_, facts, expected) => {
    const items = plan(facts);
    const shown = items.filter((m) => caps.includes(m.id));
    expect(shown.map((m) => m.id)).toEqual([expected]);
    expect(shown[0]?.urgent).toBe(true);
    expect(shown[0]?.action).toMatch(/hematology now/);
    if (expected !== "thr-catastrophic-aps-triple-therapy") {
      expect(shown[0]?.action).not.toMatch(/first with heparin/);
    }
    if (expected === "thr-catastrophic-aps-major-bleeding") {
      expect(shown[0]?.action).toMatch(/no anticoagulant while it is active/);
    }
  });
});
