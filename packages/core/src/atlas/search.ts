/**
 * The atlas index: one search over disorders, immunotherapy drugs (INN, brand, research code, ATC,
 * RxNorm), scores and labs (name, LOINC), insensitive to case, diacritics and punctuation, returning typed
 * hits with the stable deep link of each page. Typos are not corrected: a query matches a name or code
 * exactly, at the start of a word, or inside it.
 */

import type { Knowledge } from "../knowledge/knowledge.js";

export type AtlasKind = "disorder" | "drug" | "score" | "lab";

/** What a hit matched: the disorder's name, a drug's brand, a lab's LOINC code, … */
export type MatchedField =
  | "id"
  | "name"
  | "INN"
  | "brand"
  | "research code"
  | "ATC"
  | "RxNorm"
  | "LOINC"
  | "LOINC name";

export interface AtlasHit {
  readonly kind: AtlasKind;
  /** The page's id: disorder, drug or score id, or the lab's LOINC code. */
  readonly id: string;
  readonly label: string;
  /** Stable deep link: `/atlas/disorder/{id}`, `/atlas/drug/{id}`, `/atlas/score/{id}`, `/atlas/lab/{loinc}`. */
  readonly path: string;
  readonly matched: { readonly field: MatchedField; readonly text: string };
  /** A short description (drug class and targets, lab unit). */
  readonly detail?: string;
}

/**
 * The deep link of an atlas page, used by the web app's router and by CDS Hooks cards' `source.url`.
 *
 * @example atlasPath("drug", "pembrolizumab"); // "/atlas/drug/pembrolizumab"
 */
export function atlasPath(kind: AtlasKind, id: string): string {
  return `/atlas/${kind}/${encodeURIComponent(id)}`;
}

/** Lower case, diacritics removed, every run of other characters one space: "Élotuzumab-X" → "elotuzumab x". */
export function foldText(s: string): string {
  return s
    .normalize("NFD")
    .replace(/\p{Diacritic}/gu, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, " ")
    .trim();
}

interface Key {
  readonly field: MatchedField;
  readonly text: string;
  readonly folded: string;
  readonly compact: string;
}

interface Entry {
  readonly kind: AtlasKind;
  readonly id: string;
  readonly label: string;
  readonly detail?: string;
  readonly keys: readonly Key[];
}

function key(field: MatchedField, text: string): Key {
  const folded = foldText(text);
  return { field, text, folded, compact: folded.replaceAll(" ", "") };
}

/** A research code looks like letters then digits (MK-3475, BMS-936558, ONO-4538); other synonyms are names. */
const RESEARCH_CODE = /^[A-Za-z]{1,6}[- ]?\d{2,}[A-Za-z0-9-]*$/;

function entries(k: Knowledge): Entry[] {
  const out: Entry[] = [];
  for (const d of k.disorders)
    out.push({ kind: "disorder", id: d.id, label: d.name, keys: [key("name", d.name), key("id", d.id)] });
  for (const d of k.drugs.drugs) {
    const atc = d.atc === undefined ? [] : Array.isArray(d.atc) ? d.atc : [d.atc];
    out.push({
      kind: "drug",
      id: d.id,
      label: d.inn,
      detail: `${d.class}; ${d.targets.join(", ")}`,
      keys: [
        key("INN", d.inn),
        key("id", d.id),
        ...d.brands.map((b) => key("brand", b)),
        ...d.synonyms.map((s) => key(RESEARCH_CODE.test(s) ? "research code" : "name", s)),
        ...atc.map((a) => key("ATC", a)),
        ...(d.rxnorm ? [key("RxNorm", d.rxnorm)] : []),
      ],
    });
  }
  for (const s of k.scores.values())
    out.push({ kind: "score", id: s.id, label: s.name, keys: [key("name", s.name), key("id", s.id)] });
  for (const l of k.labCatalogue.labs) {
    const primary = l.loinc[0];
    if (primary === undefined) continue;
    out.push({
      kind: "lab",
      id: primary,
      label: l.name,
      ...(l.unit !== undefined && { detail: l.unit }),
      keys: [
        key("name", l.name),
        key("id", l.id),
        ...l.loinc.map((c) => key("LOINC", c)),
        ...l.loinc.flatMap((c) => {
          const display = k.labCatalogue.displays.get(c);
          return display ? [key("LOINC name", display)] : [];
        }),
      ],
    });
  }
  return out;
}

/** 3: the whole name or code; 2: the start of it or of one of its words; 1: inside it; 0: no match. */
function rank(q: Key, k: Key): number {
  if (q.compact === k.compact) return 3;
  if (k.folded.startsWith(q.folded) || k.folded.split(" ").some((w) => w.startsWith(q.folded))) return 2;
  if (k.compact.startsWith(q.compact)) return 2;
  return k.compact.includes(q.compact) ? 1 : 0;
}

const KIND_ORDER: readonly AtlasKind[] = ["disorder", "drug", "score", "lab"];

export interface AtlasIndex {
  /**
   * Pages matching `query`, best first (whole name or code, then start of a word, then inside a word; then
   * disorders, drugs, scores, labs; then by name). An empty query finds nothing.
   */
  search(query: string, limit?: number): AtlasHit[];
}

/**
 * Builds the atlas index of a knowledge base once; searches are then cheap.
 *
 * @example
 * const atlas = createAtlasIndex(knowledge);
 * atlas.search("Keytruda")[0]?.path; // "/atlas/drug/pembrolizumab"
 * atlas.search("mk3475")[0]?.matched; // { field: "research code", text: "MK-3475" }
 */
export function createAtlasIndex(k: Knowledge): AtlasIndex {
  const all = entries(k);
  return {
    search(query, limit = 20) {
      const q = key("name", query);
      if (q.compact === "") return [];
      const hits: { hit: AtlasHit; score: number }[] = [];
      for (const e of all) {
        let best: { score: number; key: Key } | undefined;
        for (const k2 of e.keys) {
          const s = rank(q, k2);
          if (s > 0 && (!best || s > best.score)) best = { score: s, key: k2 };
        }
        if (!best) continue;
        hits.push({
          score: best.score,
          hit: {
            kind: e.kind,
            id: e.id,
            label: e.label,
            path: atlasPath(e.kind, e.id),
            matched: { field: best.key.field, text: best.key.text },
            ...(e.detail !== undefined && { detail: e.detail }),
          },
        });
      }
      hits.sort(
        (a, b) =>
          b.score - a.score ||
          KIND_ORDER.indexOf(a.hit.kind) - KIND_ORDER.indexOf(b.hit.kind) ||
          a.hit.label.localeCompare(b.hit.label),
      );
      return hits.slice(0, limit).map((h) => h.hit);
    },
  };
}
