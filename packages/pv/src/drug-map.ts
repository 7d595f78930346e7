/**
 * Drug names as reporters write them (FAERS DRUGNAME and PROD_AI: brands, INNs, research codes,
 * combination products, misspellings) mapped to the knowledge drug catalogue through the core's
 * medication index. A name that names no catalogue drug is tried as a misspelling of a catalogue name —
 * one edit (two for names of ten letters or more), one candidate only — and such matches are reported as
 * "spelling", never mixed silently with exact ones.
 */
import { createMedicationIndex, type DrugCatalogue, type DrugEntry } from "@hemosentinel/core";

export type MatchHow = "name" | "ingredient" | "spelling";

export interface DrugMatch {
  /** Catalogue drug ids (several for a combination product given as one name). */
  readonly drugs: readonly string[];
  readonly how: MatchHow;
}

/** Damerau–Levenshtein (optimal string alignment) distance, giving up above `max`. */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) {
    const row = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      if (i === 0) {
        row.push(j);
        continue;
      }
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const prev = rows[i - 1] as number[];
      let v = Math.min((prev[j] as number) + 1, (row[j - 1] as number) + 1, (prev[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        v = Math.min(v, ((rows[i - 2] as number[])[j - 2] as number) + 1);
      row.push(v);
      best = Math.min(best, v);
    }
    rows.push(row);
    if (i > 0 && best > max) return max + 1;
  }
  return (rows[a.length] as number[])[b.length] as number;
}

/** How often each letter a–z occurs in a word (other characters in slot 26). */
function letterCounts(word: string): Int16Array {
  const counts = new Int16Array(27);
  for (let i = 0; i < word.length; i++) {
    const c = word.charCodeAt(i) - 97;
    counts[c >= 0 && c < 26 ? c : 26] = (counts[c >= 0 && c < 26 ? c : 26] as number) + 1;
  }
  return counts;
}

/**
 * A lower bound of the edit distance from the letter counts alone (an edit changes at most one letter
 * more and one fewer; a transposition none), so most catalogue words are ruled out without aligning.
 */
function bagDistance(a: Int16Array, b: Int16Array): number {
  let more = 0;
  let fewer = 0;
  for (let i = 0; i < a.length; i++) {
    const d = (a[i] as number) - (b[i] as number);
    if (d > 0) more += d;
    else fewer -= d;
  }
  return Math.max(more, fewer);
}

/** Shortest name length tried as a misspelling: shorter words are too often other words. */
const MIN_SPELLING = 7;

/** Words of a drug name, lower case. */
const words = (text: string) => text.toLowerCase().match(/[a-z0-9]+/g) ?? [];

/**
 * Builds the mapper for a catalogue (the knowledge bundle's `drugs`).
 * @example
 * const map = createDrugMapper(bundle.drugs);
 * map("KEYTRUDA", null); // { drugs: ["pembrolizumab"], how: "name" }
 * map("PEMBROLIZUMAP", null); // { drugs: ["pembrolizumab"], how: "spelling" }
 */
export function createDrugMapper(
  catalogue: DrugCatalogue,
): (name: string | null, ingredient: string | null) => DrugMatch | undefined {
  const index = createMedicationIndex(catalogue);
  // An import maps each distinct (name, ingredient) once, and the same text comes back in many of them (an
  // ingredient beside many brand spellings): what a text and a word give is kept for the mapper's life.
  const byText = new Map<string, { readonly any: boolean; readonly immunotherapy: readonly string[] }>();
  const named = (text: string | null) => {
    if (text === null) return { any: false, immunotherapy: [] };
    let found = byText.get(text);
    if (found === undefined) {
      const all = index.matchAll({ codings: [], text });
      found = {
        any: all.length > 0,
        immunotherapy: all.filter((m) => m.kind === "immunotherapy").map((m) => m.drug),
      };
      byText.set(text, found);
    }
    return found;
  };
  // One-word catalogue names by length, for the misspelling search, with their letter counts.
  const byLength = new Map<number, { word: string; drug: string; letters: Int16Array }[]>();
  const addWord = (word: string, drug: DrugEntry) => {
    if (word.length < MIN_SPELLING || !/^[a-z]+$/.test(word)) return;
    const list = byLength.get(word.length) ?? [];
    list.push({ word, drug: drug.id, letters: letterCounts(word) });
    byLength.set(word.length, list);
  };
  for (const d of catalogue.drugs)
    for (const n of [d.inn, ...d.brands, ...d.synonyms])
      if (words(n).length === 1) addWord(words(n)[0] as string, d);
  /** The one catalogue drug a word is a misspelling of, or undefined (none, or several). */
  const byWord = new Map<string, string | undefined>();
  const misspelt = (w: string): string | undefined => {
    if (byWord.has(w)) return byWord.get(w);
    const max = w.length >= 10 ? 2 : 1;
    const letters = letterCounts(w);
    const candidates = new Set<string>();
    // Catalogue words are letters only, so each other character of the word is an edit already.
    if ((letters[26] as number) <= max)
      for (let len = w.length - max; len <= w.length + max; len++)
        for (const c of byLength.get(len) ?? [])
          if (bagDistance(letters, c.letters) <= max && editDistance(w, c.word, max) <= max)
            candidates.add(c.drug);
    const drug = candidates.size === 1 ? ([...candidates][0] as string) : undefined;
    byWord.set(w, drug);
    return drug;
  };
  const spelled = (text: string | null): string[] => {
    const found = new Set<string>();
    for (const w of text === null ? [] : words(text)) {
      if (w.length < MIN_SPELLING) continue;
      const drug = misspelt(w);
      if (drug !== undefined) found.add(drug);
    }
    return [...found];
  };
  return (name, ingredient) => {
    const byName = named(name);
    if (byName.immunotherapy.length > 0) return { drugs: byName.immunotherapy, how: "name" };
    const byIngredient = named(ingredient);
    if (byIngredient.immunotherapy.length > 0)
      return { drugs: byIngredient.immunotherapy, how: "ingredient" };
    // A name that is another catalogue drug (a context drug) is spelled right.
    if (byName.any || byIngredient.any) return undefined;
    const bySpelling = [...new Set([...spelled(name), ...spelled(ingredient)])];
    return bySpelling.length > 0 ? { drugs: bySpelling, how: "spelling" } : undefined;
  };
}

/** An unmatched name that looks like an immunotherapy (a -mab, a CAR-T -cabtagene … -leucel): worth adding to the catalogue. */
export function looksLikeImmunotherapy(name: string): boolean {
  return (
    words(name).some((w) => /(mab|leucel|cabtagene)$/.test(w) && w.length >= 7) ||
    /\bcar[\s-]?t\b/i.test(name)
  );
}
