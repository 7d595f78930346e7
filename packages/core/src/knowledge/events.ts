/**
 * Clinical-event vocabulary (knowledge/events.yaml): its schema. The classifier adapters use for Condition,
 * Observation and Procedure codes is in event-index.ts, which imports only types from this file, so that a
 * program that opens a compiled bundle never loads zod.
 */
import { z } from "zod";
import { ContextRoleSchema, EVENT_KINDS, EventKindSchema, Id, SourceIds } from "../contracts/vocabularies.js";
import { SctId } from "./drugs.js";

const Phrase = z.string().trim().min(1);
/** An ICD-10 code or prefix ("I26", "I82.4", "D75.82") or a range of categories ("C00-C96"). */
const IcdPattern = z
  .string()
  .regex(
    /^[A-Z]\d{2}(\.?[0-9A-Z]{1,4})?$|^[A-Z]\d{2}-[A-Z]\d{2}$/,
    "an ICD-10 code, prefix or range like C00-C96",
  );

export const EventRule = z
  .object({
    id: Id,
    kind: EventKindSchema,
    qualifiers: z.array(Id).default([]),
    /** Gives way to a more specific rule of the same kind found in the same concept. */
    generic: z.boolean().default(false),
    /**
     * Read only when planned ("surgery planned", "scheduled for an operation"): a word too common alone to be an
     * operation done (the surgical team, a history) names a planned one, read as the rule's planned kind.
     */
    plannedOnly: z.boolean().default(false),
    /**
     * Read only when doubted or worked up ("concern for stroke", "r/o mesenteric ischaemia"): a word that alone names
     * no event of the rule's kind (a stroke may be haemorrhagic) names its suspicion (`suspectedKinds`) there.
     */
    suspectedOnly: z.boolean().default(false),
    /** SNOMED CT concept ids, each with its Verhoeff check digit: a mistyped id is refused, never silently unmatched. */
    snomed: z.array(SctId).default([]),
    icd10: z.array(IcdPattern).default([]),
    /**
     * Codes another rule of another kind lists in `icd10`, that name this rule's event too: one ICD-10-CM
     * combination code for two problems (K25.2, an acute gastric ulcer with both haemorrhage and perforation, is
     * a bleed and a perforation). The code gives both rules; a code listed here must be in another kind's `icd10`.
     */
    alsoIcd10: z.array(IcdPattern).default([]),
    /**
     * The grade this rule's codes state (ICD-10-CM D89.833 is a cytokine release syndrome of grade 3): an event read
     * from one of its codes carries it, unless the entry charts a grade of its own. Its words carry none.
     */
    codeGrade: z.number().int().min(1).max(5).optional(),
    text: z.array(Phrase).default([]),
    /** Matched only as written (capitals), e.g. "PE", "DVT". */
    abbreviations: z.array(Phrase).default([]),
    /**
     * The organ alone ("stomach", "gastric"): gives this rule only beside a generic phrase of the same kind
     * in the same text ("adenocarcinoma of the stomach", "gastric signet ring cell carcinoma").
     */
    sites: z.array(Phrase).default([]),
    /**
     * Names of a test for this rule's problem ("PF4 ELISA", "SRA"): alone or negative ("PF4 negative") they
     * name nothing; followed by a `testPositive` cue ("SRA positive") they name the rule's event; followed
     * by a `testSent` cue ("PF4 pending") they are the problem worked up, kept for the `workupKept` kinds.
     */
    tests: z.array(Phrase).default([]),
    /**
     * A name that is also a surname or an ordinary word ("Evans"): it names the rule only in disorder
     * context, queried ("?Evans") or beside a `contextNames` cue ("suspected Evans", "Evans likely"), and
     * never behind a title or a word that introduces a person ("Dr Evans", "seen by Evans").
     */
    contextual: z.array(Phrase).default([]),
    /**
     * Causes that make a mention of this rule no event of its kind when the same entry asserts them
     * ("myocardial infarction from coronary spasm" is no thrombosis): the mention, and a code of this rule
     * on the same entry, are dropped. A denied or doubted cause ("no coronary spasm") drops nothing.
     */
    unless: z.array(Phrase).default([]),
    /**
     * ICD-10 codes (or prefixes) of another disease that this rule's words also name ("CAPS", the cryopyrin-associated
     * periodic syndromes, M04.2): on the same entry the code says which disease the words mean, so a mention of the
     * rule in the entry's text or display is no event. The rule's own codes are not affected.
     */
    unlessIcd10: z.array(IcdPattern).default([]),
    sourceIds: SourceIds.optional(),
  })
  .strict();
export type EventRule = z.infer<typeof EventRule>;

/**
 * Words that add `qualifier` to a mention of `kind` whose rule carries one of `onQualifiers`: `before`
 * right before the mention, `after` right after it (below), (at most two words between, no comma, no other mention: "high-risk PE",
 * "massive bilateral PE"), `anywhere` anywhere in the same text ("PE with cardiogenic shock", "PE.
 * Hypotensive, on noradrenaline"). A cue inside another mention ("septic shock" is sepsis) or inside an
 * `except` phrase ("orthostatic hypotension", "intermediate-high risk") is none, and none counts in a text
 * that also asserts a mention of an `unlessKinds` kind (a shock that sepsis or bleeding may explain).
 */
export const QualifierCue = z
  .object({
    qualifier: Id,
    kind: EventKindSchema,
    onQualifiers: z.array(Id).min(1),
    /**
     * Also qualify a mention of `kind` whose rule carries no qualifier at all (a bleed with no named site:
     * "death from haemorrhage"). Off by default: a cue that makes a bleed life-threatening needs its site.
     */
    unsited: z.boolean().default(false),
    before: z.array(Phrase).default([]),
    anywhere: z.array(Phrase).default([]),
    /**
     * Words right after the mention ("melena, admitted", "haematuria requiring admission", "haematemesis and was
     * admitted"): at most three link words between ("and", "was"), commas allowed, no other mention, and no clause
     * break unless the mention ends its clause and the cue is the whole of its part of the next ("Melena; admitted");
     * a cue followed in its part of the sentence by a reason of its own ("admitted to the ward for pneumonia") is none.
     */
    after: z.array(Phrase).default([]),
    except: z.array(Phrase).default([]),
    unlessKinds: z.array(EventKindSchema).default([]),
    /**
     * Kinds whose mention is itself a cue (a "cardiogenic shock" entry is a shock event of its own): it does not
     * hide the cue, and where the cue qualifies a mention of the entry it is absorbed (the PE carries it).
     */
    overKinds: z.array(EventKindSchema).default([]),
    /**
     * The CTCAE grade the cue's words stand for ("severe" bleeding is grade 3): an entry charted with a lower grade
     * keeps its grade and not the qualifier, the grade the clinician charted being the more specific statement.
     */
    grade: z.number().int().min(1).max(5).optional(),
    sourceIds: SourceIds.optional(),
    note: z.string().optional(),
  })
  .strict()
  .refine((c) => c.before.length + c.anywhere.length + c.after.length > 0, {
    message: "give before, anywhere or after cues",
  });
export type QualifierCue = z.infer<typeof QualifierCue>;

export const EventMapFile = z
  .object({
    notes: z.string().optional(),
    priority: z.array(EventKindSchema),
    negation: z
      .object({
        before: z.array(Phrase),
        /**
         * Cues before the mention that doubt it ("suspected", "possible"). A doubted mention of a
         * `doubtKept` kind is the care team's working diagnosis and is kept; of a kind with a suspicion
         * (`suspectedKinds`, `ruleOutKinds`) it is that suspicion; of any other kind it is dropped.
         */
        doubt: z.array(Phrase).default([]),
        doubtKept: z.array(EventKindSchema).default([]),
        /**
         * Doubt cues after the mention ("HIT suspected", "DVT suspected"), within `afterWindow` words with
         * no comma and no other mention between: read as `doubt` is, and like it they end the backward scope
         * at the previous problem ("h/o DVT, HIT suspected" is a HIT suspected now beside a past DVT).
         */
        doubtAfter: z.array(Phrase).default([]),
        /**
         * After-cues in which a negation word is itself negated ("HIT not excluded", "TTP cannot be ruled
         * out"): the problem stays under consideration, read as a `doubtAfter` cue, and the negation words
         * inside the cue negate nothing.
         */
        notExcludedAfter: z.array(Phrase).default([]),
        /**
         * Cues before the mention that it is current ("new", "acute"). Like a doubt cue, one ends the
         * backward scope at the previous problem's mention: "h/o HIT, new DVT" is a DVT now.
         */
        current: z.array(Phrase).default([]),
        /**
         * Cues that the mention is asserted ("has epistaxis", "likely ITP" before it; "PE confirmed", "TTP
         * likely", "ITP on steroids" after it, with no comma and no other mention between): a negation or
         * history cue before the comma that opens the mention's part of the sentence is another problem's
         * ("negative for DVT, PE confirmed on CT" is a PE). An after-cue does so only for the first mention
         * of its part ("no petechiae, purpura or bruising present" stays a denied list).
         */
        affirm: z.array(Phrase).default([]),
        affirmAfter: z.array(Phrase).default([]),
        /**
         * History cues that name a treatment or procedure done ("s/p", "status post"): behind an `indication`
         * word ("s/p IVIG for ITP") the mention is what was treated, read by its own cues, for the
         * `indicationKinds`; "s/p splenectomy" alone stays past.
         */
        procedureHistorical: z.array(Phrase).default([]),
        indication: z.array(Phrase).default([]),
        indicationKinds: z.array(EventKindSchema).default([]),
        /**
         * Kinds that are procedures: behind a `procedureHistorical` cue ("s/p craniotomy") the procedure was
         * done, and a date written after it decides whether it is recent, as in a past-history list; undated, past.
         */
        procedureKinds: z.array(EventKindSchema).default([]),
        /**
         * Words that make a procedure a planned one, not one done ("planned laparotomy", "scheduled for
         * craniotomy", "awaiting hemicolectomy"; after it, "craniotomy tomorrow"): the mention of a `procedureKinds`
         * kind is then read as its `plannedKinds` kind, never as the procedure done. The nearer of a planned cue
         * and a `procedureHistorical` cue before the mention decides.
         */
        procedurePlanned: z.array(Phrase).default([]),
        procedurePlannedAfter: z.array(Phrase).default([]),
        /** The kind a planned procedure is read as (surgery → surgery-planned); without one, a planned one is none. */
        plannedKinds: z.partialRecord(EventKindSchema, EventKindSchema).default({}),
        /**
         * The kind a doubted or worked-up mention of a kind outside `doubtKept` and `workupKept` is read as
         * (thrombosis → thrombosis-suspected): the suspicion, with the mention's qualifiers, never the problem
         * itself; without one, such a mention names no event. It gives way to a result that rules it out written
         * after it (`suspectedRuledOut` after a `resultLabels` name: "r/o PE, CTPA negative"), to the same
         * problem (kind and site) negated after it ("?PE, CTPA: no PE") and to the same problem asserted
         * anywhere in the text ("?PE, CTPA: segmental PE").
         */
        suspectedKinds: z.partialRecord(EventKindSchema, EventKindSchema).default({}),
        /**
         * The kind a worked-up or doubted mention of a kind is read as ("rule out ITP", "suspected ITP", "evaluate
         * for AHA" → itp-considered, aha-considered): the question the care team asks, listed while the tests that
         * answer it are missing (unexplained.yaml `unlessTested`), never the problem itself; a doubted mention of a
         * `doubtKept` kind keeps its own reading. It gives way as a `suspectedKinds` suspicion does.
         */
        ruleOutKinds: z.partialRecord(EventKindSchema, EventKindSchema).default({}),
        suspectedRuledOut: z.array(Phrase).default([]),
        /**
         * Routine screening or surveillance cues before a mention of a `suspectedKinds` kind ("screening for DVT",
         * "surveillance duplex for DVT"): the clot or bleed looked for by routine names no event, neither the
         * problem nor its suspicion. Other kinds keep reading these words as before ("screening for HIT" is a work-up).
         */
        screening: z.array(Phrase).default([]),
        /**
         * The kinds `screening` reads before (a clot or a bleed): any other kind screened for is read as worked up
         * ("screening for HLH" is an HLH considered).
         */
        screenedKinds: z.array(EventKindSchema).default([]),
        /**
         * Finding words after a mention ("DVT found on screening duplex", "DVT seen on surveillance imaging"): an
         * `after` cue behind them qualifies the study, not the mention, and no longer negates it.
         */
        foundAfter: z.array(Phrase).default([]),
        /**
         * The kind a clot ruled out by the study of its site is read as (thrombosis → thrombosis-ruled-out), in a
         * record of its own as in the note of the suspicion: a `ruleOutStudies` study named before a denial of the
         * clot of its site ("CTPA: no PE"), or followed within two words by a `suspectedRuledOut` word ("CTPA
         * negative"). The event carries the study's site as its one qualifier; it names no clot.
         */
        ruledOutKinds: z.partialRecord(EventKindSchema, EventKindSchema).default({}),
        ruleOutStudies: z
          .array(z.strictObject({ site: z.string().min(1), studies: z.array(Phrase).min(1) }))
          .default([]),
        /**
         * A `ruleOutStudies` study whose name alone says what it looks for, answered in a "field: answer" line whose
         * whole answer is bare ("CTPA: positive", "Duplex left leg: positive", "V/Q scan: high probability"): an
         * `answerFound` or `found` answer is the clot of the study's site, the rule `rules` names for it (the site
         * the study rules out when negative); a `doubt` answer ("CTPA: indeterminate") is that clot's suspicion.
         * Sites with no rule here find nothing so.
         */
        studyAnswers: z
          .strictObject({
            rules: z.record(z.string().min(1), Id),
            found: z.array(Phrase).default([]),
            doubt: z.array(Phrase).default([]),
          })
          .default({ rules: {}, found: [], doubt: [] }),
        /**
         * A procedure's date written relative to the note ("POD 3", "post-op day 2" before it; "2 days ago",
         * "yesterday", "last week" after it), for the `procedureKinds`: the operation is dated that many days
         * before the note's date. `postOpDay` are the words before the day's number ("POD", "post op day").
         */
        postOpDay: z.array(Phrase).default([]),
        /**
         * Treatments done once that end an episode rather than treat an active one ("s/p splenectomy for
         * ITP"): behind them the problem stays past.
         */
        definitiveTreatments: z.array(Phrase).default([]),
        /**
         * Evidence written after a past mention of one of `kinds` that the problem is active now, within
         * `window` words of the same clause, commas allowed, no other mention between: a treatment given only
         * while it is active (`after`: "h/o ITP on eltrombopag"), or a count word (`countWords`) followed
         * within three words by a count below `countBelow` ("h/o ITP, platelets now 8"; a count written per
         * microlitre, 8000 or 8,000, is read per nanolitre).
         */
        activeNow: z
          .array(
            z
              .object({
                kinds: z.array(EventKindSchema).min(1),
                after: z.array(Phrase).default([]),
                countWords: z.array(Phrase).default([]),
                countBelow: z.number().positive().optional(),
                sourceIds: SourceIds.optional(),
              })
              .strict(),
          )
          .default([]),
        /**
         * A value written after a test or score name ("FVIII inhibitor 12 BU", "DIC score 6", "ADAMTS13
         * <5%"), within three words with no comma between and only `links` words before it: at or above
         * `atLeast`, or below `below`, it names the rule `rule`; any other value names nothing. A value written
         * with "<" meets only `below`, one written with ">" only `atLeast`. A negation in scope still wins.
         */
        valueReadings: z
          .array(
            z
              .object({
                rule: Id,
                names: z.array(Phrase).min(1),
                atLeast: z.number().optional(),
                below: z.number().optional(),
                sourceIds: SourceIds.optional(),
              })
              .strict()
              .refine((v) => (v.atLeast === undefined) !== (v.below === undefined), {
                message: "give atLeast or below, one of them",
              }),
          )
          .default([]),
        valueLinks: z.array(Phrase).default([]),
        /** After a rule's test name: the test is sent or awaited ("sent", "pending"). */
        testSent: z.array(Phrase).default([]),
        /** After a rule's test name: the test found the problem ("positive", "detected"). */
        testPositive: z.array(Phrase).default([]),
        /**
         * Cues that the mention is being worked up ("rule out HIT", "r/o TTP", "evaluate for HIT"): before
         * the mention in the same scope as `before`, or after it (`workupAfter`: "HIT workup sent"). A
         * worked-up mention of a `workupKept` kind is the care team's working diagnosis, kept as a doubted
         * one is; of any other kind ("r/o DVT") it names no event. A negation in scope still wins.
         */
        workup: z.array(Phrase).default([]),
        /**
         * A test's finding written between a doubt or work-up cue and the mention ("r/o PE: CTPA positive for
         * segmental PE", "rule out DVT, duplex revealed DVT"): words that report a result (`resultBefore`), or a
         * test name followed by a colon, a spaced dash or "with" (`resultLabels`: "duplex: occlusive thrombus").
         * Not itself negated ("did not show", "not consistent with"), the result ends the backward reach of the
         * doubt, work-up and negation cues before it: the mention is the finding, read by its own cues.
         */
        resultBefore: z.array(Phrase).default([]),
        resultLabels: z.array(Phrase).default([]),
        workupAfter: z.array(Phrase).default([]),
        workupKept: z.array(EventKindSchema).default([]),
        after: z.array(Phrase),
        /**
         * Answers that deny a "field: answer" line ("DVT: no", "Melena - denies"): after a colon or a spaced
         * dash right after the mention, the whole answer up to the next comma or clause end. A longer answer
         * ("DVT: no longer anticoagulated") is not one.
         */
        answerNo: z.array(Phrase).default([]),
        /**
         * Answers that report a requested clot or bleed found ("CTPA for PE: positive"): after a colon or a spaced
         * dash right after a worked-up mention of a `suspectedKinds` kind, the whole answer up to the next comma or
         * clause end. The mention is then the finding, not its work-up.
         */
        answerFound: z.array(Phrase).default([]),
        historical: z.array(Phrase),
        /**
         * Section names that begin with a `historical` cue but name the present episode ("history of present
         * illness: new PE"): a cue starting where one of these starts is no history cue.
         */
        historicalNot: z.array(Phrase).default([]),
        /**
         * History cues that are also everyday words ("old SDH", "old right subdural haematoma"): read as
         * `historical` unless an `ageWords` word stands right before the cue ("72-year-old", "3-day-old") or
         * an assertion (`affirm`) stands between the cue and the mention ("old man with SDH").
         */
        historicalWeak: z.array(Phrase).default([]),
        /** Words of an age or an interval that make a `historicalWeak` cue behind them an age ("year old"). */
        ageWords: z.array(Phrase).default([]),
        /** Cues after the mention meaning "in the past" ("in remission"), read as `historical` is. */
        historicalAfter: z.array(Phrase).default([]),
        /**
         * Cues after the mention that a past problem is back now ("ITP in remission, now recurrent", "h/o
         * TTP, now relapsed"), within `window` words of the same clause, commas allowed, no other mention
         * between: they override a historical cue (a negation still wins).
         */
        currentAfter: z.array(Phrase).default([]),
        statusKinds: z.array(EventKindSchema),
        /**
         * Qualifiers a past mention of a `statusKinds` kind loses: the status stays, the episode does not ("history
         * of catastrophic APS" is an APS now, not a catastrophic one).
         */
        statusPastDrops: z.partialRecord(EventKindSchema, z.array(z.string().min(1)).min(1)).default({}),
        /**
         * Kinds whose past mention is kept as an event of its own history kind ("history of HIT" is a
         * hit-history, not a HIT now); a date written right after the mention ("HIT (2021)", "HIT in
         * 2019") marks it as past too when it is before the note's own date (see `historyDays`). Other
         * kinds drop a past mention.
         */
        history: z.partialRecord(EventKindSchema, EventKindSchema).default({}),
        /**
         * Kinds whose past mention becomes the history kind only when it carries one of these qualifiers
         * (none is restricted today: every past thrombosis is kept); a kind not listed keeps every past mention.
         */
        historyQualifiers: z.partialRecord(EventKindSchema, z.array(z.string().min(1)).min(1)).default({}),
        /**
         * A year written after a `history` kind is past when it is before the note's year; a month or a day
         * when it ends more than these days before the note's date (within them it is this episode).
         */
        historyDays: z.number().int().min(1).max(366).default(30),
        /**
         * Kinds without a history kind whose mention followed by a date is read like a `history` kind's: past
         * against the note's date, it names no event ("DVT 2019" in a 2026 note is an old clot, not one to
         * treat now); within `historyDays`, or without a note date, it is read as written.
         */
        datedKinds: z.array(EventKindSchema).default([]),
        terminators: z.array(Phrase),
        /**
         * Another experiencer (ConText, Harkema 2009): a relative named as the subject of the mention's
         * clause ("mother died of PE", "brother had ICH", "sister's ITP"). Each `relatives` word followed
         * by a `relativeSubject` phrase is a cue read as `before` is (same clause, within `window`): the
         * event is the relative's, not the patient's. A relative named only as a reporter or companion
         * ("mother reports melena", "per his mother, he had epistaxis", "mother had noticed bleeding gums")
         * is no cue. Each relative is read in the singular and in its plural with "s" ("brothers had").
         */
        relatives: z.array(Phrase).default([]),
        relativeSubject: z.array(Phrase).default([]),
        /**
         * Subject phrases ("with") that read a relative as the subject only when none of `companions`
         * stands in the two words before the relative: "father with DVT" is the father's, "brought in by
         * his mother with hematemesis" the patient's.
         */
        relativeWith: z.array(Phrase).default([]),
        companions: z.array(Phrase).default([]),
        /**
         * Words right after a relative's subject phrase (within two words) that make the relative a reporter
         * or a witness of the patient's event ("mother had noticed bleeding gums", "wife has seen blood in his
         * stool"): no cue.
         */
        relativeReporters: z.array(Phrase).default([]),
        /**
         * Family-history section names ("FHx", "Family history"): the rest of their sentence is the relatives'
         * (ConText's scope ends at the sentence's end), unless the section's content up to its first comma is
         * empty or denied (`familyEmpty`, or a `before` cue: "FHx non-contributory, bleeding gums") or a
         * `terminators` or `selfWords` word stands between. A header that opens a line reaches the next lines
         * while each names a relative ("Family history:" / "Mother: DVT"), up to a blank line or a line that
         * names none.
         */
        familyHeaders: z.array(Phrase).default([]),
        familyEmpty: z.array(Phrase).default([]),
        /**
         * Past-medical-history section names ("PMH", "Past medical history"): a mention of a `pastSectionKinds`
         * kind in the rest of their sentence or line is a past one, as behind a `historical` cue, unless the
         * section's content up to its first comma is empty (`familyEmpty`), or a `terminators`, `selfWords` or
         * `current` word, or another section header (`sectionHeaders`), stands between. A header alone on its
         * line reaches the first sentence of each line beneath it, up to a blank line or another section's
         * header line.
         */
        pastHeaders: z.array(Phrase).default([]),
        pastSectionKinds: z.array(EventKindSchema).default([]),
        /**
         * Words that make a line beneath a past-history header a narrative, not a list item: the header's reach
         * across lines stops at such a line, whose mentions are read as written.
         */
        pastSectionNarrative: z.array(z.string()).default([]),
        /** Words that a listed problem is under way, read in the mention's own comma part or as the whole next one. */
        pastSectionUnderWay: z.array(z.string()).default([]),
        /** Other sections' headers ("HPI", "Assessment", "Plan", "Medications"): a past-history section ends at one. */
        sectionHeaders: z.array(Phrase).default([]),
        /**
         * Abbreviations that also name the physical examination ("PE"), as written: one followed by a colon or a
         * spaced dash whose content opens with one of `examContent` ("PE: Gen: NAD"), or is one of `examAlone` up
         * to a comma or the end of its sentence or line ("PE: normal"), is the exam section's header, no mention.
         */
        examHeaders: z.array(z.string()).default([]),
        /**
         * Abbreviations, as written, that are also everyday words ("HIT", "ALL", "ATE"): in a text all in
         * capitals, where capitals mean nothing, these are not read; every other abbreviation is.
         */
        shoutedAmbiguous: z.array(z.string()).default([]),
        examContent: z.array(Phrase).default([]),
        examAlone: z.array(Phrase).default([]),
        /**
         * Words after a mention that name a relative as its experiencer ("DVT in mother", "PE in his father"):
         * each is read before each relative, singular or plural, with no comma between.
         */
        relativeAfter: z.array(Phrase).default([]),
        selfWords: z.array(Phrase).default([]),
        /**
         * The context in which a rule's `contextual` name names it: a cue right before it (`before`, within
         * two words, same comma part) or right after it (`after`, no comma between, no other mention in the
         * next words), or a question mark before it; never right after a `person` word ("Dr", "by").
         */
        contextNames: z
          .object({
            before: z.array(Phrase).default([]),
            after: z.array(Phrase).default([]),
            person: z.array(Phrase).default([]),
          })
          .strict()
          .default({ before: [], after: [], person: [] }),
        window: z.number().int().min(1).max(20),
        afterWindow: z.number().int().min(1).max(10),
      })
      .strict(),
    ignore: z.array(Phrase).default([]),
    /**
     * A clot that is a bleed's own blood, not a thrombosis: a generic thrombosis mention written as one of `clots`
     * ("clots", "blood clots") right behind a bleeding mention with only one of `links` between ("melena with
     * clots", "hemoptysis and clots", "vaginal bleeding with passage of clots") names no thrombosis. A clot
     * followed, within the next four words of its clause, by one of `vessels` ("melena with clot in the femoral
     * vein") stays a thrombosis.
     */
    bleedClots: z
      .object({
        clots: z.array(Phrase).default([]),
        links: z.array(Phrase).default([]),
        vessels: z.array(Phrase).default([]),
        sourceIds: SourceIds.optional(),
      })
      .strict()
      .default({ clots: [], links: [], vessels: [] }),
    /**
     * Words beside a mention that add a qualifier to it: a pulmonary embolism written with shock, persistent
     * hypotension or a cardiac arrest ("massive PE with cardiogenic shock", "high-risk PE") is a PE with
     * haemodynamic instability. A cue counts only when the text asserts it (read with the negation, doubt and
     * history cues a mention is read with: "PE, no shock" and "h/o cardiac arrest" add nothing).
     */
    qualifierCues: z.array(QualifierCue).default([]),
    /**
     * Within one clause of a note a diagnosis stands for its manifestations ("DIC with bleeding and
     * thrombocytopenia" is DIC); these kinds, and these qualifiers of a kind, are problems of their own
     * beside it ("ITP with DVT", "ITP and AIHA", "ITP with ICH").
     */
    ownProblems: z
      .object({
        /** The diagnoses that stand for the manifestations of their clause; under any other kind every kind is kept. */
        heads: z.array(EventKindSchema).default([]),
        kinds: z.array(EventKindSchema).default([]),
        qualifiers: z.partialRecord(EventKindSchema, z.array(Id)).default({}),
      })
      .strict()
      .default({ heads: [], kinds: [], qualifiers: {} }),
    /**
     * An allergy whose substance is a drug of one of `roles` and whose reaction is an event of one of
     * `reactions` is read as the event `reads` (an allergy to heparin with thrombocytopenia as its reaction is
     * a history of HIT). In text ("heparin allergy: thrombocytopenia"), one of `cues` names the allergy.
     */
    allergyReactions: z
      .array(
        z
          .object({
            roles: z.array(ContextRoleSchema).min(1),
            reactions: z.array(EventKindSchema).min(1),
            reads: EventKindSchema,
            cues: z.array(Phrase).min(1),
            sourceIds: SourceIds,
          })
          .strict(),
      )
      .default([]),
    /**
     * A charted allergy or hypersensitivity to a drug a plan may offer, read as the event `drug-hypersensitivity`
     * (any other reading of the allergy, a HIT by `allergyReactions`, comes first). Its qualifiers are the `tag` of
     * every entry whose context-drug `roles` or catalogue `drugs` hold the substance (the avoid tags of the plans),
     * and `severe` when the reaction is an anaphylaxis or otherwise severe: a FHIR AllergyIntolerance of high
     * criticality or with a severe reaction, or one of the `severe` words in its reactions or in the text. In text
     * ("rituximab anaphylaxis", "allergy to enoxaparin: urticaria") one of `cues` names the allergy.
     */
    drugHypersensitivity: z
      .object({
        tags: z
          .array(
            z
              .object({
                tag: Id,
                roles: z.array(ContextRoleSchema).default([]),
                drugs: z.array(Id).default([]),
              })
              .strict()
              .refine((t) => t.roles.length + t.drugs.length > 0, {
                message: "a tag covers a role or a drug",
              }),
          )
          .min(1),
        cues: z.array(Phrase).min(1),
        severe: z.array(Phrase).min(1),
        /**
         * The grade (CTCAE) from which a drug allergy charted with a grade of its own (a CSV row's `grade`) is a
         * severe reaction, as the words `grade 3` or `grade 4` in its text already are.
         */
        severeFromGrade: z.number().int().min(1).max(5).optional(),
        sourceIds: SourceIds,
      })
      .strict()
      .optional(),
    rules: z.array(EventRule).min(1),
  })
  .strict()
  .superRefine((file, ctx) => {
    for (const [kind, past] of Object.entries(file.negation.history)) {
      if (
        past === kind ||
        Object.hasOwn(file.negation.history, past) ||
        file.negation.statusKinds.includes(past)
      )
        ctx.addIssue({
          code: "custom",
          path: ["negation", "history", kind],
          message: `the history kind ${past} must be a kind of its own (not ${kind}, not itself given a history, not a status kind)`,
        });
    }
    const missing = EVENT_KINDS.filter((k) => !file.priority.includes(k));
    if (missing.length > 0 || new Set(file.priority).size !== file.priority.length)
      ctx.addIssue({
        code: "custom",
        path: ["priority"],
        message: `list every event kind once (missing: ${missing.join(", ") || "none"})`,
      });
  });
export type EventMap = z.infer<typeof EventMapFile>;
