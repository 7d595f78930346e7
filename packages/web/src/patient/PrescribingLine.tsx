/**
 * The patient header's line of what the record holds for prescribing (prescribing.ts): drug allergies,
 * pregnancy or breastfeeding, kidney failure, the latest weight and creatinine, each with its date and its
 * record. A pharmacist checks the plans' avoid lines against it without searching the record.
 */
import type { PatientRecord } from "@hemosentinel/core";
import { prescribingItems } from "./prescribing.js";
import { EvidenceLinks } from "./words.js";

/**
 * A text with its ISO dates, and its values with their units, kept on one line: a date broken at its hyphen
 * ("2026-11-" / "17") or a value parted from its unit ("31" / "kg", "30" / "mL/min/1.73 m²") misreads.
 */
export function NoBreakDates({ text }: { readonly text: string }) {
  return text
    .split(/(\d{4}-\d{2}-\d{2}|\d+(?:\.\d+)? (?:mL\/min\/1\.73 m²|mL\/min|mg\/dL|µmol\/L|kg|cm)(?![\w/]))/)
    .map((part, i) =>
      i % 2 === 1 ? (
        // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one fixed text, in order.
        <span key={i} className="nobreak">
          {part}
        </span>
      ) : (
        part
      ),
    );
}

export function PrescribingLine({ record }: { readonly record: Pick<PatientRecord, "events" | "labs"> }) {
  const items = prescribingItems(record);
  if (items.length === 0) return null;
  return (
    <p className="prescribing">
      <strong>For prescribing, from the record:</strong>{" "}
      {items.map((item, i) => (
        <span key={item.key} className="prescribing-item" data-item={item.key.replace(/-\d+$/, "")}>
          {i === 0 ? "" : " · "}
          {item.label}: <NoBreakDates text={item.text} /> <EvidenceLinks refs={[item.ref]} />
        </span>
      ))}
    </p>
  );
}
