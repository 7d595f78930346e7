/**
 * The medication matcher every adapter uses: RxNorm, ATC and SNOMED CT codes, then the INN, brand or synonym named in a
 * coding's display or the concept's text, over a drug catalogue (the schemas are in drugs.ts).
 */
import type { ContextDrugEntry, DrugCatalogue, DrugEntry } from "./drugs.js";
import { assertNoProblems } from "./errors.js";
import {
  PhraseIndex,
  phraseSet,
  phraseTokens,
  type Tokenized,
  tokenize,
  writtenForms,
} from "./phrase-index.js";
import type { MedicationMatch, SourceConcept } from "./vocabulary.js";

/** The ATC codes of an entry as a list (the YAML allows one code or several). */
export function atcCodes(entry: { readonly atc?: string | readonly string[] }): readonly string[] {
  if (entry.atc === undefined) return [];
  return typeof entry.atc === "string" ? [entry.atc] : entry.atc;
}

/** Cross-entry errors: duplicate ids, dangling `includes`, one name or RXCUI claimed by two entries. */
export function catalogueProblems(catalogue: DrugCatalogue): string[] {
  const problems: string[] = [];
  const entries = [...catalogue.drugs, ...catalogue.contextDrugs];
  const ids = new Set<string>();
  for (const e of entries) {
    if (ids.has(e.id)) problems.push(`id ${e.id} is used twice`);
    ids.add(e.id);
  }
  for (const e of entries)
    for (const inc of e.includes ?? []) if (!ids.has(inc)) problems.push(`${e.id} includes unknown ${inc}`);
  const names = new Map<string, string>();
  const rx = new Map<string, string>();
  const sct = new Map<string, string>();
  for (const e of entries) {
    for (const n of namesOf(e)) {
      const key = phraseTokens(n, false).join(" ");
      const owner = names.get(key);
      if (owner !== undefined && owner !== e.id) problems.push(`name "${n}" belongs to ${owner} and ${e.id}`);
      names.set(key, e.id);
    }
    for (const code of rxcuis(e)) {
      const owner = rx.get(code);
      if (owner !== undefined) problems.push(`RXCUI ${code} belongs to ${owner} and ${e.id}`);
      rx.set(code, e.id);
    }
    for (const code of e.snomed ?? []) {
      const owner = sct.get(code);
      if (owner !== undefined) problems.push(`SNOMED CT ${code} belongs to ${owner} and ${e.id}`);
      sct.set(code, e.id);
    }
  }
  return problems;
}

/** The ingredient RXCUI and the product RXCUIs of an entry: each one, alone, names the entry. */
function rxcuis(e: DrugEntry | ContextDrugEntry): string[] {
  return [...(e.rxnorm === undefined ? [] : [e.rxnorm]), ...(e.rxnormProducts ?? [])];
}

function namesOf(e: DrugEntry | ContextDrugEntry): string[] {
  return [e.id, e.inn, ...e.brands, ...e.synonyms];
}

/**
 * The names of the catalogue's immunotherapies as the matcher reads them in a text (id, INN, brands, synonyms and
 * abbreviations): each name as its lower-case words, each word with every form a text may write it in (a plural).
 * A text names a catalogue immunotherapy only if it holds, as whole words in this order, one form of each word of
 * one name: the cohort prefilter compiles this into SQL, so no name is copied by hand.
 * @example
 * immunotherapyNameWords(catalogue).find((n) => n[0]?.[0] === "axi"); // [["axi", "axis"], ["cel", "cels"]]
 */
export function immunotherapyNameWords(catalogue: DrugCatalogue): string[][][] {
  const seen = new Set<string>();
  const out: string[][][] = [];
  for (const e of catalogue.drugs)
    for (const n of namesOf(e)) {
      const words = phraseTokens(n, false);
      const key = words.join(" ");
      if (words.length === 0 || seen.has(key)) continue;
      seen.add(key);
      out.push(words.map(writtenForms));
    }
  return out;
}

/** FHIR, OMOP and OID spellings of the three drug code systems. */
function drugSystem(system: string | undefined): "rxnorm" | "atc" | "snomed" | undefined {
  if (!system) return undefined;
  const s = system.toLowerCase();
  if (s.includes("rxnorm") || s.endsWith("2.16.840.1.113883.6.88")) return "rxnorm";
  // FHIR's URI (with an edition or version path after it), OMOP's vocabulary id "SNOMED", the HL7 v2/v3 OID.
  if (s.startsWith("http://snomed.info/sct") || s === "snomed" || s.endsWith("2.16.840.1.113883.6.96"))
    return "snomed";
  if (s.includes("whocc") || s === "atc" || s.endsWith("/atc") || s.endsWith("2.16.840.1.113883.6.73"))
    return "atc";
  return undefined;
}

interface Resolved {
  readonly id: string;
  readonly match: MedicationMatch;
  readonly includes: readonly string[];
  readonly generic: boolean;
  /** Phrases that, anywhere in the same text, mean another product. */
  readonly exclude?: PhraseIndex<true>;
}

export interface MedicationIndex {
  /** The one catalogue drug the concept names; undefined when it names none or several. */
  match(concept: SourceConcept): MedicationMatch | undefined;
  /** Every catalogue drug the concept names (codes first, then text order), combinations resolved. */
  matchAll(concept: SourceConcept): MedicationMatch[];
  /**
   * The drugs one medication record gives: {@link match}'s drug when it decides, else every drug the
   * record names ({@link matchAll}), so that a regimen charted on one line ("nivo/ipi", "durvalumab +
   * tremelimumab") is an exposure to each agent rather than to none.
   */
  medications(concept: SourceConcept): MedicationMatch[];
}

const TEXT_CACHE_LIMIT = 20_000;

/**
 * Builds the lookup maps once; matching a concept then costs O(words of its text). The catalogue is
 * checked first ({@link catalogueProblems}) unless `trusted`: a compiled knowledge bundle was checked when
 * it was compiled.
 *
 * @example
 * const index = createMedicationIndex(loadDrugCatalogue());
 * index.match({ codings: [], text: "KEYTRUDA 25 mg/mL" }); // { kind: "immunotherapy", drug: "pembrolizumab", class: "ici" }
 * index.matchAll({ codings: [], text: "nivolumab + ipilimumab" }).map((m) => m.drug); // ["nivolumab", "ipilimumab"]
 */
export function createMedicationIndex(
  catalogue: DrugCatalogue,
  opts: { readonly trusted?: boolean } = {},
): MedicationIndex {
  if (!opts.trusted) assertNoProblems("drug catalogues", catalogueProblems(catalogue));
  const byRxnorm = new Map<string, Resolved>();
  const byAtc = new Map<string, Resolved[]>();
  const bySnomed = new Map<string, Resolved>();
  const names = new PhraseIndex<Resolved>();
  const add = (e: DrugEntry | ContextDrugEntry, match: MedicationMatch): void => {
    const r: Resolved = {
      id: e.id,
      match,
      includes: e.includes ?? [],
      generic: e.generic === true,
      ...(e.exclude?.length ? { exclude: phraseSet(e.exclude) } : {}),
    };
    for (const code of rxcuis(e)) byRxnorm.set(code, r);
    for (const code of e.snomed ?? []) bySnomed.set(code, r);
    for (const code of atcCodes(e)) byAtc.set(code, [...(byAtc.get(code) ?? []), r]);
    for (const n of new Set(namesOf(e))) names.add(n, r);
  };
  for (const d of catalogue.drugs) add(d, { kind: "immunotherapy", drug: d.id, class: d.class });
  for (const c of catalogue.contextDrugs) add(c, { kind: "context", drug: c.id, roles: c.roles });

  const textCache = new Map<string, readonly Resolved[]>();
  const fromText = (text: string): readonly Resolved[] => {
    const cached = textCache.get(text);
    if (cached) return cached;
    const tokens = tokenize(text);
    const found: Resolved[] = [];
    for (const hit of names.findAll(tokens)) {
      for (const r of hit.values) if (!found.includes(r) && !excluded(r, tokens)) found.push(r);
    }
    // Sources repeat the same displays millions of times; a bounded cache keeps matching O(1) for them.
    if (textCache.size >= TEXT_CACHE_LIMIT) textCache.clear();
    textCache.set(text, found);
    return found;
  };

  const fromCodes = (concept: SourceConcept): Resolved[] => {
    const found: Resolved[] = [];
    for (const c of concept.codings) {
      const system = drugSystem(c.system);
      const code = c.code?.trim();
      if (!system || !code) continue;
      const hits =
        system === "rxnorm"
          ? [byRxnorm.get(code)]
          : system === "snomed"
            ? [bySnomed.get(code)]
            : (byAtc.get(code.toUpperCase()) ?? []);
      // A code shared by several entries (epoetin alfa and beta: B03XA01) identifies none of them.
      if (hits.length === 1 && hits[0] && !found.includes(hits[0])) found.push(hits[0]);
    }
    return found;
  };

  const fromAllText = (concept: SourceConcept): Resolved[] => {
    const found: Resolved[] = [];
    const texts = [...concept.codings.map((c) => c.display), concept.text];
    for (const t of texts) if (t) for (const r of fromText(t)) if (!found.includes(r)) found.push(r);
    return found;
  };

  const match = (concept: SourceConcept): MedicationMatch | undefined => {
    const byCode = resolveCombinations(fromCodes(concept));
    const coded = byCode.length === 1 ? byCode[0] : undefined;
    if (coded) {
      // A single agent's code with the text naming a fixed combination that contains it (nivolumab's
      // RXCUI on an "Opdualag" line): the product given is the combination, whose other agent the code
      // alone would lose.
      const combination = resolveCombinations(fromAllText(concept)).filter((r) =>
        r.includes.includes(coded.id),
      );
      return combination.length === 1 ? combination[0]?.match : coded.match;
    }
    const byText = resolveCombinations(fromAllText(concept));
    return byText.length === 1 ? byText[0]?.match : undefined;
  };
  const matchAll = (concept: SourceConcept): MedicationMatch[] => {
    const all = fromCodes(concept);
    for (const r of fromAllText(concept)) if (!all.includes(r)) all.push(r);
    return resolveCombinations(all).map((r) => r.match);
  };
  return {
    match,
    matchAll,
    medications(concept) {
      const one = match(concept);
      return one === undefined ? matchAll(concept) : [one];
    },
  };
}

/**
 * The single-drug matcher: RxNorm, ATC or SNOMED CT code first, then names in the text; undefined when the
 * concept names no catalogue drug or several (use {@link createMedicationIndex} `matchAll` for those).
 *
 * @example
 * const match = createMedicationMatcher(loadDrugCatalogue());
 * match({ codings: [{ system: "http://www.whocc.no/atc", code: "L01FF01" }] }); // nivolumab
 */
export function createMedicationMatcher(
  catalogue: DrugCatalogue,
  opts: { readonly trusted?: boolean } = {},
): (concept: SourceConcept) => MedicationMatch | undefined {
  const index = createMedicationIndex(catalogue, opts);
  return (concept) => index.match(concept);
}

/**
 * Drops single agents that a matched fixed combination absorbs (Opdualag absorbs nivolumab) and generic
 * entries when a named drug of the same catalogue is matched too ("tisagenlecleucel CAR-T cells",
 * "apixaban (DOAC)").
 */
function resolveCombinations(found: readonly Resolved[]): Resolved[] {
  const absorbed = new Set(found.flatMap((r) => r.includes));
  const named = new Set(found.filter((r) => !r.generic).map((r) => r.match.kind));
  return found.filter((r) => !absorbed.has(r.id) && !(r.generic && named.has(r.match.kind)));
}

function excluded(r: Resolved, text: Tokenized): boolean {
  const exclude = r.exclude;
  return exclude !== undefined && text.tokens.some((_, i) => exclude.startsAt(text, i));
}
