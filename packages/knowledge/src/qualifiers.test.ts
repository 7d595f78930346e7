import { describe, expect, it } from "vitest";
import { testKnowledgeBundle } from "../../../test/support/knowledge.js";
import { qualifierProblems } from "./qualifiers.js";

describe("qualifierProblems", () => {
  const bundle = testKnowledgeBundle();

  it("finds none in the shipped knowledge: every qualifier read is one an event rule gives", () => {
    expect(qualifierProblems(bundle)).toEqual([]);
  });

  it("names a CTCAE bleeding site whose qualifier no event rule gives (a term no charted bleed can reach)", () => {
    const sites = bundle.ctcae.hemorrhage.sites.map((s) =>
      s.term === "epistaxis" ? { ...s, qualifiers: ["nasal"] } : s,
    );
    const broken = {
      ...bundle,
      ctcae: { ...bundle.ctcae, hemorrhage: { ...bundle.ctcae.hemorrhage, sites } },
    };
    expect(qualifierProblems(broken)).toEqual([
      "ctcae.yaml hemorrhage epistaxis: no rule of events.yaml gives an event of kind bleeding the qualifier nasal",
    ]);
  });

  it("names a Khorana site group no event rule gives, and a disorder test on an unknown qualifier", () => {
    const events = { ...bundle.events, rules: bundle.events.rules.filter((r) => r.id !== "cancer-melanoma") };
    expect(qualifierProblems({ ...bundle, events }).join("\n")).toMatch(
      /scores\/khorana\.yaml site \(0 points\): .* active-cancer the qualifier melanoma/,
    );
    const noArterial = {
      ...bundle.events,
      rules: bundle.events.rules.map((r) => ({
        ...r,
        qualifiers: r.qualifiers.filter((q) => q !== "arterial"),
      })),
    };
    expect(qualifierProblems({ ...bundle, events: noArterial }).join("\n")).toMatch(
      /disorders\/thrombosis\.yaml.*qualifier arterial/,
    );
  });
});
