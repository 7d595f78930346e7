/**
 * Short labels for citations, as a clinician reads them in a text ("Schneider 2021", "Leaf 2019"), in
 * place of the knowledge base's reference ids. The label links to the full reference in Sources.
 */
import type { Reference } from "@hemosentinel/core";

/**
 * Surname then initials: "Schneider BJ,", "Samuelson Bannow BT,", "Leaf RK.", "Henter JI". Not the title of
 * Blood's "How I treat" series cited without its authors ("How I treat venous thromboembolism in pregnancy"),
 * which read as an author "How" with the initial I.
 */
const AUTHOR = /^(?!How I )((?:[A-Z][\p{L}'’-]+\s){0,2}?[A-Z][\p{L}'’-]+)\s+[A-Z]{1,3}(?:[,.]|\s|$)/u;
const YEAR = /\b(19[5-9]\d|20\d\d)\b/;
/** The year of a journal citation, before its volume or issue ("Blood 2007;48(2)"), not one in a title ("HLH-2004:"). */
const JOURNAL_YEAR = /\b(19[5-9]\d|20\d\d)(?=\s?[;(])/;

/**
 * One reference's label: the first author's surname and the year ("Schneider 2021"), "et al." left out; a
 * citation without a personal author (an organisation, a label, a web page) is named by its first words
 * up to the first full stop, comma or bracket, shortened to five words, with the year when it has one.
 *
 * @example referenceLabel({ id: "leaf-2019-ici-aiha", citation: "Leaf RK, Ferreri C, et al. … Am J Hematol 2019;94:563." })
 * // "Leaf 2019"
 */
export function referenceLabel(ref: Pick<Reference, "id" | "citation">): string {
  const citation = ref.citation.trim();
  const year = JOURNAL_YEAR.exec(citation)?.[1] ?? YEAR.exec(citation)?.[1];
  const author = AUTHOR.exec(citation)?.[1];
  if (author !== undefined) return year === undefined ? author : `${author} ${year}`;
  const head = (citation.replace(/\bU\.S\./g, "US").split(/[,(:;]|\.(?:\s|$)/)[0] ?? "").trim().split(/\s+/);
  const words = head.length > 5 ? `${head.slice(0, 5).join(" ")}…` : head.join(" ");
  if (words === "") return ref.id;
  return year === undefined || words.includes(year) ? words : `${words} ${year}`;
}

/**
 * The labels of every reference, made unique: two references with the same label are told apart by a
 * letter in the order of their ids ("Rejeski 2023a", "Rejeski 2023b"), as an author-year list does.
 */
export function referenceLabels(refs: Iterable<Pick<Reference, "id" | "citation">>): Map<string, string> {
  const byLabel = new Map<string, string[]>();
  for (const r of refs) {
    const label = referenceLabel(r);
    byLabel.set(label, [...(byLabel.get(label) ?? []), r.id]);
  }
  const out = new Map<string, string>();
  for (const [label, ids] of byLabel) {
    if (ids.length === 1) out.set(ids[0] as string, label);
    else
      [...ids].sort().forEach((id, i) => {
        const letter = String.fromCharCode(97 + (i % 26));
        out.set(id, /\d$/.test(label) ? `${label}${letter}` : `${label} (${letter})`);
      });
  }
  return out;
}
