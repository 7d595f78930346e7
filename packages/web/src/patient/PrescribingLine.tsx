/**
 * The patient header's line of what the record holds for prescribing (prescribing.ts): drug allergies,
 * pregnancy or breastfeeding, kidney failure, the latest weight and creatinine, each with its date and its
 * record. A pharmacist checks the plans' avoid lines against it without searching the record.
 */
import type { PatientRecord } from "@hemosentinel/core";
import { prescribingItems } from "./prescribing.js";
import { EvidenceLinks } from "./words.js";

export function PrescribingLine({ record }: { readonly record: Pick<PatientRecord, "events" | "labs"> }) {
  const items = prescribingItems(record);
  if (items.length === 0) return null;
  return (
    <p className="prescribing">
      <strong>For prescribing, from the record:</strong>{" "}
      {items.map((item, i) => (
        <span key={item.key} className="prescribing-item" data-item={item.key.replace(/-\d+$/, "")}>
          {i === 0 ? "" : " · "}
          {item.label}: {item.text} <EvidenceLinks refs={[item.ref]} />
        </span>
      ))}
    </p>
  );
}
