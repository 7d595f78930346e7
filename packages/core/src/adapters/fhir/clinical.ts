/**
 * Conditions and Procedures. A Condition is read the same way whatever its category (problem-list item,
 * encounter diagnosis) and wherever it is named from (an Encounter's diagnosis list names a Condition
 * that is read here on its own). A code outside the event map is out of scope (not used); only an
 * in-scope record is validated.
 */
import type { Condition, Procedure, ServiceRequest } from "@medplum/fhirtypes";
import { ENDED_UNDATED } from "../../contracts/event-qualifiers.js";
import type { ClinicalEvent } from "../../contracts/model.js";
import { calendarDate, instant } from "../../engine/dates.js";
import type { EventMatch, SourceConcept, Vocabulary } from "../../knowledge/vocabulary.js";
import {
  ageInterval,
  checkDate,
  type DayInterval,
  firstDate,
  isAfterDeath,
  monthOrYearInterval,
} from "../dates.js";
import { immunotherapyWords } from "../drug-words.js";
import { type PatientBuilder, usedOrMerged } from "../patient-builder.js";
import { clipInput } from "../quote.js";
import { isEmptyConcept, joinConcepts, toConcept } from "./concepts.js";
import type { DatePick, Ingestion, Outcome } from "./context.js";
import {
  clinicalEvent,
  conceptText,
  endOk,
  outOfScope,
  rejectDate,
  withInterval,
  writtenGrade,
} from "./handler.js";
import type { Entry } from "./input.js";
import {
  NOT_AN_ORDER,
  NOT_DONE_STATUSES,
  PAST_CONDITION,
  PROVISIONAL_CONDITION,
  REFUTED_CONDITION,
  statusCode,
} from "./record-status.js";

/**
 * A Procedure records an intervention: of the event kinds only these are interventions. Anything else a
 * procedure's text mentions (a "hepatitis B antigen measurement") is not the condition itself.
 */
export const PROCEDURE_EVENT_KINDS: ReadonlySet<string> = new Set([
  "platelet-transfusion",
  "rbc-transfusion",
  "plasma-therapy",
  "transplant",
  "surgery",
  "procedure",
]);

/**
 * The intervention a Procedure's concept names: the event it classifies as when that is an intervention, else the
 * first intervention among the events its words give (a "craniotomy and resection of brain metastasis" names the
 * cancer first, and the operation is what was done).
 */
export function procedureEvent(vocabulary: Vocabulary, concept: SourceConcept): EventMatch | undefined {
  const classified = vocabulary.event(concept);
  if (classified !== undefined && PROCEDURE_EVENT_KINDS.has(classified.kind)) return classified;
  return vocabulary.eventsOnAnyDate(concept).find((e) => PROCEDURE_EVENT_KINDS.has(e.kind));
}

/** R4 `onset[x]` choices that give no date to place the condition against the therapy dates. */
const VAGUE_ONSETS = ["onsetAge", "onsetRange", "onsetString"] as const;

/**
 * A Condition coded as a clinical event HemoSentinel knows (bleeding, thrombosis, cancer, CRS, …). Its
 * statuses qualify it as the same words in a note would: a provisional diagnosis is a suspected one (see
 * PROVISIONAL_CONDITION); a resolved one dated only by when it was recorded is past history (see
 * PAST_CONDITION); what then names no event is rejected with that reason.
 */
export function condition(entry: Entry, ctx: Ingestion, patient: PatientBuilder, ref: string): Outcome {
  const c = entry.resource as Condition;
  const concept = toConcept(c.code);
  const match = ctx.opts.vocabulary.event(concept);
  if (match === undefined) {
    // A problem entry that is no event but names an immunotherapy ("s/p pembrolizumab x3 cycles") keeps its words,
    // dated by the Condition's own date when it has one: read only to ask for the dosing history.
    const words = immunotherapyWords(ctx.opts.vocabulary, concept);
    const date = ctx.date([
      ["onsetDateTime", c.onsetDateTime],
      ["onsetPeriod.start", c.onsetPeriod?.start],
      ["recordedDate", c.recordedDate],
    ]);
    const refuted = REFUTED_CONDITION.has(statusCode(c.verificationStatus) ?? "");
    if (words !== undefined && !refuted && (date.ok || date.code === "missing-date"))
      patient.addDrugWords({ ref, ...(date.ok && { at: date.at }), text: words, source: "words" });
    return outOfScope(ctx, patient, entry, ref, concept, "code");
  }
  const verification = statusCode(c.verificationStatus);
  if (verification === "refuted") {
    const ruledOut = refutedClot(c, concept, match, ctx, patient, ref);
    if (ruledOut !== undefined) return ruledOut;
  }
  if (verification !== undefined && REFUTED_CONDITION.has(verification)) {
    const why =
      verification === "refuted" ? ": ruled out, not a diagnosis" : ": recorded in error, never a diagnosis";
    return ctx.refuse(
      patient,
      ref,
      "refuted",
      `verificationStatus is ${verification}${why}`,
      "verificationStatus",
    );
  }
  const picked = ctx.date([
    ["onsetDateTime", c.onsetDateTime],
    ["onsetPeriod.start", c.onsetPeriod?.start],
    ["recordedDate", c.recordedDate],
  ]);
  // An onset given as an age is read before the recordedDate, which then only bounds it.
  const interval =
    picked.ok && picked.field !== "recordedDate"
      ? periodInterval(c, picked, ctx)
      : impreciseOnset(c, patient, ctx);
  const date: DatePick =
    interval === undefined ? picked : { ok: true, at: interval.at, field: interval.field };
  if (!date.ok) {
    const vague = date.code === "missing-date" ? VAGUE_ONSETS.find((f) => f in c) : undefined;
    if (vague === undefined) return rejectDate(ctx, patient, ref, date);
    // An onset given as an age, a range of ages or words is there, but cannot be set against the doses.
    return ctx.refuse(
      patient,
      ref,
      "missing-date",
      `no date: ${vague} cannot be placed on the timeline against the therapy dates (an age or words are no date), and none of onsetDateTime, onsetPeriod.start, recordedDate is present`,
      vague,
    );
  }
  // A resolved or inactive condition still happened; its abatement is its end.
  const abatement = c.abatementDateTime ?? c.abatementPeriod?.start;
  const end = abatement === undefined ? undefined : endOk(abatement, ctx);
  const at = conditionStart(date.field, date.at, end, c.clinicalStatus);
  // Every event the Condition's words give, read against its own date (a date written after a HIT is past
  // only before it); the severity grade belongs to the first, the others share the Condition's ref.
  const found = ctx.opts.vocabulary.noteEvents(concept, date.at);
  if (pastByItsDate(ctx.opts.vocabulary, concept, found))
    return outOfScope(ctx, patient, entry, ref, concept, "code");
  const reading = conditionReading(
    c,
    found.length > 0 ? found : [match],
    ctx.opts.vocabulary,
    date.field === "recordedDate" && end === undefined,
  );
  const kept = reading.kept;
  if (reading.dropped !== undefined) {
    const { field, reason } = reading.dropped;
    if (kept.length === 0) return ctx.refuse(patient, ref, "not-final", reason, field);
    ctx.refuse(patient, ref, "not-final", reason, field);
  }
  const [first, ...others] = kept as [EventMatch, ...EventMatch[]];
  const words = withBodySite(c, concept, kept);
  // Over by its status (or abated) with no end date: not an open problem after a later dose, though when it ended
  // is unknown. Without an end and without such a status it is open (active, recurrence, relapse or unsaid).
  const over = end === undefined && endedByStatus(c);
  const placed = (e: ClinicalEvent) =>
    withInterval(
      over ? { ...e, qualifiers: [...new Set([...(e.qualifiers ?? []), ENDED_UNDATED])] } : e,
      interval,
    );
  const added = patient.addEvent(
    placed(
      clinicalEvent(ref, first, at, words, end, writtenGrade(c.severity) ?? first.grade, ctx.opts.vocabulary),
    ),
  );
  for (const m of others) patient.addEvent(placed(clinicalEvent(ref, m, at, words, end)));
  return usedOrMerged(added);
}

/** A Condition's onset known only as an interval of days, and the field it was read from. */
type OnsetInterval = DayInterval & { readonly field: string };

/** The Condition's full recordedDate as a day, the latest its onset can be; undefined when it is not one. */
function recordedDay(c: Condition, ctx: Ingestion): string | undefined {
  if (c.recordedDate === undefined) return undefined;
  const d = ctx.date([["recordedDate", c.recordedDate]]);
  return d.ok ? calendarDate(d.at) : undefined;
}

/**
 * An onset the Condition gives to its month or year (onsetDateTime `2024-03`), or as the patient's age in years
 * with a known birth date (onsetAge), as the interval of days it names, capped at a full recordedDate; undefined
 * when it gives none of these (a date that cannot be read at all stays refused with its reason).
 */
function impreciseOnset(c: Condition, patient: PatientBuilder, ctx: Ingestion): OnsetInterval | undefined {
  const cap = recordedDay(c, ctx);
  if (c.onsetDateTime !== undefined) {
    const i = monthOrYearInterval(c.onsetDateTime, cap, ctx.evaluatedAtMs);
    return i && { ...i, field: "onsetDateTime" };
  }
  if (c.onsetPeriod?.start === undefined && c.onsetAge !== undefined) {
    const i = ageInterval(c.onsetAge, patient.birthDate, cap, ctx.evaluatedAtMs);
    return i && { ...i, field: "onsetAge" };
  }
  return undefined;
}

/**
 * An onsetPeriod whose end is a later day than its start, as the interval of its days (capped at a full
 * recordedDate): the onset lies somewhere in it. Undefined for any other date (a point in time is read as one).
 */
function periodInterval(
  c: Condition,
  date: Extract<DatePick, { ok: true }>,
  ctx: Ingestion,
): OnsetInterval | undefined {
  if (date.field !== "onsetPeriod.start" || c.onsetPeriod?.end === undefined) return undefined;
  const end = ctx.date([["onsetPeriod.end", c.onsetPeriod.end]]);
  const first = calendarDate(date.at);
  if (!end.ok || calendarDate(end.at) <= first) return undefined;
  const cap = recordedDay(c, ctx);
  const last = cap !== undefined && cap < calendarDate(end.at) && cap >= first ? cap : calendarDate(end.at);
  return { at: date.at, latest: last, dated: `onset within ${first} to ${last}`, field: "onsetPeriod" };
}

/**
 * Whether the words name only a past episode by the date written after it, against the record's own date ("treated
 * for DIC in 2019", "HLH in 2019" in a 2026 note, events.yaml `datedKinds`): read at that date they give no event,
 * read undated they give one. Such a record names no current problem, as "history of DIC" names none; before, the
 * reader fell back to the undated reading and a past DIC or HLH was read as current, with its plan.
 */
export function pastByItsDate(
  vocabulary: Pick<Vocabulary, "noteEvents">,
  concept: SourceConcept,
  found: readonly EventMatch[],
): boolean {
  return found.length === 0 && vocabulary.noteEvents(concept).length > 0;
}

/** The clot sites whose limb and side a Condition's `bodySite` gives (a DVT of the leg or arm). */
const SIDED_SITES: ReadonlySet<string> = new Set(["dvt"]);

/**
 * A Condition's words with its `bodySite` written after them ("Deep vein thrombosis (Left lower limb structure)"),
 * when one of the events it gives is a DVT (found, suspected or ruled out): the side and limb of the clot, which
 * decide which study settles its suspicion (unexplained.yaml settledBy reads them in the event's words). The site's
 * words are its text, else its displays; a code alone adds nothing. Other Conditions keep their words.
 */
function withBodySite(c: Condition, concept: SourceConcept, found: readonly EventMatch[]): SourceConcept {
  if (!found.some((m) => m.qualifiers.some((q) => SIDED_SITES.has(q)))) return concept;
  const sites = (Array.isArray(c.bodySite) ? c.bodySite : []).map((b) => conceptText(toConcept(b)));
  const named = sites.filter((w): w is string => w !== undefined && w.trim() !== "");
  const own = conceptText(concept);
  if (named.length === 0 || own === undefined) return concept;
  return { ...concept, text: `${own} (${named.join("; ")})` };
}

/**
 * A clot (or its suspicion) the care team refuted: a Condition of a PE, a DVT or another venous site whose
 * verificationStatus is `refuted` is that site ruled out (thrombosis-ruled-out, events.yaml `ruledOutKinds`), as a
 * negative study of it is, and settles a suspicion of that site charted from its date to the evaluation
 * (unexplained.yaml settledBy). Dated when it was recorded, else at its onset: the status says the diagnosis was
 * excluded, not when, and neither date is after the exclusion, so a suspicion charted after it stays listed. An
 * entered-in-error Condition is never one (it is removed: refused as before). Undefined when the Condition names no
 * clot of such a site: it is refused as refuted, as before.
 */
function refutedClot(
  c: Condition,
  concept: SourceConcept,
  match: EventMatch,
  ctx: Ingestion,
  patient: PatientBuilder,
  ref: string,
): Outcome | undefined {
  const found = ctx.opts.vocabulary.noteEvents(concept);
  const ruledOut = (found.length > 0 ? found : [match]).flatMap((m) => {
    const r = ctx.opts.vocabulary.qualify(m, "refuted");
    return r === undefined ? [] : [r];
  });
  if (ruledOut.length === 0) return undefined;
  const date = ctx.date([
    ["recordedDate", c.recordedDate],
    ["onsetDateTime", c.onsetDateTime],
    ["onsetPeriod.start", c.onsetPeriod?.start],
  ]);
  if (!date.ok) return rejectDate(ctx, patient, ref, date);
  const [first, ...others] = ruledOut as [EventMatch, ...EventMatch[]];
  const words = withBodySite(c, concept, ruledOut);
  const added = patient.addEvent(clinicalEvent(ref, first, date.at, words, undefined));
  for (const m of others) patient.addEvent(clinicalEvent(ref, m, date.at, words, undefined));
  return usedOrMerged(added);
}

/**
 * The instant a Condition's episode is placed at: its onset (`field` names the date chosen, onset first), else
 * when it was recorded — unless it ended before it was recorded and its `clinicalStatus` (the raw concept) does
 * not say it is under way. A problem over before it was charted (an ITP in
 * remission since 2019 put on the problem list at the 2024 visit, with no onset) is an episode known by its
 * end, dated by its abatement: read at the visit it would be a problem of that day (an ITP now, a DVT to treat),
 * and an ITP that ended before the first checkpoint-inhibitor dose would not be the prior ITP the plan names.
 * Days are compared as written, a day being before another only when it ends before it begins.
 * @example
 * conditionStart("recordedDate", "2024-03-01", "2019-01-01"); // "2019-01-01"
 * conditionStart("onsetDateTime", "2018-03-01", "2019-01-01"); // "2018-03-01"
 * conditionStart("recordedDate", "2024-03-01", "2024-03-01"); // "2024-03-01"
 * conditionStart("recordedDate", "2024-03-01", "2019-01-01", { coding: [{ code: "relapse" }] }); // "2024-03-01"
 */
export function conditionStart(
  field: string,
  at: string,
  end: string | undefined,
  clinicalStatus?: unknown,
): string {
  // A status that says it is under way now (active, recurrence, relapse: R4 allows no abatement with them) keeps
  // the record's date: a relapse charted with the end of the earlier episode is a problem now.
  const status = statusCode(clinicalStatus);
  if (status !== undefined && !PAST_CONDITION.has(status)) return at;
  // isAfterDeath is the adapters' "dated after" for a day, a month, a year or a date-time.
  return field === "recordedDate" && end !== undefined && isAfterDeath(at, end) ? end : at;
}

/** An event kind in words for a reason ("bleeding", "thrombosis"). */
const TERM = (kind: string): string => kind.replaceAll("-", " ");

/** A Condition's `abatement[x]` (R4), read only for whether it is there. */
interface Abatement {
  readonly abatementDateTime?: unknown;
  readonly abatementAge?: unknown;
  readonly abatementPeriod?: unknown;
  readonly abatementRange?: unknown;
  readonly abatementString?: unknown;
  readonly abatementBoolean?: unknown;
}

/** Whether the Condition says it is over: a clinicalStatus resolved, inactive or remission, or an abatement. */
function endedByStatus(c: { readonly clinicalStatus?: unknown } & Abatement): boolean {
  const stated = statusCode(c.clinicalStatus);
  return stated !== undefined ? PAST_CONDITION.has(stated) : abated(c);
}

/** Whether the Condition says it has abated: any `abatement[x]` but `abatementBoolean: false`. */
function abated(c: Abatement): boolean {
  return (
    c.abatementBoolean === true ||
    [c.abatementDateTime, c.abatementAge, c.abatementPeriod, c.abatementRange, c.abatementString].some(
      (v) => v !== undefined && v !== null,
    )
  );
}

/**
 * What a Condition's statuses leave of the events its words give (`found`): a provisional or
 * unconfirmed diagnosis is read as a suspected one, and one resolved, inactive or in remission (or abated,
 * its status unsaid: R4 con-4) and dated only when it was charted (`chartDateOnly`: no onset, no abatement) as past history, as the same
 * cues in a note are (Vocabulary.qualify). `dropped` names what is not read, the field and the reason;
 * `by` the status that changed the reading (a provisional DVT kept as its suspicion drops nothing);
 * every reader of FHIR Conditions (the patient adapter, the cohort's OMOP mapping) decides through this.
 * @example
 * conditionReading({ verificationStatus: { coding: [{ code: "provisional" }] } }, [pe], vocabulary, false);
 * // { kept: [{ kind: "thrombosis-suspected", … }], by: "verificationStatus" }
 */
export function conditionReading(
  c: { readonly verificationStatus?: unknown; readonly clinicalStatus?: unknown } & Abatement,
  found: readonly EventMatch[],
  vocabulary: Pick<Vocabulary, "qualify">,
  chartDateOnly: boolean,
): {
  readonly kept: EventMatch[];
  readonly dropped?: { readonly field: string; readonly reason: string };
  readonly by?: "verificationStatus" | "clinicalStatus";
} {
  const verification = statusCode(c.verificationStatus);
  // R4 (con-4): an abated condition is inactive, resolved or in remission, its clinicalStatus said or not.
  const stated = statusCode(c.clinicalStatus);
  const clinical = stated ?? (abated(c) ? "resolved" : undefined);
  const status = stated !== undefined ? `clinicalStatus is ${clinical}` : "abated (abatement[x] given)";
  const provisional = verification !== undefined && PROVISIONAL_CONDITION.has(verification);
  // Over, dated only by when it was charted and with no end: when it happened is unknown, so it is past
  // history. With an onset or abatement date it is an episode of those dates.
  const past = clinical !== undefined && PAST_CONDITION.has(clinical) && chartDateOnly;
  if (!provisional && !past) return { kept: [...found] };
  const kept: EventMatch[] = [];
  const dropped: string[] = [];
  for (const m of found) {
    let q: EventMatch | undefined = m;
    if (provisional) q = vocabulary.qualify(m, "doubted");
    if (q !== undefined && past) q = vocabulary.qualify(q, "historical");
    if (q === undefined) dropped.push(TERM(m.kind));
    else kept.push(q);
  }
  const by = provisional ? "verificationStatus" : "clinicalStatus";
  if (dropped.length === 0) return { kept, by };
  const what = dropped.join(", ");
  const all = kept.length === 0;
  return {
    kept,
    by,
    dropped: provisional
      ? {
          field: "verificationStatus",
          reason: all
            ? `verificationStatus is ${verification}: a suspected ${what} is not read as one until confirmed (as "possible" in a note is not)`
            : `verificationStatus is ${verification}: the suspected ${what} it also names is not read until confirmed`,
        }
      : {
          field: "clinicalStatus",
          reason: all
            ? `${status} with no onset or abatement date: a past ${what} of unknown date, not a current one`
            : `${status} with no onset or abatement date: the past ${what} it also names is not read as current`,
        },
  };
}

/** The planned kinds a Procedure in preparation may stand for (events.yaml `plannedKinds`). */
const PLANNED_PROCEDURE_KINDS: ReadonlySet<string> = new Set(["surgery-planned", "procedure-planned"]);

/**
 * The planned operation or bedside procedure a Procedure in preparation names: its intervention read as planned
 * (events.yaml `plannedKinds`: a lumbar puncture is a procedure-planned, a hemicolectomy a surgery-planned), else
 * its words read as a plan, for the words read only when planned ("Surgery"); undefined when it names neither (a
 * transfusion being prepared is no plan the engine weighs).
 */
export function plannedProcedureEvent(
  vocabulary: Vocabulary,
  concept: SourceConcept,
): EventMatch | undefined {
  const done = procedureEvent(vocabulary, concept);
  const planned = done === undefined ? undefined : vocabulary.qualify(done, "planned");
  if (planned !== undefined) return planned;
  const text = concept.text ?? concept.codings.find((c) => c.display !== undefined)?.display;
  if (text === undefined) return undefined;
  const read = vocabulary.event({ codings: [], text: `${text} planned` });
  return read !== undefined && PLANNED_PROCEDURE_KINDS.has(read.kind) ? read : undefined;
}

/**
 * A Procedure in preparation (R4 EventStatus: "the core event has not started yet, but some staging activities have
 * begun"): an operation or a bedside procedure planned, read as the same words planned in a note are. Its
 * performed date, when it has one, is the day it is to be done (the planned event's end, which decides whether it is
 * still to come; a day already past is no plan now); the plan itself is dated by that day when it is not after the
 * evaluation, else by the evaluation (the record, as sent, says it is planned now). With no date it is a plan as of
 * the evaluation. Anything else being prepared (a CAR-T infusion, a transfusion) is no dose nor event yet.
 */
function plannedProcedure(
  p: Procedure,
  concept: SourceConcept,
  ctx: Ingestion,
  patient: PatientBuilder,
  ref: string,
): Outcome {
  const event = plannedProcedureEvent(ctx.opts.vocabulary, concept);
  if (event === undefined)
    return ctx.refuse(patient, ref, "not-final", "status is preparation: not done yet", "status");
  const found = firstDate([
    ["performedDateTime", p.performedDateTime],
    ["performedPeriod.start", p.performedPeriod?.start],
  ]);
  return plannedOn(event, found, undefined, concept, ctx, patient, ref);
}

/**
 * A planned event on the day it is to be done (`found`, validated whatever its distance ahead): dated by that day
 * when it is not after the evaluation (a day already past is no plan now), else by the day the plan was charted
 * (`charted`, a request's authoredOn) or the evaluation. With no day to be done it is a plan charted then.
 */
function plannedOn(
  event: EventMatch,
  found: { readonly field: string; readonly value: unknown } | undefined,
  charted: string | undefined,
  concept: SourceConcept,
  ctx: Ingestion,
  patient: PatientBuilder,
  ref: string,
): Outcome {
  const asOf = charted ?? ctx.opts.evaluatedAt;
  if (found === undefined)
    return usedOrMerged(patient.addEvent(clinicalEvent(ref, event, asOf, concept, undefined)));
  // Validated as a date whatever its distance ahead: a planned day is after the evaluation by nature.
  const day = checkDate(found.value, found.field, Number.POSITIVE_INFINITY);
  if (!day.ok) return rejectDate(ctx, patient, ref, { ...day, field: found.field });
  const at = instant(day.at) <= ctx.evaluatedAtMs ? day.at : asOf;
  return usedOrMerged(patient.addEvent(clinicalEvent(ref, event, at, concept, calendarDate(day.at))));
}

/**
 * ServiceRequest statuses of a request still to be carried out (R4 RequestStatus): an active order, or a draft not
 * yet signed. On hold, revoked, completed, entered in error or unknown says no procedure is to come now.
 */
const STANDING_REQUEST: ReadonlySet<string> = new Set(["active", "draft"]);

/**
 * A ServiceRequest for an operation or a bedside procedure (a lumbar puncture, a central line, an epidural, a liver
 * biopsy), the usual way a planned procedure is ordered: read as a Procedure in preparation is, as the same words
 * planned in a note are. Only a request that stands (status active or draft) for something to be done (intent an
 * order of any kind, a plan or a directive; not a proposal or an option, nor doNotPerform) is a plan; its
 * occurrenceDateTime (or occurrencePeriod's start, else its end) is the day it is to be done, and one already past
 * is no plan now. Undated, it is a plan charted on its authoredOn (the 30-day look-back of the planned facts then
 * runs from it), else as of the evaluation. A request for anything else (a blood count, a transfusion, a
 * consultation) names nothing HemoSentinel uses here.
 */
export function serviceRequest(entry: Entry, ctx: Ingestion, patient: PatientBuilder, ref: string): Outcome {
  const r = entry.resource as ServiceRequest;
  const concept = toConcept(r.code);
  const event = plannedProcedureEvent(ctx.opts.vocabulary, concept);
  // A request with no code at all (a referral stub a claim contains) names no procedure: not used, not a fault.
  if (event === undefined)
    return isEmptyConcept(concept)
      ? ctx.notUsed(patient, "ServiceRequest", concept, ref)
      : outOfScope(ctx, patient, entry, ref, concept, "code");
  const status: unknown = r.status;
  if (typeof status === "string" && !STANDING_REQUEST.has(status))
    return ctx.refuse(
      patient,
      ref,
      "not-final",
      `status is ${clipInput(status)}: no procedure to come`,
      "status",
    );
  if ((r as { doNotPerform?: unknown }).doNotPerform === true)
    return ctx.refuse(
      patient,
      ref,
      "not-final",
      "doNotPerform: the procedure is not to be done",
      "doNotPerform",
    );
  const intent: unknown = r.intent;
  if (typeof intent === "string" && NOT_AN_ORDER.has(intent) && intent !== "plan")
    return ctx.refuse(patient, ref, "not-final", `intent is ${clipInput(intent)}: not ordered`, "intent");
  // authoredOn only dates the plan: one after the evaluation (a clock ahead) leaves it a plan as of the evaluation,
  // an unreadable one is rejected as every unreadable date is.
  let charted: string | undefined;
  if (r.authoredOn !== undefined) {
    const authored = checkDate(r.authoredOn, "authoredOn", ctx.evaluatedAtMs);
    if (!authored.ok && authored.code === "invalid-date")
      return rejectDate(ctx, patient, ref, { ...authored, field: "authoredOn" });
    if (authored.ok) charted = authored.at;
  }
  const found = firstDate([
    ["occurrenceDateTime", r.occurrenceDateTime],
    ["occurrencePeriod.start", r.occurrencePeriod?.start],
    ["occurrencePeriod.end", r.occurrencePeriod?.start === undefined ? r.occurrencePeriod?.end : undefined],
  ]);
  return plannedOn(event, found, charted, concept, ctx, patient, ref);
}

/** A Procedure: a CAR-T (or other immunotherapy) infusion, or an event such as a transfusion. */
export function procedure(entry: Entry, ctx: Ingestion, patient: PatientBuilder, ref: string): Outcome {
  const p = entry.resource as Procedure;
  const concept = joinConcepts([toConcept(p.code), ...(p.usedCode ?? []).map(toConcept)]);
  const drug = ctx.opts.vocabulary.medication(concept);
  // Planned, not done: read as a plan (plannedProcedure). A status of on-hold or stopped says the procedure had begun
  // (R4: interrupted, or ended before its completion, after its main activity began) and unknown that the source does
  // not know: each is read as done, as before, since an operation begun has its wound and a bedside procedure done
  // reads nothing.
  if (p.status === "preparation" && drug?.kind !== "immunotherapy") {
    if (
      procedureEvent(ctx.opts.vocabulary, concept) === undefined &&
      plannedProcedureEvent(ctx.opts.vocabulary, concept) === undefined
    )
      return outOfScope(ctx, patient, entry, ref, concept, "code");
    return plannedProcedure(p, concept, ctx, patient, ref);
  }
  const event = drug?.kind === "immunotherapy" ? undefined : procedureEvent(ctx.opts.vocabulary, concept);
  if (drug?.kind !== "immunotherapy" && event === undefined) {
    return outOfScope(ctx, patient, entry, ref, concept, "code");
  }
  if (p.status !== undefined && NOT_DONE_STATUSES.Procedure?.has(p.status)) {
    return ctx.refuse(patient, ref, "not-final", `status is ${clipInput(String(p.status))}`, "status");
  }
  const date = ctx.date([
    ["performedDateTime", p.performedDateTime],
    ["performedPeriod.start", p.performedPeriod?.start],
    // A procedure (a CAR-T infusion) charted by when it ended only, as R4's Period allows: dated by its end.
    ["performedPeriod.end", p.performedPeriod?.start === undefined ? p.performedPeriod?.end : undefined],
  ]);
  if (!date.ok) return rejectDate(ctx, patient, ref, date);
  const end = p.performedPeriod?.end === undefined ? undefined : endOk(p.performedPeriod.end, ctx);
  if (drug?.kind === "immunotherapy")
    return usedOrMerged(patient.addMedication(drug, ref, date.at, "procedure", end));
  return usedOrMerged(patient.addEvent(clinicalEvent(ref, event as EventMatch, date.at, concept, end)));
}
