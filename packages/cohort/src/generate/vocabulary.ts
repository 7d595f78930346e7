/**
 * The concepts a generated cohort uses. A concept keeps its real vocabulary and code (LOINC, UCUM, SNOMED
 * CT, ICD-10-CM, RxNorm); its id is the one of the OHDSI vocabulary shipped with Eunomia when that
 * vocabulary has the code (platelets LOINC 777-3 = 3024929), else a site-local id ≥ 2,000,000,000 as OMOP
 * prescribes for concepts outside the standard vocabularies. Importers join on (vocabulary, code), so a
 * local id reads the same as a standard one. A drug without a verified RxNorm code is a local concept
 * named by its INN (matched by name).
 */

export interface GeneratedConcept {
  readonly key: string;
  readonly vocabulary: string;
  readonly code: string;
  readonly name: string;
  readonly domain: string;
  /** The concept id in the OHDSI vocabulary shipped with Eunomia, when it has this code. */
  readonly standardId?: number;
}

/** First site-local concept id (OMOP: ids of 2,000,000,000 and above are local). */
export const LOCAL_CONCEPT_START = 2_000_000_001;

const lab = (key: string, code: string, name: string, standardId?: number): GeneratedConcept => ({
  key,
  vocabulary: "LOINC",
  code,
  name,
  domain: "Measurement",
  ...(standardId !== undefined && { standardId }),
});
const unit = (code: string, name: string, standardId?: number): GeneratedConcept => ({
  key: `unit:${code}`,
  vocabulary: "UCUM",
  code,
  name,
  domain: "Unit",
  ...(standardId !== undefined && { standardId }),
});
const condition = (
  key: string,
  vocabulary: string,
  code: string,
  name: string,
  standardId?: number,
): GeneratedConcept => ({
  key,
  vocabulary,
  code,
  name,
  domain: "Condition",
  ...(standardId !== undefined && { standardId }),
});

export const CONCEPTS: readonly GeneratedConcept[] = [
  lab("platelets", "777-3", "Platelets [#/volume] in Blood by Automated count", 3024929),
  lab("hemoglobin", "718-7", "Hemoglobin [Mass/volume] in Blood", 3000963),
  lab("wbc", "6690-2", "Leukocytes [#/volume] in Blood by Automated count", 3000905),
  lab("anc", "751-8", "Neutrophils [#/volume] in Blood by Automated count", 3013650),
  lab("lymphocytes", "731-0", "Lymphocytes [#/volume] in Blood by Automated count", 3004327),
  lab("creatinine", "2160-0", "Creatinine [Mass/volume] in Serum or Plasma", 3016723),
  lab("bilirubin-total", "1975-2", "Bilirubin.total [Mass/volume] in Serum or Plasma", 3024128),
  lab("alt", "1742-6", "Alanine aminotransferase [Enzymatic activity/volume] in Serum or Plasma", 3006923),
  lab("ldh", "2532-0", "Lactate dehydrogenase [Enzymatic activity/volume] in Serum or Plasma", 3016436),
  lab("inr", "6301-6", "INR in Platelet poor plasma by Coagulation assay", 3022217),
  lab("pt", "5902-2", "Prothrombin time (PT)", 3034426),
  lab("aptt", "14979-9", "aPTT in Platelet poor plasma by Coagulation assay"),
  lab("fibrinogen", "3255-7", "Fibrinogen [Mass/volume] in Platelet poor plasma by Coagulation assay"),
  lab("d-dimer-feu", "48065-7", "Fibrin D-dimer FEU [Mass/volume] in Platelet poor plasma", 3051714),
  lab("crp", "1988-5", "C reactive protein [Mass/volume] in Serum or Plasma", 3020460),
  lab("ferritin", "2276-4", "Ferritin [Mass/volume] in Serum or Plasma", 3001122),
  lab("haptoglobin", "4542-7", "Haptoglobin [Mass/volume] in Serum or Plasma"),
  lab("adamts13-activity", "53622-7", "ADAMTS13 activity"),
  lab("schistocytes", "800-3", "Schistocytes [Presence] in Blood by Light microscopy"),
  lab(
    "fviii-activity",
    "3209-4",
    "Coagulation factor VIII activity actual/normal in Platelet poor plasma by Coagulation assay",
  ),
  lab(
    "fviii-inhibitor",
    "3204-5",
    "Coagulation factor VIII inhibitor [Units/volume] in Platelet poor plasma by Coagulation assay",
  ),
  lab("dat", "1007-4", "Direct antiglobulin test.poly specific reagent [Presence] on Red Blood Cells"),
  unit("10*9/L", "billion per liter", 9444),
  unit("10*3/uL", "thousand per microliter", 8848),
  unit("g/dL", "gram per deciliter", 8713),
  unit("mg/dL", "milligram per deciliter", 8840),
  unit("U/L", "unit per liter"),
  unit("s", "second", 8555),
  unit("g/L", "gram per liter", 8636),
  unit("ug/mL{FEU}", "Microgram per milliliter of FEU", 8990),
  unit("%", "percent", 8554),
  unit("{INR}", "international normalized ratio"),
  unit("[beth'U]/mL", "Bethesda unit per milliliter", 44777562),
  unit("mg/L", "milligram per liter", 8751),
  unit("ng/mL", "nanogram per milliliter", 8842),
  // OMOP's measurement value operators (standard concepts of the Meas Value Operator vocabulary).
  {
    key: "op:=",
    vocabulary: "Meas Value Operator",
    code: "=",
    name: "=",
    domain: "Meas Value Operator",
    standardId: 4172703,
  },
  {
    key: "op:<",
    vocabulary: "Meas Value Operator",
    code: "<",
    name: "<",
    domain: "Meas Value Operator",
    standardId: 4171756,
  },
  {
    key: "op:>",
    vocabulary: "Meas Value Operator",
    code: ">",
    name: ">",
    domain: "Meas Value Operator",
    standardId: 4172704,
  },
  { key: "positive", vocabulary: "SNOMED", code: "10828004", name: "Positive", domain: "Meas Value" },
  { key: "negative", vocabulary: "SNOMED", code: "260385009", name: "Negative", domain: "Meas Value" },
  condition("nsclc", "SNOMED", "254637007", "Non-small cell lung cancer", 4115276),
  condition("lymphoma", "SNOMED", "118601006", "Non-Hodgkin's lymphoma"),
  condition("myeloma", "SNOMED", "109989006", "Multiple myeloma"),
  condition("itp", "SNOMED", "32273002", "Immune thrombocytopenia"),
  condition("ttp", "SNOMED", "78129009", "Thrombotic thrombocytopenic purpura"),
  condition("dic", "SNOMED", "67406007", "Disseminated intravascular coagulation"),
  condition("dvt", "SNOMED", "128053003", "Deep venous thrombosis"),
  condition("pe", "SNOMED", "59282003", "Pulmonary embolism"),
  condition("sepsis", "SNOMED", "91302008", "Sepsis", 132797),
  condition("epistaxis", "SNOMED", "249366005", "Bleeding from nose"),
  condition("muscle-hematoma", "SNOMED", "95422003", "Muscle hematoma"),
  condition("aiha", "ICD10CM", "D59.1", "Other autoimmune hemolytic anemias"),
  condition("aha", "ICD10CM", "D68.311", "Acquired hemophilia"),
  condition("crs", "ICD10CM", "D89.83", "Cytokine release syndrome"),
  condition("cirrhosis", "ICD10CM", "K74.60", "Unspecified cirrhosis of liver"),
  // Transfusions: local concepts named as the event vocabulary reads them; plasma is Eunomia's SNOMED concept.
  {
    key: "platelet-transfusion",
    vocabulary: "HemoSentinel",
    code: "platelet-transfusion",
    name: "Platelet transfusion",
    domain: "Procedure",
  },
  {
    key: "rbc-transfusion",
    vocabulary: "HemoSentinel",
    code: "rbc-transfusion",
    name: "Red blood cell transfusion",
    domain: "Procedure",
  },
  {
    key: "plasma-transfusion",
    vocabulary: "SNOMED",
    code: "13569004",
    name: "Transfusion of plasma",
    domain: "Procedure",
    standardId: 4028665,
  },
  ...[
    ["pembrolizumab", "RxNorm", "1547545"],
    ["nivolumab", "RxNorm", "1597876"],
    ["atezolizumab"],
    ["durvalumab"],
    ["ipilimumab"],
    ["axicabtagene ciloleucel"],
    ["tisagenlecleucel"],
    ["blinatumomab"],
    ["teclistamab"],
    ["epcoritamab"],
    ["rituximab", "RxNorm", "121191"],
    ["obinutuzumab"],
    ["daratumumab"],
    ["carboplatin", "RxNorm", "40048"],
    ["pemetrexed"],
    ["fludarabine"],
    ["cyclophosphamide", "RxNorm", "3002"],
    ["warfarin", "RxNorm", "11289"],
  ].map(
    ([name, vocabulary, code]): GeneratedConcept => ({
      key: String(name).replaceAll(" ", "-"),
      vocabulary: vocabulary ?? "HemoSentinel",
      code: code ?? String(name).replaceAll(" ", "-"),
      name: String(name),
      domain: "Drug",
    }),
  ),
  // Last, so that the local ids above stay as they were: a note naming two problems (a site's local
  // concept, read by its name).
  condition("dvt-hit-workup", "HemoSentinel", "dvt-hit-workup", "New DVT left leg; r/o HIT"),
];

/** Concept ids by key: the standard id where the shipped vocabulary has the code, else a local id. */
export function conceptIds(): ReadonlyMap<string, number> {
  const ids = new Map<string, number>();
  let local = LOCAL_CONCEPT_START;
  for (const c of CONCEPTS) ids.set(c.key, c.standardId ?? local++);
  return ids;
}
