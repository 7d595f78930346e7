/**
 * Whole-word phrase matching for coded-concept text (drug names, event terms): text is split into word
 * tokens once, phrases live in a token trie, and the longest phrase starting at each position wins, so
 * matching a string costs O(tokens × longest phrase) however many phrases the index holds. A plural word
 * matches the singular of a phrase ("subcutaneous hematomas").
 */

/** One word of a text, with the punctuation that separated it from the previous word. */
export interface Token {
  /** Lower-case, accent-free form used for case-insensitive phrases. */
  readonly lower: string;
  /** Form as written (accents removed), for phrases that must match in capitals. */
  readonly raw: string;
  /** A clause ended before this word (". ", ";", "!", "?", a line break). */
  readonly clauseBreak: boolean;
  /** A comma (or a clause break) stands before this word. */
  readonly commaBreak: boolean;
  /**
   * A colon, a spaced dash or a question mark ending the word before stands before this word: the answer of
   * a "field: answer" line ("Melena: denies", "DVT? no").
   */
  readonly labelBreak: boolean;
  /**
   * The line breaks between the word before and this one: 0 on the same line, 1 on the next line, 2 or more
   * behind a blank line (a section of a note ends there).
   */
  readonly lines: number;
  /**
   * A question mark stands right before this word and after a space, a punctuation mark or the start of the
   * text ("?DVT", "h/o PE, ? ITP"): the writer queries the problem. A "?" that ends a word ("DVT? no") is not one.
   */
  readonly queried: boolean;
  /**
   * What stands between the word before and this one, spaces removed ("." in "1.5", "<" in "ADAMTS13 <5"):
   * the decimal point and the comparator of a value written in a note.
   */
  readonly gap: string;
  /** The part of `gap` on this word's line (after its last line break), spaces removed: "[]" in "[ ] melena". */
  readonly lead?: string;
}

export interface Tokenized {
  readonly tokens: readonly Token[];
  /** The text has letters but none in lower case (a shouted note: capitals carry no meaning). */
  readonly allCaps: boolean;
  /** What follows the last word, spaces removed (a "(-)" or an empty box closing a line: "Hematuria: (-)"). */
  readonly tail?: string;
}

const WORD = /[A-Za-z0-9]+/g;

/** The text without accents, so that "Schönlein" matches "Schonlein". */
function plainText(text: string): string {
  return text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "");
}

/** A "?" (or several) ends the gap before a word and does not end the word before it ("DVT? no"). */
function queryMark(gap: string, first: boolean): boolean {
  const m = /\?+\s*$/.exec(gap);
  return m !== null && (first || m.index > 0);
}

/** Splits a text into word tokens; accents are removed so "Schönlein" matches "Schonlein". */
export function tokenize(text: string): Tokenized {
  const plain = plainText(text);
  const tokens: Token[] = [];
  let last = 0;
  for (const m of plain.matchAll(WORD)) {
    const gap = plain.slice(last, m.index);
    // A period between digits or letters with no space ("2.5", "ch14.18") is not a sentence end.
    const clauseBreak = tokens.length > 0 && /[;!?\n]|\.\s/.test(gap);
    tokens.push({
      lower: m[0].toLowerCase(),
      raw: m[0],
      clauseBreak,
      commaBreak: clauseBreak || (tokens.length > 0 && gap.includes(",")),
      // "DVT? no" answers a question as "DVT: no" answers a field.
      labelBreak: tokens.length > 0 && /:|\s[-\u2013\u2014]\s|^\?/.test(gap),
      lines: tokens.length > 0 ? (gap.match(/\r\n|\r|\n/g) ?? []).length : 0,
      queried: queryMark(gap, tokens.length === 0),
      gap: gap.replace(/\s+/g, ""),
      lead: gap.replace(/^[\s\S]*(\r\n|\r|\n)/, "").replace(/\s+/g, ""),
    });
    last = m.index + m[0].length;
  }
  return {
    tokens,
    allCaps: /[A-Z]/.test(plain) && !/[a-z]/.test(plain),
    tail: plain.slice(last).replace(/\s+/g, ""),
  };
}

/** Word tokens of a phrase as the index stores it: the words of {@link tokenize}, without their breaks. */
export function phraseTokens(phrase: string, caseSensitive: boolean): string[] {
  const words = plainText(phrase).match(WORD) ?? [];
  return caseSensitive ? words : words.map((w) => w.toLowerCase());
}

interface Node<V> {
  readonly next: Map<string, Node<V>>;
  values?: V[];
}

/** A phrase found in a text: token span [start, end) and what the phrase stands for. */
export interface PhraseHit<V> {
  readonly start: number;
  readonly end: number;
  readonly values: readonly V[];
}

/**
 * Token trie of phrases. Case-insensitive phrases match the lower-case form of words; case-sensitive
 * ones (abbreviations such as "PE") match words exactly as written.
 */
export class PhraseIndex<V> {
  private readonly lower: Node<V> = { next: new Map() };
  private readonly exact: Node<V> = { next: new Map() };

  /** Adds a phrase; returns false when it has no word at all. */
  add(phrase: string, value: V, caseSensitive = false): boolean {
    const words = phraseTokens(phrase, caseSensitive);
    if (words.length === 0) return false;
    let node = caseSensitive ? this.exact : this.lower;
    for (const w of words) {
      let child = node.next.get(w);
      if (!child) {
        child = { next: new Map() };
        node.next.set(w, child);
      }
      node = child;
    }
    if (!node.values) node.values = [];
    node.values.push(value);
    return true;
  }

  /** Values stored for exactly this phrase (used to detect a phrase given to two entries). */
  lookup(phrase: string, caseSensitive = false): readonly V[] {
    let node: Node<V> | undefined = caseSensitive ? this.exact : this.lower;
    for (const w of phraseTokens(phrase, caseSensitive)) {
      node = node.next.get(w);
      if (!node) return [];
    }
    return node.values ?? [];
  }

  /**
   * Non-overlapping hits, left to right, the longest phrase at each position. Case-sensitive phrases
   * are skipped in all-capital texts of more than `capsWords` words with letters, where capitals mean
   * nothing. Numbers are no words there: a date or a count after a problem list entry ("PMH: DVT
   * 2026-11-01", "HIT 2019 / TTP 2015") is not shouting. Before, its digits counted and the clot was lost.
   * With `shoutedAmbiguous`, a shouted text still reads every case-sensitive phrase but those (as written)
   * that are also everyday words ("HIT", "ALL", "ATE"): "ACUTE PE ON CT TODAY" names its PE.
   */
  findAll(text: Tokenized, capsWords = 4, shoutedAmbiguous?: ReadonlySet<string>): PhraseHit<V>[] {
    const { tokens } = text;
    let words = 0;
    if (text.allCaps) for (const t of tokens) if (/[a-z]/.test(t.lower)) words++;
    const shouted = text.allCaps && words > capsWords;
    const useExact = !shouted || shoutedAmbiguous !== undefined;
    const hits: PhraseHit<V>[] = [];
    let i = 0;
    while (i < tokens.length) {
      let best: PhraseHit<V> | undefined;
      for (const [root, key] of [
        [this.lower, "lower"],
        [this.exact, "raw"],
      ] as const) {
        if (key === "raw" && !useExact) continue;
        let node: Node<V> | undefined = root;
        for (let j = i; j < tokens.length; j++) {
          node = step(node, (tokens[j] as Token)[key]);
          if (!node) break;
          if (
            node.values &&
            (!best || j + 1 > best.end) &&
            !(
              key === "raw" &&
              shouted &&
              shoutedAmbiguous?.has(
                tokens
                  .slice(i, j + 1)
                  .map((t) => t.raw)
                  .join(" "),
              )
            )
          )
            best = { start: i, end: j + 1, values: node.values };
        }
      }
      if (best) {
        hits.push(best);
        i = best.end;
      } else i++;
    }
    return hits;
  }

  /** The end of the longest phrase of the index that starts at token `at` (before `limit`); undefined if none. */
  endAt(text: Tokenized, at: number, limit: number = text.tokens.length): number | undefined {
    let node: Node<V> | undefined = this.lower;
    let end: number | undefined;
    for (let j = at; j < limit; j++) {
      node = node.next.get((text.tokens[j] as Token).lower);
      if (!node) break;
      if (node.values) end = j + 1;
    }
    return end;
  }

  /** True when a phrase of the index starts at token `at` and ends at or before `limit`. */
  startsAt(text: Tokenized, at: number, limit: number = text.tokens.length): boolean {
    let node: Node<V> | undefined = this.lower;
    for (let j = at; j < limit; j++) {
      node = node.next.get((text.tokens[j] as Token).lower);
      if (!node) return false;
      if (node.values) return true;
    }
    return false;
  }
}

/**
 * The singular forms an English plural may stand for, tried in order ("hematomas" → "hematoma",
 * "thromboses" → "thrombosis", "emboli" → "embolus", "ecchymoses" → "ecchymosis"). Words of three letters
 * or fewer are left alone ("as", "has" never become "a", "ha").
 */
export function singulars(word: string): string[] {
  if (word.length <= 3) return [];
  const out: string[] = [];
  if (/ses$/i.test(word)) out.push(`${word.slice(0, -2)}is`);
  if (/ies$/i.test(word)) out.push(`${word.slice(0, -3)}y`);
  if (/[^su]s$/i.test(word)) out.push(word.slice(0, -1));
  if (/i$/i.test(word)) out.push(`${word.slice(0, -1)}us`);
  return out;
}

/**
 * Every way a text may write a phrase's word that {@link step} reads as it: the word, and each plural whose
 * {@link singulars} give it back ("cell" → "cells", "therapy" → "therapies"). A text holds the phrase only if it
 * holds one of these forms at each of its words (the cohort's SQL prefilter matches them).
 * @example
 * writtenForms("therapy"); // ["therapy", "therapies"]
 */
export function writtenForms(word: string): string[] {
  const candidates = [`${word}s`];
  if (word.endsWith("y")) candidates.push(`${word.slice(0, -1)}ies`);
  if (word.endsWith("is")) candidates.push(`${word.slice(0, -2)}es`);
  if (word.endsWith("us")) candidates.push(`${word.slice(0, -2)}i`);
  return [word, ...candidates.filter((c) => singulars(c).includes(word))];
}

/** The child for a word: as written, else for a singular of it, so plurals match their phrase. */
function step<V>(node: Node<V>, word: string): Node<V> | undefined {
  const exact = node.next.get(word);
  if (exact) return exact;
  for (const singular of singulars(word)) {
    const child = node.next.get(singular);
    if (child) return child;
  }
  return undefined;
}

/** An index of cue phrases (case-insensitive) whose only question is whether one occurs at a token. */
export function phraseSet(phrases: readonly string[]): PhraseIndex<true> {
  const index = new PhraseIndex<true>();
  for (const p of phrases) index.add(p, true);
  return index;
}
