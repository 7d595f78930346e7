/**
 * The clinical facts a recommendation may depend on, with their type, unit and which result is read
 * (what counts for each, and the windows, are knowledge: knowledge/management/facts.yaml):
 * `latest` (the value now, e.g. the platelet count that sets an anticoagulant dose) or `presenting` (the
 * first result of the episode, before treatment changes it — ISTH reads ADAMTS13 at presentation).
 * Callers (the planner) supply them in these units; a recommendation naming any other fact fails to load.
 */
export const MANAGEMENT_FACTS = {
  /** Bleeding charted in the episode. */
  bleeding: { type: "boolean" },
  /**
   * Every bleed of the episode has its end charted by the evaluation (false with a bleed under way or none): a
   * bleed that has stopped still weighs (it withholds anticoagulation as major bleeding does), but is no reason
   * to reverse an anticoagulant or transfuse now.
   */
  "bleeding-ended": { type: "boolean" },
  /**
   * Every major bleed of the episode has its end charted by the evaluation (false with a major bleed under way
   * or none): the reversal lines need a major bleed under way, not a minor one beside an ended major bleed.
   */
  "major-bleeding-ended": { type: "boolean" },
  /** Hemolysis in the episode: charted, or hemolysis markers (haptoglobin low, or two of LDH, indirect bilirubin, reticulocytes high). */
  hemolysis: { type: "boolean" },
  /** Bleeding that threatens life, limb or sight (e.g. intracranial). */
  "life-threatening-bleeding": { type: "boolean" },
  /**
   * Major bleeding in the episode: CTCAE grade 3 or above, or at a critical site (ISTH). Anticoagulants,
   * antiplatelet agents and caplacizumab wait until it is controlled.
   */
  "major-bleeding": { type: "boolean" },
  /** An anticoagulant, heparin or antiplatelet agent is being taken at the evaluation (or stopped within a day). */
  "antithrombotic-on-board": { type: "boolean" },
  /** An anticoagulant or heparin is being taken at the evaluation (or stopped within a day): its dose is reviewed. */
  "anticoagulant-on-board": { type: "boolean" },
  /** An antiplatelet agent is being taken at the evaluation (or stopped within a day): stopped unless essential. */
  "antiplatelet-on-board": { type: "boolean" },
  /**
   * A Bruton tyrosine kinase inhibitor (ibrutinib, acalabrutinib, zanubrutinib, pirtobrutinib) is being taken at the
   * evaluation, or stopped within the window of knowledge/management/facts.yaml: it impairs platelet function and
   * its label holds it for severe thrombocytopenia, major bleeding and around procedures, with the haematologist
   * who prescribes it.
   */
  "btk-inhibitor-on-board": { type: "boolean" },
  /**
   * A drug whose label bars a vitamin K antagonist beside it (ibrutinib, acalabrutinib, zanubrutinib) is being taken at the
   * evaluation, or stopped within the window of knowledge/management/facts.yaml.
   */
  "vka-barring-drug-on-board": { type: "boolean" },
  /**
   * A strong inhibitor of both CYP3A4 and P-gp (an azole antifungal, ritonavir, cobicistat) is being taken at the
   * evaluation, or stopped within the window of knowledge/management/facts.yaml: a DOAC's level and bleeding
   * risk rise, and its label and the EHRA 2021 guide advise against the combination.
   */
  "cyp3a4-pgp-inhibitor-on-board": { type: "boolean" },
  /**
   * A moderate CYP3A inhibitor (fluconazole, diltiazem, verapamil, erythromycin) is being taken, or stopped within
   * the window of knowledge/management/facts.yaml: the BTK inhibitors' labels lower their dose beside one.
   */
  "moderate-cyp3a-inhibitor-on-board": { type: "boolean" },
  /**
   * A strong CYP3A inhibitor of either role (an azole, ritonavir or cobicistat; clarithromycin, diltiazem) is being
   * taken, or stopped within the window of knowledge/management/facts.yaml: the BTK inhibitors' labels avoid it or
   * cut their dose.
   */
  "strong-cyp3a-inhibitor-on-board": { type: "boolean" },
  /**
   * A strong CYP3A inducer of either role (rifampicin, carbamazepine, phenytoin, phenobarbital, St John's wort;
   * enzalutamide, apalutamide) is being taken, or stopped within the window of knowledge/management/facts.yaml:
   * the BTK inhibitors' labels avoid it (acalabrutinib: 200 mg twice daily if it cannot be avoided).
   */
  "strong-cyp3a-inducer-on-board": { type: "boolean" },
  /**
   * A moderate CYP3A inducer (efavirenz, bosentan, modafinil, nafcillin, etravirine) is being taken, or stopped
   * within the window of knowledge/management/facts.yaml: a DOAC offered beside it carries a caution to check the
   * interaction (no DOAC source read sets a rule for a moderate inducer).
   */
  "moderate-cyp3a-inducer-on-board": { type: "boolean" },
  /**
   * An asparaginase (pegaspargase, crisantaspase, calaspargase pegol) was given within the window of
   * knowledge/management/facts.yaml: it depletes antithrombin and fibrinogen, so a thrombosis beside it is
   * anticoagulated with both measured and with hematology (ISTH SSC 2020 guidance on asparaginase thrombosis).
   */
  "asparaginase-on-board": { type: "boolean" },
  /**
   * A strong inducer of CYP3A4 and P-gp (rifampicin, carbamazepine, phenytoin, phenobarbital) is being taken,
   * or stopped within the window of knowledge/management/facts.yaml (induction wears off over weeks): a DOAC's
   * level and protection fall, and its label and the EHRA 2021 guide advise against the combination.
   */
  "cyp3a4-pgp-inducer-on-board": { type: "boolean" },
  /**
   * A systemic corticosteroid was being taken in the days before the finding's onset (knowledge/management/
   * facts.yaml): the count fell on it (often given for another immune-related adverse event), so a new course
   * at the usual dose is not the whole answer.
   */
  "corticosteroid-at-onset": { type: "boolean" },
  /**
   * A vitamin K antagonist (warfarin, phenprocoumon, acenocoumarol, fluindione) taken within the window of
   * knowledge/management/facts.yaml: in acute HIT it is reversed with vitamin K (protein C falls first: venous
   * limb gangrene).
   */
  "vka-on-board": { type: "boolean" },
  /**
   * A direct oral anticoagulant taken within the interval asked before a major operation (knowledge/management/facts.yaml:
   * 48 hours; dabigatran by the creatinine clearance, up to 5 days): how it is held before the operation.
   */
  "doac-on-board": { type: "boolean" },
  /** A low-molecular-weight heparin on board: how it is held before an operation. */
  "lmwh-on-board": { type: "boolean" },
  "doac-within-neuraxial-interval": { type: "boolean" },
  /**
   * A direct oral anticoagulant taken within the interval PAUSE asks before a procedure of low-to-moderate bleed risk
   * (knowledge/management/facts.yaml: 1 day; dabigatran 2 days below a creatinine clearance of 50 mL/min or with none).
   */
  "doac-within-low-risk-interval": { type: "boolean" },
  /**
   * An LMWH given within its neuraxial interval of knowledge/management/facts.yaml (24 hours, 48 below a clearance of
   * 30; enoxaparin up to 40 mg a day on record 12 hours, 24 below 30).
   */
  "lmwh-within-neuraxial-interval": { type: "boolean" },
  "ufh-on-board": { type: "boolean" },
  /** Argatroban or bivalirudin given within the window of knowledge/management/facts.yaml (ASRA 2018: no neuraxial puncture). */
  "parenteral-thrombin-inhibitor-on-board": { type: "boolean" },
  /** Fondaparinux given within the neuraxial interval of knowledge/management/facts.yaml (72 hours; 2.5 mg a day on record 42 hours). */
  "fondaparinux-within-neuraxial-interval": { type: "boolean" },
  /** Emicizumab given within the window of knowledge/management/facts.yaml (its effect lasts weeks). */
  "emicizumab-on-board": { type: "boolean" },
  /**
   * A VEGF-pathway antibody (bevacizumab, ramucirumab) given within the window of knowledge/management/facts.yaml:
   * its label stops it after a severe bleed or an arterial thromboembolism.
   */
  "vegf-antibody-on-board": { type: "boolean" },
  /**
   * A drug whose label stops it permanently after an arterial thromboembolism (lenvatinib, cabozantinib) taken within
   * the window of knowledge/management/facts.yaml.
   */
  "arterial-event-stopping-drug-on-board": { type: "boolean" },
  /** A drug whose label suspends it for a venous thromboembolism (abemaciclib) taken within the window of facts.yaml. */
  "vte-suspending-drug-on-board": { type: "boolean" },
  /** A drug whose label discontinues it after a serious venous thromboembolism (cabozantinib) within the window of facts.yaml. */
  "vte-stopping-drug-on-board": { type: "boolean" },
  /**
   * A drug whose label interrupts it for a grade 2–3 venous thromboembolism and advises against a vitamin K
   * antagonist (amivantamab, lazertinib) taken within the window of facts.yaml.
   */
  "vte-interrupting-drug-on-board": { type: "boolean" },
  /**
   * An oral VEGF-receptor kinase inhibitor whose label withholds or stops it for a severe bleed (lenvatinib,
   * cabozantinib, axitinib) taken within the window of facts.yaml, counted back from a major bleed as well.
   */
  "bleeding-holding-tki-on-board": { type: "boolean" },
  /** Objectively confirmed venous or arterial thrombosis now. */
  thrombosis: { type: "boolean" },
  /**
   * The thrombosis now is arterial (myocardial infarction, ischaemic stroke, limb or visceral arterial occlusion)
   * with no venous thrombosis recorded: cancer-associated VTE anticoagulation does not apply to it. Unknown when
   * the charted thrombosis names neither an arterial nor a venous site.
   */
  "arterial-thrombosis": { type: "boolean" },
  /** An arterial thromboembolism is among the episode's thromboses, beside a venous one or alone. */
  "arterial-event": { type: "boolean" },
  /**
   * Every thrombosis charted in the episode is a superficial vein thrombosis (no deep vein thrombosis, pulmonary
   * embolism or arterial event): the superficial-thrombosis regimen, not the full-dose VTE protocol, applies.
   */
  "superficial-thrombosis-only": { type: "boolean" },
  /** A cerebral venous thrombosis in the episode (knowledge/management/facts.yaml): worked up by MR or CT venography. */
  "cerebral-venous-thrombosis": { type: "boolean" },
  /** Every thrombosis of the episode is cerebral venous: no leg ultrasound, CTPA or D-dimer in its work-up. */
  "cerebral-venous-thrombosis-only": { type: "boolean" },
  /**
   * An anticoagulant (heparin, LMWH, a DOAC, warfarin) was on board when the finding began: a thrombosis
   * then is a breakthrough on anticoagulation, not a first event to start treating.
   */
  "anticoagulated-at-onset": { type: "boolean" },
  /**
   * The thrombosis now includes non-bacterial thrombotic (marantic) endocarditis: its arterial emboli are
   * anticoagulated with heparin, unlike other arterial events.
   */
  nbte: { type: "boolean" },
  /** The thrombosis now includes an intracardiac thrombus (left or right heart): CTCAE grade 3, a cardiology line. */
  "intracardiac-thrombus": { type: "boolean" },
  /** Acute thrombosis with a higher risk of progression (ISTH SSC 2018 wording), e.g. proximal DVT or PE within 30 days. */
  "high-thrombus-progression-risk": { type: "boolean" },
  /**
   * A pulmonary embolism of the episode charted at CTCAE grade 4 or above (life-threatening, haemodynamic
   * instability): a high-risk PE, treated as an emergency (unfractionated heparin, reperfusion), not by the
   * cancer-associated VTE protocol alone.
   */
  "high-risk-pulmonary-embolism": { type: "boolean" },
  /**
   * Bleeding into the urinary tract charted in the episode (haematuria, a genitourinary bleed): its origin
   * (kidney and ureter, or bladder) is not recorded, and an antifibrinolytic may clot the blood of the upper
   * tract and obstruct the ureter (tranexamic acid label).
   */
  "urinary-tract-bleeding": { type: "boolean" },
  /**
   * An intracranial haemorrhage charted within the look-back of knowledge/management/facts.yaml before the
   * evaluation, whether or not it belongs to this episode: NCCN lists intracranial or CNS bleeding in the past
   * 4 weeks among the contraindications to therapeutic anticoagulation.
   */
  "recent-intracranial-bleeding": { type: "boolean" },
  /**
   * A subarachnoid haemorrhage charted in the episode or within the look-back of
   * knowledge/management/facts.yaml before the evaluation: the tranexamic acid label contraindicates it
   * (cerebral oedema and cerebral infarction).
   */
  "subarachnoid-hemorrhage": { type: "boolean" },
  /**
   * A gastrointestinal bleed (a bleeding ulcer, melaena, haematemesis) charted within the look-back of
   * knowledge/management/facts.yaml before the evaluation: an active gastrointestinal mucosal lesion, where ITAC
   * 2022 gives no DOAC (a high risk of gastrointestinal bleeding) and ISTH SSC 2018 prefers LMWH.
   */
  "recent-gi-bleeding": { type: "boolean" },
  /**
   * A major operation (a laparotomy, a resection, a joint replacement, a cranial or spinal operation) charted within
   * the look-back of knowledge/management/facts.yaml before the evaluation: the cancer-VTE guidelines count a recent
   * high-risk operation among the relative contraindications to therapeutic anticoagulation.
   */
  "recent-major-surgery": { type: "boolean" },
  /**
   * A major operation charted within the last 28 days: bevacizumab's label gives no dose for at least 28 days after
   * major surgery and until the wound has healed.
   */
  "major-surgery-within-4-weeks": { type: "boolean" },
  /**
   * A gastrointestinal perforation charted within the look-back of knowledge/management/facts.yaml: bevacizumab's and
   * ramucirumab's labels stop the antibody permanently after one.
   */
  "gi-perforation": { type: "boolean" },
  /**
   * A bleed suspected, not confirmed ("possible GI bleed", "?melena"), charted within the look-back of
   * knowledge/management/facts.yaml: no empirical anticoagulation is offered beside it.
   */
  "bleeding-suspected": { type: "boolean" },
  /**
   * A stroke suspected, not confirmed ("concern for stroke", "r/o CVA"), charted within the look-back of
   * knowledge/management/facts.yaml: a haemorrhage is not yet excluded, and no empirical anticoagulation is offered.
   */
  "stroke-suspected": { type: "boolean" },
  /**
   * A major operation planned, not done ("planned laparotomy", "scheduled for craniotomy"), charted within the
   * look-back of knowledge/management/facts.yaml: the platelet count a procedure needs, and the VEGF antibody held
   * before elective surgery.
   */
  "planned-major-surgery": { type: "boolean" },
  /** A cranial or spinal operation planned, charted within that look-back: the higher platelet count it needs. */
  "planned-neurosurgery": { type: "boolean" },
  /**
   * A bedside procedure planned, charted within the look-back of knowledge/management/facts.yaml: a lumbar puncture,
   * a central venous catheter insertion, an epidural or spinal block, a percutaneous liver biopsy — the platelet
   * count each needs.
   */
  "planned-lumbar-puncture": { type: "boolean" },
  "planned-central-venous-catheter": { type: "boolean" },
  "planned-neuraxial": { type: "boolean" },
  "planned-neuraxial-puncture": { type: "boolean" },
  "planned-liver-biopsy": { type: "boolean" },
  /**
   * A procedure planned, charted within the look-back of knowledge/management/facts.yaml, by its bleed risk (CHEST 2022,
   * EHRA 2021): a high-risk one other than an operation (a polypectomy, a kidney or prostate biopsy, a percutaneous liver
   * biopsy), a low-to-moderate-risk one (an endoscopy with biopsies, a bone-marrow biopsy) and a minimal-risk one (a
   * cataract operation, a skin biopsy, a simple dental extraction, a pacemaker) — how long a DOAC is held before it.
   */
  "planned-high-risk-procedure": { type: "boolean" },
  "planned-low-risk-procedure": { type: "boolean" },
  "planned-minimal-risk-procedure": { type: "boolean" },
  /** A bone-marrow aspirate or trephine biopsy planned: no platelet count is asked before it (BSH 2017). */
  "planned-bone-marrow-biopsy": { type: "boolean" },
  /** An operation on the posterior segment of the eye planned: the count of neurosurgery (BSH 2017, 100 ×10⁹/L). */
  "planned-posterior-eye-surgery": { type: "boolean" },
  /** Platelet clumps reported on a sample in the episode: the platelet count may be falsely low. */
  "platelet-clumps": { type: "boolean" },
  /**
   * A competing explanation is met in the finding's differential (a differential that lowers its
   * certainty: DIC, sepsis, recent chemotherapy, marrow infiltration, liver disease…), other than those
   * knowledge/management/facts.yaml lists as not holding treatment (a myelodysplastic syndrome beside a new
   * fall of half the pre-dose count: it still lowers the finding).
   */
  "competing-cause": { type: "boolean" },
  /**
   * The finding is only possible and a competing explanation is met in its differential: the diagnosis is
   * unconfirmed and the other cause may explain it (an aPTT prolonged by heparin read as a possible AHA), so
   * treatment that carries its own risk (a bypassing agent) waits for the confirming test.
   */
  "possible-with-competing-cause": { type: "boolean" },
  /**
   * A neoplasm of the marrow (myelodysplastic syndrome, acute leukaemia, multiple myeloma, or a marrow
   * infiltrated by a cancer, charted or on a marrow report) is met in the finding's differential: a
   * thrombopoietin-receptor agonist is not for it — romiplostim is for ITP only, romiplostim and eltrombopag warn
   * of progression of myelodysplasia to acute myeloid leukaemia, and romiplostim of progression of a
   * haematological malignancy.
   */
  "marrow-neoplasm": { type: "boolean" },
  /**
   * A myelodysplastic syndrome is met in the ITP differential beside a new fall of half or more of the
   * pre-dose count: treat the count as a possible immune thrombocytopenia and examine the marrow together.
   */
  "mds-new-fall": { type: "boolean" },
  /**
   * A marrow infiltration known before the first checkpoint-inhibitor dose is met in the ITP differential beside
   * a new fall of half or more of the pre-dose count: treat the count as a possible immune thrombocytopenia and
   * examine the marrow again together.
   */
  "marrow-infiltration-new-fall": { type: "boolean" },
  /**
   * A CAR-T infusion preceded the cytopenia (the finding's differential names immune effector
   * cell-associated hematotoxicity, ICAHT): the marrow and infection work-up of ICAHT comes before treating
   * the count as immune.
   */
  "cart-hematotoxicity": { type: "boolean" },
  /**
   * A cause of low platelet production is met in the finding's differential (recent chemotherapy, marrow
   * infiltration, myelodysplasia…): the count may be hypoproliferative, where platelet transfusion holds it.
   */
  "hypoproliferative-cause": { type: "boolean" },
  /**
   * A TMA-inducing drug (gemcitabine, mitomycin, a VEGF inhibitor) in the 90 days before onset is met in the
   * episode's differential (TTP's drug-induced-tma): the drug, not the checkpoint inhibitor or complement, may
   * cause a thrombotic microangiopathy that is not TTP, so eculizumab is discussed rather than begun.
   */
  "drug-induced-tma": { type: "boolean" },
  /**
   * A thrombotic microangiopathy that ADAMTS13 > 20 % shows is not TTP is named for the patient
   * (knowledge/unexplained.yaml pattern tma-not-ttp): its plan avoids platelet transfusions in every plan of the
   * patient, as for TTP, so a high-risk thrombus is not treated at full dose on transfusion support.
   */
  "tma-not-ttp": { type: "boolean" },
  /**
   * Severe renal impairment charted (knowledge/management/facts.yaml): a current kidney failure (dialysis,
   * end-stage or stage 5 CKD); else `creatinine-clearance` below 30 mL/min, or with none the latest eGFR below it
   * as its stand-in. No DOAC or fondaparinux then (ITAC, ASCO, NCCN); unknown when none of them is known.
   */
  "severe-renal-impairment": { type: "boolean" },
  /**
   * A kidney failure charted and current at the evaluation (dialysis, end-stage or stage 5 CKD: the events of
   * knowledge/management/facts.yaml severe-renal-impairment), whatever a clearance computed on it reads: the labels
   * that set a floor below the 30 mL/min bar (enoxaparin not recommended in end-stage renal disease) read it.
   */
  "kidney-failure": { type: "boolean" },
  /**
   * End-stage kidney disease (KDIGO G5): a kidney failure charted and current, or the kidney function the plans read
   * (`creatinine-clearance`, else the eGFR standing in for it, a child's bedside Schwartz eGFR included) below the
   * `endStageBelow` cut-off of knowledge/management/facts.yaml severe-renal-impairment (15). Enoxaparin's label does
   * not recommend it there, so the plans give unfractionated heparin rather than LMWH adjusted to anti-Xa levels.
   * Unknown when none is known, or when only a computed eGFR at or above the cut-off is.
   */
  "end-stage-kidney-disease": { type: "boolean" },
  /**
   * Creatinine clearance now, mL/min: the latest charted, or the Cockcroft–Gault clearance computed from the
   * latest serum creatinine with the age at its date, the recorded sex and the body weight of the last 90 days
   * (knowledge/management/facts.yaml severe-renal-impairment), whichever is more recent (the charted one on a
   * tie). The drug labels set their renal cut-offs on it. Unknown when neither is known.
   */
  "creatinine-clearance": { type: "number", unit: "mL/min" },
  /**
   * A child's eGFR now, mL/min/1.73 m²: the bedside Schwartz eGFR (0.413 × height (cm) / creatinine (mg/dL))
   * of the latest serum creatinine and a height of the last 90 days, from 1 year of age to under 18
   * (knowledge/management/facts.yaml severe-renal-impairment bedsideSchwartz). The paediatric labels of
   * rivaroxaban and dabigatran set their renal limit on it. Unknown for an adult, or without the height.
   */
  "child-egfr": { type: "number", unit: "mL/min/{1.73_m2}" },
  /** The recorded sex is female (true) or male (false); unknown when the record states neither. */
  female: { type: "boolean" },
  /**
   * Cirrhosis or liver failure charted and current at the evaluation (knowledge/management/facts.yaml), graded by
   * the Child-Pugh class the DOAC labels restrict them by (rivaroxaban not in B or C, apixaban not in C): false for a
   * cirrhosis charted Child-Pugh A whose bilirubin, albumin and INR do not already reach class B; true otherwise
   * (a class not on record bars a DOAC until it is settled). Unknown when none is charted.
   */
  "hepatic-impairment": { type: "boolean" },
  /**
   * Active liver injury on the tests (knowledge/management/facts.yaml): the latest ALT or AST of the last 14 days
   * above 2 × ULN, or the latest total bilirubin above 1.5 × ULN with no haemolysis in the episode — the liver
   * exclusions of the DOAC trials for VTE (immune-related hepatitis on a checkpoint inhibitor). LMWH, not a DOAC,
   * then. Unknown when none of these tests was drawn in the window.
   */
  "active-liver-injury": { type: "boolean" },
  /**
   * A luminal gastrointestinal or urothelial cancer charted and current (gastric, oesophageal, colorectal, anal,
   * bladder; knowledge/management/facts.yaml): edoxaban and rivaroxaban carried more bleeding than LMWH there
   * (ASCO), so the plan offers LMWH or apixaban. Unknown when none is charted.
   */
  "luminal-gi-gu-cancer": { type: "boolean" },
  /**
   * A brain tumour charted and current (knowledge/management/facts.yaml): a central nervous system neoplasm bars
   * systemic thrombolysis (ESC), not anticoagulation. Unknown when none is charted.
   */
  "intracranial-tumour": { type: "boolean" },
  /**
   * An active cancer charted and current, of any site, or a Trousseau syndrome (the cancer's hypercoagulable
   * state, read as an active cancer; knowledge/management/facts.yaml). Unknown when none is charted.
   */
  "active-cancer-charted": { type: "boolean" },
  /**
   * An ischaemic stroke or a systemic arterial embolism (limb or visceral) in the episode: with an active cancer,
   * the embolic source is looked for (D-dimer, echocardiography) before the antithrombotic is settled.
   */
  "embolic-arterial-event": { type: "boolean" },
  /**
   * An acute ischaemic stroke in the episode: beside an INR above 1.7 or a DOAC on board, no intravenous
   * thrombolysis (AHA/ASA 2019 absolute contraindications).
   */
  "ischaemic-stroke": { type: "boolean" },
  /**
   * A DVT of the arm or neck veins in the episode (often catheter-related): anticoagulation for at least 3 months
   * and as long as the catheter stays in; the catheter kept while it works and is needed.
   */
  "upper-extremity-dvt": { type: "boolean" },
  /**
   * A stroke that bars systemic thrombolysis charted before the evaluation (knowledge/management/facts.yaml):
   * an intracranial haemorrhage or a stroke of unknown type at any time, an ischaemic stroke in the last
   * 6 months (ESC 2019 absolute contraindications). Unknown when none is charted.
   */
  "stroke-barring-thrombolysis": { type: "boolean" },
  /**
   * A transient ischaemic attack charted in the last 6 months, current or as a history
   * (knowledge/management/facts.yaml): a relative contraindication to thrombolysis (ESC 2019). Unknown when
   * none is charted.
   */
  "recent-tia": { type: "boolean" },
  /**
   * A serum creatinine is charted but no creatinine clearance (charted, or computed by Cockcroft–Gault, which
   * needs an adult age, the sex and a body weight of the last 90 days) and no eGFR: the anticoagulant choice lacks
   * the clearance it needs.
   */
  "creatinine-without-clearance": { type: "boolean" },
  /**
   * HIT suspected: HIT charted, an intermediate or high 4Ts score (or one still incomplete that may reach
   * them), or a new thrombosis with a positive PF4 assay.
   */
  "hit-suspected": { type: "boolean" },
  /**
   * With HIT suspected: true when it is suspected only because the 4Ts now is incomplete with fewer than 4
   * certain points (it may still be low, 0–3) and no finding weighs HIT; false when HIT is charted, the 4Ts
   * is intermediate or high, or its certain points reach 4. Absent when HIT is not suspected.
   */
  "hit-4ts-could-be-low": { type: "boolean" },
  /**
   * Heparin-induced thrombocytopenia on record at any time (charted HIT, however long ago, or a positive
   * PF4/heparin antibody result): heparin re-exposure is avoided (ASH 2018) even when HIT is not suspected now.
   */
  "hit-history": { type: "boolean" },
  /**
   * An allergy or hypersensitivity to a heparin on record (knowledge/management/facts.yaml
   * drug-hypersensitivity), not a HIT (a heparin allergy whose reaction is a thrombocytopenia is `hit-history`):
   * the enoxaparin label contraindicates it with hypersensitivity to enoxaparin, heparin or pork products, so no
   * plan offers unfractionated heparin or an LMWH.
   */
  "heparin-hypersensitivity": { type: "boolean" },
  /**
   * An anaphylaxis or a severe reaction to a heparin on record: beyond heparin itself, the 4-factor prothrombin
   * complex concentrate that contains heparin (Kcentra) is contraindicated by its label.
   */
  "heparin-severe-hypersensitivity": { type: "boolean" },
  /** An allergy or infusion reaction to rituximab on record, of any severity: premedicate and infuse slowly. */
  "rituximab-hypersensitivity": { type: "boolean" },
  /**
   * An anaphylaxis or a severe (grade 3–4, life-threatening) reaction to rituximab on record: the EU label
   * contraindicates it with hypersensitivity to rituximab or murine proteins, so no plan offers it.
   */
  "rituximab-severe-hypersensitivity": { type: "boolean" },
  /** A hypersensitivity to caplacizumab on record: its labels contraindicate it, so no plan offers it. */
  "caplacizumab-hypersensitivity": { type: "boolean" },
  /**
   * An anaphylaxis or a severe systemic reaction to immune globulin on record: the IVIG labels contraindicate it,
   * so no plan offers IVIG (a mild infusion reaction is not read here).
   */
  "ivig-severe-hypersensitivity": { type: "boolean" },
  /** A hypersensitivity to tocilizumab on record: its label contraindicates it, so no plan offers it. */
  "tocilizumab-hypersensitivity": { type: "boolean" },
  /**
   * A charted drug allergy (one the plans read: heparin, rituximab, caplacizumab, IVIG, tocilizumab) whose
   * clinical status is resolved — reassessed by testing or re-exposure and no longer present (FHIR
   * AllergyIntolerance.clinicalStatus) — and no allergy still standing names the same drug: the drug is not barred,
   * and the plans say so.
   */
  "drug-allergy-resolved": { type: "boolean" },
  /**
   * A charted drug allergy the plans read whose clinical status is inactive without the reassessment that resolves
   * it: the bar stands, and the plans say why.
   */
  "drug-allergy-inactive": { type: "boolean" },
  /**
   * Antiphospholipid antibodies on record: a positive lupus anticoagulant result at any time up to the
   * evaluation, both solid-phase antibodies above the medium titre, or an antiphospholipid syndrome charted
   * (confirmed or suspected; knowledge/management/facts.yaml). With a thrombosis this is thrombotic APS once persistent at 12 weeks (Sydney criteria), treated
   * with a vitamin K antagonist rather than a DOAC (EULAR 2019).
   */
  "antiphospholipid-antibody-positive": { type: "boolean" },
  /**
   * Antiphospholipid syndrome charted, confirmed or suspected (knowledge/management/facts.yaml): the plan asks for
   * the antibody profile it rests on. It also makes antiphospholipid-antibody-positive true.
   */
  "antiphospholipid-syndrome-charted": { type: "boolean" },
  /**
   * A prosthetic heart valve on record, at any time (knowledge/management/facts.yaml): no DOAC — dabigatran is
   * contraindicated with a mechanical valve, apixaban not recommended with any prosthetic valve.
   */
  "prosthetic-heart-valve": { type: "boolean" },
  /**
   * A congenital TTP on record, at any time (knowledge/management/facts.yaml): the ADAMTS13 inhibitor test decides
   * whether the immune TTP's treatments apply.
   */
  "congenital-ttp": { type: "boolean" },
  /**
   * Hepatitis B on record, chronic or past (knowledge/management/facts.yaml): HBsAg or anti-HBc positive at any time,
   * or a hepatitis B charted. A plan offering rituximab then names antiviral prophylaxis before the first dose.
   */
  "hepatitis-b-on-record": { type: "boolean" },
  /**
   * A mechanical heart valve on record, at any time (knowledge/management/facts.yaml): in a pregnancy its vitamin K
   * antagonist is weighed with cardiology and obstetrics (the valve guidelines allow it), not barred outright.
   */
  "mechanical-heart-valve": { type: "boolean" },
  /**
   * A catastrophic antiphospholipid syndrome charted in the last weeks (knowledge/management/facts.yaml): EULAR 2019
   * treats it first with anticoagulation, glucocorticoids and plasma exchange or IVIG together.
   */
  "catastrophic-antiphospholipid-syndrome": { type: "boolean" },
  /**
   * The drug the finding's onset is attributed to targets CD20 (rituximab, obinutuzumab, ofatumumab): the
   * culprit of a drug-induced thrombocytopenia is avoided thereafter, so it is no treatment of it.
   */
  "culprit-anti-cd20": { type: "boolean" },
  /**
   * An anti-CD38 antibody (daratumumab, isatuximab) given within the last months (knowledge/management/facts.yaml):
   * it binds CD38 on red cells and makes the indirect antiglobulin test (antibody screen, crossmatch) positive, so
   * the blood bank must be told before red cells are ordered (the labels' warnings).
   */
  "anti-cd38-antibody-recent": { type: "boolean" },
  /**
   * Epcoritamab in the record, first given by the evaluation (knowledge/management/facts.yaml): its label's own
   * rule for thrombocytopenia (withhold below 50 ×10⁹/L until the count is back to 50) replaces the generic
   * "decide with the treating team" line.
   */
  "epcoritamab-on-record": { type: "boolean" },
  /**
   * A T-cell engager in the record whose label's rule for thrombocytopenia was not read (knowledge/management/
   * facts.yaml): the generic "decide with the treating team whether to withhold" line stays for it.
   */
  "engager-platelet-label-unread": { type: "boolean" },
  /**
   * A prior episode of immune TTP on record (a past TTP named in a note, or a TTP charted long before this
   * finding): a new fall in platelets may be a relapse, which ADAMTS13 decides (ISTH 2020).
   */
  "ttp-history": { type: "boolean" },
  /**
   * A prior ITP on record (a past ITP named in a note, or an ITP charted long before this finding): after a
   * checkpoint inhibitor a new fall may be a flare of that pre-existing ITP rather than a new immune-related
   * adverse event (Abdel-Wahab 2018).
   */
  "itp-history": { type: "boolean" },
  /**
   * The finding is a recurrence on re-exposure: a criterion of the ids knowledge/management/facts.yaml lists (the
   * rechallenge criteria of the disorders) is met — the count or the factor recovered, then fell again after a new
   * dose of the drug. The restart has been tried and failed: the plan offers no further restart.
   */
  "recurrence-on-rechallenge": { type: "boolean" },
  /**
   * An immune-related adverse event that stops the checkpoint inhibitor for good is on record (knowledge/management/
   * facts.yaml): a myocarditis charted on or after the first checkpoint-inhibitor dose, not charted as grade 1. ASCO
   * 2021 (Table 9.1) discontinues the checkpoint inhibitor from grade 2: no plan continues it or offers a restart.
   */
  "ici-stopping-irae": { type: "boolean" },
  /**
   * Consumption after CAR-T or a T-cell engager with no CRS charted: a criterion of the ids
   * knowledge/management/facts.yaml lists (DIC's cellular-therapy-consumption) is met. The plan asks for the CRS
   * assessment, cultures and a repeat ISTH score.
   */
  "cellular-therapy-consumption": { type: "boolean" },
  /**
   * The disorder was present before the first dose and is still open after it: a criterion of the ids
   * knowledge/management/facts.yaml lists (TTP's and AHA's active-at-first-dose) is met. Pre-existing, active during
   * immunotherapy, not attributed to it: the plan treats the disorder and cautions that immunotherapy may worsen it.
   */
  "pre-existing-active": { type: "boolean" },
  /**
   * A thrombosis in the past on record (a past DVT, PE or other clot named in a note or a resolved Condition, or a
   * thrombosis charted long before this finding): never a current thrombosis, but a thrombotic risk the
   * thrombopoietin-receptor agonists' labels warn of.
   */
  "thrombosis-history": { type: "boolean" },
  /**
   * Immune thrombocytopenia (ITP, or Evans syndrome's ITP) found probable or definite in the patient
   * (knowledge/management/facts.yaml sets the certainty): transfused platelets are
   * destroyed as the patient's own are, so a plan cannot rest on platelet transfusion to hold a count.
   */
  "immune-thrombocytopenia": { type: "boolean" },
  /**
   * A TTP finding now in clinical remission (Cuker 2021): the latest platelet count at or above the remission
   * floor and the latest LDH below its multiple of the upper limit, both drawn at least the sustained interval
   * after onset, with no plasma exchange or plasma in that interval (knowledge/management/facts.yaml). The acute
   * plan is then not repeated; a new fall is a clinical relapse, which ends the remission.
   */
  "ttp-clinical-remission": { type: "boolean" },
  /**
   * Plasma exchange charted in this episode (knowledge/management/facts.yaml): the plan continues it until the count
   * has recovered rather than telling the team to start it.
   */
  "plasma-exchange-in-episode": { type: "boolean" },
  /**
   * ADAMTS13 relapse: in clinical remission, the latest ADAMTS13 activity (drawn in the remission window) below
   * the relapse cut-off. ISTH 2020 suggests pre-emptive rituximab, not plasma exchange.
   */
  "adamts13-relapse": { type: "boolean" },
  /**
   * Thrombotic thrombocytopenic purpura found in the patient (knowledge/management/facts.yaml sets the
   * certainty): platelet transfusions are avoided (ISTH 2020), so no plan may hold a count up by
   * transfusion to allow an anticoagulant, and an arterial event is read as a manifestation of the TTP.
   */
  ttp: { type: "boolean" },
  /**
   * Acquired haemophilia A found in the patient (knowledge/management/facts.yaml sets the certainty): no
   * guideline gives the antithrombotic regimen of an arterial event beside it, so the thrombosis plan defers
   * it to hematology and cardiology (or neurology) together instead of prescribing dual antiplatelet therapy.
   */
  "acquired-haemophilia": { type: "boolean" },
  /**
   * Acquired haemophilia A found in the patient at the certainty at which its plan already avoids human FVIII,
   * desmopressin and plasma (knowledge/management/facts.yaml): no other plan of the patient offers desmopressin.
   */
  "acquired-haemophilia-suspected": { type: "boolean" },
  /**
   * A thrombocytopenia or ITP is charted in the episode but no platelet count is on record: the count is
   * known to be low, so an item allowed "while the count is unknown" must wait for it.
   */
  "thrombocytopenia-charted-without-count": { type: "boolean" },
  /**
   * An acquired haemophilia A charted in the episode with no aPTT and no FVIII activity on record: the diagnosis
   * rests on words, so the bypassing agents wait for the tests that support it.
   */
  "aha-charted-without-results": { type: "boolean" },
  /** An HLH, IEC-HS or macrophage activation syndrome charted in the episode by the care team. */
  "hlh-charted": { type: "boolean" },
  /** An HLH the care team suspects or is ruling out, charted in the episode: worked up, not yet treated. */
  "hlh-considered": { type: "boolean" },
  /**
   * The carHLH criteria (CARTOX) are met in the finding's differential: ferritin above 10,000 with two of
   * grade ≥ 3 liver toxicity, creatinine above 3 × ULN and marrow haemophagocytosis after CAR-T or a T-cell
   * engager — the HLH-like syndrome (IEC-HS after CAR-T) is named with its work-up and treatment.
   */
  "carhlh-met": { type: "boolean" },
  /**
   * The carHLH criteria are met in a CARAC finding of the patient: another plan (DIC) refers to the CARAC
   * plan's urgent carHLH line rather than repeating an HLH line of its own.
   */
  "carhlh-in-patient": { type: "boolean" },
  /**
   * A CAR-T-associated coagulopathy (CARAC) finding in the patient: its plan carries the CAR-T immunotherapy
   * line, so the DIC plan of the same patient does not print a second "nothing to hold".
   */
  "carac-in-patient": { type: "boolean" },
  /**
   * A thrombosis finding in the patient, at any certainty (knowledge/management/facts.yaml): its plan carries the lines
   * of a thrombosis (the urgent catastrophic APS line among them), so the DIC and CARAC plans of the same patient do
   * not repeat them.
   */
  "thrombosis-in-patient": { type: "boolean" },
  /**
   * A reactive haemophagocytic syndrome (HLH; IEC-HS after CAR-T) likely by the finding's HScore over the
   * episode (knowledge/management/facts.yaml: at or above the published cut-off, counting only the items the
   * record holds); unknown otherwise, never false (the items the record lacks could still raise it).
   */
  "hlh-suspected": { type: "boolean" },
  /**
   * An active severe infection charted (knowledge/management/facts.yaml): a sepsis, or an infection of CTCAE grade
   * 3 or above, charted within the window before the evaluation and not ended by it. The EU rituximab label
   * contraindicates rituximab in active, severe infections.
   */
  "severe-infection": { type: "boolean" },
  /**
   * An acute infection charted (knowledge/management/facts.yaml): a sepsis or an infection of any grade, or charted
   * without one (a urinary tract infection among them), within the window before the evaluation and not ended by
   * it. The UK cyclophosphamide label contraindicates it in acute infections and in urinary tract infection.
   */
  "acute-infection": { type: "boolean" },
  /**
   * ISTH overt DIC score ≥ 5 (its category `overt`) on the episode's most recent complete panel: the score now
   * if decided, else the latest decided score at a coagulation result of the episode (an older panel still
   * counts); unknown while no panel of the episode decides it.
   */
  "overt-dic": { type: "boolean" },
  /** DIC with a primary hyperfibrinolytic pattern. */
  hyperfibrinolysis: { type: "boolean" },
  /**
   * Age in whole years at the episode's onset (at the evaluation without one), from the birth date; a birth
   * date of a year or month only is read at its last day, so the age is never overstated (a child is never
   * read as an adult). Unknown without a birth date.
   */
  age: { type: "number", unit: "a" },
  /**
   * A woman of childbearing age (knowledge/management/facts.yaml): sex recorded as female and age at the episode's
   * onset below the knowledge's bound. AICE avoids cyclophosphamide and other alkylating agents in women of
   * childbearing age with acquired haemophilia A. Unknown without a recorded sex, or a woman without a birth date;
   * true whenever a pregnancy is charted.
   */
  "female-childbearing-age": { type: "boolean" },
  /**
   * A pregnancy charted and current (knowledge/management/facts.yaml): a pregnancy event within the knowledge's
   * window before the evaluation and not ended by it. Warfarin and the DOACs are not given in pregnancy; LMWH is
   * its anticoagulant (ASH 2018). True or unknown, never false: the record seldom states that a woman is not
   * pregnant (false only for a man).
   */
  pregnancy: { type: "boolean" },
  /**
   * Breastfeeding charted and current (knowledge/management/facts.yaml): a breastfeeding event within the knowledge's
   * window before the evaluation and not ended by it. Warfarin and LMWH allow breastfeeding, a DOAC does not (Blood
   * "How I treat" 2020; rivaroxaban's label). True or unknown, never false but for a man.
   */
  breastfeeding: { type: "boolean" },
  /**
   * A delivery or the puerperium charted within the knowledge's window (6 weeks) before the evaluation
   * (knowledge/management/facts.yaml postpartum). With no breastfeeding charted she may breastfeed: she is asked, and
   * the plans read her as breastfeeding meanwhile (LMWH or warfarin, not a DOAC).
   */
  postpartum: { type: "boolean" },
  /**
   * Body weight now, kg: the latest weight charted within the window of knowledge/management/facts.yaml
   * `body-weight` (an older one is unknown). Fondaparinux is contraindicated below 50 kg in its label's surgical
   * indications; above 120 kg (or a BMI above 40) ASCO prefers LMWH over a DOAC.
   */
  "body-weight": { type: "number", unit: "kg", reading: "latest" },
  /** Body-mass index now, kg/m²: the latest charted within the same window as `body-weight` (undated: unknown). */
  bmi: { type: "number", unit: "kg/m2" },
  /**
   * A weight above 120 kg or a BMI above 40 kg/m² now (knowledge/management/facts.yaml body-weight): ASCO prefers
   * LMWH over a DOAC. False when either is known and neither is above; unknown with neither.
   */
  "weight-above-120-or-bmi-above-40": { type: "boolean" },
  /** Platelet count now, ×10⁹/L. */
  platelets: { type: "number", unit: "10*9/L", reading: "latest" },
  /**
   * Absolute neutrophil count now, ×10⁹/L: below 0.5 after CAR-T the EHA/EBMT ICAHT consensus gives
   * therapeutic G-CSF and, at high ICAHT risk, antibacterial prophylaxis.
   */
  anc: { type: "number", unit: "10*9/L", reading: "latest" },
  /**
   * Haemoglobin now, g/dL: with the platelet count it tells whether an Evans syndrome is back to grade ≤ 1
   * (CTCAE anaemia grade 1 ends at 10.0 g/dL) when the report is made, whatever the episode's worst grade.
   */
  hemoglobin: { type: "number", unit: "g/dL", reading: "latest" },
  /** Fibrinogen (Clauss) now, g/L. */
  fibrinogen: { type: "number", unit: "g/L", reading: "latest" },
  /** INR now: before a planned procedure off a vitamin K antagonist, SIR 2019's thresholds by the procedure's bleed risk. */
  inr: { type: "number", unit: "{INR}", reading: "latest" },
  /** Serum ferritin now, ng/mL (= µg/L): HLH-level values after CAR-T raise an HLH-like syndrome (IEC-HS). */
  ferritin: { type: "number", unit: "ng/mL", reading: "latest" },
  /** ADAMTS13 activity at presentation, % of normal (= IU/dL). */
  "adamts13-activity": { type: "number", unit: "%", reading: "presenting" },
  /** FVIII inhibitor titre at presentation, Bethesda units/mL. */
  "fviii-inhibitor": { type: "number", unit: "[beth'U]/mL", reading: "presenting" },
} as const;

/** The numeric facts read from a lab result, with the lab id and which result is read. */
export const LAB_FACTS = Object.entries(MANAGEMENT_FACTS).flatMap(([name, f]) =>
  "reading" in f ? [{ name: name as ManagementFactName, reading: f.reading }] : [],
);

export type ManagementFactName = keyof typeof MANAGEMENT_FACTS;

/** Facts as callers pass them: value in the unit of MANAGEMENT_FACTS, or undefined when not known. */
export type ManagementFacts = Readonly<Record<string, boolean | number | undefined>>;
