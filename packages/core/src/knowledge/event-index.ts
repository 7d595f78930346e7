/**
 * The classifier adapters use for Condition, Observation and Procedure codes: SNOMED CT, ICD-10(-CM)
 * prefixes, then English text with negation, doubt and history handled so "no bleeding" or "rule out PE"
 * never becomes an event (the schema of the event map is in events.ts).
 */
import type { EventKind } from "../contracts/vocabularies.js";
import { assertNoProblems } from "./errors.js";
import type { EventMap, EventRule } from "./events.js";
import {
  type PhraseHit,
  PhraseIndex,
  phraseSet,
  phraseTokens,
  type Tokenized,
  tokenize,
} from "./phrase-index.js";
import type { EventMatch, SourceConcept } from "./vocabulary.js";

/**
 * Cross-rule errors: a SNOMED id or an explicit ICD-10 code listed by two rules, an unreadable or misplaced range, a
 * combination code (`alsoIcd10`) that no rule of another kind lists.
 */
export function eventMapProblems(map: EventMap): string[] {
  const problems: string[] = [];
  for (const v of map.negation.valueReadings)
    if (!map.rules.some((r) => r.id === v.rule)) problems.push(`valueReadings: no rule ${v.rule}`);
  const snomed = new Map<string, string>();
  const icd = new Map<string, string>();
  for (const rule of map.rules) {
    for (const p of rule.unlessIcd10)
      if (p.includes("-"))
        problems.push(`${rule.id}: unlessIcd10 takes codes or prefixes, not the range ${p}`);
    if (rule.sites.length > 0 && (rule.generic || !map.rules.some((r) => r.generic && r.kind === rule.kind)))
      problems.push(
        `${rule.id}: sites need a specific rule and a generic rule of kind ${rule.kind} to sit beside`,
      );
    for (const code of rule.snomed) {
      const owner = snomed.get(code);
      if (owner !== undefined) problems.push(`SNOMED ${code} is in ${owner} and ${rule.id}`);
      snomed.set(code, rule.id);
    }
    for (const pattern of rule.icd10) {
      if (pattern.includes("-")) {
        if (expandRange(pattern).length === 0) problems.push(`${rule.id}: range ${pattern} runs backwards`);
        continue;
      }
      const code = normalizeIcd(pattern);
      const owner = icd.get(code);
      if (owner !== undefined) problems.push(`ICD-10 ${pattern} is in ${owner} and ${rule.id}`);
      icd.set(code, rule.id);
    }
  }
  // A combination code named by a second rule: an explicit code (no range) that a rule of another kind owns.
  for (const rule of map.rules)
    for (const pattern of rule.alsoIcd10) {
      const owner = map.rules.find((r) => r.id === icd.get(normalizeIcd(pattern)));
      if (pattern.includes("-") || owner === undefined)
        problems.push(`${rule.id}: alsoIcd10 ${pattern} is no code another rule lists in icd10`);
      else if (owner.kind === rule.kind)
        problems.push(
          `${rule.id}: alsoIcd10 ${pattern} is owned by ${owner.id}, of the same kind ${rule.kind}`,
        );
    }
  return problems;
}

/** Upper case without the dot: "i26.99" → "I2699". */
export function normalizeIcd(code: string): string {
  return code.toUpperCase().replace(/[^A-Z0-9]/g, "");
}

/** The three-character categories of a range: "C00-C02" → C00, C01, C02 ("A00-B99" spans letters). */
function expandRange(range: string): string[] {
  const [from = "", to = ""] = range.split("-");
  const start = (from.charCodeAt(0) - 65) * 100 + Number(from.slice(1));
  const end = (to.charCodeAt(0) - 65) * 100 + Number(to.slice(1));
  const out: string[] = [];
  for (let n = start; n <= end; n++)
    out.push(String.fromCharCode(65 + Math.floor(n / 100)) + String(n % 100).padStart(2, "0"));
  return out;
}

type CodeSystem = "snomed" | "icd10";

/** FHIR, OMOP and OID spellings of SNOMED CT and ICD-10 / ICD-10-CM (never ICD-10-PCS). */
function eventSystem(system: string | undefined): CodeSystem | undefined {
  if (!system) return undefined;
  const s = system.toLowerCase();
  if (s.includes("snomed") || s.endsWith("2.16.840.1.113883.6.96")) return "snomed";
  if (s.includes("pcs")) return undefined;
  if (/icd-?10/.test(s) || s.endsWith("2.16.840.1.113883.6.90") || s.endsWith("2.16.840.1.113883.6.3"))
    return "icd10";
  return undefined;
}

/** A phrase of the index: a rule's mention, a rule's test name ("PF4 ELISA"), or words that name no event. */
type Payload =
  | { readonly rule: EventRule; readonly contextual?: true }
  | { readonly test: EventRule }
  | { readonly ignore: true };

/**
 * A mention of a kind with a history kind, or of a `datedKinds` kind, followed by a date ("HIT (2021)", "HIT
 * dx 2026-12-01", "DVT 2019"): current or past depends on the note's own date, so it is decided per note,
 * after the cached reading of the text. A past one is the history kind's event, or none (`past` undefined).
 */
interface DatedMention {
  readonly rule: EventRule;
  readonly past: EventRule | undefined;
  readonly stated: StatedDate;
  readonly clause: number;
  /** Named past by its words ("history of ischaemic stroke 2026-09"): past whatever the note's date. */
  readonly historical?: true;
}

interface TextReading {
  readonly affirmed: readonly EventRule[];
  /** The clause (count of clause breaks before it) of each affirmed rule, index for index. */
  readonly clauses: readonly number[];
  readonly denied: ReadonlySet<EventKind>;
  readonly dated: readonly DatedMention[];
  /** The `unless` lists of the rules whose mention the text explains away by a cause it asserts. */
  readonly explained: ReadonlySet<readonly string[]>;
}

const TEXT_CACHE_LIMIT = 20_000;

interface Found {
  readonly rule: EventRule;
  readonly fromCode: boolean;
  /** Read from a code that names more than one event: each is a problem of its own. */
  readonly combined?: boolean;
  /** The text and clause the rule was read in ("1:0"); undefined for a code. */
  readonly clause?: string;
  /** A past episode dated by the text: the last day its written date covers. */
  readonly at?: string;
  /** A planned procedure's own day, written with it (ISO). */
  readonly plannedFor?: string;
}

export interface EventIndex {
  /**
   * The event the concept records (the highest-priority kind when it names several); undefined if none.
   * `noteDate` is the date the record carries (ISO): a date written after a HIT or TTP is past only
   * against it ({@link isPastDate}); without it, a written date never makes the mention past.
   */
  classify(concept: SourceConcept, noteDate?: string): EventMatch | undefined;
  /** Every event kind the concept records, in priority order, qualifiers merged per kind. */
  classifyAll(concept: SourceConcept, noteDate?: string): EventMatch[];
  /**
   * The events one note (one record) gives, one per kind, in priority order: the event {@link classify}
   * reads; beside it the first-priority kind of each clause of its text (a note naming several problems,
   * "new DVT left leg; also thrombocytopenia, suspected ITP", gives the DVT and the ITP — within one clause
   * a diagnosis stands for its manifestations, "DIC with bleeding and thrombocytopenia" gives DIC only);
   * and every history kind it names (a past HIT or TTP in a note about a new DVT).
   */
  classifyNote(concept: SourceConcept, noteDate?: string): EventMatch[];
  /**
   * Every event kind the concept can give as a record of any date, qualifiers merged per kind: a superset
   * of {@link classifyNote} for every `noteDate`, for a reader that maps a concept once whatever its
   * records' dates (the cohort's concept map, read by the SQL prefilter). A written date is read both as
   * current (no note date) and as past (a note dated at the end of time); a code denied only at some date
   * is kept.
   */
  classifyAnyDate(concept: SourceConcept): EventMatch[];
  /**
   * The event a record stands for when it doubts the event or places it in the past, read as the same
   * cue in a note is: doubted, a kind in `doubtKept` stays the working diagnosis, a kind with a suspicion
   * (`suspectedKinds`, `ruleOutKinds`) becomes it and any other names no event; past, a kind with a history kind becomes it, a kind in `statusKinds` stays, any other names
   * no event (undefined). Planned, a procedure of a kind with a planned kind (`plannedKinds`) becomes it, as
   * "planned" in a note makes it; any other names no event.
   * Refuted (a Condition whose verificationStatus is refuted), a clot or its suspicion at a site a study rules out
   * (events.yaml `ruledOutKinds`, `ruleOutStudies`) is that site ruled out, as a negative study of it is; anything
   * else names no event.
   */
  qualify(
    match: EventMatch,
    reading: "doubted" | "historical" | "planned" | "refuted",
  ): EventMatch | undefined;
}

/** A note date after every date a note can state: every dated mention is past against it. */
const END_OF_TIME = "9999-12-31";

/**
 * Builds the code maps and phrase tries once; classifying a concept then costs O(words of its text). The
 * map is checked first ({@link eventMapProblems}) unless `trusted`: a compiled knowledge bundle was checked
 * when it was compiled.
 *
 * @example
 * const events = createEventIndex(loadEventMap());
 * events.classify({ codings: [{ system: "http://hl7.org/fhir/sid/icd-10-cm", code: "I26.99" }] });
 * // { kind: "thrombosis", qualifiers: ["venous", "pulmonary-embolism"] }
 * events.classify({ codings: [], text: "No bleeding; rule out PE" }); // undefined
 */
export function createEventIndex(map: EventMap, opts: { readonly trusted?: boolean } = {}): EventIndex {
  if (!opts.trusted) assertNoProblems("events", eventMapProblems(map));
  const snomed = new Map<string, EventRule>();
  const icdExplicit = new Map<string, EventRule>();
  /** The rules a combination code names beside the rule that lists it (`alsoIcd10`). */
  const icdAlso = new Map<string, EventRule[]>();
  const icdRange = new Map<string, EventRule>();
  const phrases = new PhraseIndex<Payload>();
  const sites = new PhraseIndex<EventRule>();
  for (const rule of map.rules) {
    for (const code of rule.snomed) snomed.set(code, rule);
    for (const p of rule.icd10) {
      if (p.includes("-")) for (const c of expandRange(p)) icdRange.set(c, rule);
      else icdExplicit.set(normalizeIcd(p), rule);
    }
    for (const p of rule.alsoIcd10) {
      const code = normalizeIcd(p);
      icdAlso.set(code, [...(icdAlso.get(code) ?? []), rule]);
    }
    for (const t of rule.text) phrases.add(t, { rule });
    for (const a of rule.abbreviations) phrases.add(a, { rule }, true);
    for (const site of rule.sites) sites.add(site, rule);
    for (const t of rule.tests) phrases.add(t, { test: rule });
    for (const c of rule.contextual) phrases.add(c, { rule, contextual: true });
  }
  for (const t of map.ignore) {
    phrases.add(t, { ignore: true });
    phrases.add(t, { ignore: true }, true);
  }
  // A bleed's own clots ("melena with clots"): the clot words, the links between the bleed and them, and the
  // vessel words after a clot that keep it a thrombosis (events.yaml bleedClots).
  const lowerPhrase = (t: string) => t.trim().toLowerCase().split(/\s+/).join(" ");
  const bleedClotWords = new Set(map.bleedClots.clots.map(lowerPhrase));
  const bleedClotLinks = new Set(map.bleedClots.links.map(lowerPhrase));
  const bleedClotVessels = new Set(map.bleedClots.vessels.map(lowerPhrase));
  // In a text all in capitals, the abbreviations that are also everyday words are not read ("HIT BY A CAR").
  const shoutedAmbiguous = new Set(map.negation.shoutedAmbiguous);
  // The causes that explain a rule's mention away, by the rule's `unless` list: a rule's qualified and past
  // forms are copies that keep the same list, so the list itself names the rule in every form.
  const unlessIndex = new Map<
    readonly string[],
    { readonly kind: EventKind; readonly index: PhraseIndex<true> }
  >();
  for (const rule of map.rules)
    if (rule.unless.length > 0) {
      const index = new PhraseIndex<true>();
      for (const t of rule.unless) index.add(t, true);
      unlessIndex.set(rule.unless, { kind: rule.kind, index });
    }
  const maxIcd = Math.max(3, ...[...icdExplicit.keys()].map((k) => k.length));
  const neg = map.negation;
  const cues = {
    before: phraseSet(neg.before),
    // A relative as the subject ("mother died of", "brothers had"): each relative, singular or plural (+s),
    // before each subject phrase, read as a negation cue is unless a reporter word follows it.
    relativeSubject: phraseSet(
      neg.relatives.flatMap((r) => [r, `${r}s`].flatMap((w) => neg.relativeSubject.map((v) => `${w} ${v}`))),
    ),
    relativeWords: phraseSet(neg.relatives.flatMap((r) => [r, `${r}s`])),
    relativeReporters: phraseSet(neg.relativeReporters),
    familyHeaders: phraseSet(neg.familyHeaders),
    familyEmpty: phraseSet(neg.familyEmpty),
    pastHeaders: phraseSet(neg.pastHeaders),
    pastSectionKinds: new Set<EventKind>(neg.pastSectionKinds),
    pastSectionNarrative: new Set(neg.pastSectionNarrative),
    pastSectionUnderWay: new Set(neg.pastSectionUnderWay),
    examHeaders: new Set(neg.examHeaders),
    examContent: phraseSet(neg.examContent),
    examAlone: phraseSet(neg.examAlone),
    // Every section's header, the past-history ones among them: a past-history section ends at another's.
    sectionHeaders: phraseSet([
      ...neg.sectionHeaders,
      ...neg.historicalNot,
      ...neg.familyHeaders,
      ...neg.pastHeaders,
    ]),
    // "in mother", "in his father", "in both sisters": a relative as the experiencer after the mention.
    relativeAfter: phraseSet(
      neg.relatives.flatMap((r) => [r, `${r}s`].flatMap((w) => neg.relativeAfter.map((v) => `${v} ${w}`))),
    ),
    selfWords: phraseSet(neg.selfWords),
    relativeWith: phraseSet(
      neg.relatives.flatMap((r) => [r, `${r}s`].flatMap((w) => neg.relativeWith.map((v) => `${w} ${v}`))),
    ),
    companions: phraseSet(neg.companions),
    doubt: phraseSet(neg.doubt),
    doubtAfter: phraseSet(neg.doubtAfter),
    notExcludedAfter: phraseSet(neg.notExcludedAfter),
    current: phraseSet(neg.current),
    workup: phraseSet(neg.workup),
    resultBefore: phraseSet(neg.resultBefore),
    resultLabels: phraseSet(neg.resultLabels),
    suspectedRuledOut: phraseSet(neg.suspectedRuledOut),
    screening: phraseSet(neg.screening),
    foundAfter: phraseSet(neg.foundAfter),
    workupAfter: phraseSet(neg.workupAfter),
    after: phraseSet(neg.after),
    answerNo: new Set(neg.answerNo.map((a) => phraseTokens(a, false).join(" "))),
    answerFound: new Set(neg.answerFound.map((a) => phraseTokens(a, false).join(" "))),
    studyFound: new Set(neg.studyAnswers.found.map((a) => phraseTokens(a, false).join(" "))),
    studyDoubt: new Set(neg.studyAnswers.doubt.map((a) => phraseTokens(a, false).join(" "))),
    historical: phraseSet(neg.historical),
    historicalNot: phraseSet(neg.historicalNot),
    historicalWeak: phraseSet(neg.historicalWeak),
    ageWords: phraseSet(neg.ageWords),
    historicalAfter: phraseSet(neg.historicalAfter),
    currentAfter: phraseSet(neg.currentAfter),
    terminators: phraseSet(neg.terminators),
    affirm: phraseSet(neg.affirm),
    affirmAfter: phraseSet(neg.affirmAfter),
    procedureHistorical: phraseSet(neg.procedureHistorical),
    indication: phraseSet(neg.indication),
    indicationKinds: new Set<EventKind>(neg.indicationKinds),
    procedureKinds: new Set<EventKind>(neg.procedureKinds),
    procedurePlanned: phraseSet(neg.procedurePlanned),
    procedurePlannedAfter: phraseSet(neg.procedurePlannedAfter),
    postOpDay: phraseSet(neg.postOpDay),
    definitiveTreatments: phraseSet(neg.definitiveTreatments),
    activeNow: neg.activeNow.map((a) => ({
      kinds: new Set<EventKind>(a.kinds),
      after: phraseSet(a.after),
      countWords: phraseSet(a.countWords),
      countBelow: a.countBelow,
    })),
  };
  const contextNames = {
    before: phraseSet(neg.contextNames.before),
    after: phraseSet(neg.contextNames.after),
    person: phraseSet(neg.contextNames.person),
  };
  /** Test and score names whose written value names a rule ("DIC score 6"). */
  const values = new PhraseIndex<{
    readonly rule: EventRule;
    readonly atLeast?: number;
    readonly below?: number;
  }>();
  for (const v of neg.valueReadings) {
    const rule = map.rules.find((r) => r.id === v.rule);
    if (rule)
      for (const n of v.names)
        values.add(n, {
          rule,
          ...(v.atLeast !== undefined ? { atLeast: v.atLeast } : {}),
          ...(v.below !== undefined ? { below: v.below } : {}),
        });
  }
  const valueLinks = phraseSet(neg.valueLinks);
  const testSent = phraseSet(neg.testSent);
  const testPositive = phraseSet(neg.testPositive);
  const statusKinds = new Set<EventKind>(neg.statusKinds);
  const statusPastDrops = new Map<EventKind, readonly string[]>(
    Object.entries(neg.statusPastDrops).map(([kind, qs]) => [kind as EventKind, qs ?? []]),
  );
  /** A status kind's qualifiers as a past mention keeps them (`statusPastDrops` removed). */
  const statusPastQualifiers = (kind: EventKind, qualifiers: readonly string[]): readonly string[] => {
    const drop = statusPastDrops.get(kind);
    return drop === undefined ? qualifiers : qualifiers.filter((q) => !drop.includes(q));
  };
  /** The rule as a past mention of its status kind gives it: the same rule, less the qualifiers a past one loses. */
  const statusPastRules = new Map<EventRule, EventRule>();
  const statusPastRule = (rule: EventRule): EventRule => {
    const qualifiers = statusPastQualifiers(rule.kind, rule.qualifiers);
    if (qualifiers.length === rule.qualifiers.length) return rule;
    let past = statusPastRules.get(rule);
    if (!past) {
      past = { ...rule, id: `${rule.id}-past`, qualifiers: [...qualifiers] };
      statusPastRules.set(rule, past);
    }
    return past;
  };
  const doubtKept = new Set<EventKind>(neg.doubtKept);
  const datedKinds = new Set<EventKind>(neg.datedKinds);
  const workupKept = new Set<EventKind>(neg.workupKept);
  const historyOf = new Map<EventKind, EventKind>(
    Object.entries(neg.history).map(([kind, past]) => [kind as EventKind, past as EventKind]),
  );
  const historyQualifiers = new Map<EventKind, readonly string[]>(
    Object.entries(neg.historyQualifiers).map(([kind, qs]) => [kind as EventKind, qs ?? []]),
  );
  /** The history kind a past mention of this kind and these qualifiers is kept as; undefined when dropped. */
  const historyFor = (kind: EventKind, qualifiers: readonly string[]): EventKind | undefined => {
    const only = historyQualifiers.get(kind);
    return only === undefined || qualifiers.some((q) => only.includes(q)) ? historyOf.get(kind) : undefined;
  };
  const plannedOf = new Map<EventKind, EventKind>(
    Object.entries(neg.plannedKinds).map(([kind, planned]) => [kind as EventKind, planned as EventKind]),
  );
  /** The rule as a planned procedure of its kind: same qualifiers, the kind's planned kind. */
  const plannedRules = new Map<EventRule, EventRule>();
  const plannedRule = (rule: EventRule, kind: EventKind): EventRule => {
    let planned = plannedRules.get(rule);
    if (!planned) {
      planned = { ...rule, id: `${rule.id}-planned`, kind };
      plannedRules.set(rule, planned);
    }
    return planned;
  };
  /** The planned rule of a procedure whose own day is written with it: one object per rule and day. */
  const plannedOnDays = new Map<string, EventRule>();
  const plannedDayOf = new Map<EventRule, string>();
  const plannedOnDay = (rule: EventRule, kind: EventKind, day: string): EventRule => {
    const key = `${rule.id}@${day}`;
    let out = plannedOnDays.get(key);
    if (!out) {
      out = { ...plannedRule(rule, kind) };
      plannedOnDays.set(key, out);
      plannedDayOf.set(out, day);
    }
    return out;
  };
  const screenedKinds = new Set<EventKind>(neg.screenedKinds);
  const suspectedOf = new Map<EventKind, EventKind>(
    Object.entries(neg.suspectedKinds).map(([kind, s]) => [kind as EventKind, s as EventKind]),
  );
  /** The kind a rule-out of a kind is read as (itp → itp-considered): a worked-up mention only. */
  const ruleOutOf = new Map<EventKind, EventKind>(
    Object.entries(neg.ruleOutKinds).map(([kind, s]) => [kind as EventKind, s as EventKind]),
  );
  /**
   * The suspicion a doubted or worked-up mention of `kind` is read as, if any: a doubted ITP, DIC or AHA ("suspected
   * ITP", "?DIC") is the question a rule-out of it is (itp-considered), a doubted `doubtKept` kind keeps its reading.
   */
  const suspicionOf = (kind: EventKind, reading: string | undefined) =>
    reading === "workup" || (reading === "doubted" && !doubtKept.has(kind))
      ? (suspectedOf.get(kind) ?? ruleOutOf.get(kind))
      : undefined;
  /** The rule as a suspicion of its kind: same qualifiers, the kind's suspected kind. */
  const suspectedRules = new Map<EventRule, EventRule>();
  const suspectedRule = (rule: EventRule, kind: EventKind): EventRule => {
    let suspected = suspectedRules.get(rule);
    if (!suspected) {
      suspected = { ...rule, id: `${rule.id}-suspected`, kind };
      suspectedRules.set(rule, suspected);
    }
    return suspected;
  };
  /** The kind a suspected kind is the suspicion of (thrombosis-suspected → thrombosis). */
  const unsuspectedOf = new Map<EventKind, EventKind>([...suspectedOf].map(([kind, s]) => [s, kind]));
  const ruledOutOf = new Map<EventKind, EventKind>(
    Object.entries(neg.ruledOutKinds).map(([kind, r]) => [kind as EventKind, r as EventKind]),
  );
  const ruleOutStudies = new PhraseIndex<string>();
  for (const s of neg.ruleOutStudies) for (const study of s.studies) ruleOutStudies.add(study, s.site);
  const ruleOutSites = new Set(neg.ruleOutStudies.map((s) => s.site));
  /** The clot a study of each site finds when answered positive (events.yaml `studyAnswers`). */
  const studyAnswerRules = new Map<string, EventRule>(
    Object.entries(neg.studyAnswers.rules).flatMap(([site, id]) => {
      const rule = map.rules.find((r) => r.id === id);
      return rule === undefined ? [] : [[site, rule] as const];
    }),
  );
  /** A clot of `site` ruled out: the first rule of a ruled-out kind at that site, as that kind with the site alone. */
  const ruledOutRules = new Map<string, EventRule | undefined>();
  const ruledOutRule = (site: string): EventRule | undefined => {
    if (!ruledOutRules.has(site)) {
      const rule = map.rules.find((r) => ruledOutOf.has(r.kind) && r.qualifiers.includes(site));
      const kind = rule === undefined ? undefined : ruledOutOf.get(rule.kind);
      ruledOutRules.set(
        site,
        rule === undefined || kind === undefined
          ? undefined
          : { ...rule, id: `${rule.id}-ruled-out`, kind, qualifiers: [site] },
      );
    }
    return ruledOutRules.get(site);
  };
  /**
   * The date written with a mention: after it ("DVT 2019"), or for a procedure relative to the note's date
   * ("POD 3 s/p hemicolectomy", "laparotomy 2 days ago").
   */
  const mentionDate = (tokens: Tokenized, start: number, end: number, kind: EventKind) =>
    statedDate(tokens, end) ??
    (cues.procedureKinds.has(kind) ? relativeDate(tokens, start, end, cues.postOpDay) : undefined);
  /** The rule as a past episode of its kind: same qualifiers, the kind's history kind. */
  const pastRules = new Map<EventRule, EventRule>();
  const pastRule = (rule: EventRule, kind: EventKind): EventRule => {
    let past = pastRules.get(rule);
    if (!past) {
      past = { ...rule, id: `${rule.id}-history`, kind };
      pastRules.set(rule, past);
    }
    return past;
  };
  const rank = new Map(map.priority.map((k, i) => [k, i]));
  const qualifierCues = map.qualifierCues.map((c) => {
    const index = new PhraseIndex<CuePlace>();
    for (const t of c.before) index.add(t, "before");
    for (const t of c.anywhere) index.add(t, "anywhere");
    for (const t of c.after) index.add(t, "after");
    for (const t of c.except) index.add(t, "except");
    return {
      qualifier: c.qualifier,
      kind: c.kind,
      onQualifiers: new Set(c.onQualifiers),
      unsited: c.unsited,
      unlessKinds: new Set<EventKind>(c.unlessKinds),
      overKinds: new Set<EventKind>(c.overKinds),
      index,
    };
  });
  /** The rule with a qualifier added from the words beside its mention (one object per rule and qualifier). */
  const qualifiedRules = new Map<EventRule, Map<string, EventRule>>();
  const qualifiedRule = (rule: EventRule, qualifier: string): EventRule => {
    const byQualifier = qualifiedRules.get(rule) ?? new Map<string, EventRule>();
    qualifiedRules.set(rule, byQualifier);
    let out = byQualifier.get(qualifier);
    if (!out) {
      out = { ...rule, id: `${rule.id}-${qualifier}`, qualifiers: [...rule.qualifiers, qualifier] };
      byQualifier.set(qualifier, out);
    }
    return out;
  };

  /** The rules an ICD-10 code names: its longest listed prefix's rule and the rules that name that code too. */
  const icdRules = (raw: string): readonly EventRule[] => {
    const code = normalizeIcd(raw);
    for (let len = Math.min(code.length, maxIcd); len >= 3; len--) {
      const prefix = code.slice(0, len);
      const hit = icdExplicit.get(prefix);
      if (hit) return [hit, ...(icdAlso.get(prefix) ?? [])];
    }
    const range = icdRange.get(code.slice(0, 3));
    return range ? [range] : [];
  };

  const textCache = new Map<string, TextReading>();
  /** Affirmed rule hits of one text, and the kinds it mentions only to deny or doubt them. */
  const readText = (text: string): TextReading => {
    const cached = textCache.get(text);
    if (cached) return cached;
    const tokens = tokenize(text);
    const affirmed: EventRule[] = [];
    const clauses: number[] = [];
    const clauseOf: number[] = [];
    let clause = 0;
    for (const t of tokens.tokens) {
      // "TTP vs DIC": each side of a differential is a problem of its own (cue scopes are unchanged).
      if (t.clauseBreak || DIFFERENTIAL_WORDS.has(t.lower)) clause++;
      clauseOf.push(clause);
    }
    const denied = new Set<EventKind>();
    // Kinds a mention or a test result of the text negates ("HIT unlikely", "SRA negative"), and the
    // affirmed entries read from a test sent or positive: those give way to such a negation ("PF4 positive,
    // SRA negative" is no HIT).
    const negatedKinds = new Set<EventKind>();
    const fromTest = new Set<number>();
    const dated: DatedMention[] = [];
    // Where each affirmed (or dated) mention stands in the text, by its index there: a qualifier cue is read beside it.
    const affirmedSpans = new Map<number, { readonly start: number; readonly end: number }>();
    const datedSpans = new Map<number, { readonly start: number; readonly end: number }>();
    const generic: { readonly kind: EventKind; readonly start: number; readonly end: number }[] = [];
    // Doubted or worked-up mentions of a kind read as its suspicion ("concern for PE"), settled after the
    // whole text is read: a result or the problem itself written after them wins.
    const suspects: {
      readonly rule: EventRule;
      /** The kind it is read as: the rule's suspected kind, or its rule-out kind. */
      readonly kind: EventKind;
      readonly start: number;
      readonly end: number;
      readonly clause: number;
    }[] = [];
    const negatedMentions: { readonly rule: EventRule; readonly start: number; readonly end: number }[] = [];
    const found = phrases.findAll(tokens, undefined, shoutedAmbiguous);
    // A contextual name ("Evans") names its rule only in disorder context; elsewhere it is a surname.
    const contextual = (hit: (typeof found)[number]) =>
      hit.values.some((p) => "contextual" in p && p.contextual === true);
    const inContext = (hit: (typeof found)[number]) =>
      nameInContext(
        tokens,
        hit.start,
        hit.end,
        contextNames,
        found.filter((h) => h !== hit && !contextual(h)).map((h) => h.start),
      );
    // "PE: normal", "PE: Gen: NAD": the physical examination's header, no pulmonary embolism.
    const examHeader = (hit: (typeof found)[number]) =>
      hit.end === hit.start + 1 &&
      cues.examHeaders.has(tokens.tokens[hit.start]?.raw ?? "") &&
      tokens.tokens[hit.end]?.labelBreak === true &&
      (cues.examContent.startsAt(tokens, hit.end) || examAloneAt(tokens, hit.end, cues.examAlone));
    const spanText = (from: number, to: number) =>
      tokens.tokens
        .slice(from, to)
        .map((t) => t.lower)
        .join(" ");
    // A vessel word within the four words after `end`, in its clause ("clots in the left femoral vein").
    const vesselFollows = (end: number) => {
      for (let i = end; i < Math.min(end + 4, tokens.tokens.length); i++) {
        const t = tokens.tokens[i];
        if (t === undefined || t.clauseBreak) break;
        if (bleedClotVessels.has(t.lower)) return true;
      }
      return false;
    };
    // A generic clot word right behind a bleed, with only a link between ("melena with clots", "hemoptysis and
    // clots"): the bleed's own blood clotted, no thrombosis, unless a vessel word follows in its clause. The bleed
    // it follows, returned, then reaches over it, so that a cue after the clots is read beside the bleed
    // ("melena with clots requiring transfusion").
    const bleedOwnClot = (hit: (typeof found)[number]) => {
      if (!hit.values.every((v) => "rule" in v && v.rule.kind === "thrombosis" && v.rule.generic))
        return undefined;
      if (!bleedClotWords.has(spanText(hit.start, hit.end))) return undefined;
      if (vesselFollows(hit.end)) return undefined;
      let prev: (typeof found)[number] | undefined;
      for (const h of found)
        if (h !== hit && h.end <= hit.start && (prev === undefined || h.end > prev.end)) prev = h;
      if (prev === undefined || !prev.values.some((v) => "rule" in v && v.rule.kind === "bleeding"))
        return undefined;
      for (let i = prev.end; i <= hit.start; i++) {
        const t = tokens.tokens[i];
        if (t === undefined || t.clauseBreak || (t.commaBreak && i !== prev.end)) return undefined;
      }
      const link = spanText(prev.end, hit.start);
      // A comma right after the bleed ("melena, clots", "rectal bleeding, with clots"): the clots are the bleed's
      // only when they end their part of the sentence ("hematuria, clot in the IVC" is a clot in a vein).
      if (tokens.tokens[prev.end]?.commaBreak)
        return (link === "" || bleedClotLinks.has(link)) && partEndsAt(tokens, hit.end) ? prev : undefined;
      return bleedClotLinks.has(link) ? prev : undefined;
    };
    // A bleed phrase ending in its clots ("oozing with clots") followed in its clause by a vessel word ("wound
    // oozing with clots in the left femoral vein"): the clots in the named vein are a thrombosis beside the bleed,
    // as they are after any other bleed ("melena with clots in the femoral vein"), so the clot words are read as
    // their own mention and the bleed ends before them.
    const vesselClots = (hit: (typeof found)[number]): (typeof found)[number][] => {
      if (!hit.values.some((v) => "rule" in v && v.rule.kind === "bleeding")) return [hit];
      for (const n of [2, 1]) {
        const at = hit.end - n;
        if (at <= hit.start || !bleedClotWords.has(spanText(at, hit.end))) continue;
        if (!vesselFollows(hit.end)) return [hit];
        const clot = phrases.findAll(
          { ...tokens, tokens: tokens.tokens.slice(at) },
          undefined,
          shoutedAmbiguous,
        )[0];
        if (
          clot === undefined ||
          clot.start !== 0 ||
          !clot.values.every((v) => "rule" in v && v.rule.kind === "thrombosis" && v.rule.generic)
        )
          return [hit];
        return [
          { ...hit, end: at },
          { start: at, end: at + clot.end, values: clot.values },
        ];
      }
      return [hit];
    };
    const readHits = found
      .flatMap(vesselClots)
      .filter((hit) => (!contextual(hit) || inContext(hit)) && !examHeader(hit));
    const ownClots = new Set<(typeof found)[number]>();
    const bleedEnds = new Map<(typeof found)[number], number>();
    for (const hit of readHits) {
      const bleed = bleedOwnClot(hit);
      if (bleed === undefined) continue;
      ownClots.add(hit);
      bleedEnds.set(bleed, hit.end);
    }
    const hits = readHits
      .filter((hit) => !ownClots.has(hit))
      .map((hit) => {
        const end = bleedEnds.get(hit);
        return end === undefined ? hit : { ...hit, end };
      });
    // Where each mention of a problem ends: a doubt cue after one belongs to the mentions after it.
    const mentionEnds = new Set<number>();
    const mentionStarts = new Set<number>();
    for (const hit of hits)
      if (hit.values.some((p) => "rule" in p || "test" in p)) {
        mentionEnds.add(hit.end);
        mentionStarts.add(hit.start);
      }
    for (const hit of hits) {
      const at = clauseOf[hit.start] ?? 0;
      for (const value of hit.values) {
        if ("ignore" in value) continue;
        // A test name names the problem only when sent (worked up) or positive ("PF4 pending", "SRA
        // positive"); alone or negative it is a test, read as a lab.
        const isTest = "test" in value;
        const p = { rule: "rule" in value ? value.rule : value.test };
        const result = isTest
          ? testResult(tokens, hit.end, testSent, testPositive, neg.afterWindow)
          : undefined;
        const readAs = mentionReading(
          tokens,
          hit.start,
          hit.end,
          p.rule.kind,
          cues,
          neg,
          { ends: mentionEnds, starts: mentionStarts },
          result !== undefined,
        );
        // Listed in a past-history section with a date after it: the date decides, as with no section
        // ("PMH:" then "DVT 2026-12-03" in a note of 5 December is a clot now); undated, it is past.
        const listedDate =
          readAs === "listed" ? mentionDate(tokens, hit.start, hit.end, p.rule.kind) : undefined;
        const read = readAs === "listed" ? (listedDate === undefined ? "historical" : undefined) : readAs;
        // A word read only as a suspicion ("concern for stroke") names nothing otherwise, neither denied nor found.
        if (p.rule.suspectedOnly && !isTest && read !== "doubted" && read !== "workup") continue;
        // "Screening for DVT", "surveillance duplex for DVT": a clot or bleed looked for by routine, neither
        // suspected nor found (a finding written after it is a mention of its own: "screening for DVT: left
        // popliteal DVT found").
        if (
          !isTest &&
          screenedKinds.has(p.rule.kind) &&
          screenedBefore(tokens, hit.start, cues.screening, mentionStarts)
        ) {
          denied.add(p.rule.kind);
          continue;
        }
        if (read === "negated") {
          negatedKinds.add(p.rule.kind);
          negatedMentions.push({ rule: p.rule, start: hit.start, end: hit.end });
        }
        if (isTest && result === undefined) continue;
        const past = historyFor(p.rule.kind, p.rule.qualifiers);
        const reading = result === "sent" && read === undefined ? "workup" : read;
        // A word read only when planned ("surgery planned") names nothing otherwise.
        if (p.rule.plannedOnly && reading !== "planned") continue;
        // A planned procedure is none done: read as its planned kind, or not at all. Its own day, when written
        // with it ("laparotomy planned 2026-03-20", "scheduled for craniotomy on 2026-03-20"), is kept.
        if (reading === "planned") {
          denied.add(p.rule.kind);
          const planned = plannedOf.get(p.rule.kind);
          if (planned !== undefined) {
            const day = plannedDay(tokens, hit.end);
            affirmed.push(
              day === undefined ? plannedRule(p.rule, planned) : plannedOnDay(p.rule, planned, day),
            );
            clauses.push(at);
          }
          continue;
        }
        const dateRead = past !== undefined || datedKinds.has(p.rule.kind);
        // A past episode back now ("h/o ITP (2015), now relapsed") is current: its date is the first episode's.
        const stated =
          dateRead &&
          reading === undefined &&
          !backNow(tokens, hit.end, p.rule.kind, cues, neg.window, mentionStarts) &&
          !currentBefore(tokens, hit.start, cues, neg.window, mentionEnds)
            ? mentionDate(tokens, hit.start, hit.end, p.rule.kind)
            : undefined;
        if (stated !== undefined) {
          const pastOf = past === undefined ? undefined : pastRule(p.rule, past);
          datedSpans.set(dated.length, { start: hit.start, end: hit.end });
          dated.push({ rule: p.rule, past: pastOf, stated, clause: at });
        } else if (reading === "historical" && past !== undefined) {
          // A past episode: not the disease now (a code beside these words is not read as current
          // either), but an event of the kind's history kind, dated by a date written after it.
          denied.add(p.rule.kind);
          const when = statedDate(tokens, hit.end);
          if (when !== undefined)
            dated.push({
              rule: p.rule,
              past: pastRule(p.rule, past),
              stated: when,
              clause: at,
              historical: true,
            });
          else {
            affirmed.push(pastRule(p.rule, past));
            clauses.push(at);
          }
        } else if (!isTest && suspicionOf(p.rule.kind, reading) !== undefined) {
          // "concern for PE", "r/o DVT": the clot or bleed suspected, not the clot or bleed (a code beside these
          // words is not read as one either).
          denied.add(p.rule.kind);
          suspects.push({
            rule: p.rule,
            kind: suspicionOf(p.rule.kind, reading) as EventKind,
            start: hit.start,
            end: hit.end,
            clause: at,
          });
        } else if (
          reading === "negated" ||
          (reading === "doubted" && !doubtKept.has(p.rule.kind)) ||
          (reading === "workup" && !workupKept.has(p.rule.kind)) ||
          (reading === "historical" && !statusKinds.has(p.rule.kind))
        )
          denied.add(p.rule.kind);
        else {
          if (!isTest) affirmedSpans.set(affirmed.length, { start: hit.start, end: hit.end });
          // A past mention of a status kind is the status now, without the episode's qualifiers.
          affirmed.push(reading === "historical" ? statusPastRule(p.rule) : p.rule);
          clauses.push(at);
          if (isTest) fromTest.add(affirmed.length - 1);
          if (p.rule.generic) generic.push({ kind: p.rule.kind, start: hit.start, end: hit.end });
        }
      }
    }
    // Words beside a mention that qualify it ("PE with cardiogenic shock"): read before any other entry is
    // added or removed, while the spans still index the mentions they were read from.
    /** Mentions a cue stood for and gave to another mention of the entry ("PE with cardiogenic shock"). */
    const absorbed = new Set<EventRule>();
    /** The cues asserted in the text, kept for the site a generic bleed word names after it (below). */
    const cueHits: {
      readonly cue: (typeof qualifierCues)[number];
      readonly hits: readonly PhraseHit<CuePlace>[];
    }[] = [];
    for (const cue of qualifierCues) {
      if (affirmed.some((r) => cue.unlessKinds.has(r.kind))) continue;
      const asserted = cue.index.findAll(tokens).filter(
        (h) =>
          !h.values.includes("except") &&
          !found.some(
            (m) =>
              m.start < h.end &&
              h.start < m.end &&
              !m.values.every((v) => "rule" in v && cue.overKinds.has(v.rule.kind)) &&
              // A cue whose own words name the mention it qualifies ("embolisation of the bleeding vessel" for a
              // bleed) holds that mention: it stays the cue.
              !(
                h.start <= m.start &&
                m.end <= h.end &&
                h.end - h.start > m.end - m.start &&
                m.values.every((v) => "rule" in v && v.rule.kind === cue.kind)
              ) &&
              // A phrase the event map ignores ("haemorrhagic shock" names no shock event) still counts as
              // the cue when the cue names exactly that phrase (a bleed "with haemorrhagic shock" is major).
              !(m.start === h.start && m.end === h.end && m.values.every((v) => "ignore" in v)),
          ) &&
          mentionReading(tokens, h.start, h.end, cue.kind, cues, neg, {
            ends: mentionEnds,
            starts: mentionStarts,
          }) === undefined,
      );
      if (asserted.length === 0) continue;
      cueHits.push({ cue, hits: asserted });
      const qualifies = (
        rule: EventRule,
        span: { readonly start: number; readonly end: number } | undefined,
      ) =>
        span !== undefined &&
        rule.kind === cue.kind &&
        cueOnRule(cue, rule) &&
        !rule.qualifiers.includes(cue.qualifier) &&
        asserted.some((h) => cueBeside(tokens, h, span.start, span.end, mentionStarts));
      for (const [k, rule] of affirmed.entries())
        if (qualifies(rule, affirmedSpans.get(k))) {
          affirmed[k] = qualifiedRule(rule, cue.qualifier);
          for (const r of affirmed) if (cue.overKinds.has(r.kind)) absorbed.add(r);
        }
      for (const [k, d] of dated.entries())
        if (qualifies(d.rule, datedSpans.get(k)))
          dated[k] = { ...d, rule: qualifiedRule(d.rule, cue.qualifier) };
    }
    for (const hit of values.findAll(tokens)) {
      const written = valueAfter(tokens, hit.end, valueLinks);
      if (written === undefined) continue;
      for (const v of hit.values) {
        if (!meetsValue(written, v)) continue;
        const read = mentionReading(tokens, hit.start, hit.end, v.rule.kind, cues, neg, {
          ends: mentionEnds,
          starts: mentionStarts,
        });
        if (read === undefined || (read === "doubted" && doubtKept.has(v.rule.kind))) {
          affirmed.push(v.rule);
          clauses.push(clauseOf[hit.start] ?? 0);
        }
      }
    }
    if (fromTest.size > 0)
      for (let k = affirmed.length - 1; k >= 0; k--)
        if (fromTest.has(k) && negatedKinds.has((affirmed[k] as EventRule).kind)) {
          affirmed.splice(k, 1);
          clauses.splice(k, 1);
        }
    if (generic.length > 0)
      for (const site of sites.findAll(tokens))
        for (const rule of site.values)
          for (const g of generic)
            if (g.kind === rule.kind && besideSite(tokens, g, site)) {
              // The words before the generic bleed word qualify the site it names after it ("severe bleeding
              // from the rectum" as "severe rectal bleeding"), read as for a mention written in one piece.
              let sited = rule;
              for (const { cue, hits } of cueHits)
                if (
                  sited.kind === cue.kind &&
                  cueOnRule(cue, sited) &&
                  !sited.qualifiers.includes(cue.qualifier) &&
                  hits.some((h) => cueBeside(tokens, h, g.start, Math.max(g.end, site.end), mentionStarts))
                )
                  sited = qualifiedRule(sited, cue.qualifier);
              affirmed.push(sited);
              clauses.push(clauseOf[site.start] ?? 0);
              break;
            }
    if (absorbed.size > 0)
      for (let k = affirmed.length - 1; k >= 0; k--)
        if (absorbed.has(affirmed[k] as EventRule)) {
          affirmed.splice(k, 1);
          clauses.splice(k, 1);
        }
    // A suspicion the text goes on to settle is none: ruled out by a result after it ("r/o DVT. Doppler
    // negative."), the same problem denied after it ("?PE, CTPA: no PE") or asserted ("?PE, CTPA: segmental PE").
    for (const s of suspects) {
      const kind = s.kind;
      if (ruledOutAfter(tokens, s.end, cues, mentionStarts, neg.window)) continue;
      if (negatedMentions.some((n) => n.start > s.start && sameProblem(n.rule, s.rule))) continue;
      if (affirmed.some((r) => sameProblem(r, s.rule))) continue;
      affirmed.push(suspectedRule(s.rule, kind));
      clauses.push(s.clause);
    }
    // A study that rules out the clot of its site ("CTPA: no PE", "duplex left leg: no DVT", "V/Q scan negative"):
    // a ruled-out event of that site, which settles an earlier suspicion there (unexplained.yaml settledBy).
    for (const h of ruleOutStudies.findAll(tokens)) {
      const clause = clauseOf[h.start] ?? 0;
      // Answered with a bare word ("CTPA: positive", "Duplex left leg: positive", "CTPA: indeterminate"): the clot
      // of the study's site found, or suspected (events.yaml `studyAnswers`).
      const answered = studyAnswered(tokens, h.end, mentionStarts);
      if (answered !== undefined) {
        for (const site of h.values) {
          const found = studyAnswerRules.get(site);
          if (found === undefined) continue;
          const doubted = answeredWith(tokens, answered, cues.studyDoubt);
          const thrombosisSuspected = suspectedOf.get(found.kind);
          const rule =
            answeredWith(tokens, answered, cues.answerFound) ||
            answeredWith(tokens, answered, cues.studyFound)
              ? found
              : doubted && thrombosisSuspected !== undefined
                ? suspectedRule(found, thrombosisSuspected)
                : undefined;
          if (rule !== undefined && !affirmed.includes(rule)) {
            affirmed.push(rule);
            clauses.push(clause);
          }
        }
      }
      // "CTPA negative", "duplex: normal", "CTPA 2026-03-05 negative": a ruled-out word within two words after the
      // study's name and in its comma part ("CTPA ordered, negative D-dimer" rules nothing out), the numbers of a
      // date between not counted.
      let said = false;
      for (let k = h.end, words = 0; k < tokens.tokens.length && words < 3 && !mentionStarts.has(k); k++) {
        if (k > h.end && tokens.tokens[k]?.commaBreak) break;
        if (cues.suspectedRuledOut.startsAt(tokens, k)) said = true;
        if (!/^\d+$/.test(tokens.tokens[k]?.lower ?? "")) words++;
      }
      // The clot denied just before the study's name, in its comma part, at most three words between ("negative for
      // DVT (LE doppler)", "no DVT on screening duplex"): the study's result written first. A comma between ("no
      // DVT, duplex ordered") leaves the study apart.
      const deniedBefore = (n: { readonly start: number; readonly end: number }) => {
        if (n.end > h.start || h.start - n.end > 3) return false;
        for (let k = n.end; k <= h.start; k++) if (tokens.tokens[k]?.commaBreak) return false;
        return ![...mentionStarts].some((m) => m >= n.end && m < h.start);
      };
      // A clot named after the result word ("LE doppler negative for DVT") says which site was excluded: the
      // study's other sites (the superficial veins of a duplex) are not.
      const namedAfter = negatedMentions.some(
        (n) =>
          n.start >= h.end &&
          n.start - h.end <= neg.window &&
          ruledOutOf.has(n.rule.kind) &&
          n.rule.qualifiers.some((q) => ruleOutSites.has(q)),
      );
      if (namedAfter) said = false;
      for (const site of h.values) {
        const denied = negatedMentions.some(
          (n) =>
            ((n.start >= h.end &&
              n.start - h.end <= neg.window &&
              ![...mentionStarts].some((m) => m >= h.end && m < n.start)) ||
              deniedBefore(n)) &&
            ruledOutOf.has(n.rule.kind) &&
            // A clot of no site denied after a study of one ("portal vein Doppler: no thrombosis") is of its site.
            (n.rule.qualifiers.includes(site) || !n.rule.qualifiers.some((q) => ruleOutSites.has(q))),
        );
        const rule = ruledOutRule(site);
        if ((said || denied) && rule !== undefined && !affirmed.includes(rule)) {
          affirmed.push(rule);
          clauses.push(clause);
        }
      }
    }
    // A cause the text asserts (not denied, doubted or past) makes a mention of the rule it explains, in the same
    // clause, no event of its kind ("STEMI from coronary spasm"); a code of the rule on the entry reads every
    // asserted cause of its texts (collect). A cause in another sentence of a note explains nothing there.
    const explained = new Set<readonly string[]>();
    const causeClauses = new Map<readonly string[], Set<number>>();
    for (const [unless, { kind, index }] of unlessIndex)
      for (const h of index.findAll(tokens))
        if (
          mentionReading(tokens, h.start, h.end, kind, cues, neg, {
            ends: mentionEnds,
            starts: mentionStarts,
          }) === undefined
        ) {
          explained.add(unless);
          const inClauses = causeClauses.get(unless) ?? new Set<number>();
          inClauses.add(clauseOf[h.start] ?? 0);
          causeClauses.set(unless, inClauses);
        }
    if (explained.size > 0)
      for (let k = affirmed.length - 1; k >= 0; k--)
        if (causeClauses.get((affirmed[k] as EventRule).unless)?.has(clauses[k] ?? 0)) {
          affirmed.splice(k, 1);
          clauses.splice(k, 1);
        }
    // Sources repeat the same displays millions of times; a bounded cache keeps matching O(1) for them.
    if (textCache.size >= TEXT_CACHE_LIMIT) textCache.clear();
    const reading = { affirmed, clauses, denied, dated, explained };
    textCache.set(text, reading);
    return reading;
  };

  const collect = (concept: SourceConcept, noteDate: string | undefined): Found[] => {
    const found: Found[] = [];
    for (const c of concept.codings) {
      const system = eventSystem(c.system);
      const code = c.code?.trim();
      if (!system || !code) continue;
      const rules = system === "snomed" ? [snomed.get(code)].filter((r) => r !== undefined) : icdRules(code);
      // A combination code (an ulcer with both haemorrhage and perforation) states each of its problems.
      for (const rule of rules)
        found.push({ rule, fromCode: true, ...(rules.length > 1 && { combined: true }) });
    }
    const affirmedKinds = new Set<EventKind>();
    const deniedKinds = new Set<EventKind>();
    const explainedRules = new Set<readonly string[]>();
    for (const [i, t] of [...concept.codings.map((c) => c.display), concept.text].entries()) {
      if (!t) continue;
      const { affirmed, clauses, denied, dated, explained } = readText(t);
      for (const u of explained) explainedRules.add(u);
      for (const [j, rule] of affirmed.entries()) {
        affirmedKinds.add(rule.kind);
        const plannedFor = plannedDayOf.get(rule);
        found.push({
          rule,
          fromCode: false,
          clause: `${i}:${clauses[j] ?? 0}`,
          ...(plannedFor !== undefined && { plannedFor }),
        });
      }
      for (const k of denied) deniedKinds.add(k);
      for (const d of dated) {
        // A date relative to the note's ("POD 3") is a day once the note's date is known; without it, the
        // mention is read as written, of the record's date.
        const stated = resolveStated(d.stated, noteDate);
        if (stated === undefined) {
          affirmedKinds.add(d.rule.kind);
          found.push({ rule: d.rule, fromCode: false, clause: `${i}:${d.clause}` });
          continue;
        }
        // A procedure dated after the note ("craniotomy 2026-12-20" in a note of 5 December) is one to come.
        const note = noteDayNumber(noteDate);
        if (
          cues.procedureKinds.has(d.rule.kind) &&
          "days" in stated &&
          note !== undefined &&
          stated.days.every((day) => day > note)
        ) {
          deniedKinds.add(d.rule.kind);
          const planned = plannedOf.get(d.rule.kind);
          if (planned !== undefined)
            found.push({
              rule: plannedRule(d.rule, planned),
              fromCode: false,
              clause: `${i}:${d.clause}`,
              plannedFor: isoDay(Math.max(...stated.days)),
            });
          continue;
        }
        const past = d.historical === true || isPastDate(stated, noteDate, neg.historyDays);
        if (past) deniedKinds.add(d.rule.kind);
        else affirmedKinds.add(d.rule.kind);
        const rule = past ? d.past : d.rule;
        // A recent procedure written with its day ("s/p craniotomy 2026-12-03", "POD 3") is dated by it, never
        // after the note: its 14- and 28-day windows count from the operation, not from the note.
        const done =
          !past && cues.procedureKinds.has(d.rule.kind) && "days" in stated
            ? procedureDay(stated, noteDate)
            : undefined;
        if (rule)
          found.push({
            rule,
            fromCode: false,
            clause: `${i}:${d.clause}`,
            ...(past && { at: statedLastDay(stated) }),
            ...(done !== undefined && { at: done }),
          });
      }
    }
    // A coded diagnosis whose own words deny it ("DVT ruled out" under I82.40) is not an event, nor one whose
    // words name a cause that explains it away (I21.19 with "from coronary spasm"): a coded entry's display and
    // text are one problem, so the cause in any of them explains the code and the display alike. Words that a
    // code on the entry gives another meaning ("CAPS" under M04.2, the cryopyrin-associated periodic syndromes)
    // name nothing of the rule.
    const icdCodes = concept.codings
      .filter((c) => eventSystem(c.system) === "icd10" && c.code?.trim())
      .map((c) => normalizeIcd(c.code ?? ""));
    const otherDisease = (rule: EventRule): boolean =>
      icdCodes.length > 0 &&
      rule.unlessIcd10.some((p) => icdCodes.some((code) => code.startsWith(normalizeIcd(p))));
    return found.filter(
      (f) =>
        !((f.fromCode || concept.codings.length > 0) && explainedRules.has(f.rule.unless)) &&
        (f.fromCode || !otherDisease(f.rule)) &&
        (!f.fromCode || !deniedKinds.has(f.rule.kind) || affirmedKinds.has(f.rule.kind)),
    );
  };

  const byRank = (a: EventKind, b: EventKind) => (rank.get(a) ?? 0) - (rank.get(b) ?? 0);
  const matches = (found: readonly Found[]): EventMatch[] => {
    const byKind = new Map<EventKind, EventRule[]>();
    for (const f of found) byKind.set(f.rule.kind, [...(byKind.get(f.rule.kind) ?? []), f.rule]);
    // A past episode's date is the latest its mentions allow; one undated mention leaves the note's date.
    const dated = new Map<EventKind, string | undefined>();
    for (const f of found) {
      const held = dated.has(f.rule.kind) ? dated.get(f.rule.kind) : f.at;
      dated.set(
        f.rule.kind,
        f.at === undefined || held === undefined ? undefined : f.at.localeCompare(held) > 0 ? f.at : held,
      );
    }
    return [...byKind.entries()]
      .sort(([a], [b]) => byRank(a, b))
      .map(([kind, rules]) => {
        const at = dated.get(kind);
        // A planned procedure's own day: the latest written (an undated mention beside it adds none).
        const plannedFor = found
          .filter((f) => f.rule.kind === kind && f.plannedFor !== undefined)
          .map((f) => f.plannedFor as string)
          .sort()
          .at(-1);
        const coded = found.flatMap((f) =>
          f.fromCode && f.rule.kind === kind && f.rule.codeGrade !== undefined ? [f.rule.codeGrade] : [],
        );
        return {
          kind,
          qualifiers: mergeQualifiers(rules),
          ...(at !== undefined && { at }),
          ...(plannedFor !== undefined && { plannedFor }),
          ...(coded.length > 0 && { grade: Math.max(...coded) }),
        };
      });
  };
  const classifyAll = (concept: SourceConcept, noteDate?: string): EventMatch[] =>
    matches(collect(concept, noteDate));
  const historyKinds = new Set<EventKind>(historyOf.values());
  const ownKinds = new Set<EventKind>(map.ownProblems.kinds);
  const headKinds = new Set<EventKind>(map.ownProblems.heads);
  const ownQualifiers = new Map(
    Object.entries(map.ownProblems.qualifiers).map(([kind, qs]) => [kind as EventKind, new Set(qs)]),
  );

  return {
    classify: (concept, noteDate) => classifyAll(concept, noteDate)[0],
    classifyAll,
    classifyNote: (concept, noteDate) => {
      const found = collect(concept, noteDate);
      // The first-priority kind of each clause: a problem of its own.
      const heads = new Map<string, EventKind>();
      for (const f of found) {
        if (f.clause === undefined) continue;
        const head = heads.get(f.clause);
        if (head === undefined || byRank(f.rule.kind, head) < 0) heads.set(f.clause, f.rule.kind);
      }
      const kinds = new Set(heads.values());
      // A problem of its own beside the head of its clause ("ITP with DVT"); under a head that is no
      // diagnosis every kind is one ("thrombocytopenia with petechiae").
      for (const f of found) {
        // Each problem of a combination code (an ulcer with both haemorrhage and perforation) is one.
        if (f.combined) kinds.add(f.rule.kind);
        if (f.clause === undefined) continue;
        const head = heads.get(f.clause);
        if (
          (head !== undefined && !headKinds.has(head)) ||
          ownKinds.has(f.rule.kind) ||
          f.rule.qualifiers.some((q) => ownQualifiers.get(f.rule.kind)?.has(q))
        )
          kinds.add(f.rule.kind);
      }
      return matches(found).filter((m, i) => i === 0 || kinds.has(m.kind) || historyKinds.has(m.kind));
    },
    // Without a date nothing dated is past and no code is denied by a date; at the end of time every dated
    // mention is past. A record of any date gives a subset of what these two readings find together.
    classifyAnyDate: (concept) => matches([...collect(concept, undefined), ...collect(concept, END_OF_TIME)]),
    qualify: (match, reading) => {
      if (reading === "refuted") {
        const kind =
          ruledOutOf.get(match.kind) ?? ruledOutOf.get(unsuspectedOf.get(match.kind) ?? match.kind);
        const site = neg.ruleOutStudies.find((s) => match.qualifiers.includes(s.site))?.site;
        return kind === undefined || site === undefined ? undefined : { kind, qualifiers: [site] };
      }
      if (reading === "planned") {
        const planned = plannedOf.get(match.kind);
        return planned === undefined ? undefined : { kind: planned, qualifiers: match.qualifiers };
      }
      if (reading === "doubted") {
        if (doubtKept.has(match.kind)) return match;
        // A provisional coded PE is a suspected one, as "suspected PE" in a note is; a provisional or differential
        // ITP, DIC or AHA the question "suspected ITP" or "r/o ITP" in a note is (itp-considered).
        const suspected = suspectedOf.get(match.kind) ?? ruleOutOf.get(match.kind);
        return suspected === undefined ? undefined : { kind: suspected, qualifiers: match.qualifiers };
      }
      const past = historyFor(match.kind, match.qualifiers);
      if (past !== undefined) return { kind: past, qualifiers: match.qualifiers };
      if (statusKinds.has(match.kind))
        return { ...match, qualifiers: [...statusPastQualifiers(match.kind, match.qualifiers)] };
      return historyKinds.has(match.kind) ? match : undefined;
    },
  };
}

/**
 * The single-event classifier adapters call per Condition / Observation / Procedure.
 *
 * @example
 * const classify = createEventClassifier(loadEventMap());
 * classify({ codings: [{ system: "http://snomed.info/sct", code: "128053003", display: "Deep venous thrombosis" }] });
 * // { kind: "thrombosis", qualifiers: ["venous", "dvt"] }
 */
export function createEventClassifier(
  map: EventMap,
  opts: { readonly trusted?: boolean } = {},
): (concept: SourceConcept, noteDate?: string) => EventMatch | undefined {
  const index = createEventIndex(map, opts);
  return (concept, noteDate) => index.classify(concept, noteDate);
}

/** Union of the qualifiers of one kind's rules; generic rules count only when nothing specific matched. */
function mergeQualifiers(rules: readonly EventRule[]): string[] {
  const specific = rules.filter((r) => !r.generic);
  const used = specific.length > 0 ? specific : rules;
  return [...new Set(used.flatMap((r) => r.qualifiers))];
}

/**
 * Whether a qualifier cue may qualify a mention of `rule`: the rule carries one of its `onQualifiers`, or none at
 * all when the cue is `unsited` (a bleed with no named site).
 */
function cueOnRule(
  cue: { readonly onQualifiers: ReadonlySet<string>; readonly unsited: boolean },
  rule: EventRule,
): boolean {
  return (
    rule.qualifiers.some((q) => cue.onQualifiers.has(q)) || (cue.unsited && rule.qualifiers.length === 0)
  );
}

/** Words that may stand between a `before` qualifier cue and the mention it qualifies ("massive bilateral PE"). */
const CUE_GAP = 2;

/**
 * Words that join two things named in a row: a `before` cue followed by a word, then one of these, qualifies
 * that word, not what the conjunction adds ("severe cramping and bleeding from the rectum": the cramping is
 * severe), as `&` and `+` written between words do. Right after the cue they join two of its own kind ("severe
 * and persistent rectal bleeding").
 */
const CONJUNCTIONS = new Set(["and", "or", "plus", "with", "nor", "but", "then"]);

/**
 * A `before` qualifier cue ending at `cueEnd` stands right before the mention starting at `start`: at most
 * {@link CUE_GAP} words between, no comma and no other mention among them ("high-risk PE", "massive acute
 * PE"; not "high risk, PE" nor "high-risk DVT and PE"), and no conjunction after a word of its own ("severe
 * cramping and rectal bleeding" names a severe cramping, not a severe bleed; "severe and persistent rectal
 * bleeding" is severe).
 */
function cueRightBefore(
  text: Tokenized,
  cueEnd: number,
  start: number,
  mentionStarts: ReadonlySet<number>,
): boolean {
  if (cueEnd > start || start - cueEnd > CUE_GAP) return false;
  for (let j = cueEnd; j <= start; j++) if (text.tokens[j]?.commaBreak) return false;
  for (let j = cueEnd; j < start; j++) if (mentionStarts.has(j)) return false;
  for (let j = cueEnd + 1; j <= start; j++) {
    const t = text.tokens[j];
    if (j < start && CONJUNCTIONS.has(t?.lower ?? "")) return false;
    if (/[&+]/.test(t?.gap ?? "")) return false;
  }
  return true;
}

type CuePlace = "before" | "anywhere" | "after" | "except";

/** Whether a qualifier cue's hit stands where it qualifies the mention from `start` to `end`. */
function cueBeside(
  text: Tokenized,
  hit: PhraseHit<CuePlace>,
  start: number,
  end: number,
  mentionStarts: ReadonlySet<number>,
): boolean {
  return (
    hit.values.includes("anywhere") ||
    (hit.values.includes("before") && cueRightBefore(text, hit.end, start, mentionStarts)) ||
    (hit.values.includes("after") && cueRightAfter(text, end, hit, mentionStarts))
  );
}

/** Words that may stand between a mention and an `after` qualifier cue ("haematemesis and was admitted"). */
const AFTER_LINKS = new Set([
  "and",
  "was",
  "were",
  "is",
  "then",
  "subsequently",
  "so",
  "thus",
  "hence",
  "therefore",
  "which",
  "that",
  "he",
  "she",
  "they",
  "pt",
  "patient",
  "the",
  "has",
  "had",
  "been",
  "later",
  "eventually",
  "ultimately",
]);
const AFTER_GAP = 3;
/** Words after an `after` cue that give the admission a reason of its own ("admitted to the ward for pneumonia"). */
const OWN_REASON = new Set(["for", "with", "due", "because", "after", "secondary", "following"]);

/**
 * An `after` qualifier cue stands right after the mention ending at `end`: at most {@link AFTER_GAP} link words
 * between ({@link AFTER_LINKS}), commas allowed, no clause break and no other mention among them ("melena,
 * admitted"; "haematemesis and was admitted"; not "haematuria and fever requiring admission"); and the cue's part
 * of the sentence names no reason of its own after it ("melena, admitted to the ward for pneumonia" is an
 * admission for the pneumonia). The mention may end its clause when the cue is then the whole of its part of the
 * next one ("Melena; admitted", "Hematemesis. Admitted to ICU"; not "Melena. Admitted 3 days later for
 * pneumonia", nor across a blank line).
 */
function cueRightAfter(
  text: Tokenized,
  end: number,
  hit: PhraseHit<CuePlace>,
  mentionStarts: ReadonlySet<number>,
): boolean {
  if (hit.start < end || hit.start - end > AFTER_GAP) return false;
  // A clause break right after the mention ("Melena; admitted", "Hematemesis. Admitted to ICU") leaves the cue the
  // bleed's only when the cue is the whole of its part of the next sentence, with no reason of its own.
  const nextClause = text.tokens[end]?.clauseBreak === true && (text.tokens[end]?.lines ?? 0) < 2;
  if (nextClause && !partEndsAt(text, hit.end)) return false;
  for (let j = nextClause ? end + 1 : end; j <= hit.start; j++) if (text.tokens[j]?.clauseBreak) return false;
  for (let j = end; j < hit.start; j++)
    if (mentionStarts.has(j) || !AFTER_LINKS.has(text.tokens[j]?.lower ?? "")) return false;
  for (let j = hit.end; j < text.tokens.length; j++) {
    const t = text.tokens[j];
    if (t?.commaBreak) break;
    if (OWN_REASON.has(t?.lower ?? "")) return false;
  }
  return true;
}

/** Words that may stand between an organ and the generic phrase it qualifies ("gastric signet ring cell carcinoma"). */
const SITE_GAP = 3;

/**
 * Words that set an organ after the generic phrase: "adenocarcinoma of the stomach", "haemorrhage into a brain
 * metastasis", "bleeding within the brain", "haemorrhage in brain metastases", "bleeding from a duodenal ulcer".
 */
const SITE_LINKS = new Set(["of", "into", "within", "in", "from"]);

/**
 * The organ qualifies the generic phrase: it stands before it ("stomach adenocarcinoma") or after it behind
 * a {@link SITE_LINKS} word ("adenocarcinoma of the distal stomach", "haemorrhage into a brain
 * metastasis"), within {@link SITE_GAP} words and no comma or clause break between ("carcinoma metastatic to
 * the pancreas" names no pancreatic cancer).
 */
function besideSite(
  text: Tokenized,
  generic: { readonly start: number; readonly end: number },
  site: { readonly start: number; readonly end: number },
): boolean {
  const { tokens } = text;
  const unbroken = (from: number, to: number) => {
    for (let k = from; k <= to; k++) if (tokens[k]?.commaBreak) return false;
    return true;
  };
  if (site.end <= generic.start)
    return generic.start - site.end <= SITE_GAP && unbroken(site.end, generic.start);
  return (
    SITE_LINKS.has(tokens[generic.end]?.lower ?? "") &&
    site.start > generic.end &&
    site.start - generic.end <= SITE_GAP &&
    unbroken(generic.end, site.start)
  );
}

interface Cues {
  readonly before: PhraseIndex<true>;
  readonly doubt: PhraseIndex<true>;
  readonly doubtAfter: PhraseIndex<true>;
  readonly notExcludedAfter: PhraseIndex<true>;
  readonly current: PhraseIndex<true>;
  readonly workup: PhraseIndex<true>;
  readonly resultBefore: PhraseIndex<true>;
  readonly resultLabels: PhraseIndex<true>;
  readonly suspectedRuledOut: PhraseIndex<true>;
  readonly screening: PhraseIndex<true>;
  readonly foundAfter: PhraseIndex<true>;
  readonly workupAfter: PhraseIndex<true>;
  readonly after: PhraseIndex<true>;
  /** The {@link EventMap} `answerNo` answers, each as its lower-case words joined by one space. */
  readonly answerNo: ReadonlySet<string>;
  /** The {@link EventMap} `answerFound` answers, each as its lower-case words joined by one space. */
  readonly answerFound: ReadonlySet<string>;
  /** The `studyAnswers` found and doubt answers of a study named alone, as `answerFound` is written. */
  readonly studyFound: ReadonlySet<string>;
  readonly studyDoubt: ReadonlySet<string>;
  readonly historical: PhraseIndex<true>;
  readonly historicalNot: PhraseIndex<true>;
  readonly historicalWeak: PhraseIndex<true>;
  readonly ageWords: PhraseIndex<true>;
  readonly historicalAfter: PhraseIndex<true>;
  readonly currentAfter: PhraseIndex<true>;
  readonly terminators: PhraseIndex<true>;
  readonly relativeWith: PhraseIndex<true>;
  readonly relativeSubject: PhraseIndex<true>;
  readonly relativeWords: PhraseIndex<true>;
  readonly relativeReporters: PhraseIndex<true>;
  readonly familyHeaders: PhraseIndex<true>;
  readonly familyEmpty: PhraseIndex<true>;
  readonly pastHeaders: PhraseIndex<true>;
  readonly pastSectionKinds: ReadonlySet<EventKind>;
  readonly pastSectionNarrative: ReadonlySet<string>;
  readonly pastSectionUnderWay: ReadonlySet<string>;
  readonly examHeaders: ReadonlySet<string>;
  readonly examContent: PhraseIndex<true>;
  readonly examAlone: PhraseIndex<true>;
  readonly sectionHeaders: PhraseIndex<true>;
  readonly relativeAfter: PhraseIndex<true>;
  readonly selfWords: PhraseIndex<true>;
  readonly companions: PhraseIndex<true>;
  readonly affirm: PhraseIndex<true>;
  readonly affirmAfter: PhraseIndex<true>;
  readonly procedureHistorical: PhraseIndex<true>;
  readonly indication: PhraseIndex<true>;
  readonly indicationKinds: ReadonlySet<EventKind>;
  readonly procedureKinds: ReadonlySet<EventKind>;
  readonly procedurePlanned: PhraseIndex<true>;
  readonly procedurePlannedAfter: PhraseIndex<true>;
  readonly postOpDay: PhraseIndex<true>;
  readonly definitiveTreatments: PhraseIndex<true>;
  readonly activeNow: readonly {
    readonly kinds: ReadonlySet<EventKind>;
    readonly after: PhraseIndex<true>;
    readonly countWords: PhraseIndex<true>;
    readonly countBelow: number | undefined;
  }[];
}

/**
 * What the words after a test name ending at `end` say of it, within `window` words and no comma: "sent"
 * ("PF4 pending", "SRA sent"), "positive" ("SRA positive"), or undefined (the test named alone).
 */
function testResult(
  text: Tokenized,
  end: number,
  sent: PhraseIndex<true>,
  positive: PhraseIndex<true>,
  window: number,
): "sent" | "positive" | undefined {
  const { tokens } = text;
  for (let j = end; j < Math.min(tokens.length, end + window); j++) {
    if (tokens[j]?.commaBreak) break;
    if (positive.startsAt(text, j)) return "positive";
    if (sent.startsAt(text, j)) return "sent";
  }
  return undefined;
}

/** A count as written after a count word: "8", "8k", "8000" or "8,000" (read per nanolitre: 8). */
function countAt(text: Tokenized, at: number): number | undefined {
  const t = text.tokens[at];
  const m = t === undefined ? null : /^(\d+)(k)?$/.exec(t.lower);
  if (!m) return undefined;
  const n = Number(m[1]);
  if (m[2] !== undefined) return n;
  // "8,000": the thousands group follows behind a comma.
  const next = text.tokens[at + 1];
  if (next?.commaBreak && !next.clauseBreak && /^\d{3}$/.test(next.lower)) return n;
  return n >= 1000 ? n / 1000 : n;
}

/** Whether a past mention of `kind` ending at `end` is followed by evidence it is active now (`activeNow`). */
function activeNow(
  text: Tokenized,
  end: number,
  kind: EventKind,
  cues: Cues,
  window: number,
  starts: ReadonlySet<number>,
): boolean {
  const { tokens } = text;
  for (const a of cues.activeNow) {
    if (!a.kinds.has(kind)) continue;
    for (let j = end; j < Math.min(tokens.length, end + window); j++) {
      if (tokens[j]?.clauseBreak || starts.has(j)) break;
      if (a.after.startsAt(text, j)) return true;
      if (a.countBelow !== undefined && a.countWords.startsAt(text, j)) {
        for (let k = j + 1; k <= Math.min(tokens.length - 1, j + 3); k++) {
          if (tokens[k]?.clauseBreak) break;
          const n = countAt(text, k);
          if (n !== undefined) return n < a.countBelow;
        }
      }
    }
  }
  return false;
}

/**
 * Whether a contextual name ([start, end): "Evans") stands in disorder context: a `before` cue right before
 * it ("consistent with Evans"), queried ("?Evans"), or a `before` cue within the two words before it in its
 * comma part ("suspected Evans", "probable Evans"), or an
 * `after` cue right after it with no comma between and no other mention (`starts`) in the three words after
 * it ("Evans suspected", "Evans likely", but not "Evans suspected ITP", where the cue is the ITP's); never
 * right behind a `person` word ("Dr Evans", "seen by Evans", "d/w Evans").
 */
function nameInContext(
  text: Tokenized,
  start: number,
  end: number,
  cues: {
    readonly before: PhraseIndex<true>;
    readonly after: PhraseIndex<true>;
    readonly person: PhraseIndex<true>;
  },
  starts: readonly number[],
): boolean {
  const { tokens } = text;
  // The words right before the name: a cue ending there ("consistent with Evans") wins over a person word
  // inside it ("with"); a person word ending there otherwise makes the name a person.
  const endsAtName = (index: PhraseIndex<true>) => {
    for (let j = start - 1; j >= Math.max(0, start - 3); j--)
      if (index.startsAt(text, j, start) && j + phraseLength(text, j, start, index) === start) return true;
    return false;
  };
  if (!tokens[start]?.commaBreak && endsAtName(cues.before)) return true;
  if (!tokens[start]?.commaBreak && endsAtName(cues.person)) return false;
  if (tokens[start]?.queried) return true;
  for (let j = start - 1; j >= Math.max(0, start - 2); j--) {
    if (tokens[j + 1]?.commaBreak) break;
    if (cues.before.startsAt(text, j, start)) return true;
  }
  if (tokens[end] === undefined || tokens[end]?.commaBreak || !cues.after.startsAt(text, end)) return false;
  return !starts.some(
    (s) => s > end && s <= end + 3 && !tokens.slice(end + 1, s + 1).some((t) => t.commaBreak),
  );
}

/** Whether the part of the sentence ends at token `at`: a comma, a clause break or the text's end. */
function partEndsAt(text: Tokenized, at: number): boolean {
  const next = text.tokens[at];
  return next === undefined || next.commaBreak;
}

/** Whether one of `index`'s phrases starting at `at` is the whole of its part: a comma, a sentence's or a line's end, or the text's end after it. */
function examAloneAt(text: Tokenized, at: number, index: PhraseIndex<true>): boolean {
  for (let k = at + 1; k <= text.tokens.length; k++) {
    const next = text.tokens[k];
    if (next !== undefined && !next.commaBreak && next.lines === 0) continue;
    return isPhrase(text, at, k, index);
  }
  return false;
}

/** A value as written: the number and the comparator before it ("<5" is below 5). */
interface WrittenValue {
  readonly value: number;
  /** The other reading of a comma before three digits ("1,200": 1200, or 1.2 with a decimal comma). */
  readonly otherwise?: number;
  readonly comparator: "<" | ">" | "";
}

/**
 * The value written after a name ending at `end`: the first number within three words, behind only
 * `links` words ("score of 6", "titer: 12"), with no comma between; a decimal point is read ("0.6 BU"), and
 * a decimal comma written between digits ("0,6 BU", as European reports write it). Before, "0,6" was read
 * as 0 and an inhibitor at the cut-off named nothing. Three digits after the comma are a thousands group
 * or decimals: both readings are kept, and either meeting the threshold names the rule.
 */
function valueAfter(text: Tokenized, end: number, links: PhraseIndex<true>): WrittenValue | undefined {
  const { tokens } = text;
  for (let j = end; j < Math.min(tokens.length, end + 3); j++) {
    const t = tokens[j];
    if (t === undefined || t.commaBreak) return undefined;
    if (/^\d+$/.test(t.lower)) {
      const next = tokens[j + 1];
      const comparator = /[<\u2264]/.test(t.gap) ? "<" : /[>\u2265]/.test(t.gap) ? ">" : "";
      const digits = next !== undefined && /^\d+$/.test(next.lower) ? next.lower : undefined;
      if (digits !== undefined && next?.gap === ",") {
        const decimal = Number(`${t.lower}.${digits}`);
        return digits.length === 3
          ? { value: Number(t.lower + digits), otherwise: decimal, comparator }
          : { value: decimal, comparator };
      }
      const decimals = digits !== undefined && next?.gap === "." ? `.${digits}` : "";
      return { value: Number(t.lower + decimals), comparator };
    }
    if (!links.startsAt(text, j, j + 1)) return undefined;
  }
  return undefined;
}

/** Whether a written value meets a reading's threshold; a censored value only when it must. */
function meetsValue(w: WrittenValue, t: { readonly atLeast?: number; readonly below?: number }): boolean {
  if (w.otherwise !== undefined && meetsValue({ value: w.otherwise, comparator: w.comparator }, t))
    return true;
  if (t.atLeast !== undefined) return w.comparator !== "<" && w.value >= t.atLeast;
  if (t.below !== undefined)
    return w.comparator === "<" ? w.value <= t.below : w.comparator === "" && w.value < t.below;
  return false;
}

/**
 * Whether the relative's subject phrase starting at `at` ("mother had") is followed, within two words and
 * before the mention at `start`, by a reporter or witness word ("mother had noticed", "wife has just seen"):
 * the relative tells of the patient's event.
 */
function relativeReports(text: Tokenized, at: number, start: number, cues: Cues): boolean {
  const after = at + phraseLength(text, at, start, cues.relativeSubject);
  for (let k = after; k < Math.min(start, after + 2); k++) {
    if (text.tokens[k]?.commaBreak) return false;
    if (cues.relativeReporters.startsAt(text, k, start)) return true;
  }
  return false;
}

/**
 * Whether a relative is named right before the mention starting at `start`, with no punctuation between ("sister
 * ITP", "father DVT", "maternal aunt PE"): the short form of a family history, the relative's event (ConText's
 * "other" experiencer, Harkema 2009). A companion word before the relative ("brought by mother melena") makes
 * the relative the patient's escort, not the subject.
 */
function relativeRightBefore(text: Tokenized, start: number, cues: Cues): boolean {
  const j = start - 1;
  const mention = text.tokens[start];
  if (j < 0 || mention === undefined || mention.commaBreak || mention.labelBreak) return false;
  if (!cues.relativeWords.startsAt(text, j, start)) return false;
  return (
    !(j > 0 && cues.companions.startsAt(text, j - 1, j)) &&
    !(j > 1 && cues.companions.startsAt(text, j - 2, j))
  );
}

/** Whether one of `index`'s phrases starts at a word in [from, to). */
function anyAt(text: Tokenized, from: number, to: number, index: PhraseIndex<true>): boolean {
  for (let k = from; k < to; k++) if (index.startsAt(text, k, to)) return true;
  return false;
}

/**
 * Whether a family-history header starting at `at` reaches the mention at `start` in its sentence: not when
 * its content, up to the first comma, is empty or denied ("FHx non-contributory, bleeding gums", "Family
 * history: negative, melena") and the mention stands after it, nor across a terminator or a word naming
 * the patient ("FHx: father DVT, but melena", "FHx: mother ITP; patient with epistaxis").
 */
function headerReaches(
  text: Tokenized,
  at: number,
  start: number,
  cues: Cues,
  headers: PhraseIndex<true> = cues.familyHeaders,
): boolean {
  const { tokens } = text;
  const content = at + phraseLength(text, at, start, headers);
  let contentEnd = content;
  if (contentEnd < tokens.length && !tokens[contentEnd]?.commaBreak)
    do contentEnd++;
    while (contentEnd < tokens.length && !tokens[contentEnd]?.commaBreak);
  if (start >= contentEnd) {
    // "No family history of bleeding, melena": a denied header is as empty as a denied content.
    let denied = false;
    for (let k = at - 1; k >= Math.max(0, at - 2) && !tokens[k + 1]?.commaBreak; k--)
      if (cues.before.startsAt(text, k, at)) denied = true;
    const empty =
      denied ||
      contentEnd === content ||
      cues.familyEmpty.startsAt(text, content) ||
      cues.before.startsAt(text, content);
    // A relative named in the mention's own part keeps it the relative's ("FHx: none in father, mother PE").
    let part = start;
    while (part > contentEnd && !tokens[part]?.commaBreak) part--;
    if (empty && !anyAt(text, part, start, cues.relativeWords)) return false;
  }
  return !anyAt(text, content, start, cues.terminators) && !selfAt(text, content, start, cues);
}

/** Whether the patient is named as a subject in [from, to): "patient", not the possessive "patient's". */
function selfAt(text: Tokenized, from: number, to: number, cues: Cues): boolean {
  for (let k = from; k < to; k++)
    if (cues.selfWords.startsAt(text, k, to)) {
      const after = k + phraseLength(text, k, to, cues.selfWords);
      if (text.tokens[after]?.lower !== "s") return true;
    }
  return false;
}

/**
 * Whether the mention starting at `start` answers a relative's field ("Mother: DVT", "Maternal aunt - PE"): a
 * relative opening the mention's comma part (behind at most one word: "maternal", "his"), a colon or spaced dash
 * right after it, and no reporter or patient word before the mention ("Wife: reports melena" is the patient's).
 */
function relativeField(text: Tokenized, start: number, cues: Cues): boolean {
  const { tokens } = text;
  let part = start;
  while (part > 0 && !tokens[part]?.commaBreak) part--;
  for (let k = part; k <= Math.min(part + 1, start - 1); k++) {
    const after = k + phraseLength(text, k, start, cues.relativeWords);
    if (after === k || !tokens[after]?.labelBreak) continue;
    return !anyAt(text, after, start, cues.relativeReporters) && !selfAt(text, after, start, cues);
  }
  return false;
}

/**
 * Whether the mention starting at `start` is a relative's in a family-history section: behind a header in
 * its own sentence ({@link headerReaches}), or in the first sentence of a line that names a relative, under
 * a header line ("Family history:" / "Mother: DVT") with only such lines between, no blank line, and no
 * reporter word before the mention ("Mother reports melena" is the patient's).
 */
function inFamilyHistory(text: Tokenized, start: number, cues: Cues): boolean {
  const { tokens } = text;
  for (let j = start - 1; j >= 0 && !tokens[j + 1]?.clauseBreak; j--)
    if (cues.familyHeaders.startsAt(text, j, start)) return headerReaches(text, j, start, cues);
  if (relativeField(text, start, cues)) return true;
  let line = start;
  while (line > 0 && (tokens[line]?.lines ?? 0) === 0) line--;
  if (line === 0) return false;
  // Only the line's first sentence, with no reporter, terminator or patient word before the mention.
  for (let k = line + 1; k <= start; k++) if (tokens[k]?.clauseBreak) return false;
  if (
    anyAt(text, line, start, cues.relativeReporters) ||
    anyAt(text, line, start, cues.terminators) ||
    selfAt(text, line, start, cues)
  )
    return false;
  let lineEnd = start;
  while (lineEnd < tokens.length && (lineEnd === start || (tokens[lineEnd]?.lines ?? 0) === 0)) lineEnd++;
  if (!anyAt(text, line, lineEnd, cues.relativeWords)) return false;
  while ((tokens[line]?.lines ?? 0) === 1) {
    const below = line;
    line--;
    while (line > 0 && (tokens[line]?.lines ?? 0) === 0) line--;
    if (cues.familyHeaders.startsAt(text, line, below)) {
      // The header line: its content up to the line's end must not be empty or denied.
      const content = line + phraseLength(text, line, below, cues.familyHeaders);
      return !(
        content < below &&
        !tokens[content]?.commaBreak &&
        (cues.familyEmpty.startsAt(text, content) || cues.before.startsAt(text, content))
      );
    }
    if (!anyAt(text, line, below, cues.relativeWords)) return false;
  }
  return false;
}

/** A sentence ends before the word at `k`: a period, "!" or "?" (a semicolon or a line break does not). */
const sentenceEnd = (text: Tokenized, k: number): boolean =>
  text.tokens[k]?.clauseBreak === true && /[.!?]/.test(text.tokens[k]?.gap ?? "");

/**
 * Whether a section header (`headers`) opens the line starting at `line` and is the whole line, or is
 * followed by a colon or a spaced dash ("HPI: ...", "Plan - ..."): the line is that section's header line.
 */
function headerLine(text: Tokenized, line: number, headers: PhraseIndex<true>, alone: boolean): boolean {
  const { tokens } = text;
  let end = line + 1;
  while (end < tokens.length && (tokens[end]?.lines ?? 0) === 0) end++;
  if (isPhrase(text, line, end, headers)) return true;
  if (alone) return false;
  for (let k = line + 1; k < Math.min(end, line + 6); k++)
    if (tokens[k]?.labelBreak && isPhrase(text, line, k, headers)) return true;
  return false;
}

/** Whether the words [from, to) are exactly one of `index`'s phrases. */
function isPhrase(text: Tokenized, from: number, to: number, index: PhraseIndex<true>): boolean {
  return (
    index.lookup(
      text.tokens
        .slice(from, to)
        .map((t) => t.lower)
        .join(" "),
    ).length > 0
  );
}

/**
 * Whether the mention starting at `start` stands in a past-medical-history section ("PMH: DVT", "Past medical
 * history: PE, HTN"): behind a header in its own sentence or line (semicolons and commas allowed; an empty
 * section ends at its first comma, as a family history's does), or in the first sentence of a line beneath a
 * header alone on its line, with no blank line and no other section's header line between. A terminator, a
 * word naming the patient as subject, a current cue ("new", "acute") or another section's header between the
 * section's header and the mention ends the reach ("PMH: HTN. HPI: new DVT", "PMH: HTN, now acute PE").
 */
function inPastHistory(text: Tokenized, start: number, cues: Cues): boolean {
  const { tokens } = text;
  /** No terminator, patient word, current cue or other header in [from, start). */
  const open = (from: number): boolean => {
    // A header right before a colon inside the reach: another section ("PMH: HTN HPI: new DVT").
    for (let k = from + 1; k <= start; k++)
      if (tokens[k]?.labelBreak)
        for (let h = Math.max(from, k - 5); h < k; h++)
          if (isPhrase(text, h, k, cues.sectionHeaders)) return false;
    return (
      !anyAt(text, from, start, cues.terminators) &&
      !selfAt(text, from, start, cues) &&
      !anyAt(text, from, start, cues.current)
    );
  };
  // A header before the mention in its sentence or line.
  for (let j = start - 1; j >= 0; j--) {
    if ((tokens[j + 1]?.lines ?? 0) > 0 || sentenceEnd(text, j + 1)) break;
    if (cues.pastHeaders.startsAt(text, j, start)) {
      const content = j + phraseLength(text, j, start, cues.pastHeaders);
      return (
        content <= start &&
        headerReaches(text, j, start, cues, cues.pastHeaders) &&
        open(content) &&
        !narrativePart(text, start, cues) &&
        // Family history's own "medical history" is no past-history header.
        !(j > 0 && cues.familyHeaders.startsAt(text, j - 1, content))
      );
    }
  }
  // The first sentence of a line beneath a header alone on its line.
  let line = start;
  while (line > 0 && (tokens[line]?.lines ?? 0) === 0) line--;
  if (line === 0) return false;
  for (let k = line + 1; k <= start; k++) if (sentenceEnd(text, k)) return false;
  if (!open(line) || headerLine(text, line, cues.sectionHeaders, false)) return false;
  if (narrativePart(text, start, cues)) return false;
  // A narrative sentence is no list item of the section ("Presents today with swelling, DVT confirmed").
  for (
    let k = line;
    k < tokens.length && (k === line || ((tokens[k]?.lines ?? 0) === 0 && !sentenceEnd(text, k)));
    k++
  )
    if (cues.pastSectionNarrative.has(tokens[k]?.lower ?? "")) return false;
  while ((tokens[line]?.lines ?? 0) === 1) {
    line--;
    while (line > 0 && (tokens[line]?.lines ?? 0) === 0) line--;
    if (headerLine(text, line, cues.pastHeaders, true)) return true;
    if (headerLine(text, line, cues.sectionHeaders, false)) return false;
  }
  return false;
}

/**
 * Whether the comma part of the mention starting at `start`, on its line, holds a word that the problem is
 * under way, or the whole next part is one (`pastSectionUnderWay`: "PMH: DVT (current), HTN", "DVT, active").
 */
function narrativePart(text: Tokenized, start: number, cues: Cues): boolean {
  const { tokens } = text;
  let from = start;
  while (from > 0 && !tokens[from]?.commaBreak && (tokens[from]?.lines ?? 0) === 0) from--;
  const narrative = (k: number) => cues.pastSectionUnderWay.has(tokens[k]?.lower ?? "");
  let k = from;
  for (; k < tokens.length; k++) {
    if (k > start && ((tokens[k]?.lines ?? 0) > 0 || tokens[k]?.commaBreak)) break;
    if (narrative(k)) return true;
  }
  // A status written as the whole next part ("DVT, active"), as "ITP, resolved" is read.
  const next = tokens[k + 1];
  return (
    k < tokens.length &&
    !tokens[k]?.clauseBreak &&
    (tokens[k]?.lines ?? 0) === 0 &&
    narrative(k) &&
    (next === undefined || next.commaBreak || (next.lines ?? 0) > 0)
  );
}

/**
 * Whether a relative follows the mention ending at `end` as its experiencer ("DVT in mother", "PE in his
 * father"), with no comma between: the relative's event, not the patient's ("DVT in left leg" is the patient's).
 */
function relativeAfterMention(text: Tokenized, end: number, cues: Cues): boolean {
  const t = text.tokens[end];
  return t !== undefined && !t.commaBreak && cues.relativeAfter.startsAt(text, end);
}

/** The number of words of the shortest phrase of `index` starting at `at` (0 if none ends by `limit`). */
function phraseLength(text: Tokenized, at: number, limit: number, index: PhraseIndex<true>): number {
  for (let k = at + 1; k <= limit; k++) if (index.startsAt(text, at, k)) return k - at;
  return 0;
}

/** Words that set the differentials of one note apart ("TTP vs DIC" names both). */
const DIFFERENTIAL_WORDS = new Set(["vs", "versus"]);

/** A four-digit year of the 20th or 21st century, as a word of its own ("2019" in "HIT (2019)"). */
const YEAR = /^(19|20)\d\d$/;
/** A month or day number as a word of its own ("12" in "12/2026", "01" in "2026-12-01"). */
const SMALL = /^\d{1,2}$/;
/** Words that may stand between a mention and the date that follows it ("HIT in 2019", "HIT dx 2026-12-01"). */
const DATE_LINKS = new Set(["in", "on", "dx", "diagnosed", "diagnosis"]);

/**
 * A date written right after a mention: a year ("2021"), a month ("12/2026", "2026-12") or a day
 * ("2026-12-01"; "01/12/2026" and "12/01/2026" are read both ways, day-month and month-day, and `days`
 * holds every reading). Dates are calendar days counted from 1970-01-01.
 */
export type StatedDate =
  | { readonly year: number }
  | { readonly year: number; readonly month: number }
  | { readonly days: readonly number[] }
  /** Days before the note's date ("POD 3", "2 days ago", "yesterday"). */
  | { readonly ago: number }
  /** The calendar week (Monday to Sunday) before the note's. */
  | { readonly lastWeek: true };

/** A written date that names its own day, month or year. */
export type AbsoluteDate = Exclude<StatedDate, { readonly ago: number } | { readonly lastWeek: true }>;

/** The note's date as a day number; undefined without one. */
function noteDayNumber(noteDate: string | undefined): number | undefined {
  const m = noteDate === undefined ? null : /^(\d{4})-(\d{2})-(\d{2})/.exec(noteDate);
  return m ? dayNumber(Number(m[1]), Number(m[2]), Number(m[3])) : undefined;
}

/**
 * A written date as a day, month or year: a relative one ("POD 3", "last week") counted back from the note's
 * date (undefined without it); "last week" is the Sunday that ends the calendar week before the note's, the
 * latest day the words allow.
 * @example
 * resolveStated({ ago: 3 }, "2026-12-05"); // { days: [the day number of 2026-12-02] }
 */
export function resolveStated(stated: StatedDate, noteDate: string | undefined): AbsoluteDate | undefined {
  if (!("ago" in stated) && !("lastWeek" in stated)) return stated;
  const note = noteDayNumber(noteDate);
  if (note === undefined) return undefined;
  if ("ago" in stated) return { days: [note - stated.ago] };
  // Day 0 (1970-01-01) was a Thursday: (day + 3) mod 7 counts from Monday.
  const weekday = (((note + 3) % 7) + 7) % 7;
  return { days: [note - weekday - 1] };
}

/** A day number (days since 1970-01-01) as an ISO date. */
function isoDay(day: number): string {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}

/**
 * The day written with a planned procedure, within the next few words of its clause ("laparotomy planned
 * 2026-03-20", "craniotomy scheduled on 2026-03-20", "scheduled for craniotomy on 2026-03-20"): a written day only
 * (a month or a year plans nothing precise enough), the latest reading of it.
 */
function plannedDay(text: Tokenized, end: number): string | undefined {
  for (let i = end; i < Math.min(text.tokens.length, end + 4); i++) {
    if (i > end && text.tokens[i]?.clauseBreak) return undefined;
    const stated = statedDate(text, i);
    if (stated !== undefined) return "days" in stated ? isoDay(Math.max(...stated.days)) : undefined;
  }
  return undefined;
}

/** A procedure's written day as an ISO date, never after the note's own day. */
function procedureDay(stated: { readonly days: readonly number[] }, noteDate: string | undefined): string {
  const note = noteDayNumber(noteDate);
  return isoDay(note === undefined ? Math.max(...stated.days) : Math.min(Math.max(...stated.days), note));
}

/** Counts written as words ("two days ago", "a week ago"). */
const COUNT_WORDS = new Map([
  ["a", 1],
  ["an", 1],
  ["one", 1],
  ["two", 2],
  ["three", 3],
  ["four", 4],
  ["five", 5],
  ["six", 6],
  ["seven", 7],
  ["eight", 8],
  ["nine", 9],
  ["ten", 10],
]);
const DAY_WORDS = new Set(["day", "days", "d"]);
const WEEK_WORDS = new Set(["week", "weeks", "wk", "wks"]);
/** Words that may stand between a procedure and its relative date ("laparotomy performed 2 days ago"). */
const RELATIVE_LINKS = new Set(["done", "performed", "on"]);
/** How many words before a procedure a post-operative day may stand ("POD 3 s/p right hemicolectomy"). */
const POST_OP_WINDOW = 8;

/** A count written in digits (at most 3) or as a word. */
function dayCountAt(tokens: Tokenized["tokens"], i: number): number | undefined {
  const w = tokens[i]?.lower;
  if (w === undefined) return undefined;
  if (/^\d{1,3}$/.test(w)) return Number(w);
  return COUNT_WORDS.get(w);
}

/**
 * A procedure's date relative to the note: a post-operative day before it ("POD 3 s/p hemicolectomy", "post-op day
 * 2 after craniotomy") or right after it ("laparotomy, POD 3" is not: the comma ends it), or words after it ("2 days
 * ago", "yesterday", "last week", "3 weeks ago"); undefined if none. Nothing is read across a clause break.
 */
function relativeDate(
  text: Tokenized,
  start: number,
  end: number,
  postOpDay: PhraseIndex<true>,
): StatedDate | undefined {
  const { tokens } = text;
  const podAt = (j: number, limit: number): number | undefined => {
    const e = postOpDay.endAt(text, j, limit);
    return e === undefined ? undefined : dayCountAt(tokens, e);
  };
  let i = end;
  while (i < end + 2 && RELATIVE_LINKS.has(tokens[i]?.lower ?? "") && !tokens[i]?.clauseBreak) i++;
  const first = tokens[i];
  if (first !== undefined && !first.clauseBreak && !(i > end && first.commaBreak)) {
    const word = (k: number) => {
      const t = tokens[i + k];
      return t === undefined || t.commaBreak ? undefined : t.lower;
    };
    if (first.lower === "yesterday") return { ago: 1 };
    if (first.lower === "last" && word(1) !== undefined && WEEK_WORDS.has(word(1) ?? ""))
      return { lastWeek: true };
    const n = dayCountAt(tokens, i);
    if (n !== undefined && word(2) === "ago") {
      if (DAY_WORDS.has(word(1) ?? "")) return { ago: n };
      if (WEEK_WORDS.has(word(1) ?? "")) return { ago: 7 * n };
    }
  }
  // "s/p laparotomy, POD 3": a post-operative day counts from the operation, behind a comma too.
  for (let k = end; k < Math.min(tokens.length, end + 3); k++) {
    if (tokens[k]?.clauseBreak) break;
    const pod = podAt(k, tokens.length);
    if (pod !== undefined) return { ago: pod };
  }
  for (let j = start - 1; j >= Math.max(0, start - POST_OP_WINDOW); j--) {
    if (tokens[j + 1]?.clauseBreak) break;
    const pod = podAt(j, start);
    if (pod !== undefined) return { ago: pod };
  }
  return undefined;
}

const dayNumber = (y: number, m: number, d: number): number | undefined => {
  if (m < 1 || m > 12 || d < 1) return undefined;
  const t = Date.UTC(y, m - 1, d);
  return new Date(t).getUTCDate() === d ? Math.round(t / 86_400_000) : undefined;
};

/** The most words a parenthesised aside between a mention and its date holds ("DVT (left leg) 2024"). */
const ASIDE_WORDS = 4;

/**
 * The date written right after the mention ending at `end`, behind at most two linking words ("in",
 * "on", "dx", "diagnosed"), with no clause break before it and no comma inside it; undefined if none. A short
 * aside in parentheses between the mention and the date ("DVT (left leg) 2024", "PE (bilateral) in 2019") is the
 * mention's own qualifier: the date after it is the mention's.
 */
function statedDate(text: Tokenized, end: number): StatedDate | undefined {
  const stated = dateRightAfter(text, end);
  if (stated !== undefined) return stated;
  const { tokens } = text;
  const open = tokens[end];
  if (open === undefined || open.commaBreak || !open.gap.endsWith("(")) return undefined;
  for (let k = end + 1; k <= Math.min(tokens.length - 1, end + ASIDE_WORDS); k++) {
    const t = tokens[k];
    if (t === undefined || t.clauseBreak) return undefined;
    if (t.gap === ")") return dateRightAfter(text, k);
    if (t.gap.includes(")") || t.gap.includes("(")) return undefined;
  }
  return undefined;
}

function dateRightAfter(text: Tokenized, end: number): StatedDate | undefined {
  const { tokens } = text;
  let i = end;
  while (i < end + 2 && tokens[i] !== undefined && DATE_LINKS.has(tokens[i]?.lower ?? "")) {
    if (tokens[i]?.clauseBreak) return undefined;
    i++;
  }
  const first = tokens[i];
  if (first === undefined || first.clauseBreak || (i > end && first.commaBreak)) return undefined;
  const word = (k: number) => {
    const t = tokens[i + k];
    return t === undefined || t.commaBreak ? undefined : t.lower;
  };
  const a = first.lower;
  const b = word(1);
  const c = word(2);
  if (YEAR.test(a)) {
    const y = Number(a);
    if (b !== undefined && SMALL.test(b) && Number(b) >= 1 && Number(b) <= 12) {
      const d = c !== undefined && SMALL.test(c) ? dayNumber(y, Number(b), Number(c)) : undefined;
      return d !== undefined ? { days: [d] } : { year: y, month: Number(b) };
    }
    return { year: y };
  }
  if (SMALL.test(a) && b !== undefined) {
    if (YEAR.test(b)) {
      const m = Number(a);
      return m >= 1 && m <= 12 ? { year: Number(b), month: m } : { year: Number(b) };
    }
    if (SMALL.test(b) && c !== undefined && YEAR.test(c)) {
      const y = Number(c);
      const days = [dayNumber(y, Number(b), Number(a)), dayNumber(y, Number(a), Number(b))].filter(
        (d): d is number => d !== undefined,
      );
      return days.length > 0 ? { days } : { year: y };
    }
  }
  return undefined;
}

/**
 * A date written after a HIT or TTP marks a past episode only against the note's own date (the record's
 * date; the core never reads the clock): a year before the note's year; a month or a day ending more than
 * `historyDays` days before the note's day (the engine's episode convention: a hit more than the episode
 * length after the last opens a new episode). Without a note date, or with a date of the note's own
 * episode, the mention is read as written: a HIT now.
 */
export function isPastDate(stated: AbsoluteDate, noteDate: string | undefined, historyDays: number): boolean {
  const m = noteDate === undefined ? null : /^(\d{4})-(\d{2})-(\d{2})/.exec(noteDate);
  if (!m) return false;
  const noteYear = Number(m[1]);
  const noteDay = dayNumber(noteYear, Number(m[2]), Number(m[3]));
  if (noteDay === undefined) return false;
  if ("days" in stated) return stated.days.every((d) => noteDay - d > historyDays);
  if ("month" in stated) {
    // The month's last day: a month is past only when all of it is.
    const next =
      stated.month === 12 ? dayNumber(stated.year + 1, 1, 1) : dayNumber(stated.year, stated.month + 1, 1);
    return next !== undefined && noteDay - (next - 1) > historyDays;
  }
  return stated.year < noteYear;
}

/**
 * The last day a written date covers, as an ISO date: the latest the past episode it dates can have been
 * (a day read two ways, the later reading).
 * @example
 * statedLastDay({ year: 2026, month: 9 }); // "2026-09-30"
 */
export function statedLastDay(stated: AbsoluteDate): string {
  const day =
    "days" in stated
      ? Math.max(...stated.days)
      : "month" in stated
        ? (stated.month === 12
            ? (dayNumber(stated.year + 1, 1, 1) ?? 0)
            : (dayNumber(stated.year, stated.month + 1, 1) ?? 0)) - 1
        : (dayNumber(stated.year + 1, 1, 1) ?? 0) - 1;
  return isoDay(day);
}

/**
 * Whether the mention ending at token `end` is a field answered by one of `answers`: no ("DVT: no", "Melena -
 * denies"; `answerNo`) or found ("CTPA for PE: positive"; `answerFound`). A colon or spaced dash right after it,
 * and the whole answer, up to the next comma or clause end, one of `answers`.
 */
function answeredWith(text: Tokenized, end: number, answers: ReadonlySet<string>): boolean {
  const { tokens } = text;
  if (!tokens[end]?.labelBreak) return false;
  let stop = end + 1;
  while (stop < tokens.length && !tokens[stop]?.commaBreak) stop++;
  return answers.has(
    tokens
      .slice(end, stop)
      .map((t) => t.lower)
      .join(" "),
  );
}

/**
 * The token that opens the answer of a study named from token `end` on ("CTPA: positive", "Duplex left leg:
 * positive"): the first word after a colon or spaced dash, at most four words after the study's name, with no comma,
 * clause end or problem named between; undefined when there is none.
 */
function studyAnswered(text: Tokenized, end: number, mentionStarts: ReadonlySet<number>): number | undefined {
  const { tokens } = text;
  for (let k = end; k < tokens.length && k <= end + 4; k++) {
    if (mentionStarts.has(k)) return undefined;
    if (tokens[k]?.labelBreak) return k;
    if (tokens[k]?.commaBreak) return undefined;
  }
  return undefined;
}

/** Whether a phrase of `index` starting at token `at` ends exactly at token `end` (the word before a label's colon). */
function phraseEndsAt(index: PhraseIndex<true>, text: Tokenized, at: number, end: number): boolean {
  return index.startsAt(text, at, end) && !index.startsAt(text, at, end - 1);
}

/** An empty check box right before a word ("[ ] bleeding", "☐ melena"): the template's item left unticked. */
const UNTICKED_BEFORE = /(\[\]|\(\)|\u2610)$/;
/** An empty box or a minus sign that ends a line after the mention ("Bleeding [ ]", "Hematuria: (-)", "Melena: -"). */
const UNTICKED_AFTER = /^:?(\[\]|\(\)|\u2610|\(-\)|\(\u2212\))$|^:[-\u2212]$/;
/** A minus sign right before a word, as a review of systems writes a denied item ("(-) melena", "ROS: -hematuria"). */
const MINUS_BEFORE = /(\(-\)|\(\u2212\)|[:,;][-\u2212])$/;

/**
 * Whether a template or a review of systems marks the mention from `start` to `end` absent: an empty box or a
 * minus sign right before it on its line ("[ ] bleeding", "(-) melena", "ROS: -hematuria"; a dash opening a line is
 * a bullet), or one closing its line ("Bleeding [ ]", "Hematuria: (-)"), or its
 * "field: answer" ticks a no ("Bleeding: [ ] yes [x] no", "Bleeding: yes [ ] no [x]"). A ticked box ("[x]
 * bruising") and a plus sign ("(+) epistaxis") keep the mention; a hyphen inside a word ("re-bleeding") is no sign.
 */
function markedAbsent(text: Tokenized, start: number, end: number, answers: ReadonlySet<string>): boolean {
  const { tokens } = text;
  // On the mention's own line: a box closing the line above is that line's item.
  const lead = tokens[start]?.lead ?? "";
  // A dash opening a line is a bullet ("- melena"), never a minus sign.
  if (UNTICKED_BEFORE.test(lead) || (MINUS_BEFORE.test(lead) && tokens[start]?.lines === 0)) return true;
  // The box or the sign closing the text or the line: "Bleeding [ ]", "Hematuria: (-)".
  const next = tokens[end];
  const after =
    next === undefined
      ? (text.tail ?? "")
      : next.lines > 0
        ? next.gap.slice(0, next.gap.length - (next.lead ?? "").length)
        : "";
  if (UNTICKED_AFTER.test(after)) return true;
  if (!next?.labelBreak) return false;
  // The answer's boxes stand before their labels when its first word follows a box ("[ ] yes [x] no").
  const boxesFirst = (tokens[end]?.gap ?? "").includes("[");
  for (let m = end; m < tokens.length && !tokens[m]?.commaBreak; m++) {
    const mark = tokens[m];
    const ticked =
      mark?.lower === "x" &&
      mark.gap.endsWith("[") &&
      (tokens[m + 1]?.gap ?? text.tail ?? "").startsWith("]");
    if (!ticked) continue;
    const label = tokens[boxesFirst ? m + 1 : m - 1];
    if (label !== undefined && (boxesFirst || m - 1 >= end)) return answers.has(label.lower);
  }
  return false;
}

/** Qualifiers that say what a clot or bleed is, not where: two mentions sharing only these may be two problems. */
const NOT_SITES: ReadonlySet<string> = new Set(["venous", "arterial", "major", "severe"]);

/**
 * Whether two mentions name the same problem: the same kind, and a site in common or no site on one of them
 * ("?PE" and "segmental PE"; "possible GI bleed" and "bleeding"; not "?PE" and "DVT").
 */
function sameProblem(a: EventRule, b: EventRule): boolean {
  if (a.kind !== b.kind) return false;
  const sa = a.qualifiers.filter((q) => !NOT_SITES.has(q));
  const sb = b.qualifiers.filter((q) => !NOT_SITES.has(q));
  return sa.length === 0 || sb.length === 0 || sa.some((q) => sb.includes(q));
}

/**
 * Whether a `screening` cue stands before the mention starting at `start` ("screening for DVT", "surveillance
 * duplex for DVT"), at most two words between, with no comma and no other mention between.
 */
function screenedBefore(
  text: Tokenized,
  start: number,
  screening: PhraseIndex<true>,
  starts: ReadonlySet<number>,
): boolean {
  for (let j = start - 1; j >= Math.max(0, start - 8); j--) {
    if (text.tokens[j + 1]?.commaBreak || starts.has(j)) return false;
    const end = screening.endAt(text, j, start);
    if (end !== undefined && start - end <= 2) return true;
  }
  return false;
}

/**
 * Whether a test named after a suspected mention ruled it out: a `resultLabels` name ("CTPA", "duplex") followed
 * within two words by a `suspectedRuledOut` word ("negative", "normal"), within `window` words of the mention
 * across commas and sentence ends, with no other problem named between ("r/o PE, CTPA negative"; "r/o DVT.
 * Doppler negative."). A test pending or ordered rules nothing out.
 */
function ruledOutAfter(
  text: Tokenized,
  end: number,
  cues: Cues,
  starts: ReadonlySet<number>,
  window: number,
): boolean {
  const { tokens } = text;
  for (let j = end; j < Math.min(tokens.length, end + window); j++) {
    if (starts.has(j)) return false;
    const labelEnd = cues.resultLabels.endAt(text, j);
    if (labelEnd === undefined) continue;
    for (let k = labelEnd; k < Math.min(tokens.length, labelEnd + 2); k++) {
      if (starts.has(k)) return false;
      if (cues.suspectedRuledOut.startsAt(text, k)) return true;
    }
  }
  return false;
}

/**
 * Whether a test's finding is reported at token `j`, before the mention starting at `start`: a result word
 * ("shows", "revealed", "positive for") or a test name followed by a colon, a spaced dash or "with" ("duplex:
 * occlusive thrombus", "CTPA with segmental PE"), not negated by a `before` cue in the three words before it
 * ("did not show", "no CT showing").
 */
function resultAt(text: Tokenized, j: number, start: number, cues: Cues): boolean {
  const { tokens } = text;
  let found = cues.resultBefore.startsAt(text, j, start);
  if (!found && (tokens[j + 1]?.labelBreak || tokens[j + 1]?.lower === "with") && j + 1 < start) {
    for (let k = j; k >= Math.max(0, j - 2) && !found; k--) {
      if (k < j && tokens[k + 1]?.commaBreak) break;
      found = cues.resultLabels.startsAt(text, k, j + 1);
    }
  }
  if (!found) return false;
  for (let k = j - 1; k >= Math.max(0, j - 3); k--) {
    if (tokens[k + 1]?.commaBreak) break;
    if (cues.before.startsAt(text, k, j)) return false;
  }
  return true;
}

/**
 * Whether the words after a mention say the problem is back or under way now ("ITP in remission, now recurrent",
 * "h/o ITP (2015), now relapsed"; `currentAfter`, or `activeNow`): commas allowed, not another mention. Such a
 * mention is current whatever history cue stands before it or date is written after it.
 */
function backNow(
  text: Tokenized,
  end: number,
  kind: EventKind,
  cues: Cues,
  window: number,
  starts: ReadonlySet<number>,
): boolean {
  const { tokens } = text;
  for (let j = end; j < Math.min(tokens.length, end + window); j++) {
    if (tokens[j]?.clauseBreak || starts.has(j)) break;
    if (cues.currentAfter.startsAt(text, j)) return true;
  }
  return activeNow(text, end, kind, cues, window, starts);
}

/**
 * Whether a current cue stands before the mention starting at `start`, in its own clause and comma part, with
 * no other mention between ("new DVT 2024", "acute PE (2026)"): the writer says the problem is under way now,
 * and a date after it is not read as a past episode's. Silencing a current clot is the worse error.
 */
function currentBefore(
  text: Tokenized,
  start: number,
  cues: Cues,
  window: number,
  ends: ReadonlySet<number>,
): boolean {
  const { tokens } = text;
  for (let j = start - 1; j >= Math.max(0, start - window); j--) {
    if (tokens[j + 1]?.commaBreak || (j + 1 < start && ends.has(j + 1))) return false;
    if (cues.current.startsAt(text, j, start)) return true;
  }
  return false;
}

/**
 * How the mention from `start` to `end` is read (negated, doubted, historical, listed in a past-history section,
 * under work-up, planned; undefined when affirmed now), by NegEx-style scope: a before-cue within `neg.window`
 * words of the same clause (no terminator such as "but" in between), or an after-cue within `neg.afterWindow`
 * words with no comma in between. A negating
 * cue anywhere in scope wins over a historical one ("no history of HIT" is negated, not a past HIT), a
 * historical one over a doubting one ("history of possible HIT" is a past HIT), and a doubting one over a
 * work-up cue ("possible HIT, workup sent" is doubted). Work-up cues read either side ("r/o HIT", "HIT
 * workup sent"); one before the mention ends the backward scope (cues before it belong to another mention:
 * "h/o DVT, r/o HIT"), and a negation after the mention still wins ("HIT workup negative"). A doubt cue
 * or a current cue ("new DVT") ends it at the nearest other mention before it (`mentions.ends`, token indices just past each mention):
 * the history or negation cue before that mention qualifies it, not this one ("h/o DVT, possible HIT" is a
 * HIT suspected now; "history of possible HIT", with no mention between, stays a past HIT). A doubt cue
 * written after the mention, before a comma or another mention, is its own cue too ("h/o DVT, HIT
 * suspected", "HIT not excluded"), and then its backward scope also ends at a comma; a relapse cue after it ("ITP in remission, now recurrent", commas allowed, same clause)
 * overrides a historical cue, never a negation.
 */
function mentionReading(
  text: Tokenized,
  start: number,
  end: number,
  kind: EventKind,
  cues: Cues,
  neg: EventMap["negation"],
  mentions: { readonly ends: ReadonlySet<number>; readonly starts: ReadonlySet<number> },
  ownResult = false,
): "negated" | "doubted" | "historical" | "listed" | "workup" | "planned" | undefined {
  const { tokens } = text;
  if (answeredWith(text, end, cues.answerNo)) return "negated";
  if (markedAbsent(text, start, end, cues.answerNo)) return "negated";
  // A relative's event in a family-history section (ConText's "other" experiencer).
  if (inFamilyHistory(text, start, cues)) return "negated";
  // "DVT in mother", "PE in his father": the relative's (ConText's "other" experiencer after the mention).
  if (relativeAfterMention(text, end, cues)) return "negated";
  if (relativeRightBefore(text, start, cues)) return "negated";
  const mentionEnds = mentions.ends;
  let historical = false;
  let done = false;
  let planned = false;
  let doubted = false;
  let workup = false;
  let ownCue = false;
  // "?DVT", "? ITP": the writer queries the problem, a doubt cue of its own.
  if (tokens[start]?.queried) {
    doubted = true;
    ownCue = true;
  }
  // A doubt cue after the mention, before any comma or other mention ("h/o DVT, HIT suspected"), is this
  // mention's own cue, as one before it is.
  for (let j = end; j < Math.min(tokens.length, end + neg.afterWindow); j++) {
    if (tokens[j]?.commaBreak || mentions.starts.has(j)) break;
    if (cues.doubtAfter.startsAt(text, j) || cues.notExcludedAfter.startsAt(text, j)) {
      doubted = true;
      ownCue = true;
      break;
    }
  }
  // With its own doubt after it, the mention's backward scope also ends at a comma: "no longer on
  // heparin, HIT suspected" is a HIT suspected now.
  // A test result written after a test name ("h/o HIT, PF4 pending") is such a cue too.
  if (ownResult) ownCue = true;
  const ownAfter = (ownCue && !tokens[start]?.queried) || ownResult;
  // Asserted after it ("PE confirmed", "TTP likely"), before a comma or another mention.
  let affirmedAfter = false;
  for (let j = end; j < Math.min(tokens.length, end + neg.afterWindow); j++) {
    if (tokens[j]?.commaBreak || mentions.starts.has(j)) break;
    if (cues.affirmAfter.startsAt(text, j)) {
      affirmedAfter = true;
      break;
    }
  }
  const current = backNow(text, end, kind, cues, neg.window, mentions.starts);
  // Named as found right after it ("screening for DVT: DVT found"), before a comma or another mention: a finding
  // of its own, which the cues before another mention ahead of it do not reach (the screening or work-up was
  // that mention's). A negation with no mention between still wins ("no DVT found").
  let foundHere = false;
  for (let j = end; j < Math.min(tokens.length, end + neg.afterWindow); j++) {
    if (tokens[j]?.commaBreak || mentions.starts.has(j)) break;
    if (cues.foundAfter.startsAt(text, j)) {
      foundHere = true;
      break;
    }
  }
  let afterComma = false;
  // Another mention passed between this one and the comma before it: a list ("purpura or bruising present").
  let crossed = false;
  let affirmedBefore = false;
  // An indication word ("for") between a procedure cue and the mention: "s/p IVIG for ITP".
  let indicated = false;
  // A test's finding between the cues before and the mention ("r/o PE: CTPA positive for PE").
  let resulted = false;
  // Another mention asked about right before a colon or spaced dash, this one after it: the request's answer
  // ("CT chest for PE: segmental PE"), whose work-up cue is the request's.
  let answered = false;
  for (let j = start - 1; j >= Math.max(0, start - neg.window); j--) {
    if (tokens[j + 1]?.clauseBreak) break;
    if (!resulted && resultAt(text, j, start, cues)) resulted = true;
    if (j + 1 < start && mentionEnds.has(j + 1) && tokens[j + 1]?.labelBreak) answered = true;
    if (tokens[j + 1]?.commaBreak) afterComma = true;
    // Behind a comma, a word after a colon is another field's answer ("Melena: no, hematuria: yes"), not
    // a cue for this mention ("ROS: no melena" still negates the melena).
    if (afterComma && tokens[j]?.labelBreak) {
      // A label that is itself a negation ("Denies: melena, hematochezia, hematuria", "Negative for: ...")
      // is the whole list's: every item after its colon is denied.
      for (let k = j - 1; k >= Math.max(0, j - 3); k--) {
        if (tokens[k + 1]?.commaBreak) break;
        if (cues.before.startsAt(text, k, j) && phraseEndsAt(cues.before, text, k, j)) return "negated";
      }
      break;
    }
    // Another problem's mention behind this mention's own doubt or current cue ends the backward scope:
    // the cues before it qualify that problem ("h/o DVT, possible HIT" and "no DVT, possible HIT" are a
    // HIT suspected now, "h/o HIT, new DVT" a DVT now). Without such a cue between, a list shares its cue
    // ("h/o DVT and PE").
    if ((ownCue || foundHere) && mentionEnds.has(j + 1)) break;
    if (ownAfter && tokens[j + 1]?.commaBreak) break;
    // Asserted in its own part of the sentence: the cues before the comma are another problem's
    // ("denies melena, has epistaxis"; "negative for DVT, PE confirmed").
    if (tokens[j + 1]?.commaBreak && (affirmedBefore || (affirmedAfter && !crossed))) break;
    if (mentionEnds.has(j + 1)) crossed = true;
    if (cues.terminators.startsAt(text, j, start)) break;
    // A negation written right after another mention, before the comma, is that mention's ("DVT excluded,
    // PE present"; "DVT ruled out, PE"): it does not reach across the comma.
    // A relative as the subject ("mother had ITP"), not as a witness ("mother had noticed bleeding gums").
    const cue =
      cues.before.startsAt(text, j, start) ||
      (cues.relativeSubject.startsAt(text, j, start) && !relativeReports(text, j, start, cues));
    if (afterComma && mentionEnds.has(j) && cue) break;
    // Behind a test's finding, a negation, doubt or work-up cue is the request's, not the finding's.
    if (resulted && (cue || cues.doubt.startsAt(text, j, start) || cues.workup.startsAt(text, j, start)))
      break;
    // Behind a request answered by this mention, its work-up cue is the request's (a negation before it still
    // reaches a list: "negative for bleeding: epistaxis, melena").
    if (answered && cues.workup.startsAt(text, j, start)) break;
    if (cue) return "negated";
    // "father with DVT" is the father's; "by his mother with hematemesis" the patient's.
    if (
      cues.relativeWith.startsAt(text, j, start) &&
      !(j > 0 && cues.companions.startsAt(text, j - 1, j)) &&
      !(j > 1 && cues.companions.startsAt(text, j - 2, j))
    )
      return "negated";
    // "likely ITP" asserts; "less likely ITP", "not likely ITP" are negations read at the word before.
    if (cues.affirm.startsAt(text, j, start) && !(j > 0 && cues.before.startsAt(text, j - 1, start)))
      affirmedBefore = true;
    if (cues.indication.startsAt(text, j, start)) indicated = true;
    // "s/p splenectomy for ITP": a treatment that ends the episode leaves the problem in the past.
    if (indicated && cues.definitiveTreatments.startsAt(text, j, start)) indicated = false;
    if (cues.doubt.startsAt(text, j, start)) {
      doubted = true;
      ownCue = true;
    }
    if (cues.current.startsAt(text, j, start)) ownCue = true;
    // The nearest work-up cue governs the mention: "h/o DVT, r/o HIT" is a HIT being ruled out now.
    if (cues.workup.startsAt(text, j, start)) {
      workup = true;
      break;
    }
    // "s/p craniotomy" says the operation was done, not when: a date after it decides, as in a past-history list.
    // "planned laparotomy", "scheduled for craniotomy": an operation to come. The nearer of this cue and "s/p" decides.
    if (cues.procedureKinds.has(kind) && !done && cues.procedurePlanned.startsAt(text, j, start))
      planned = true;
    const procedureDone =
      cues.procedureKinds.has(kind) && !planned && cues.procedureHistorical.startsAt(text, j, start);
    if (procedureDone) done = true;
    if (
      !procedureDone &&
      cues.historical.startsAt(text, j, start) &&
      // "History of present illness: new PE" names the present episode's section, not a past one.
      !cues.historicalNot.startsAt(text, j) &&
      // "Social hx: melena": the cue is the header's last word.
      !(j > 0 && cues.historicalNot.startsAt(text, j - 1, j + 1)) &&
      !(indicated && cues.indicationKinds.has(kind) && cues.procedureHistorical.startsAt(text, j, start))
    )
      historical = true;
    // "old SDH" is a past bleed; "72-year-old" is an age, and "old man with SDH" asserts the bleed.
    if (
      cues.historicalWeak.startsAt(text, j, start) &&
      !affirmedBefore &&
      !(j > 0 && cues.ageWords.startsAt(text, j - 1, j))
    )
      historical = true;
  }
  // A status written as the whole next part of a list entry ("ITP, resolved", "TTP, in remission", "ITP,
  // now resolved"): the comma sets the status beside the problem it qualifies, as a dash or brackets do
  // ("ITP - resolved").
  const next = tokens[end];
  const statusAt = next?.lower === "now" && tokens[end + 1]?.commaBreak === false ? end + 1 : end;
  if (
    next?.commaBreak === true &&
    !next.clauseBreak &&
    !mentions.starts.has(end) &&
    cues.historicalAfter.startsAt(text, statusAt)
  )
    historical = true;
  for (let j = end; j < Math.min(tokens.length, end + neg.afterWindow); j++) {
    if (tokens[j]?.commaBreak) break;
    // "HIT not excluded": the negation inside the cue is negated, the problem stays considered.
    if (cues.notExcludedAfter.startsAt(text, j)) break;
    if (cues.after.startsAt(text, j)) return "negated";
    // "DVT found on screening duplex": the cue after a finding word qualifies the study that found it.
    if (cues.foundAfter.startsAt(text, j)) break;
    if (cues.historicalAfter.startsAt(text, j)) historical = true;
    if (cues.workupAfter.startsAt(text, j)) workup = true;
    if (cues.procedureKinds.has(kind) && !done && cues.procedurePlannedAfter.startsAt(text, j))
      planned = true;
  }
  // A clot or bleed asked about and answered found on its line ("CTPA for PE: positive"): the finding.
  if (workup && !doubted && kind in neg.suspectedKinds && answeredWith(text, end, cues.answerFound))
    workup = false;
  if (planned) return "planned";
  if (current) return doubted ? "doubted" : workup ? "workup" : undefined;
  if (historical) return "historical";
  if (done) return "listed";
  // A clot or bleed listed in a past-history section is a past one, as behind "history of"; a date written
  // after it still decides ("listed"): a date in the note's last days keeps the entry current.
  if (cues.pastSectionKinds.has(kind) && inPastHistory(text, start, cues)) return "listed";
  return doubted ? "doubted" : workup ? "workup" : undefined;
}
