/**
 * How a calculator reads a D-dimer whose field does not fix its reporting basis, in words taken from the
 * knowledge bundle: the unit names the basis (FEU or DDU), each basis is its own catalogue lab with its own
 * upper limit, and a value typed without a basis and without the laboratory's limit is read against both
 * limits, only the points both readings give being certain (the engine's fibrin-marker rule). FEU and DDU
 * are never converted into each other.
 */
import type { Knowledge, LabDefinition, Reading } from "@hemosentinel/core";
import { unitLabel } from "./paths.js";

type Labs = Pick<Knowledge["vocabulary"], "labById">;

/** One reporting basis of a D-dimer field: its catalogue lab and that lab's upper limit of normal. */
export interface BasisReading {
  readonly basis: "FEU" | "DDU";
  readonly lab: LabDefinition;
  /** The catalogue's upper limit of normal, in the lab's canonical unit; absent when it holds none. */
  readonly upper?: number;
}

/**
 * The bases a field's lab may be read as (FEU first), or none when its lab fixes its basis or is no D-dimer.
 *
 * @example basisReadings(k.vocabulary, "d-dimer-unspecified").map((b) => `${b.basis} ${b.upper}`) // ["FEU 0.5", "DDU 0.25"]
 */
export function basisReadings(labs: Labs, labId: string): readonly BasisReading[] {
  const basisLabs = labs.labById(labId)?.basisLabs;
  if (basisLabs === undefined) return [];
  return (["FEU", "DDU"] as const).flatMap((basis) => {
    const lab = labs.labById(basisLabs[basis]);
    if (lab === undefined) return [];
    const upper = lab.reference?.high;
    return [{ basis, lab, ...(upper === undefined ? {} : { upper }) }];
  });
}

/** A limit in a lab's canonical unit with the basis named: "0.5 µg/mL FEU". */
function limitText(b: BasisReading): string {
  return `${b.upper} ${unitLabel(b.lab.unit ?? "")} ${b.basis}`.replace(/\s+/g, " ").trim();
}

/**
 * The help under a D-dimer field of unstated basis: how each basis is read, and how a value typed without one
 * is. Undefined for any other field.
 *
 * @example basisHelp(k.vocabulary, "d-dimer-unspecified")
 * // "A unit in FEU is read as D-dimer (fibrinogen-equivalent units), upper limit 0.5 µg/mL FEU; in DDU as …"
 */
export function basisHelp(labs: Labs, labId: string): string | undefined {
  const bases = basisReadings(labs, labId);
  if (bases.length === 0) return undefined;
  const each = bases
    .map(
      (b, i) =>
        `${i === 0 ? "A unit in " : "in "}${b.basis} ${i === 0 ? "is read " : ""}as ${b.lab.name}${b.upper === undefined ? "" : `, upper limit ${limitText(b)}`}`,
    )
    .join("; ");
  const unit = unitLabel(labs.labById(labId)?.unit ?? "");
  return (
    `${each} — FEU and DDU are never converted into each other. ` +
    `A value in ${unit === "" ? "a unit" : unit} or another unit without a basis, and with no upper limit entered, is read ` +
    `against ${bases.length === 2 ? "both" : "the"} limits: only the points both readings give are counted, otherwise the item stays open. ` +
    "An upper limit entered is the laboratory's own and is used instead."
  );
}

/** A multiple of a limit to two significant digits at most ("4 ×", "3.2 ×", "20 ×"). */
function times(value: number, limit: number): string {
  const r = value / limit;
  return `${Number(r >= 10 ? r.toFixed(0) : r.toPrecision(2))} ×`;
}

/**
 * How one reading of a D-dimer field was read, after the value as typed: the basis its unit named and that
 * lab's limit, or, with no basis, each basis's multiple of its limit — or the limit the user entered.
 * Undefined for a field that is no D-dimer of unstated basis.
 *
 * @example readingBasis(k.vocabulary, "d-dimer-unspecified", { lab: "d-dimer-unspecified", value: 1, unit: "ug/mL", … }, false)
 * // "basis not stated: 2 × the FEU upper limit (0.5 µg/mL FEU), 4 × the DDU upper limit (0.25 µg/mL DDU); only the points both readings give are counted"
 */
export function readingBasis(
  labs: Labs,
  fieldLab: string,
  reading: Pick<Reading, "lab" | "value" | "unit">,
  /** The laboratory's upper limit as typed in the field, when one was. */
  limitEntered: string | undefined,
): string | undefined {
  const bases = basisReadings(labs, fieldLab);
  if (bases.length === 0) return undefined;
  const entered = limitEntered === undefined ? "" : ` against the upper limit entered (${limitEntered})`;
  const named = bases.find((b) => b.lab.id === reading.lab);
  if (named !== undefined)
    return `read as ${named.lab.name}${entered !== "" ? entered : named.upper === undefined ? "" : `, upper limit ${limitText(named)}`}`;
  if (entered !== "") return `basis not stated, read${entered}`;
  const comparable = bases.filter((b) => b.upper !== undefined && b.upper > 0 && b.lab.unit === reading.unit);
  if (comparable.length < bases.length) return "basis not stated: no upper limit to read it against";
  return `basis not stated: ${comparable
    .map((b) => `${times(reading.value, b.upper as number)} the ${b.basis} upper limit (${limitText(b)})`)
    .join(", ")}; only the points both readings give are counted`;
}
