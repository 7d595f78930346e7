/**
 * Safe HTML building: the `html` tagged template escapes every interpolated value unless it is itself
 * markup built by `html`, so text from the input (patient ids, reasons, details) can never become markup.
 */

/** A fragment of HTML that is already safe to insert. */
export class Markup {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

/** What may be interpolated: text (escaped), numbers, markup, lists of those; nothing for null/undefined/false. */
export type Interpolation = string | number | Markup | null | undefined | false | readonly Interpolation[];

const ESCAPES: Readonly<Record<string, string>> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** Escapes text for use in element content and quoted attribute values. */
function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ESCAPES[ch] ?? ch);
}

function toHtml(value: Interpolation): string {
  if (value === null || value === undefined || value === false) return "";
  if (value instanceof Markup) return value.value;
  if (Array.isArray(value)) return value.map(toHtml).join("");
  return escapeHtml(String(value));
}

/**
 * Builds markup; interpolated text is escaped.
 * @example
 * html`<td>${patientId}</td>`.value; // "<td>&lt;script&gt;…</td>" for a hostile id
 */
export function html(strings: TemplateStringsArray, ...values: readonly Interpolation[]): Markup {
  let out = strings[0] ?? "";
  values.forEach((v, i) => {
    out += toHtml(v) + (strings[i + 1] ?? "");
  });
  return new Markup(out);
}

/** Trusted literal markup (style sheets, constant snippets). Never pass input data. */
export function raw(trusted: string): Markup {
  return new Markup(trusted);
}
