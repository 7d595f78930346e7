import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import {
  DISORDER_IDS,
  FactCondition,
  Recommendation,
  SharedManagementFile,
  When,
  WORKUP_LAB_IDS,
  WorkupEntry,
} from "@hemosentinel/core";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { crossProblems, loadKnowledgeBundle } from "./bundle.js";
import { knowledgeDir } from "./read.js";
import { loadManagement, loadReferences, loadUnexplained, loadWorkup, SHARED_MANAGEMENT } from "./sources.js";

describe("the shared management section (management/every.yaml)", () => {
  const k = loadManagement();
  const file = SharedManagementFile.parse(
    parse(readFileSync(join(knowledgeDir(), "management", `${SHARED_MANAGEMENT}.yaml`), "utf8")),
  );
  const own = (d: (typeof DISORDER_IDS)[number]) =>
    Recommendation.array().parse(
      parse(readFileSync(join(knowledgeDir(), "management", `${d}.yaml`), "utf8")).recommendations,
    );

  it("gives every disorder's plan each shared item once, under its id prefix, after its own items", () => {
    for (const d of DISORDER_IDS) {
      const ids = file.recommendations
        .filter((r) => r.plans === undefined || r.plans.includes(d))
        .map((r) => `${file.idPrefix[d]}-${r.id}`);
      // The variants a `without` makes follow their item (management.ts withVariants) and are left out here.
      const plan = k[d].filter((r) => r.replaces === undefined);
      expect(
        plan.slice(-ids.length).map((r) => r.id),
        d,
      ).toEqual(ids);
      expect(plan.slice(0, -ids.length), d).toEqual(own(d));
    }
  });

  it("writes the VEGF-antibody stop and the reversal once: no disorder file repeats their text", () => {
    const count = (d: (typeof DISORDER_IDS)[number]) =>
      file.recommendations.filter((r) => r.plans === undefined || r.plans.includes(d)).length;
    const shared = DISORDER_IDS.flatMap((d) => k[d].slice(-count(d)));
    for (const d of DISORDER_IDS)
      for (const r of own(d)) {
        expect(r.id.endsWith("-avoid-vegf-antibody-bleeding"), r.id).toBe(false);
        expect(r.id.endsWith("-major-bleeding-reversal"), r.id).toBe(false);
        expect(
          shared.some((x) => x.action === r.action),
          r.id,
        ).toBe(false);
      }
  });

  it("gives a line that names its plans to those plans only: the breastfeeding anticoagulant to thrombosis and CARAC", () => {
    const has = (d: (typeof DISORDER_IDS)[number]) =>
      k[d].some((r) => r.id === `${file.idPrefix[d]}-anticoagulation-full-dose-breastfeeding`);
    expect(DISORDER_IDS.filter(has)).toEqual(["thrombosis", "carac"]);
  });

  it("reads a disorder's variant: TTP and AHA close the reversal their own way, ITP adds to its caveat", () => {
    const reversal = (d: (typeof DISORDER_IDS)[number]) =>
      k[d].find((r) => r.id.endsWith("-major-bleeding-reversal"));
    expect(reversal("dic")?.action).toMatch(
      /\. An antiplatelet agent is stopped — with cardiology where it protects a recent coronary stent or acute coronary syndrome, whose thrombosis stopping it risks; platelet transfusion or desmopressin is decided with hematology\.$/,
    );
    expect(reversal("ttp")?.action).toMatch(/platelet transfusion only for life-threatening bleeding in TTP/);
    expect(reversal("aha")?.action).toMatch(
      /not desmopressin, which is not used in acquired haemophilia A\.$/,
    );
    expect(reversal("itp")?.caveat).toMatch(/before it\. In ITP, transfused platelets are destroyed/);
    expect(reversal("thrombosis")?.caveat).toMatch(/creatinine clearance below 50 mL\/min .* before it\.$/);
    // Each is a valid recommendation, with the shared line it is as its identity (set by the compiler, never
    // written in a plan's file: the schema refuses it there).
    for (const d of DISORDER_IDS) {
      const { shared, ...written } = reversal(d) ?? { shared: undefined };
      expect(shared, d).toBe("major-bleeding-reversal");
      expect(Recommendation.safeParse(written).success, d).toBe(true);
      expect(Recommendation.safeParse({ ...written, shared }).success, d).toBe(false);
    }
  });

  it("validates the section: a variant must change something, and may replace only an actionEnd the item has", () => {
    const item = { id: "x", kind: "supportive", action: "Do something useful.", sourceIds: ["a"] };
    const ok = (recommendations: unknown[]) =>
      SharedManagementFile.safeParse({ idPrefix: file.idPrefix, recommendations }).success;
    expect(ok([item])).toBe(true);
    expect(ok([{ ...item, variants: { ttp: {} } }])).toBe(false);
    expect(ok([{ ...item, variants: { ttp: { actionEnd: "Then something else." } } }])).toBe(false);
    expect(
      ok([{ ...item, actionEnd: "Then this.", variants: { ttp: { actionEnd: "Then that instead." } } }]),
    ).toBe(true);
    expect(ok([{ ...item, kind: "avoid" }])).toBe(false); // an avoid item lists what it avoids
    expect(
      SharedManagementFile.safeParse({ idPrefix: { itp: "ITP" }, recommendations: [item] }).success,
    ).toBe(false);
  });
});

describe("loadManagement", () => {
  const k = loadManagement();

  it("loads a non-empty plan for every disorder", () => {
    for (const d of DISORDER_IDS) expect(k[d].length).toBeGreaterThan(0);
  });

  it("resolves every sourceId to a reference in knowledge/references", () => {
    const refs = new Set(loadReferences().map((r) => r.id));
    for (const d of DISORDER_IDS)
      for (const r of k[d]) for (const s of r.sourceIds) expect(refs.has(s), s).toBe(true);
  });

  it("a bundle whose plans cite a source the references do not hold does not hold together", () => {
    const b = loadKnowledgeBundle();
    expect(crossProblems({ ...b, references: [] }).join()).toMatch(/unknown reference ids cited/);
  });

  it("gives every avoid item what it avoids and no other item an avoids list", () => {
    for (const d of DISORDER_IDS) {
      for (const r of k[d]) expect(r.kind === "avoid", r.id).toBe(r.avoids !== undefined);
    }
  });

  // A line offering two drugs a charted allergy may bar (rituximab and IVIG, heparin and IVIG) has its wording
  // without each and without both: with both barred the line would otherwise be dropped with the treatment that
  // remains (cyclosporine, mycophenolate, a TPO-RA, corticosteroids).
  it("gives every line offering two drugs an allergy may bar its wording without each and without both", () => {
    const all = DISORDER_IDS.flatMap((d) => k[d]);
    const barred = new Set(
      all
        .filter(
          (r) =>
            r.kind === "avoid" &&
            r.scope === "patient" &&
            // A hypersensitivity that bars (is: true), not one whose absence gates a line.
            r.when.facts?.some((f) => f.fact.endsWith("hypersensitivity") && f.is === true),
        )
        .flatMap((r) => r.avoids ?? []),
    );
    expect([...barred].sort()).toEqual(["caplacizumab", "heparin", "ivig", "rituximab", "tocilizumab"]);
    const subsets = (tags: string[]): string[][] =>
      tags.length === 0 ? [[]] : subsets(tags.slice(1)).flatMap((s) => [s, [tags[0] as string, ...s]]);
    let checked = 0;
    for (const r of all) {
      if (r.kind === "avoid" || r.replaces !== undefined) continue;
      const offers = (r.tags ?? []).filter((t) => barred.has(t)).sort();
      if (offers.length < 2) continue;
      checked += 1;
      const variants = all
        .filter((v) => v.replaces?.id === r.id)
        .map((v) => [...(v.replaces?.tags ?? [])].sort().join("+"));
      for (const s of subsets(offers).filter((x) => x.length > 0))
        expect(variants, `${r.id} without ${s.join("+")}`).toContain([...s].sort().join("+"));
    }
    expect(checked).toBeGreaterThan(0);
  });
});

describe("loadWorkup", () => {
  const w = loadWorkup();

  it("lists work-up tests for every disorder, each cited", () => {
    for (const d of DISORDER_IDS) {
      expect(w[d].length).toBeGreaterThan(0);
      for (const t of w[d]) expect(t.sourceIds.length).toBeGreaterThan(0);
    }
  });

  it("carries the LOINC codes verified in lab catalogues (ARUP, LabCorp, Mayo)", () => {
    const loinc = new Map(DISORDER_IDS.flatMap((d) => w[d]).map((t) => [t.id, t.loinc]));
    expect(loinc.get("adamts13-activity")).toBe("53622-7");
    expect(loinc.get("adamts13-inhibitor")).toBe("40824-5");
    expect(loinc.get("fviii-activity")).toBe("3209-4");
    expect(loinc.get("fviii-inhibitor")).toBe("3204-5");
    expect(loinc.get("haptoglobin")).toBe("4542-7");
  });

  it("keeps the FVIII inhibitor titre and ADAMTS13 activity when the diagnosis is definite", () => {
    expect(w.aha.find((t) => t.id === "fviii-inhibitor")?.guidesTreatment).toBe(true);
    expect(w.ttp.find((t) => t.id === "adamts13-activity")?.guidesTreatment).toBe(true);
  });

  it("agrees with the lab catalogue (knowledge/labs.yaml) on LOINC codes when that catalogue exists", () => {
    const path = join(knowledgeDir(), "labs.yaml");
    if (!existsSync(path)) return;
    const text = readFileSync(path, "utf8");
    const data = parse(text) as unknown;
    const codes = new Map<string, Set<string>>();
    const visit = (node: unknown): void => {
      if (Array.isArray(node)) for (const n of node) visit(n);
      else if (node && typeof node === "object") {
        const o = node as Record<string, unknown>;
        if (typeof o.id === "string" && WORKUP_LAB_IDS.has(o.id)) {
          const found = JSON.stringify(o).match(/\d{1,7}-\d(?!\d)/g) ?? [];
          codes.set(o.id, new Set(found));
        }
        for (const v of Object.values(o)) visit(v);
      }
    };
    visit(data);
    for (const t of DISORDER_IDS.flatMap((d) => w[d])) {
      const known = codes.get(t.id);
      if (t.loinc && known && known.size > 0) expect(known.has(t.loinc), `${t.id} ${t.loinc}`).toBe(true);
    }
  });
});

describe("schemas", () => {
  it("rejects a fact condition with no or two operators", () => {
    expect(FactCondition.safeParse({ fact: "platelets" }).success).toBe(false);
    expect(FactCondition.safeParse({ fact: "platelets", below: 50, above: 10 }).success).toBe(false);
    expect(FactCondition.safeParse({ fact: "platelets", below: 50 }).success).toBe(true);
  });

  it("rejects a condition on an unknown fact or of the wrong type", () => {
    expect(FactCondition.safeParse({ fact: "platelet", below: 50 }).success).toBe(false);
    expect(FactCondition.safeParse({ fact: "platelets", is: true }).success).toBe(false);
    expect(FactCondition.safeParse({ fact: "bleeding", below: 1 }).success).toBe(false);
  });

  it("rejects a grade range that is empty or combined with gradeUnknown", () => {
    expect(When.safeParse({ gradeMin: 3, gradeMax: 2 }).success).toBe(false);
    expect(When.safeParse({ gradeUnknown: true, gradeMin: 2 }).success).toBe(false);
    expect(When.safeParse({ gradeMin: 2, gradeMax: 2 }).success).toBe(true);
  });

  it("takes either-facts (anyFacts) as two or more boolean conditions on distinct facts", () => {
    const inhibitor = { fact: "cyp3a4-pgp-inhibitor-on-board", is: true } as const;
    const inducer = { fact: "cyp3a4-pgp-inducer-on-board", is: true } as const;
    expect(When.safeParse({ anyFacts: [inhibitor, inducer] }).success).toBe(true);
    expect(When.safeParse({ anyFacts: [inhibitor, { ...inducer, ifUnknown: true }] }).success).toBe(true);
    expect(When.safeParse({ anyFacts: [inhibitor] }).success).toBe(false);
    expect(When.safeParse({ anyFacts: [inhibitor, { ...inhibitor, is: false }] }).success).toBe(false);
    expect(When.safeParse({ anyFacts: [inhibitor, { fact: "platelets", below: 50 }] }).success).toBe(false);
    expect(When.safeParse({ anyFacts: [inhibitor, { fact: "platelets", is: true }] }).success).toBe(false);
  });

  it("merges the inhibitor and inducer variants of each DOAC-free item into one either-facts item", () => {
    const k = loadManagement();
    const either = DISORDER_IDS.flatMap((d) => k[d]).filter((r) => r.when.anyFacts !== undefined);
    expect(either.map((r) => r.id).sort()).toEqual([
      // Not DOAC-free variants: the weighing of anticoagulation after a recent major operation, for a thrombosis or an
      // anticoagulant on board, in every plan.
      // Not DOAC-free variants: an oral anticoagulant (a DOAC or a VKA) continued through a minimal bleed-risk
      // procedure, in every plan.
      "aha-anticoagulant-through-planned-minimal-risk-procedure",
      "aha-anticoagulation-after-recent-surgery",
      // Not DOAC-free variants: the weighing of anticoagulation beside a bleed that is not major, for a thrombosis or
      // an anticoagulant on board, in every plan.
      "aha-anticoagulation-beside-non-major-bleeding",
      // Not DOAC-free variants: tranexamic acid in severe renal impairment, wherever a plan could offer it
      // (life-threatening bleeding or hyperfibrinolysis).
      "aha-avoid-antifibrinolytic-severe-renal-impairment",
      // Not DOAC-free variants: the corticosteroid without cyclophosphamide for a woman of childbearing age or one
      // breastfeeding (AICE; the cyclophosphamide label contraindicates breastfeeding).
      "aha-immunosuppression-childbearing-age",
      "aha-immunosuppression-childbearing-age-without-rituximab",
      // Not DOAC-free variants: the major-bleeding reversal without the 4-factor PCC (Kcentra label: not with
      // HIT now or on record, nor in DIC), in every plan.
      "aha-major-bleeding-reversal-no-pcc",
      // Not DOAC-free variants: with HIT suspected, platelets only for a major bleed or a high-bleeding-risk
      // procedure, and the line that says so (safety.yaml no-routine-platelets-with-hit-suspected).
      // Not DOAC-free variants: no plasma for a mildly raised INR before a low-risk procedure or a central line.
      "aha-no-plasma-for-inr-before-planned-low-risk-procedure",
      "aha-platelets-hit-bleeding-or-procedure",
      // Not DOAC-free variants: the thromboprophylaxis for once FVIII rises, not beside a major bleed unless every
      // major bleed has ended.
      "aha-thromboprophylaxis",
      "carac-anticoagulant-through-planned-minimal-risk-procedure",
      "carac-anticoagulation-after-recent-surgery",
      "carac-anticoagulation-beside-non-major-bleeding",
      "carac-anticoagulation-full-dose-interaction",
      // The heparin-allergy line where a DOAC is not for the patient (pregnancy, breastfeeding, an interacting drug,
      // liver disease, antiphospholipid antibodies): fondaparinux.
      "carac-anticoagulation-heparin-hypersensitivity-fondaparinux",
      "carac-avoid-antifibrinolytic-severe-renal-impairment",
      // Not DOAC-free variants: argatroban with a cirrhosis beside a HIT (suspected or past) or a heparin allergy (EU label:
      // contraindicated in severe hepatic impairment), wherever a plan could name it.
      "carac-avoid-argatroban-hepatic-impairment",
      // Not DOAC-free variants: the lab-driven transfusion avoid lines, not shown beside a high-risk thrombus
      // unless ITP or TTP rules platelet support out.
      "carac-avoid-lab-driven-transfusion",
      // Not DOAC-free variants: CARTOX's treatment of a haemophagocytic syndrome likely or charted after CAR-T or a
      // T-cell engager (with and without tocilizumab, and during a serious infection), in the ITP, DIC and CARAC plans.
      "carac-cart-hlh-cartox-treatment",
      "carac-cart-hlh-cartox-treatment-severe-infection",
      "carac-cart-hlh-cartox-treatment-without-tocilizumab",
      "carac-hit-non-heparin-interaction",
      "carac-major-bleeding-reversal-no-pcc",
      // The non-heparin line of a prosthetic heart valve with a HIT (suspected or past) or a heparin allergy.
      "carac-no-plasma-for-inr-before-planned-low-risk-procedure",
      "carac-non-heparin-prosthetic-valve",
      "carac-platelets-bleeding",
      "carac-platelets-hit-bleeding-or-procedure",
      "dic-anticoagulant-through-planned-minimal-risk-procedure",
      "dic-anticoagulation-after-recent-surgery",
      "dic-anticoagulation-beside-non-major-bleeding",
      "dic-avoid-antifibrinolytic-severe-renal-impairment",
      "dic-avoid-argatroban-hepatic-impairment",
      "dic-avoid-lab-driven-transfusion",
      "dic-cart-hlh-cartox-treatment",
      "dic-cart-hlh-cartox-treatment-severe-infection",
      "dic-cart-hlh-cartox-treatment-without-tocilizumab",
      "dic-hit-non-heparin-interaction",
      // Not DOAC-free variants: a haemophagocytic syndrome likely or charted after a checkpoint inhibitor (the
      // hold, the treatment and the tocilizumab allergy), in the ITP and DIC plans.
      "dic-ici-hlh-avoid-tocilizumab-hypersensitivity",
      "dic-ici-hlh-corticosteroids",
      "dic-ici-hlh-second-line",
      "dic-ici-hlh-second-line-severe-infection",
      "dic-ici-hlh-second-line-without-tocilizumab",
      "dic-major-bleeding-reversal-no-pcc",
      "dic-no-plasma-for-inr-before-planned-low-risk-procedure",
      "dic-non-heparin-prosthetic-valve",
      "dic-platelets-bleeding",
      "dic-platelets-hit-bleeding-or-procedure",
      // The anticoagulant dose review with HIT now or on record (no LMWH), in the ITP and Evans plans.
      "evans-anticoagulant-through-planned-minimal-risk-procedure",
      "evans-anticoagulation-after-recent-surgery",
      "evans-anticoagulation-beside-non-major-bleeding",
      "evans-antithrombotic-25-50-hit",
      "evans-avoid-antifibrinolytic-severe-renal-impairment",
      "evans-avoid-argatroban-hepatic-impairment",
      "evans-major-bleeding-reversal-no-pcc",
      "evans-no-plasma-for-inr-before-planned-low-risk-procedure",
      "evans-platelets-hit-bleeding-or-procedure",
      "itp-anticoagulant-through-planned-minimal-risk-procedure",
      "itp-anticoagulation-after-recent-surgery",
      "itp-anticoagulation-beside-non-major-bleeding",
      "itp-antithrombotic-25-50-hit",
      "itp-avoid-antifibrinolytic-severe-renal-impairment",
      "itp-avoid-argatroban-hepatic-impairment",
      "itp-cart-hlh-cartox-treatment",
      "itp-cart-hlh-cartox-treatment-severe-infection",
      "itp-cart-hlh-cartox-treatment-without-tocilizumab",
      "itp-ici-hlh-avoid-tocilizumab-hypersensitivity",
      "itp-ici-hlh-corticosteroids",
      "itp-ici-hlh-hold",
      "itp-ici-hlh-second-line",
      "itp-ici-hlh-second-line-severe-infection",
      "itp-ici-hlh-second-line-without-tocilizumab",
      "itp-major-bleeding-reversal-no-pcc",
      "itp-no-plasma-for-inr-before-planned-low-risk-procedure",
      "itp-platelets-hit-bleeding-or-procedure",
      // Not a DOAC-free variant: the second line of a fall attributed to an anti-CD20 antibody with a thrombosis or
      // a marrow neoplasm (neither rituximab nor a TPO-receptor agonist).
      "itp-second-line-anti-cd20-culprit-no-tpo-ra",
      "thr-anticoagulant-through-planned-minimal-risk-procedure",
      "thr-anticoagulation-after-recent-surgery",
      "thr-anticoagulation-beside-non-major-bleeding",
      "thr-anticoagulation-full-dose-interaction",
      "thr-anticoagulation-heparin-hypersensitivity-fondaparinux",
      "thr-avoid-antifibrinolytic-severe-renal-impairment",
      "thr-avoid-argatroban-hepatic-impairment",
      // Not a DOAC-free variant: the catastrophic APS emergency with a HIT (suspected or past) or a heparin allergy,
      // whose anticoagulant is not a heparin.
      "thr-catastrophic-aps-non-heparin",
      "thr-high-risk-pe-emergency-bleeding",
      "thr-hit-history-non-heparin-interaction",
      "thr-hit-non-heparin-interaction",
      "thr-major-bleeding-reversal-no-pcc",
      "thr-no-plasma-for-inr-before-planned-low-risk-procedure",
      "thr-non-heparin-prosthetic-valve",
      "thr-platelets-hit-bleeding-or-procedure",
      "ttp-anticoagulant-through-planned-minimal-risk-procedure",
      "ttp-anticoagulation-after-recent-surgery",
      "ttp-anticoagulation-beside-non-major-bleeding",
      "ttp-avoid-antifibrinolytic-severe-renal-impairment",
      "ttp-avoid-argatroban-hepatic-impairment",
      // Not DOAC-free variants: caplacizumab's anticoagulant cautions (without HIT, and with a history of HIT),
      // for a thrombosis or a drug on board.
      "ttp-caplacizumab-anticoagulation",
      "ttp-caplacizumab-anticoagulation-heparin-hypersensitivity",
      "ttp-caplacizumab-anticoagulation-heparin-hypersensitivity-renal",
      "ttp-caplacizumab-anticoagulation-hit-history",
      "ttp-caplacizumab-anticoagulation-without-lmwh",
      "ttp-major-bleeding-reversal-no-pcc",
      "ttp-no-plasma-for-inr-before-planned-low-risk-procedure",
      "ttp-platelets-hit-bleeding-or-procedure",
      // Not DOAC-free variants: TTP thromboprophylaxis with no bleed, or every bleed of the episode ended.
      "ttp-thromboprophylaxis",
      "ttp-thromboprophylaxis-without-heparin",
      "ttp-thromboprophylaxis-without-lmwh",
    ]);
    // No copy of an either-facts item is left behind in its plan under another id.
    for (const d of DISORDER_IDS)
      for (const r of k[d].filter((x) => x.when.anyFacts !== undefined))
        expect(
          k[d].filter((x) => x.action === r.action).map((x) => x.id),
          r.id,
        ).toEqual([r.id]);
  });

  it("requires a source and, for avoid items only, an avoids list", () => {
    const base = { id: "x-1", kind: "first-line", action: "Give something useful.", sourceIds: ["a"] };
    expect(Recommendation.safeParse(base).success).toBe(true);
    expect(Recommendation.safeParse({ ...base, sourceIds: [] }).success).toBe(false);
    expect(Recommendation.safeParse({ ...base, kind: "avoid" }).success).toBe(false);
    expect(Recommendation.safeParse({ ...base, avoids: ["heparin"] }).success).toBe(false);
    expect(Recommendation.safeParse({ ...base, kind: "avoid", avoids: ["heparin"] }).success).toBe(true);
  });

  it("marks urgent only lines to act on, never an avoid item; every plan's major-bleeding reversal is urgent", () => {
    const base = { id: "x-1", kind: "first-line", action: "Give something useful.", sourceIds: ["a"] };
    expect(Recommendation.safeParse({ ...base, urgent: true }).success).toBe(true);
    expect(
      Recommendation.safeParse({ ...base, kind: "avoid", avoids: ["heparin"], urgent: true }).success,
    ).toBe(false);
    const k = loadManagement();
    for (const d of DISORDER_IDS)
      expect(k[d].find((r) => r.id.endsWith("-major-bleeding-reversal"))?.urgent, d).toBe(true);
    // Below the 25 ×10⁹/L floor the thrombosis plan withholds anticoagulation (ISTH SSC 2018): the first thing
    // to do for a patient who may be taking it, so it heads the plan as the other plans' avoid lines do.
    for (const id of ["thr-anticoagulation-below-25", "thr-below-25-high-risk"])
      expect(k.thrombosis.find((r) => r.id === id)?.urgent, id).toBe(true);
  });

  it("transfuses irradiated platelets in CAR-T-associated coagulopathy (every blood product to day 90 after CAR-T)", () => {
    const line = loadManagement().carac.find((r) => r.id === "carac-platelets-bleeding");
    expect(line?.action).toMatch(/irradiated/);
    expect(line?.sourceIds).toContain("rejeski-2023-icaht");
  });

  it("allows a LOINC only on lab tests", () => {
    const t = { id: "compression-ultrasound", test: "CUS", why: "Confirms DVT in a leg.", sourceIds: ["a"] };
    expect(WorkupEntry.safeParse(t).success).toBe(true);
    expect(WorkupEntry.safeParse({ ...t, loinc: "777-3" }).success).toBe(false);
    expect(WorkupEntry.safeParse({ ...t, id: "platelets", loinc: "777-3" }).success).toBe(true);
  });
});

describe("an unexplained event rule's plan (unexplained.yaml events[].plan, carries)", () => {
  it("gives the unexplained major bleed its own stop-and-measure line, then the shared reversal lines it carries, written once in every.yaml", () => {
    const rule = loadUnexplained().events.find((e) => e.id === "major-bleeding");
    const shared = SharedManagementFile.parse(
      parse(readFileSync(join(knowledgeDir(), "management", `${SHARED_MANAGEMENT}.yaml`), "utf8")),
    );
    const ids = (rule?.plan ?? []).map((r) => r.id);
    expect(ids[0]).toBe("unexplained-bleeding-stop-anticoagulant-measure-level");
    for (const id of [
      "major-bleeding-reversal",
      "major-bleeding-reversal-aha",
      "major-bleeding-reversal-no-pcc",
    ]) {
      const carried = rule?.plan?.find((r) => r.id === `unexplained-major-bleeding-${id}`);
      const source = shared.recommendations.find((r) => r.id === id);
      expect(carried?.action.startsWith(source?.action ?? "?")).toBe(true);
      expect(carried?.tags).toEqual(source?.tags);
    }
    // Only the lines named are carried (and the leading adult-dose line): the VEGF-antibody stop, which both labels
    // give for any grade 3–4 bleed, but no ICH avoid line of every plan.
    expect(ids).toContain("unexplained-major-bleeding-avoid-vegf-antibody-bleeding");
    expect(ids).not.toContain("unexplained-major-bleeding-avoid-anticoagulation-recent-ich");
    expect(ids).toContain("unexplained-major-bleeding-paediatric-adult-doses");
  });
});

describe("what an unexplained abnormality shows (unexplained.yaml `shows`)", () => {
  const b = loadKnowledgeBundle();
  const anemia = b.unexplained.labs.find((l) => l.term === "anemia");
  const aiha = anemia?.shows?.find((s) => s.id === "ici-aiha");
  /** The bundle with the anaemia rule's AIHA entry replaced. */
  const withAiha = (entry: NonNullable<typeof aiha>) => ({
    ...b,
    unexplained: {
      ...b.unexplained,
      labs: b.unexplained.labs.map((l) =>
        l === anemia ? { ...l, shows: (l.shows ?? []).map((s) => (s === aiha ? entry : s)) } : l,
      ),
    },
  });

  it("holds together as shipped: one entry named on several rules is the same entry", () => {
    expect(aiha).toBeDefined();
    expect(crossProblems(b).filter((p) => p.includes("shows"))).toEqual([]);
  });

  it("refuses a lab that is not in labs.yaml, an entry that differs from another of its id, and a plan id used twice", () => {
    if (aiha === undefined) throw new Error("no ici-aiha entry");
    expect(crossProblems(withAiha({ ...aiha, positive: ["dat-typo"] })).join()).toMatch(
      /shows ici-aiha: dat-typo is not a lab of labs\.yaml/,
    );
    expect(crossProblems(withAiha({ ...aiha, withinDays: 3 })).join()).toMatch(
      /aiha-charted shows ici-aiha: another entry has this id and differs from it/,
    );
    const [first] = aiha.plan ?? [];
    if (first === undefined) throw new Error("no plan");
    const reused = { ...first, id: "evans-folic-acid" };
    expect(crossProblems(withAiha({ ...aiha, plan: [reused] })).join()).toMatch(
      /shows ici-aiha: plan id evans-folic-acid is used twice/,
    );
  });
});

describe("a score beside an unexplained cytopenia (unexplained.yaml `besideScore`)", () => {
  const b = loadKnowledgeBundle();
  const platelets = b.unexplained.labs.find((l) => l.term === "platelet-count-decreased");
  const beside = platelets?.besideScore;
  /** The bundle with the platelet rule's besideScore replaced. */
  const withBeside = (s: NonNullable<typeof beside>) => ({
    ...b,
    unexplained: {
      ...b.unexplained,
      labs: b.unexplained.labs.map((l) => (l === platelets ? { ...l, besideScore: s } : l)),
    },
  });

  it("holds together as shipped: the HScore and its 169 are the hscore-hlh differential's", () => {
    expect(beside).toMatchObject({ score: "hscore", atLeast: 169, asDifferential: "hscore-hlh" });
    expect(crossProblems(b).filter((p) => p.includes("besideScore") || p.includes("workup"))).toEqual([]);
  });

  it("refuses an unknown score, a cut-off apart from the differential's, an unknown differential and an unknown work-up", () => {
    if (beside === undefined) throw new Error("no besideScore on the platelet rule");
    const at = "unexplained.yaml platelet-count-decreased besideScore";
    expect(crossProblems(withBeside({ ...beside, score: "hscore-typo" })).join()).toContain(
      `${at}: hscore-typo is not a score of scores.yaml`,
    );
    expect(crossProblems(withBeside({ ...beside, atLeast: 168 })).join()).toContain(
      `${at}: differential hscore-hlh does not test hscore at 168 or more`,
    );
    expect(crossProblems(withBeside({ ...beside, asDifferential: "hscore-typo" })).join()).toContain(
      `${at}: hscore-typo is no differential of a disorder`,
    );
    expect(crossProblems(withBeside({ ...beside, workup: ["itp/soluble-cd25-typo"] })).join()).toContain(
      "unexplained.yaml: workup itp/soluble-cd25-typo is not an entry of workup.yaml",
    );
  });
});

describe("a T-cell engager's label rule (management/facts.yaml epcoritamab-on-record)", () => {
  const b = loadKnowledgeBundle();
  const withDrugs = (drugs: string[]) => ({
    ...b,
    managementFacts: {
      ...b.managementFacts,
      "epcoritamab-on-record": { ...b.managementFacts["epcoritamab-on-record"], drugs },
    },
  });

  it("holds together as shipped: epcoritamab is a catalogue engager and the unread fact counts its rule", () => {
    expect(crossProblems(b).filter((p) => p.includes("epcoritamab-on-record"))).toEqual([]);
    expect(b.managementFacts["engager-platelet-label-unread"].readIn).toContain("epcoritamab-on-record");
  });

  it("names a drug that is not an engager of the catalogue, so the generic line cannot silently go for it", () => {
    expect(crossProblems(withDrugs(["pembrolizumab"])).join()).toContain(
      "management/facts.yaml epcoritamab-on-record: pembrolizumab is not a T-cell engager of drugs.yaml",
    );
    expect(crossProblems(withDrugs(["epcoritamabb"])).join()).toContain(
      "epcoritamab-on-record: epcoritamabb is not a T-cell engager",
    );
  });
});

describe("the engagers whose label rule was not read (management/facts.yaml engager-platelet-label-unread)", () => {
  const b = loadKnowledgeBundle();
  const fact = b.managementFacts["engager-platelet-label-unread"];
  const withUnread = (unread: string[]) => ({
    ...b,
    managementFacts: { ...b.managementFacts, "engager-platelet-label-unread": { ...fact, unread } },
  });
  const problems = (x: Parameters<typeof crossProblems>[0]) =>
    crossProblems(x).filter(
      (p) => p.includes("label is unread") || p.includes("engager-platelet-label-unread"),
    );
  const generic = b.management.itp.find((r) => r.id === "itp-bispecific-no-guideline");

  it("as shipped, every named engager of the catalogue is read or listed unread, and the ITP line's caveat names each unread one", () => {
    expect(problems(b)).toEqual([]);
    const named = b.drugs.drugs.filter((d) => d.class === "bispecific" && !d.generic).map((d) => d.id);
    expect([...fact.unread, "epcoritamab"].sort()).toEqual([...named].sort());
    for (const drug of fact.unread) expect(generic?.caveat).toContain(drug);
  });

  it("reports an engager dropped from the list, so its label cannot go unread in silence", () => {
    const unread = fact.unread.filter((d) => d !== "odronextamab");
    expect(problems(withUnread(unread))).toEqual([
      "management/facts.yaml engager-platelet-label-unread: odronextamab is neither read nor listed unread",
    ]);
  });

  it("reports a read label listed unread, a drug that is no named engager, and a caveat that misses a name", () => {
    expect(problems(withUnread([...fact.unread, "epcoritamab"])).join()).toContain(
      "epcoritamab is listed unread but its label rule is read",
    );
    expect(problems(withUnread([...fact.unread, "bispecific-unspecified"])).join()).toContain(
      "bispecific-unspecified is not a named T-cell engager of drugs.yaml",
    );
    const itp = b.management.itp.map((r) =>
      r.id === "itp-bispecific-no-guideline"
        ? { ...r, caveat: r.caveat?.replace("tebentafusp", "a gp100 engager") }
        : r,
    );
    expect(problems({ ...b, management: { ...b.management, itp } })).toEqual([
      "management/itp.yaml itp-bispecific-no-guideline: its caveat does not name tebentafusp, whose label is unread",
    ]);
  });
});
