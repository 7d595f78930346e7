/**
 * order-avoids.yaml holds together with the plans and the catalogue: a tag of the plans the map forgot
 * would let a forbidden draft order (heparin with HIT suspected) through the order-sign service silently.
 */
import { describe, expect, it } from "vitest";
import { loadKnowledgeBundle } from "./bundle.js";
import { orderAvoidProblems } from "./order-avoid-checks.js";

const b = loadKnowledgeBundle();

describe("order-avoids.yaml", () => {
  it("maps every avoid tag of the plans, or names it as given by no medication order", () => {
    expect(orderAvoidProblems(b)).toEqual([]);
  });

  it("fails when a tag the plans avoid is missing, listed twice, unused, or names an unknown drug or role", () => {
    const tags = b.orderAvoids.tags;
    const without = {
      ...b,
      orderAvoids: { ...b.orderAvoids, tags: tags.filter((t) => t.tag !== "heparin") },
    };
    expect(orderAvoidProblems(without)).toEqual([
      "order-avoids.yaml: the plans avoid heparin, which is not listed",
    ]);
    const first = tags[0];
    if (first === undefined) throw new Error("no tags");
    const twice = { ...b, orderAvoids: { ...b.orderAvoids, tags: [...tags, first] } };
    expect(orderAvoidProblems(twice)).toContain(`order-avoids.yaml: ${first.tag} is listed twice`);
    const odd = {
      ...b,
      orderAvoids: {
        ...b.orderAvoids,
        tags: [
          ...tags,
          { tag: "no-such-tag", roles: [], drugs: ["no-such-drug"], sourceIds: ["who-atc-ddd-2026"] },
        ],
      },
    };
    expect(orderAvoidProblems(odd)).toEqual([
      "order-avoids.yaml: no plan avoids no-such-tag",
      "order-avoids.yaml no-such-tag: no catalogue drug no-such-drug",
    ]);
  });

  it("fails when a prophylactic dose is given twice, or for a drug no dose-level tag covers, or a product twice", () => {
    const doses = b.orderAvoids.prophylacticDoses;
    const first = doses[0];
    const product = b.orderAvoids.products[0];
    if (first === undefined || product === undefined) throw new Error("no doses or products");
    const odd = {
      ...b,
      orderAvoids: {
        ...b.orderAvoids,
        prophylacticDoses: [...doses, first, { ...first, drug: "tranexamic-acid" }],
        products: [...b.orderAvoids.products, product],
      },
    };
    expect(orderAvoidProblems(odd)).toEqual([
      `order-avoids.yaml: ${product.tags[0]} is listed twice`,
      `order-avoids.yaml: two prophylactic doses of ${first.drug}`,
      "order-avoids.yaml: no dose-level tag covers tranexamic-acid, whose dose is listed",
      `order-avoids.yaml: product ${product.id} is listed twice`,
    ]);
  });

  it("the blood-product tags of the plans are read from orders, not listed as given by none", () => {
    expect(b.orderAvoids.products.flatMap((p) => p.tags).sort()).toEqual([
      "plasma-transfusion",
      "platelet-transfusion",
    ]);
    expect(b.orderAvoids.notOrders.map((t) => t.tag)).toEqual([
      "invasive-procedure",
      "systemic-thrombolysis",
    ]);
  });

  it("fails when a line's exception names an order reason the file does not hold", () => {
    const reasons = b.orderAvoids.reasons.filter((r) => r.id !== "serious-bleeding");
    expect(orderAvoidProblems({ ...b, orderAvoids: { ...b.orderAvoids, reasons } })).toEqual([
      "itp-avoid-platelets-hit: exceptReasons names serious-bleeding, not a reason of order-avoids.yaml",
      "evans-avoid-platelets-hit: exceptReasons names serious-bleeding, not a reason of order-avoids.yaml",
      "ttp-avoid-platelet-transfusion: exceptReasons names serious-bleeding, not a reason of order-avoids.yaml",
      "ttp-avoid-platelets-hit: exceptReasons names serious-bleeding, not a reason of order-avoids.yaml",
      "aha-avoid-platelets-hit: exceptReasons names serious-bleeding, not a reason of order-avoids.yaml",
      "thr-avoid-platelets-hit: exceptReasons names serious-bleeding, not a reason of order-avoids.yaml",
      "dic-avoid-lab-driven-transfusion: exceptReasons names serious-bleeding, not a reason of order-avoids.yaml",
      "dic-avoid-lab-driven-plasma-thrombus: exceptReasons names serious-bleeding, not a reason of order-avoids.yaml",
      "dic-avoid-platelets-hit: exceptReasons names serious-bleeding, not a reason of order-avoids.yaml",
      "carac-avoid-lab-driven-transfusion: exceptReasons names serious-bleeding, not a reason of order-avoids.yaml",
      "carac-avoid-lab-driven-plasma-thrombus: exceptReasons names serious-bleeding, not a reason of order-avoids.yaml",
      "carac-avoid-platelets-hit: exceptReasons names serious-bleeding, not a reason of order-avoids.yaml",
      "tma-avoid-platelet-transfusion: exceptReasons names serious-bleeding, not a reason of order-avoids.yaml",
      "tma-not-ttp-avoid-platelets-hit: exceptReasons names serious-bleeding, not a reason of order-avoids.yaml",
      "inr-liver-avoid-plasma-for-inr: exceptReasons names serious-bleeding, not a reason of order-avoids.yaml",
      "procedure-avoid-platelets-hit: exceptReasons names serious-bleeding, not a reason of order-avoids.yaml",
    ]);
  });

  it("every new haemostatic role is carried by a catalogue drug", () => {
    const roles = new Set(b.drugs.contextDrugs.flatMap((d) => d.roles));
    for (const r of ["antifibrinolytic", "desmopressin", "apcc", "human-fviii"] as const)
      expect(roles.has(r)).toBe(true);
  });
  it("a notice names a plan line that rests on the facts the order service reads: an unknown line or another fact fails", () => {
    const notice = b.orderAvoids.notices[0];
    if (notice === undefined) throw new Error("no notices");
    expect(notice.lines).toEqual(["anti-cd38-blood-bank"]);
    const withLines = (lines: string[]) => ({
      ...b,
      orderAvoids: { ...b.orderAvoids, notices: [{ ...notice, lines }] },
    });
    expect(orderAvoidProblems(withLines(["no-such-line"]))).toEqual([
      "order-avoids.yaml notice red-cells: no plan line no-such-line",
    ]);
    // The HIT platelet line rests on other facts (HIT suspected, no bleeding): the order service cannot read them.
    expect(orderAvoidProblems(withLines(["avoid-platelets-hit"]))[0]).toMatch(
      /^order-avoids.yaml notice red-cells: avoid-platelets-hit must rest on anti-cd38-antibody-recent, hepatitis-b-on-record alone, not on hit-suspected$/,
    );
  });

  it("the rituximab notice rests on the hepatitis B fact; a fact it does not read stands only where it holds when unknown; its drug must be in the catalogue", () => {
    const notice = b.orderAvoids.notices.find((n) => n.id === "rituximab-hepatitis-b");
    if (notice === undefined) throw new Error("no rituximab notice");
    expect(notice.drugs).toEqual(["rituximab"]);
    expect(notice.unlessRoles).toEqual(["hbv-antiviral"]);
    // rituximab-hepatitis-b-prophylaxis: hepatitis-b-on-record, and rituximab-severe-hypersensitivity false if unknown.
    expect(orderAvoidProblems(b)).toEqual([]);
    const withNotice = (n: typeof notice) => ({
      ...b,
      orderAvoids: { ...b.orderAvoids, notices: [n] },
    });
    expect(orderAvoidProblems(withNotice({ ...notice, drugs: ["no-such-drug"] }))).toEqual([
      "order-avoids.yaml notice rituximab-hepatitis-b: no-such-drug is no catalogue drug of drugs.yaml",
    ]);
    // The premedication line rests on rituximab-hypersensitivity, a fact the service does not read, with no ifUnknown.
    expect(
      orderAvoidProblems(withNotice({ ...notice, lines: ["rituximab-prior-reaction-premedication"] })),
    ).toEqual([
      "order-avoids.yaml notice rituximab-hepatitis-b: rituximab-prior-reaction-premedication must rest on anti-cd38-antibody-recent, hepatitis-b-on-record alone, not on rituximab-hypersensitivity, rituximab-severe-hypersensitivity",
    ]);
  });
});
