/**
 * What cards need to name what the report gives by id: disorders (full and short), drugs, CTCAE terms,
 * references (short label and a link).
 */
import { type DisorderId, type Knowledge, type KnowledgeBundle, renderContextOf } from "@hemosentinel/core";

export interface Names {
  /** `ttp` → `Thrombotic thrombocytopenic purpura (TTP)`. */
  disorder(id: DisorderId): string;
  /** `ttp` → `TTP`; `thrombosis` → `thrombosis`; `evans` → `Evans syndrome` (as inside a sentence). */
  disorderShort(id: DisorderId): string;
  /** Catalogue drug id → INN (`pembrolizumab`). */
  drug(id: string): string;
  /** CTCAE term or event kind → words (`platelet-count-decreased` → `Platelet count decreased`). */
  abnormality(id: string): string;
  /** `Schneider 2021`, from the reference's citation. */
  referenceLabel(id: string): string;
  /** The reference's DOI, PubMed or web address. */
  referenceUrl(id: string): string | undefined;
  /** The full citation. */
  citation(id: string): string;
}

const ABBREVIATION = /\(([A-Z]{2,6})\)$/;

/** Names that keep their capital inside a sentence (eponyms). */
const EPONYM = /^Evans\b/;

function shortName(name: string): string {
  const abbreviation = ABBREVIATION.exec(name)?.[1];
  if (abbreviation !== undefined) return abbreviation;
  const cut = name.indexOf(" (");
  const short = cut > 0 ? name.slice(0, cut) : name;
  return EPONYM.test(short) ? short : short.charAt(0).toLowerCase() + short.slice(1);
}

/**
 * The names of one knowledge base.
 * @example
 * namesOf(knowledge, bundle).disorderShort("ttp"); // "TTP"
 */
export function namesOf(knowledge: Knowledge, bundle: Pick<KnowledgeBundle, "drugs">): Names {
  const render = renderContextOf(knowledge);
  const drugs = new Map([...bundle.drugs.drugs, ...bundle.drugs.contextDrugs].map((d) => [d.id, d.inn]));
  const disorders = new Map(knowledge.disorders.map((d) => [d.id, d.name]));
  // A named unexplained pattern (knowledge/unexplained.yaml `patterns`) is named by its label.
  const patterns = new Map(knowledge.unexplained.patterns.map((p) => [p.id, p.label]));
  return {
    disorder: (id) => disorders.get(id) ?? id,
    disorderShort: (id) => shortName(disorders.get(id) ?? id),
    drug: (id) => drugs.get(id) ?? id,
    abnormality: (id) => {
      const term = render.ctcaeTermName?.(id) ?? patterns.get(id);
      if (term !== undefined) return term;
      const words = id.replaceAll("-", " ");
      return words.charAt(0).toUpperCase() + words.slice(1);
    },
    referenceLabel: (id) => {
      const citation = knowledge.references.get(id)?.citation;
      if (citation === undefined) return id;
      const author = citation.split(/[ ,;]/)[0] ?? id;
      const year = /\b(19|20)\d{2}\b/.exec(citation)?.[0];
      return year === undefined ? author : `${author} ${year}`;
    },
    referenceUrl: (id) => {
      const r = knowledge.references.get(id);
      if (r === undefined) return undefined;
      if (r.doi !== undefined) return `https://doi.org/${r.doi}`;
      if (r.pmid !== undefined) return `https://pubmed.ncbi.nlm.nih.gov/${r.pmid}/`;
      return r.url;
    },
    citation: (id) => knowledge.references.get(id)?.citation ?? id,
  };
}

/**
 * A name in running text: its first letter lowered, the rest kept, so that a named pattern's acronyms
 * (ADAMTS13, TTP, HUS) survive; an acronym that opens the name (`DIC`) is kept whole.
 * @example
 * inRunningText("Platelet count decreased"); // "platelet count decreased"
 */
export function inRunningText(s: string): string {
  return /^[A-Z][a-z]/.test(s) ? s.charAt(0).toLowerCase() + s.slice(1) : s;
}
