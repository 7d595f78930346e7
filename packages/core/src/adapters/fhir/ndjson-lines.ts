/**
 * NDJSON read as a stream: text chunks in, numbered lines out, so a bulk export of any size is read
 * without holding a file. Browser-safe (the caller opens the file, a gzip stream or a `File.stream()`).
 */

/** One line of an NDJSON stream, numbered from 1, without its line break (and without a leading BOM). */
export interface NdjsonLine {
  readonly line: number;
  readonly text: string;
}

/**
 * The lines of a stream of text chunks (`\n` or `\r\n` ends a line; a last line without one is a line).
 * @example
 * for await (const { line, text } of ndjsonLines(createReadStream(path, "utf8"))) …
 */
export async function* ndjsonLines(chunks: AsyncIterable<string>): AsyncGenerator<NdjsonLine> {
  let rest = "";
  let line = 0;
  const out = (text: string): NdjsonLine => {
    line++;
    const t = text.endsWith("\r") ? text.slice(0, -1) : text;
    return { line, text: line === 1 && t.charCodeAt(0) === 0xfeff ? t.slice(1) : t };
  };
  for await (const chunk of chunks) {
    let start = 0;
    let text = rest + chunk;
    for (let end = text.indexOf("\n"); end !== -1; end = text.indexOf("\n", start)) {
      yield out(text.slice(start, end));
      start = end + 1;
    }
    text = text.slice(start);
    rest = text;
  }
  if (rest !== "") yield out(rest);
}
