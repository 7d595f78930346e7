/**
 * The closed vocabularies of HemoSentinel (design of record: "Scope", "Output contract"), each written
 * once as a zod enum with its TypeScript type inferred: the record model, the output report and the
 * knowledge schemas all reuse these. The order of an enum is meaningful where its TSDoc says so
 * (certainty, management kinds). Also the schema pieces every knowledge file shares: kebab-case ids,
 * source citations and grades.
 */
import { z } from "zod";
import { CERTAINTIES, DISORDER_IDS, KIND_ORDER, QUALITATIVES } from "./lists.js";

export { CERTAINTIES, DISORDER_IDS, KIND_ORDER } from "./lists.js";

/** A kebab-case identifier (lab, term, rule, reference id). */
export const Id = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "ids are kebab-case");
/** Reference ids a threshold or rule is taken from; at least one. */
export const SourceIds = z.array(Id).min(1);

/** A CTCAE-style grade, 1–5. */
export const Grade = z.number().int().min(1).max(5);

export const TherapyClassSchema = z
  .enum(["ici", "bispecific", "antibody", "car-t"])
  .meta({ id: "TherapyClass" });
/**
 * Therapy classes of the design of record: immune checkpoint inhibitors (`ici`), T-cell engagers
 * (`bispecific`), other therapeutic antibodies (`antibody`) and CAR-T cells (`car-t`). Drugs that are not
 * immunotherapy but matter for differentials are context drugs with a {@link ContextRole}.
 */
export type TherapyClass = z.infer<typeof TherapyClassSchema>;

export const ContextRoleSchema = z.enum([
  "heparin",
  "anticoagulant",
  "antiplatelet",
  // Bruton tyrosine kinase inhibitors (ibrutinib, acalabrutinib, zanubrutinib, pirtobrutinib): they also carry the
  // antiplatelet role (their labels' haemorrhage warnings), but are given for a B-cell cancer, so the plans name
  // them with their labels' own holds instead of the "essential antiplatelet agent (a coronary stent)" wording.
  "btk-inhibitor",
  // Drugs whose label says a vitamin K antagonist should not be given with them (ibrutinib, acalabrutinib and
  // zanubrutinib: patients on warfarin were excluded from their trials).
  "vka-barred",
  "chemotherapy",
  "tocilizumab",
  "corticosteroid",
  "asparaginase",
  "tma-inducing",
  // Non-chemotherapy drugs that cause thrombocytopenia days after they are started (drug-dependent platelet
  // antibodies, or a duration-dependent myelosuppression as with linezolid): a differential of ITP.
  "thrombocytopenia-drug",
  // GP IIb/IIIa inhibitors: an immune thrombocytopenia within hours of a first dose.
  "gp2b3a-inhibitor",
  // Drugs that strongly inhibit (or induce) both CYP3A4 and P-glycoprotein: they raise (or lower) the plasma
  // levels of the direct oral anticoagulants, whose labels and the EHRA 2021 guide bar the combination.
  "cyp3a4-pgp-inhibitor",
  "cyp3a4-pgp-inducer",
  // Moderate CYP3A inhibitors (fluconazole, diltiazem, verapamil, erythromycin): the BTK inhibitors' labels lower
  // their dose beside one (ibrutinib 280 mg, acalabrutinib 100 mg once daily, zanubrutinib 80 mg twice daily).
  "moderate-cyp3a-inhibitor",
  // Strong CYP3A inhibitors that are not also classed as strong P-gp inhibitors for the DOACs (clarithromycin;
  // diltiazem, strong in the US ibrutinib label's examples): the BTK inhibitors' labels avoid them or cut the dose
  // as for an azole; the DOAC lines do not read them.
  "strong-cyp3a-inhibitor",
  // Strong CYP3A inducers that are not read as strong P-gp inducers for the DOACs (enzalutamide, apalutamide): the
  // BTK inhibitors' labels avoid them as they do rifampicin; the DOAC lines do not read them.
  "strong-cyp3a-inducer",
  // Moderate CYP3A inducers (efavirenz, bosentan, modafinil, nafcillin, etravirine): they lower a DOAC's level less
  // than the strong inducers; no DOAC source read sets a rule for them, and the DOAC plans name them as a caution.
  "moderate-cyp3a-inducer",
  "tpo-receptor-agonist",
  "ivig",
  "emicizumab",
  // Steroid-sparing immunosuppressants (calcineurin inhibitors: ciclosporin, tacrolimus; antimetabolites:
  // azathioprine, mycophenolate): a long-term course is the HScore's "known underlying immunosuppression".
  "immunosuppressant",
  // Vitamin K antagonists (warfarin, phenprocoumon, acenocoumarol, fluindione): in acute HIT one being taken is
  // reversed with vitamin K, and none is started before the platelets recover (ACCP 2012).
  "vka",
  // The direct oral anticoagulants (apixaban, edoxaban, rivaroxaban, dabigatran, one not named) and the low-molecular-
  // weight heparins (enoxaparin, dalteparin, tinzaparin, nadroparin): each is interrupted its own way before an
  // operation (CHEST 2022).
  "doac",
  "lmwh",
  // Dabigatran, the oral direct thrombin inhibitor among the DOACs: ASRA 2018 asks a longer interval from its last
  // dose to a neuraxial puncture (120 hours) than from the factor Xa inhibitors' (72 hours).
  "oral-thrombin-inhibitor",
  // The parenteral direct thrombin inhibitors (argatroban, bivalirudin), given for a heparin-induced
  // thrombocytopenia: ASRA 2018 recommends against a neuraxial puncture while one is given.
  "parenteral-thrombin-inhibitor",
  // Fondaparinux, the synthetic pentasaccharide (an indirect factor Xa inhibitor) with a long half-life: its interval
  // before a neuraxial puncture (36-42 hours) is longer than an LMWH's, and no neuraxial catheter is left in with it.
  "pentasaccharide",
  "esa",
  "caplacizumab",
  // Antibodies against VEGF or its receptor (bevacizumab, ramucirumab): their labels stop them for severe
  // bleeding and arterial thromboembolism, events the plans of every disorder here can meet.
  "vegf-antibody",
  // Oral VEGF-receptor kinase inhibitors whose labels stop them permanently after an arterial thromboembolism
  // (lenvatinib; cabozantinib after a myocardial infarction or another significant arterial event).
  "stop-after-arterial-event",
  // Drugs whose label suspends them for a venous thromboembolism of any grade (abemaciclib).
  "suspend-for-vte",
  // Drugs whose label discontinues them after a serious venous thromboembolism too (cabozantinib: after an acute
  // myocardial infarction or a serious arterial or venous thromboembolic event).
  "stop-after-serious-vte",
  // Amivantamab with lazertinib (EGFR-mutated lung cancer): their labels interrupt both for a grade 2–3 venous
  // thromboembolism until anticoagulation is started, stop amivantamab for a grade 4 or recurrent one, and advise
  // against a vitamin K antagonist for the anticoagulation.
  "interrupt-for-vte-no-vka",
  // Oral VEGF-receptor kinase inhibitors whose labels withhold or stop them for a severe bleed (lenvatinib: withhold
  // grade 3, discontinue grade 4; cabozantinib: discontinue grade 3-4; axitinib: interrupt a bleed needing medical
  // intervention). They are given with checkpoint inhibitors (renal, endometrial and liver cancer).
  "hold-for-major-bleeding",
  // Haemostatic agents some plans forbid (knowledge/order-avoids.yaml): antifibrinolytics beside an acute
  // thrombosis or in DIC, desmopressin and human FVIII in acquired haemophilia A, aPCC with a thrombosis, DIC
  // or emicizumab. Read by the order-sign service; no detector reads them.
  "antifibrinolytic",
  "desmopressin",
  "apcc",
  "human-fviii",
  // Nucleos(t)ide analogues against hepatitis B (entecavir, tenofovir): one on record at the evaluation is the
  // prophylaxis a rituximab order's hepatitis B notice asks for (knowledge/order-avoids.yaml). Read by the
  // order-sign service; no detector reads them.
  "hbv-antiviral",
]);
/** Roles of non-immunotherapy drugs the detectors need to know about (differentials, confounders). */
export type ContextRole = z.infer<typeof ContextRoleSchema>;

export const EventKindSchema = z.enum([
  "bleeding",
  "thrombosis",
  "crs",
  "icans",
  "sepsis",
  "infection",
  "hlh",
  "liver-disease",
  "marrow-involvement",
  "marrow-failure",
  // A myelodysplastic syndrome: a clonal failure of production, a competing cause of a low count.
  "myelodysplasia",
  // Splenomegaly or hypersplenism: platelets pooled in the spleen, a competing cause of a low count.
  "splenomegaly",
  // Hepatomegaly (an HScore organomegaly item, Fardet 2014); a hepatosplenomegaly is a splenomegaly with the
  // `hepatomegaly` qualifier.
  "hepatomegaly",
  // Haemophagocytosis seen on a bone marrow aspirate (an HScore item): a marrow finding, not an HLH diagnosis.
  "marrow-hemophagocytosis",
  // Pulmonary oedema, its CTCAE grade as charted: the lung organ of the CARTOX carHLH criteria (grade ≥ 3).
  "pulmonary-edema",
  // Known underlying immunosuppression as the HScore defines it: HIV infection or long-term immunosuppressive
  // therapy (glucocorticoids, cyclosporine, azathioprine); never a short steroid course.
  "immunosuppression",
  // Pure red cell aplasia: erythroid-only marrow failure, a cause of anaemia and not of thrombocytopenia.
  "red-cell-aplasia",
  // Kidney failure (dialysis, end-stage or stage 5 CKD): below every clearance cut-off a plan reads.
  "kidney-failure",
  // A pregnancy charted (Z33.1, O-codes of a pregnancy, "pregnant"): warfarin and the DOACs are not given; LMWH is
  // the anticoagulant of pregnancy.
  "pregnancy",
  // Breastfeeding charted ("breastfeeding", "lactating", ICD-10 Z39.1): warfarin and LMWH allow it, the DOACs do not
  // (rivaroxaban's label: only after breastfeeding is stopped).
  "breastfeeding",
  // A delivery charted, or the puerperium ("postpartum", "puerperium", "delivered", ICD-10 Z39.0, Z39.2): a DOAC is
  // given postpartum only to a woman who does not breastfeed, so the plan asks when breastfeeding is not charted.
  "postpartum",
  // Antiphospholipid syndrome charted (D68.61, "APS", "Hughes syndrome"), confirmed or suspected; `catastrophic` for a
  // catastrophic APS. A lifelong state: no DOAC is offered beside it (EULAR 2019).
  "antiphospholipid-syndrome",
  // A prosthetic heart valve on record (a mechanical valve, a valve replacement, ICD-10 Z95.2): dabigatran is
  // contraindicated with a mechanical valve and apixaban is not recommended with any prosthetic valve (their labels).
  "prosthetic-heart-valve",
  // Hepatitis B on record, chronic or past (ICD-10-CM B18.0/B18.1, Z22.51, "chronic hepatitis B", "hepatitis B
  // carrier", "HBsAg positive"): rituximab can reactivate it, fatally (its boxed warning), so a plan offering it names
  // antiviral prophylaxis. A lifelong state: a past infection stays one (ASCO 2020: past HBV, anti-HBc positive).
  "hepatitis-b",
  // Myocarditis charted (ICD-10 I40, I41, I51.4; "myocarditis", "immune-related myocarditis"): after a checkpoint
  // inhibitor, ASCO 2021 (Table 9.1) discontinues it from grade 2, so no plan offers to continue or restart it.
  "myocarditis",
  // A neurological event (confusion, encephalopathy, seizure, focal deficit, stroke of unstated type, coma):
  // the organ involvement that grades a TTP.
  "neurologic-event",
  "active-cancer",
  "transplant",
  "hit",
  "dic",
  "ttp",
  // Congenital TTP (Upshaw-Schulman syndrome, hereditary ADAMTS13 deficiency): a TMA of a different disease, not an
  // immune-mediated TTP; its own kind so a charted congenital TTP is never read as an acquired one.
  "congenital-ttp",
  "hus",
  "hemolysis",
  "itp",
  "aha",
  "platelet-transfusion",
  "rbc-transfusion",
  // Plasma exchange or a plasma transfusion: an ADAMTS13 sample drawn after it no longer shows the deficiency.
  "plasma-therapy",
  "skin-necrosis",
  // Charted diagnoses of a component abnormality: evidence where the lab value itself is missing.
  "thrombocytopenia",
  // An artefactual low count (EDTA-dependent platelet clumping): charted, it explains a low count away.
  "pseudothrombocytopenia",
  "anemia",
  "neutropenia",
  "coagulopathy",
  "hypofibrinogenemia",
  // A past episode named in the chart ("history of HIT", "h/o iTTP"): not the disease now, but a prior
  // episode that weighs on the plan (heparin kept out after HIT; relapse after iTTP).
  "hit-history",
  "ttp-history",
  // A past ITP named as such ("history of ITP", "h/o ITP"): a fall after a checkpoint inhibitor may be its flare.
  "itp-history",
  // A past bleed or stroke named as such ("history of ICH", "old SDH", "h/o CVA"): not bleeding now, but
  // what bars systemic thrombolysis for life (ESC 2019: a haemorrhagic stroke or a stroke of unknown origin).
  "bleeding-history",
  "neurologic-history",
  // A past thrombosis named as such ("history of ischaemic stroke", "DVT 2019"): no clot to treat now, but a past
  // ischaemic stroke dated within 6 months bars systemic thrombolysis (ESC 2019).
  "thrombosis-history",
  // A clot or a bleed suspected, not confirmed ("concern for PE", "suspicious for DVT", "?PE", "r/o PE, CTPA pending",
  // "possible GI bleed"), with the qualifiers of the clot or bleed it names: no clot to anticoagulate and no bleed to
  // grade, but after an immunotherapy dose a problem listed with the imaging or the tests that decide it.
  "thrombosis-suspected",
  "bleeding-suspected",
  // An HLH the care team suspects or is ruling out ("suspected HLH", "r/o HLH", "HLH workup sent"): no HLH to treat
  // yet, but after an immunotherapy dose a problem listed with the HLH-2004 work-up that decides it.
  "hlh-considered",
  // An ITP (Evans syndrome with the qualifier evans), DIC or acquired haemophilia A the care team is ruling out
  // ("rule out ITP", "r/o Evans", "evaluate for AHA"): no diagnosis, but after an immunotherapy dose a question
  // listed while the tests that answer it are missing.
  "itp-considered",
  "dic-considered",
  "aha-considered",
  // A clot ruled out by the study that images its site ("CTPA: no pulmonary embolism", "duplex left leg: no DVT"),
  // with that site as its qualifier: no clot and no problem of its own, it settles an earlier suspicion of the site.
  "thrombosis-ruled-out",
  // Shock or haemodynamic instability charted as an entry of its own ("cardiogenic shock", "hypotension requiring
  // vasopressors", "cardiac arrest"): beside a pulmonary embolism it makes the PE high-risk (ESC 2019).
  "shock",
  // A charted allergy or hypersensitivity to a drug a plan may offer (knowledge/events.yaml drugHypersensitivity):
  // its qualifiers name the drug's avoid tag (`rituximab`, `heparin`, …) and `severe` for an anaphylaxis or a
  // severe reaction. A heparin allergy whose reaction is a thrombocytopenia stays a hit-history.
  "drug-hypersensitivity",
  // A perforation of the gut (oesophagus, stomach, duodenum, small bowel, colon): bevacizumab's and ramucirumab's
  // labels stop the antibody for good after one.
  "gi-perforation",
  // An operation done (a coded Procedure or words in a note): `major-surgery` for a major operation (laparotomy,
  // a resection, a joint replacement), `neurosurgery` for a cranial or spinal operation. A recent high-risk
  // operation is a relative contraindication to therapeutic anticoagulation; the VEGF antibodies' labels give no
  // dose for 28 days after a major operation.
  "surgery",
  // An operation planned, not done ("planned laparotomy", "scheduled for craniotomy"), with the done operation's
  // qualifiers: the platelet count a procedure needs and the VEGF antibody held before elective surgery.
  "surgery-planned",
  // An invasive bedside procedure (a lumbar puncture, a central venous catheter insertion, an epidural or spinal
  // block, a percutaneous liver biopsy, a bone-marrow biopsy), named by its qualifier. One done reads nothing; one
  // planned (`procedure-planned`) names the platelet count the transfusion guidelines ask before it.
  "procedure",
  "procedure-planned",
  // A pancytopenia charted without its counts (ICD-10-CM D61.81x, "pancytopenia"): all three lines low, the depth
  // unknown. Not a marrow failure (it does not explain away an ITP); listed with the counts and the marrow work-up.
  "pancytopenia",
]);
/** Kinds of clinical event or condition the adapters recognise (knowledge/events.yaml classifies into these). */
export type EventKind = z.infer<typeof EventKindSchema>;
/** Every event kind, in the enum's order. */
export const EVENT_KINDS: readonly EventKind[] = EventKindSchema.options;

/** Ordinal lab results (DAT, schistocytes, mixing study). */
export const QualitativeSchema = z.enum(QUALITATIVES);
/** Ordinal lab results (DAT, schistocytes, mixing study). */
export type Qualitative = z.infer<typeof QualitativeSchema>;

export const DisorderIdSchema = z.enum(DISORDER_IDS).meta({ id: "DisorderId" });
/** Disorder ids of the design of record: stable, used in every output. */
export type DisorderId = z.infer<typeof DisorderIdSchema>;

export const CertaintySchema = z.enum(CERTAINTIES).meta({ id: "Certainty" });
/** Certainty of a finding, most certain first (the enum's order ranks findings and bounds lowering). */
export type Certainty = z.infer<typeof CertaintySchema>;

export const CriterionStatusSchema = z.enum(["met", "unmet", "missing"]).meta({ id: "CriterionStatus" });
/** Outcome of a criterion or differential: met, not met, or not assessable for lack of data (`missing`). */
export type CriterionStatus = z.infer<typeof CriterionStatusSchema>;

export const DifferentialEffectSchema = z.enum(["lower", "exclude"]).meta({ id: "DifferentialEffect" });
/** How a differential bears on a finding: `lower` lowers certainty one level, `exclude` removes it. */
export type DifferentialEffect = z.infer<typeof DifferentialEffectSchema>;

export const ManagementKindSchema = z.enum(KIND_ORDER).meta({ id: "ManagementKind" });
/**
 * Kinds of management item. The enum's order is the plan's output order: the decision on the
 * immunotherapy first, follow-up last.
 */
export type ManagementKind = z.infer<typeof ManagementKindSchema>;

export const ConflictKindSchema = z
  .enum(["same-instant-values", "same-id-differs", "demographics", "event-before-exposure"])
  .meta({ id: "ConflictKind" });
/**
 * Kinds of contradiction a record can hold (design of record, output `conflicts`): two different results
 * of one lab at the same instant, demographics that disagree across sources, and an event (CRS, ICANS)
 * dated before every immunotherapy.
 */
export type ConflictKind = z.infer<typeof ConflictKindSchema>;
