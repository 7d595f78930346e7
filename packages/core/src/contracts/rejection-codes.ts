/**
 * The closed list of reasons a record is rejected (`rejected[].code`) or an input cannot be read
 * (`inputErrors[].code`). Every code the adapters and the CLI emit is listed here; a new reason is a
 * change of the output contract.
 */
import { z } from "zod";

export const RejectionCodeSchema = z
  .enum([
    // A record of the input contract that cannot be used (design of record: "rejected").
    /** A FHIR Patient with neither an id nor a fullUrl. */
    "missing-id",
    /** The record names no patient (FHIR `subject`/`patient`; CSV `patient_id` empty). */
    "missing-subject",
    /** A reference (subject, medication, result, member) to a record that is not in the input. */
    "broken-reference",
    /** No code and no text: the record cannot say what it is. */
    "missing-code",
    /** A code that must name something HemoSentinel knows does not (CSV lab ids, code systems). */
    "unknown-code",
    /** None of the record's date fields is present. */
    "missing-date",
    /** A date that is not an ISO 8601 / FHIR date or instant. */
    "invalid-date",
    /** Dated after the evaluation time. */
    "future-date",
    /**
     * Dated after the patient's recorded death (a result, dose or event): not a living patient's record
     * (a post-mortem sample, a misdated entry or another patient's), never used.
     */
    "after-death",
    /** Status entered-in-error, cancelled, not-done, preliminary and the like. */
    "not-final",
    /** A condition whose verification status is refuted or entered-in-error (a differential or provisional one is read as suspected). */
    "refuted",
    /** An Observation with a dataAbsentReason. */
    "data-absent",
    /** An event recorded as absent (grade 0 or negative). */
    "negative-finding",
    /** A DiagnosticReport without result observations (narrative only). */
    "no-results",
    /** A result without a value. */
    "missing-value",
    /** A value that is not a number, or a field (sex, dose kind) outside its closed list. */
    "invalid-value",
    /** A value of the wrong type: text where a number is needed, a measurement where a grade is. */
    "value-type",
    /** A qualitative result that is neither positive nor negative. */
    "ambiguous-value",
    /** A qualitative result in words HemoSentinel does not know. */
    "unrecognised-value",
    /** A comparator other than <, <=, >, >=. */
    "unsupported-comparator",
    /** A unit that cannot be converted to the lab's canonical UCUM unit. */
    "unit-not-convertible",
    /** A quantity whose printed unit and coded unit both express the lab but disagree (`g/dL` vs `g/L`). */
    "unit-conflict",
    /** A value outside the physiologically possible range. */
    "implausible-value",
    /** A CRS, ICANS or CTCAE grade that is not an integer 1–5. */
    "invalid-grade",
    /** A CSV `record_type` other than patient, lab, dose or event. */
    "invalid-record-type",
    // An input, or part of one, that cannot be read at all (design of record: "inputErrors").
    /** The file cannot be read (permissions, missing). */
    "unreadable-file",
    /** The file is empty. */
    "empty-file",
    /** A directory of the input that cannot be listed (permissions); the rest of the tree is read. */
    "unreadable-directory",
    /** A FIFO, socket or device found in an input directory: never opened (a FIFO would block the run). */
    "special-file",
    /** A symbolic link that never resolves to a file (it points, through other links, back to itself). */
    "symlink-loop",
    /** A directory reached a second time through a symbolic link (a loop, or a second link): read once. */
    "already-read",
    /** The file is not valid JSON. */
    "malformed-json",
    /** An NDJSON line is not valid JSON. */
    "invalid-json",
    /** A JSON value that is not a FHIR resource. */
    "not-fhir",
    /** A Bundle entry without a resource. */
    "empty-entry",
    /** The CSV cannot be parsed. */
    "invalid-csv",
    /** A CSV header names a column the CSV format does not have. */
    "unknown-column",
    /** A required CSV column is absent. */
    "missing-column",
    /** A CSV row with another number of fields than the header. */
    "malformed-row",
    /** The file was read but holds no patient. */
    "no-patient",
    /** Resources of a file with patients that belong to none of them. */
    "unattributed",
    /**
     * The source says its export is incomplete or failed: an OperationOutcome issue of severity fatal,
     * error or warning (a search that failed or was cut short). Records may be missing from the input.
     */
    "source-issue",
    /** An adapter failed on this input; the other inputs were assessed. */
    "internal-error",
  ])
  .meta({ id: "RejectionCode" });
/**
 * Machine-readable reason of a rejection or input error, from a closed list; `reason` / `detail` say it
 * for the one record in words. The meaning of each code: packages/core/src/contracts/rejection-codes.ts.
 */
export type RejectionCode = z.infer<typeof RejectionCodeSchema>;
