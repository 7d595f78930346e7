/**
 * The lab catalogue and the unit and result spellings as lookup maps: the lab half of the adapters'
 * Vocabulary (the schemas of the files they are built from are in labs.ts).
 */
import { QUALITATIVES } from "../contracts/lists.js";
import type { Qualitative } from "../contracts/vocabularies.js";
import { exactSpellingKey, spellingKey } from "./lab-keys.js";
import type { LabCatalogueFile, UnitSpellingsFile } from "./labs.js";
import type { BmiDefinition, LabDefinition, UnitSpellings, Vocabulary } from "./vocabulary.js";

/** A catalogue lab as adapters use it: the Vocabulary contract plus the unit rules of the catalogue. */
export interface CatalogueLab extends LabDefinition {
  readonly loinc: readonly string[];
  readonly basis?: "FEU" | "DDU";
  readonly unitEquivalences?: readonly { readonly unit: string; readonly factor: number }[];
  readonly rejectUnits?: readonly { readonly unit: string; readonly reason: string }[];
  readonly acceptsQualitative?: boolean;
  readonly qualitativeValues?: { readonly positive: readonly string[]; readonly negative: readonly string[] };
}

/** The loaded catalogue with its lookup maps built once. */
export interface LabCatalogue {
  readonly labs: readonly CatalogueLab[];
  /** Lab by LOINC code. */
  readonly byLoinc: ReadonlyMap<string, CatalogueLab>;
  readonly byId: ReadonlyMap<string, CatalogueLab>;
  /** LOINC long common names of catalogue codes and of the BMI code, for messages. */
  readonly displays: ReadonlyMap<string, string>;
  readonly bmi: BmiDefinition;
}

/** Builds the lookup maps of a validated catalogue file. */
export function buildLabCatalogue(file: LabCatalogueFile): LabCatalogue {
  const labs: CatalogueLab[] = file.labs.map((l) => ({
    id: l.id,
    name: l.name,
    kind: l.kind,
    ...(l.unit !== undefined && { unit: l.unit }),
    ...(l.molecularWeight !== undefined && {
      molecularWeight: typeof l.molecularWeight === "number" ? l.molecularWeight : l.molecularWeight.value,
    }),
    ...(l.plausible !== undefined && { plausible: l.plausible }),
    ...(l.detectionLimit !== undefined && { detectionLimit: l.detectionLimit.value }),
    ...(l.reference !== undefined && { reference: l.reference }),
    loinc: l.loinc.map((c) => c.code),
    ...(l.basis !== undefined && { basis: l.basis }),
    ...(l.basisLabs !== undefined && { basisLabs: l.basisLabs }),
    ...(l.unitEquivalences !== undefined && { unitEquivalences: l.unitEquivalences }),
    ...(l.rejectUnits !== undefined && { rejectUnits: l.rejectUnits }),
    ...(l.acceptsQualitative !== undefined && { acceptsQualitative: l.acceptsQualitative }),
    ...(l.qualitativeValues !== undefined && { qualitativeValues: l.qualitativeValues }),
    ...(l.presence !== undefined && { presence: l.presence }),
    // The quantity lab whose presence test this is (schistocytes → schistocytes-pct): named when a number is
    // sent for the presence test.
    ...((q) =>
      q === undefined ? {} : { quantity: { id: q.id, ...(q.unit !== undefined && { unit: q.unit }) } })(
      file.labs.find((x) => x.presence === l.id),
    ),
  }));
  const byLoinc = new Map<string, CatalogueLab>();
  const displays = new Map<string, string>();
  for (const [i, lab] of labs.entries()) {
    for (const c of file.labs[i]?.loinc ?? []) {
      byLoinc.set(c.code, lab);
      displays.set(c.code, c.display);
    }
  }
  for (const c of file.bmi.loinc) displays.set(c.code, c.display);
  return {
    labs,
    byLoinc,
    byId: new Map(labs.map((l) => [l.id, l])),
    displays,
    bmi: { loinc: file.bmi.loinc.map((c) => c.code), unit: file.bmi.unit, plausible: file.bmi.plausible },
  };
}

/** The lab half of a Vocabulary over the catalogue (medication and event matching come from elsewhere). */
export function labVocabulary(
  catalogue: LabCatalogue,
): Pick<Vocabulary, "lab" | "labById" | "labIdsNear" | "labNamed" | "bmi"> {
  const fold = (t: string) => t.trim().replace(/\s+/g, " ").toLowerCase();
  // Each lab's name and its LOINC codes' long names; a name two labs share names neither.
  const named = new Map<string, CatalogueLab | null>();
  const add = (name: string, lab: CatalogueLab) => {
    const key = fold(name);
    const had = named.get(key);
    named.set(key, had === undefined || had === lab ? lab : null);
  };
  for (const lab of catalogue.labs) {
    add(lab.name, lab);
    for (const code of lab.loinc) {
      const display = catalogue.displays.get(code);
      if (display !== undefined) add(display, lab);
    }
  }
  return {
    lab: (loinc) => catalogue.byLoinc.get(loinc),
    labById: (id) => catalogue.byId.get(id),
    labIdsNear: (text) => {
      const t = text.trim().toLowerCase();
      return t.length < 3
        ? []
        : catalogue.labs.filter((l) => l.id.includes(t) || t.includes(l.id)).map((l) => l.id);
    },
    labNamed: (text) => named.get(fold(text)) ?? undefined,
    bmi: catalogue.bmi,
  };
}

// ---------------------------------------------------------------------------------------------------
// Unit and result spellings

/** Builds the lookup maps of a validated spellings file. */
export function buildUnitSpellings(file: UnitSpellingsFile): UnitSpellings {
  const words = new Map<string, Qualitative | "ambiguous">();
  const codes = new Map<string, Qualitative>();
  for (const kind of QUALITATIVES) {
    for (const w of file.qualitative[kind].words) words.set(w.toLowerCase(), kind);
    for (const c of file.qualitative[kind].codes) codes.set(`${c.system}|${c.code}`, kind);
  }
  for (const w of file.qualitative.ambiguous) words.set(w.toLowerCase(), "ambiguous");
  const exact = new Map<string, string>();
  const folded = new Map<string, string>();
  for (const s of file.spellings) {
    if (s.caseSensitive) exact.set(exactSpellingKey(s.sent), s.ucum);
    else folded.set(spellingKey(s.sent), s.ucum);
  }
  return { exact, ucum: folded, qualitative: { words, codes } };
}

/** The UCUM code a spelling stands for: case-sensitive entries first, then the folded table. */
export function lookupSpelling(spellings: UnitSpellings, sent: string): string | undefined {
  return spellings.exact.get(exactSpellingKey(sent)) ?? spellings.ucum.get(spellingKey(sent));
}

/**
 * The folded table's reading of a spelling that a case-sensitive entry reads otherwise (`G/L`: giga per
 * litre case-sensitively, grams per litre folded), else undefined. A laboratory system that prints every
 * unit in upper case writes a haemoglobin of 81 g/L as `81 G/L`; the converter takes this reading only
 * when the case-sensitive one cannot express the lab at all (a count per litre is no mass concentration).
 */
export function foldedAlternative(spellings: UnitSpellings, sent: string): string | undefined {
  const exact = spellings.exact.get(exactSpellingKey(sent));
  if (exact === undefined) return undefined;
  const folded = spellings.ucum.get(spellingKey(sent));
  return folded !== exact ? folded : undefined;
}
