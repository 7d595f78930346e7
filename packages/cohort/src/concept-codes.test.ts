import { describe, expect, it } from "vitest";
import { testKnowledge } from "../../../test/support/knowledge.js";
import { type OmopConcept, sourceConcept } from "./concepts.js";

// An OMOP condition is read from its condition_concept_id's concept: its vocabulary becomes the code system, its
// code the code and its name the text (condition_source_value is not read). The diagnoses of the disorders are
// read from the concept as a FHIR Condition coded the same way is.
const vocabulary = testKnowledge().vocabulary;
const kinds = (c: OmopConcept) =>
  vocabulary.eventsOnAnyDate(sourceConcept(c)).map((e) => [e.kind, [...e.qualifiers]]);

describe("OMOP condition concepts name the charted diagnoses as their FHIR codings do", () => {
  it.each<[OmopConcept, string, readonly string[]]>([
    [
      { vocabulary_id: "ICD10CM", concept_code: "D69.3", concept_name: "Immune thrombocytopenic purpura" },
      "itp",
      [],
    ],
    [{ vocabulary_id: "ICD10CM", concept_code: "D69.41", concept_name: "Evans syndrome" }, "itp", ["evans"]],
    [{ vocabulary_id: "ICD10CM", concept_code: "D68.311", concept_name: "Acquired hemophilia" }, "aha", []],
    [
      { vocabulary_id: "ICD10", concept_code: "D65", concept_name: "Disseminated intravascular coagulation" },
      "dic",
      [],
    ],
    [
      { vocabulary_id: "SNOMED", concept_code: "128091003", concept_name: "Autoimmune thrombocytopenia" },
      "itp",
      [],
    ],
    [
      { vocabulary_id: "SNOMED", concept_code: "373420004", concept_name: "Upshaw-Schulman syndrome" },
      "congenital-ttp",
      [],
    ],
    [
      { vocabulary_id: "SNOMED", concept_code: "430478003", concept_name: "Macrophage activation syndrome" },
      "hlh",
      ["mas"],
    ],
    [
      { vocabulary_id: "SNOMED", concept_code: "43858000", concept_name: "Secondary aplastic anemia" },
      "marrow-failure",
      [],
    ],
  ])("%j → %s %j", (concept, kind, qualifiers) => {
    expect(kinds(concept)).toEqual([[kind, qualifiers]]);
  });

  it("a standard SNOMED concept the map lacks is read from its name", () => {
    expect(
      kinds({ vocabulary_id: "SNOMED", concept_code: "999999999", concept_name: "Evans syndrome" }),
    ).toEqual([["itp", ["evans"]]]);
  });

  it("a congenital TTP under the TTP code is the congenital disease; a secondary thrombocytopenia no ITP", () => {
    expect(
      kinds({
        vocabulary_id: "ICD10CM",
        concept_code: "M31.19",
        concept_name: "Congenital thrombotic thrombocytopenic purpura",
      }),
    ).toEqual([["congenital-ttp", []]]);
    expect(
      kinds({
        vocabulary_id: "ICD10CM",
        concept_code: "D69.59",
        concept_name: "Other secondary thrombocytopenia",
      }),
    ).toEqual([["thrombocytopenia", []]]);
  });

  it("a vocabulary without a FHIR system gives its name only, never its code", () => {
    // A site's local code that happens to look like D69.3 is not read as ICD-10.
    expect(kinds({ vocabulary_id: "LocalDx", concept_code: "D69.3", concept_name: "Low platelets" })).toEqual(
      [["thrombocytopenia", []]],
    );
  });
});
