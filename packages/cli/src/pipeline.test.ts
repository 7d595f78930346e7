import { describe, expect, it } from "vitest";
import { inputErrorOf } from "./pipeline.js";

describe("inputErrorOf", () => {
  it.each([
    [{ ref: "a.json", file: "a.json" }, "a.json"],
    [{ ref: "x.ndjson:12", file: "x.ndjson" }, "x.ndjson:12"],
    [{ ref: "b.json#entry[3]", file: "b.json", field: "subject" }, "b.json#entry[3]"],
    [{ ref: "Observation/o", file: "b.json" }, "b.json#Observation/o"],
    [{ ref: "Observation/o" }, "Observation/o"],
  ])("%j → source %s", (where, source) => {
    expect(inputErrorOf({ ...where, code: "not-fhir", reason: "r" })).toEqual({
      source,
      code: "not-fhir",
      detail: "r",
    });
  });
});
