/**
 * The words a clinician reads instead of codes. Reports keep knowledge ids and UCUM units in the JSON;
 * the text and HTML reports name things: `Platelet count decreased` for `platelet-count-decreased`,
 * `ISTH overt DIC score` for `isth-overt-dic`, `×10⁹/L` for `10*9/L`, `BU/mL` for `[beth'U]/mL`.
 *
 * Names come from the knowledge base through the {@link RenderContext}; what the knowledge base does not
 * name (event kinds, code systems, rejection codes, conflict kinds, a few component keys the scores build
 * themselves) is named here. Texts the core writes (criterion details, grade bases, interpretations,
 * reasons) are swept by {@link Wording.prose}: UCUM units become display units and whole tokens that are
 * knowledge ids become their names. Text in quotes (a diagnosis as charted, a unit as sent) is kept.
 */
import { DISORDER_IDS } from "../contracts/lists.js";
import type { RejectionCode } from "../contracts/rejection-codes.js";
import type { ConflictKind, DisorderId, TherapyClass } from "../contracts/vocabularies.js";
import { superscriptDigits } from "../knowledge/superscript.js";
import type { RenderContext } from "./context.js";

/** Lower-case abbreviations used as ids (labs, score inputs, event kinds), written as clinicians write them. */
const ABBREVIATIONS: Readonly<Record<string, string>> = {
  pt: "PT",
  inr: "INR",
  aptt: "aPTT",
  wbc: "WBC",
  anc: "ANC",
  crp: "CRP",
  ldh: "LDH",
  mcv: "MCV",
  fdp: "FDP",
  dat: "DAT",
  alt: "ALT",
  ast: "AST",
  il6: "IL-6",
  sirs: "SIRS",
  sofa: "SOFA",
  bmi: "BMI",
  esa: "ESA",
  hit: "heparin-induced thrombocytopenia (HIT)",
  hlh: "HLH",
  crs: "cytokine release syndrome (CRS)",
  icans: "ICANS",
  hus: "hemolytic uremic syndrome (HUS)",
  ici: "immune checkpoint inhibitor",
  sic: "SIC",
  uln: "ULN",
  lln: "LLN",
  loinc: "LOINC",
  ivig: "IVIG",
};

/**
 * Hyphenated ids the knowledge base does not name: event kinds, unexplained-event ids, score categories
 * and component keys built by the scores themselves. Plain English words (`bleeding`, `thrombosis`,
 * `sepsis`) are not ids here and are left as they are.
 */
const PHRASES: Readonly<Record<string, string>> = {
  "liver-disease": "liver disease",
  "marrow-involvement": "marrow involvement",
  "marrow-failure": "marrow failure",
  "red-cell-aplasia": "pure red cell aplasia",
  "kidney-failure": "kidney failure (dialysis, end-stage or stage 5 CKD)",
  "antiphospholipid-syndrome": "antiphospholipid syndrome",
  "prosthetic-heart-valve": "prosthetic heart valve",
  "hepatitis-b": "hepatitis B (chronic or past)",
  myocarditis: "myocarditis",
  "gi-perforation": "gastrointestinal perforation",
  surgery: "operation",
  "surgery-planned": "planned operation",
  procedure: "invasive procedure",
  "procedure-planned": "planned invasive procedure",
  "thrombosis-suspected": "suspected thrombosis (not confirmed by imaging)",
  "bleeding-suspected": "suspected bleeding (not confirmed)",
  "hlh-considered": "HLH suspected or being ruled out (not confirmed)",
  "itp-considered": "ITP or Evans syndrome being ruled out (not confirmed)",
  "dic-considered": "DIC being ruled out (not confirmed)",
  "aha-considered": "acquired haemophilia A being ruled out (not confirmed)",
  "thrombosis-ruled-out": "thrombosis ruled out by imaging of its site",
  pregnancy: "pregnancy",
  breastfeeding: "breastfeeding",
  postpartum: "delivery or puerperium",
  "neurologic-event":
    "neurological event (confusion, encephalopathy, seizure, focal deficit, stroke or coma)",
  "active-cancer": "active cancer",
  "platelet-transfusion": "platelet transfusion",
  "rbc-transfusion": "red-cell transfusion",
  "plasma-therapy": "plasma exchange or plasma transfusion",
  "skin-necrosis": "skin necrosis",
  "major-bleeding": "Major bleeding",
  "car-t": "CAR-T cell therapy",
  "tma-inducing": "TMA-inducing",
  "thrombocytopenia-drug": "thrombocytopenia-causing",
  "gp2b3a-inhibitor": "GP IIb/IIIa inhibitor",
  "cyp3a4-pgp-inhibitor": "strong CYP3A4 and P-gp inhibitor",
  "cyp3a4-pgp-inducer": "strong CYP3A4 and P-gp inducer",
  "moderate-cyp3a-inhibitor": "moderate CYP3A inhibitor",
  "strong-cyp3a-inhibitor": "strong CYP3A inhibitor",
  "strong-cyp3a-inducer": "strong CYP3A inducer",
  "moderate-cyp3a-inducer": "moderate CYP3A inducer",
  "tpo-receptor-agonist": "TPO-receptor agonist",
  apcc: "activated prothrombin complex concentrate (aPCC)",
  "human-fviii": "human FVIII concentrate",
  "not-overt": "not overt",
  "no-dic": "no DIC",
  "no-sic": "no SIC",
  "no-validated-cutoff": "no validated cut-off",
  "above-cart-bleeding-cutoff": "above the CAR-T bleeding cut-off",
  "below-cart-bleeding-cutoff": "below the CAR-T bleeding cut-off",
  "other-cause": "Other cause of thrombocytopenia",
  "early-grade": "Early grade (days 0–30)",
  "late-grade": "Late grade (from day 31)",
  "early-window-days": "Days 0–30 without a count",
  "late-window-days": "Days from day 31 without a count",
  "late-repeat-count": "A repeat count after day 30 (a late grade rests on two or more tests)",
};

/** Score category keys that are abbreviations. */
const CATEGORIES: Readonly<Record<string, string>> = { dic: "DIC", sic: "SIC" };

/** Unexplained-list event abnormalities, as headings. */
const EVENT_HEADINGS: Readonly<Record<string, string>> = {
  thrombosis: "Thrombosis (venous or arterial)",
  bleeding: "Bleeding",
  "major-bleeding": "Major bleeding",
  "muscle-bleeding": "Muscle haematoma",
  "clinically-significant-bleeding": "Clinically significant bleed (acquired haemophilia A to exclude)",
  // An INR above a vitamin K antagonist's range (knowledge/unexplained.yaml `onDrug`), by band.
  "inr-4-5-to-10-on-vka": "INR 4.5–10 on a vitamin K antagonist",
  "inr-above-10-on-vka": "INR above 10 on a vitamin K antagonist",
  "aptt-above-100-s-on-dti": "aPTT above 100 s on argatroban or bivalirudin",
  "anti-xa-above-1-1-on-lmwh": "Anti-Xa above 1.1 IU/mL on LMWH",
  "anti-xa-above-2-on-lmwh": "Anti-Xa above 2.0 IU/mL on LMWH",
  // A disorder the care team charted that no finding accounts for (knowledge/unexplained.yaml).
  "itp-charted": "ITP charted by the care team",
  "ttp-charted": "TTP or TMA charted by the care team",
  "hus-charted": "Haemolytic uraemic syndrome charted by the care team",
  // A named pattern of knowledge/unexplained.yaml: what an excluded TTP leaves.
  "tma-not-ttp":
    "Thrombotic microangiopathy with ADAMTS13 > 20 % — not TTP: consider drug-induced or complement-mediated TMA (HUS)",
  "aha-charted": "Acquired haemophilia A charted by the care team",
  "dic-charted": "DIC charted by the care team",
  "coagulopathy-charted": "Coagulopathy charted by the care team",
  "hypofibrinogenemia-charted": "Hypofibrinogenemia charted by the care team",
  "maha-charted": "Microangiopathic haemolysis charted by the care team",
  "congenital-ttp-charted": "Congenital TTP charted by the care team",
  "aiha-charted": "Autoimmune haemolytic anaemia charted by the care team",
  "marrow-failure-charted": "Marrow failure charted by the care team",
  "neutropenia-charted": "Neutropenia charted by the care team",
  "thrombocytopenia-charted": "Thrombocytopenia charted by the care team",
  "pancytopenia-charted": "Pancytopenia charted by the care team",
  "hlh-charted": "HLH charted by the care team",
  "caps-charted": "Catastrophic antiphospholipid syndrome charted by the care team",
  "non-immune-hit-charted": "Non-immune heparin-associated thrombocytopenia charted by the care team",
  "hit-charted": "Heparin-induced thrombocytopenia charted by the care team",
  // A disorder the care team suspects or is ruling out, with the tests that decide it not yet on record.
  "hlh-considered": "HLH suspected or being ruled out by the care team",
  "itp-considered": "ITP suspected or being ruled out by the care team",
  "evans-considered": "Evans syndrome suspected or being ruled out by the care team",
  "dic-considered": "DIC suspected or being ruled out by the care team",
  "aha-considered": "Acquired haemophilia A suspected or being ruled out by the care team",
};

/** Score components the scores name themselves (4Ts, hematotoxicity grades). */
const COMPONENT_LABELS: Readonly<Record<string, string>> = {
  thrombocytopenia: "Thrombocytopenia",
  timing: "Timing of the platelet fall",
  thrombosis: "Thrombosis or other sequelae",
  ldh: "LDH",
  creatinine: "Creatinine",
  platelets: "Platelet count",
};

const CODE_SYSTEMS: Readonly<Record<string, string>> = {
  "http://snomed.info/sct": "SNOMED CT",
  "http://loinc.org": "LOINC",
  "http://www.nlm.nih.gov/research/umls/rxnorm": "RxNorm",
  "http://hl7.org/fhir/sid/icd-10-cm": "ICD-10-CM",
  "http://hl7.org/fhir/sid/icd-10": "ICD-10",
  "http://www.whocc.no/atc": "ATC",
  "http://hl7.org/fhir/sid/ndc": "NDC",
  "http://www.ama-assn.org/go/cpt": "CPT",
  "http://unitsofmeasure.org": "UCUM",
  "no-system": "coded without a system",
  text: "text only",
};

/** Headings of rejection codes; a code without one is written as words (`no-results` → `No results`). */
const REJECTION_LABELS: Readonly<Partial<Record<RejectionCode, string>>> = {
  "unit-not-convertible": "Unit cannot be converted",
  "unit-conflict": "Printed and coded units disagree",
  "unknown-code": "Code or text not recognised",
  "future-date": "Dated after the evaluation time",
  "after-death": "Dated after the patient's death",
  "broken-reference": "Reference to a missing record",
  "invalid-date": "Date not valid",
  "missing-date": "No date",
  "invalid-value": "Value not valid",
  "missing-value": "No value",
  "implausible-value": "Value outside the physiologically possible range",
  "missing-subject": "No patient named",
  "invalid-grade": "Grade not valid",
  "not-final": "Result not final",
  "not-fhir": "Not a FHIR resource",
  "invalid-json": "Not valid JSON",
  "unsupported-comparator": "Comparator not supported",
  "missing-code": "No code",
  "missing-column": "Column missing",
  "unknown-column": "Unknown column",
  "malformed-row": "Row cannot be read",
  "invalid-record-type": "Record type not valid",
  "invalid-csv": "CSV not valid",
  "empty-entry": "Empty entry",
  "source-issue": "The source reported a problem: records may be missing",
  refuted: "Refuted, entered in error or only a differential diagnosis",
};

const CONFLICT_LABELS: Readonly<Record<ConflictKind, string>> = {
  "same-instant-values": "Two different results of one test at the same instant",
  "same-id-differs": "Two records with one id and different content",
  demographics: "Demographics disagree across sources",
  "event-before-exposure": "Event dated before every immunotherapy",
};

const CLASS_NAMES: Readonly<Record<TherapyClass, string>> = {
  ici: "immune checkpoint inhibitor",
  bispecific: "bispecific T-cell engager",
  antibody: "therapeutic antibody",
  "car-t": "CAR-T cell therapy",
};

/** A knowledge id written as words when nothing names it: `plt-lt-50` → `platelets < 50 ×10⁹/L`. */
export function humanId(id: string): string {
  const threshold = /^(plt|anc)-(lt|le)-(\d+)$/.exec(id);
  if (threshold) {
    const [, lab, op, n] = threshold as unknown as [string, string, string, string];
    const sign = op === "lt" ? "<" : "≤";
    return lab === "plt" ? `platelets ${sign} ${n} ×10⁹/L` : `ANC ${sign} ${n}/µL`;
  }
  const days = /^(early|late)-days-(.+)$/.exec(id);
  if (days) return `Days with ${humanId(days[2] as string)} (${days[1]} window)`;
  const words = id.split("-").map((w) => ABBREVIATIONS[w] ?? w);
  const text = words.join(" ");
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Names and sweeps for one report, from the render context. */
export interface Wording {
  /** `Immune thrombocytopenia (ITP)`; the id in capitals when the knowledge base has no name. */
  disorder(id: DisorderId): string;
  /** CTCAE v5.0 term name: `Platelet count decreased`. */
  term(id: string): string;
  /** Score name: `ISTH overt DIC score`. */
  score(id: string): string;
  /** A score component's label: `Fibrin-related marker (D-dimer or FDP)`. */
  component(score: string, id: string): string;
  /** An unexplained abnormality: a CTCAE term or an event. */
  abnormality(id: string): string;
  /** A drug as the report names it; class stand-ins (`car-t-unspecified`) in words. */
  drug(id: string): string;
  /** A code system URI as people name it: `SNOMED CT`. */
  codeSystem(uri: string): string;
  /** What a rejection code means, as a heading. */
  rejection(code: RejectionCode): string;
  /** What a conflict kind means, as a heading. */
  conflict(kind: ConflictKind): string;
  /** Text the core or the knowledge base wrote, with display units and names instead of ids. */
  prose(text: string): string;
}

const DISORDERS = new Set<string>(DISORDER_IDS);
/** Disorder ids that are also plain words and are left as written in prose. */
const PLAIN_DISORDER_IDS = new Set(["thrombosis"]);

/** A whole token that may be an id: lower-case words and digits joined by hyphens, not part of a path or ref. */
const TOKEN = /(?<![\w\-/.#:])[a-z0-9]+(?:-[a-z0-9]+)*(?![\w\-/])/g;

/** Text in double quotes, or in single quotes that are not apostrophes: kept as written. */
const QUOTED = /("[^"]*"|(?<![A-Za-z])'[^']*'(?![A-Za-z]))/;

function sweepUnits(text: string): string {
  return (
    text
      // "no INR result in {INR} in the window": the unit adds nothing a clinician needs.
      .replace(/ result in [^\s;,)]+ in the window/g, " result in the window")
      // UCUM annotations ({INR}, {ratio}) read as no unit.
      .replace(/ ?\{[^{}\s]*\}/g, "")
      .replace(/10\*(\d+)/g, (_, exp: string) => `×10${superscriptDigits(exp)}`)
      .replace(/\bx ?10\^(\d+)/g, (_, exp: string) => `×10${superscriptDigits(exp)}`)
      .replace(/\[beth'U\]/g, "BU")
      .replace(/(?<![A-Za-z])u(g|mol|L)(?![A-Za-z])/g, "µ$1")
      .replace(/>=/g, "≥")
      .replace(/<=/g, "≤")
      .replace(/(\d) %/g, "$1%")
      .replace(/\/m2\b/g, "/m²")
      // "rituximab is antibody": a therapy class id after "is".
      .replace(
        / is (antibody|bispecific|car-t)(?![\w-])/g,
        (_, cls: TherapyClass) => ` is a ${CLASS_NAMES[cls]}`,
      )
  );
}

/**
 * The wording of reports made with this context.
 * @example
 * wordingOf(ctx).prose("platelets 7 10*9/L; isth-overt-dic = 2") // "platelets 7 ×10⁹/L; ISTH overt DIC score = 2"
 */
export function wordingOf(ctx: RenderContext): Wording {
  const disorder = (id: DisorderId) => ctx.disorderName?.(id) ?? id.toUpperCase();
  const scoreName = (id: string) => ctx.scoreName?.(id);
  const standIn = (id: string): string | undefined => {
    const m = /^(.+)-unspecified$/.exec(id);
    if (!m) return undefined;
    const cls = CLASS_NAMES[m[1] as TherapyClass] ?? (m[1] as string).toUpperCase();
    return `${cls} (product not named)`;
  };
  const token = (t: string): string | undefined => {
    if (DISORDERS.has(t)) return PLAIN_DISORDER_IDS.has(t) ? undefined : disorder(t as DisorderId);
    const abbreviation = ABBREVIATIONS[t];
    if (abbreviation !== undefined) return abbreviation;
    const score = scoreName(t);
    if (score !== undefined) return score;
    if (!t.includes("-")) return undefined;
    return (
      ctx.ctcaeTermName?.(t) ??
      ctx.labName?.(t) ??
      ctx.scoreComponentName?.(t) ??
      PHRASES[t] ??
      standIn(t) ??
      ctx.drugName?.(t) ??
      (/^(plt|anc)-(lt|le)-\d+$/.test(t) ? humanId(t) : undefined)
    );
  };
  const sweep = (text: string) =>
    sweepUnits(text)
      // A score's open categories ("Could be dic or no-dic."): category keys, not disorders.
      .replace(
        /Could be ([a-z0-9 -]+)\./g,
        (_, list: string) =>
          `Could be ${list
            .split(" or ")
            .map((key) => CATEGORIES[key] ?? PHRASES[key] ?? key)
            .join(" or ")}.`,
      )
      .replace(TOKEN, (t) => token(t) ?? t);
  return {
    disorder,
    term: (id) => ctx.ctcaeTermName?.(id) ?? EVENT_HEADINGS[id] ?? humanId(id),
    score: (id) => scoreName(id) ?? humanId(id),
    component: (score, id) => {
      const label = ctx.scoreComponentName?.(id, score) ?? COMPONENT_LABELS[id] ?? PHRASES[id];
      return label === undefined ? humanId(id) : sweepUnits(label);
    },
    abnormality: (id) => ctx.ctcaeTermName?.(id) ?? EVENT_HEADINGS[id] ?? humanId(id),
    drug: (id) => standIn(id) ?? ctx.drugName?.(id) ?? id,
    codeSystem: (uri) => CODE_SYSTEMS[uri] ?? uri,
    rejection: (code) => REJECTION_LABELS[code] ?? humanId(code),
    conflict: (kind) => CONFLICT_LABELS[kind],
    prose: (text) =>
      text
        .split(QUOTED)
        .map((part, i) => (i % 2 === 1 ? part : sweep(part)))
        .join(""),
  };
}

/**
 * The line a report of a deceased patient opens with (text, HTML, the web app).
 * @example
 * deathLine({ at: "2025-02-10", ref: "Patient/p1#deceasedDateTime" });
 * // "DECEASED: recorded as deceased on 2025-02-10. This evaluation is after death: findings and plans describe the record, not a patient to treat."
 */
export function deathLine(d: { readonly at?: string }): string {
  const when = d.at === undefined ? " (no date of death in the record)" : ` on ${d.at.slice(0, 10)}`;
  return `DECEASED: recorded as deceased${when}. This evaluation is after death: findings and plans describe the record, not a patient to treat.`;
}

/**
 * The line a report opens with when an event charts a death in words but no death is recorded (text, HTML): the
 * plan is kept, and is for the record only if the patient has died.
 * @example
 * deathInWordsLine({ at: "2025-02-10", ref: "Condition/pe" });
 * // "DEATH CHARTED IN WORDS: Condition/pe (2025-02-10) charts a death (grade 5), but no death is recorded for this patient. The plan below is kept as for a living patient; if the patient has died, it is for the record only — record the death to close it."
 */
export function deathInWordsLine(d: { readonly at?: string; readonly ref: string }): string {
  const when = d.at === undefined ? "" : ` (${d.at.slice(0, 10)})`;
  return `DEATH CHARTED IN WORDS: ${d.ref}${when} charts a death (grade 5), but no death is recorded for this patient. The plan below is kept as for a living patient; if the patient has died, it is for the record only — record the death to close it.`;
}

/**
 * The line under a patient's name when the input did not hold its Patient (text, HTML): its records were
 * read as its own, but no demographics were.
 * @example
 * absentPatientLine({ ref: "Patient/7" });
 * // "Patient/7 is not in the input: birth date, sex and death were not read — what needs age or sex says it is missing (see data quality)."
 */
export function absentPatientLine(a: { readonly ref: string }): string {
  return `${a.ref} is not in the input: birth date, sex and death were not read — what needs age or sex says it is missing (see data quality).`;
}

/**
 * What a finding's plan says when it has no item (text, HTML, the web app): after a recorded death nothing
 * is ordered, so the plan is empty for that reason, not for want of a cited recommendation.
 * @example
 * noPlanLine({ at: "2025-02-10" }); // "No plan: the patient is recorded as deceased on 2025-02-10, and nothing is ordered after death."
 * noPlanLine(undefined); // "No cited recommendation for this finding."
 */
export function noPlanLine(deceased: { readonly at?: string } | undefined): string {
  if (deceased === undefined) return "No cited recommendation for this finding.";
  const when = deceased.at === undefined ? "" : ` on ${deceased.at.slice(0, 10)}`;
  return `No plan: the patient is recorded as deceased${when}, and nothing is ordered after death.`;
}
