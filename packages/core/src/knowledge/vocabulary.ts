/**
 * What adapters need from the knowledge base to recognise a source record: the lab, drug and event
 * catalogues seen through one interface, so FHIR, CSV and OMOP adapters share one matcher.
 */
import type { ContextRole, EventKind, Qualitative, TherapyClass } from "../contracts/vocabularies.js";

/** A code as sources send it (FHIR Coding, OMOP concept, CSV column). */
export interface SourceCoding {
  readonly system?: string;
  readonly code?: string;
  readonly display?: string;
}

/** A coded concept: codings plus free text (FHIR CodeableConcept). */
export interface SourceConcept {
  readonly codings: readonly SourceCoding[];
  readonly text?: string;
}

export type MedicationMatch =
  | { readonly kind: "immunotherapy"; readonly drug: string; readonly class: TherapyClass }
  | { readonly kind: "context"; readonly drug: string; readonly roles: readonly ContextRole[] };

export interface EventMatch {
  readonly kind: EventKind;
  readonly qualifiers: readonly string[];
  /**
   * A past episode dated in the note's words ("ischaemic stroke 2026-09"): the last day that date covers
   * (ISO), which the event is dated by instead of the note's own date.
   */
  readonly at?: string;
  /**
   * A planned procedure's own day written with it ("laparotomy planned 2026-03-20"): the latest such day (ISO),
   * carried as the planned event's `end`.
   */
  readonly plannedFor?: string;
  /** The grade the entry's code states (events.yaml `codeGrade`: D89.833, a CRS of grade 3), the highest if several. */
  readonly grade?: number;
}

/** One lab of the catalogue as adapters need it. */
export interface LabDefinition {
  readonly id: string;
  readonly name: string;
  /** Canonical UCUM unit; absent for qualitative labs (DAT, schistocytes). */
  readonly unit?: string;
  readonly kind: "quantity" | "qualitative";
  /** Molecular weight in g/mol, for converting molar to mass units (creatinine, bilirubin, hemoglobin). */
  readonly molecularWeight?: number;
  /** Physiologically possible range in the canonical unit; outside it a value is rejected as implausible. */
  readonly plausible?: { readonly min: number; readonly max: number };
  /** Lowest count any method detects: a value above zero and below it is a unit sent wrong. */
  readonly detectionLimit?: number;
  /** Usual adult reference range in the canonical unit, used when the result carries none. */
  readonly reference?: {
    readonly low?: number;
    readonly high?: number;
    readonly sourceIds: readonly string[];
  };
  /** For a D-dimer of unstated reporting basis: the catalogue labs of its FEU and DDU readings. */
  readonly basisLabs?: { readonly FEU: string; readonly DDU: string };
  /** The qualitative presence test of the same finding, whose negative result is a value of 0 here. */
  readonly presence?: string;
  /** For a presence test, the quantity lab of the same finding (schistocytes → schistocytes-pct) and its unit. */
  readonly quantity?: { readonly id: string; readonly unit?: string };
}

/** Body-mass index code(s), unit and plausible range (knowledge/labs.yaml `bmi`; Khorana reads the BMI). */
export interface BmiDefinition {
  readonly loinc: readonly string[];
  readonly unit: string;
  readonly plausible: { min: number; max: number };
}

export interface Vocabulary {
  /** The lab for a LOINC code, if it is one HemoSentinel uses. */
  lab(loinc: string): LabDefinition | undefined;
  /** The lab by catalogue id. */
  labById(id: string): LabDefinition | undefined;
  /** Catalogue ids that contain the text or that it contains: the ids a mistyped one may have meant. */
  labIdsNear(text: string): readonly string[];
  /**
   * The catalogue lab whose name, or the long name of one of its LOINC codes, the text is (case and spacing
   * aside): what a result coded only in a laboratory's local system names. Used to say why such a result
   * is not read, never to read it.
   */
  labNamed(text: string): LabDefinition | undefined;
  /** How the body-mass index is coded. */
  readonly bmi: BmiDefinition;
  /** A medication (RxNorm, ATC, INN or brand name in code, display or text). */
  medication(concept: SourceConcept): MedicationMatch | undefined;
  /**
   * Every drug one medication record gives: {@link medication}'s when it names one, else each drug it
   * names (a regimen on one line, "nivo/ipi"), a fixed combination counted once (Opdualag, not
   * nivolumab beside it).
   */
  medications(concept: SourceConcept): readonly MedicationMatch[];
  /**
   * Whether a dated dose record's own words say that day's dose was not given ("nivolumab 240 mg deferred until
   * platelets recover", "pembrolizumab held"): unexplained.yaml `namedDrug.given.notGivenOnDate`. Such a record
   * is no dose; its words stay the record's words of the drug.
   */
  doseNotGiven(concept: SourceConcept): boolean;
  /**
   * A clinical event or condition (SNOMED CT, ICD-10(-CM), or text). `noteDate` is the record's own date
   * (ISO): a date written after a HIT or TTP is read against it (events.yaml `historyDays`).
   */
  event(concept: SourceConcept, noteDate?: string): EventMatch | undefined;
  /**
   * Every event one record (a note) gives: {@link event}'s, and beside it the first-priority problem of
   * each of its clauses (the ITP in "new DVT; suspected ITP") and each past episode it names (a
   * hit-history in "new DVT; history of HIT 2019"), one per kind.
   */
  noteEvents(concept: SourceConcept, noteDate?: string): EventMatch[];
  /**
   * Every event kind a record of the concept can give whatever its date (a superset of
   * {@link noteEvents} for every date): what a concept map built once per concept must hold.
   */
  eventsOnAnyDate(concept: SourceConcept): EventMatch[];
  /**
   * What an event stands for when its record doubts it (a provisional diagnosis) or places it in the
   * past (a resolved one), read as a note's doubt or history cue is (events.yaml `doubtKept`, `history`,
   * `statusKinds`): the working diagnosis, the kind's history kind, or undefined when it names no event.
   * Planned (a Procedure in preparation), an operation or a bedside procedure is its planned kind
   * (`plannedKinds`: surgery-planned, procedure-planned), anything else no event.
   * Refuted (a Condition whose verificationStatus is refuted), a clot or its suspicion at a site a study rules out
   * (events.yaml `ruledOutKinds`, `ruleOutStudies`) is that site ruled out, as a negative study of it is; anything
   * else names no event.
   */
  /**
   * The kind of the procedure done that a planned kind stands for (events.yaml `plannedKinds`, read backwards:
   * procedure-planned → procedure, surgery-planned → surgery); undefined for a kind that is no planned one.
   */
  doneKindOf(planned: string): EventKind | undefined;
  qualify(
    match: EventMatch,
    reading: "doubted" | "historical" | "planned" | "refuted",
  ): EventMatch | undefined;
  /**
   * What an allergy to `substance` with these `reactions` stands for (events.yaml `allergyReactions`): a
   * heparin allergy whose reaction is thrombocytopenia is a history of HIT; undefined when no rule reads it.
   */
  allergy(substance: SourceConcept, reactions: readonly SourceConcept[]): EventMatch | undefined;
  /**
   * An allergy or hypersensitivity to `substance` as events.yaml `drugHypersensitivity` reads it: the event
   * `drug-hypersensitivity` with the avoid tags of the drug as qualifiers, and `severe` when `severe` is given
   * (a high criticality, a severe reaction) or the substance's or a reaction's words name an anaphylaxis or a
   * severe reaction; undefined when the substance is no drug of a tag.
   */
  drugHypersensitivity(
    substance: SourceConcept,
    reactions: readonly SourceConcept[],
    severe: boolean,
  ): EventMatch | undefined;
  /**
   * The CTCAE grade from which a drug allergy charted with a grade (a CSV row's `grade` column) is a severe
   * reaction (events.yaml `drugHypersensitivity.severeFromGrade`); undefined when the knowledge sets none.
   */
  drugHypersensitivitySevereGrade(): number | undefined;
  /**
   * The words that make a relative the subject of a clause: events.yaml `relatives` (with their plurals) and the
   * family-history headers ("mother", "brothers", "FHx"), for readers of a drug named in words.
   */
  relativeWords(): readonly string[];
  /**
   * The qualifiers of an event of `kind` charted with `grade`, without those its words gave for a higher grade
   * (events.yaml qualifierCues `grade`: "severe epistaxis" charted at grade 2 is a grade 2 bleed, not a severe one).
   */
  gradedQualifiers(
    kind: EventKind,
    qualifiers: readonly string[],
    grade: number | undefined,
  ): readonly string[];
  /** How laboratories spell units and qualitative results (knowledge/unit-spellings.yaml). */
  readonly unitSpellings: UnitSpellings;
  /** The unit converter over those spellings (UCUM after the table), shared by every adapter. */
  readonly units: UnitConverter;
}

/** Spellings and result words as lookup maps. */
export interface UnitSpellings {
  /** Case-sensitive spellings (exactSpellingKey) → UCUM code; consulted first. */
  readonly exact: ReadonlyMap<string, string>;
  /** Folded spelling (spellingKey) → UCUM code. */
  readonly ucum: ReadonlyMap<string, string>;
  readonly qualitative: {
    /** Lower-cased word → reading. */
    readonly words: ReadonlyMap<string, Qualitative | "ambiguous">;
    /** `system|code` → reading. */
    readonly codes: ReadonlyMap<string, Qualitative>;
  };
}

/** The catalogue's unit rules a converter honours when the lab definition carries them (CatalogueLab). */
export interface LabUnitRules {
  readonly basis?: "FEU" | "DDU";
  readonly basisLabs?: { readonly FEU: string; readonly DDU: string };
  readonly unitEquivalences?: readonly { readonly unit: string; readonly factor: number }[];
  readonly rejectUnits?: readonly { readonly unit: string; readonly reason: string }[];
}

export type ConvertibleLab = LabDefinition & LabUnitRules;

/** Outcome of a conversion; `basis` is the D-dimer basis the unit named, when it named one. */
export type Conversion =
  | { readonly ok: true; readonly value: number; readonly unit: string; readonly basis?: "FEU" | "DDU" }
  | { readonly ok: false; readonly reason: string };

export interface UnitConverter {
  /**
   * `value` in `unitAsSent` expressed in the lab's canonical unit, or the specific reason it cannot be.
   * Never throws.
   */
  convert(value: number, unitAsSent: string | undefined, lab: ConvertibleLab): Conversion;
}
