/** Random management facts (src/core/manage/facts.ts), each absent or of its type, for property tests. */
import fc from "fast-check";
import type { ManagementFacts } from "../../packages/core/src/contracts/management-facts.js";

const optBool = fc.option(fc.boolean(), { nil: undefined });
const optNum = (max: number) => fc.option(fc.double({ min: 0, max, noNaN: true }), { nil: undefined });

export const managementFacts: fc.Arbitrary<ManagementFacts> = fc.record({
  bleeding: optBool,
  "life-threatening-bleeding": optBool,
  "major-bleeding": optBool,
  thrombosis: optBool,
  "antithrombotic-on-board": optBool,
  "emicizumab-on-board": optBool,
  "vegf-antibody-on-board": optBool,
  "corticosteroid-at-onset": optBool,
  "cyp3a4-pgp-inhibitor-on-board": optBool,
  "cyp3a4-pgp-inducer-on-board": optBool,
  "arterial-thrombosis": optBool,
  "arterial-event": optBool,
  nbte: optBool,
  "high-thrombus-progression-risk": optBool,
  "high-risk-pulmonary-embolism": optBool,
  "hit-suspected": optBool,
  "possible-with-competing-cause": optBool,
  "immune-thrombocytopenia": optBool,
  ttp: optBool,
  "thrombocytopenia-charted-without-count": optBool,
  "platelet-clumps": optBool,
  "overt-dic": optBool,
  hyperfibrinolysis: optBool,
  "marrow-neoplasm": optBool,
  "urinary-tract-bleeding": optBool,
  "recent-intracranial-bleeding": optBool,
  hemolysis: optBool,
  platelets: optNum(400),
  fibrinogen: optNum(6),
  "adamts13-activity": optNum(150),
  "fviii-inhibitor": optNum(200),
});
