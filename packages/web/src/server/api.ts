/**
 * A JSON answer of the HemoSentinel server, checked against the core's contract schema before anything
 * is shown: the value, or why there is none (the server's RFC 9457 problem document as it is, a network
 * failure, an answer that is not JSON or does not follow the contract).
 */

export type Checked<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly status?: number; readonly title: string; readonly detail?: string };

/** A contract schema as this module uses it (the core's zod schemas are ones). */
export interface Contract<T> {
  safeParse(value: unknown):
    | { readonly success: true; readonly data: T }
    | {
        readonly success: false;
        readonly error: { readonly issues: readonly { message: string; path: readonly PropertyKey[] }[] };
      };
}

export interface CheckedFetchWords {
  /** The title of a 404 without a problem document. */
  readonly notFound: string;
  /** What the answer should be: "the assessment contract". */
  readonly contract: string;
}

function problemOf(status: number, body: unknown, notFound: string): { title: string; detail?: string } {
  const p = (body ?? {}) as { title?: unknown; detail?: unknown };
  const title =
    typeof p.title === "string" ? p.title : status === 404 ? notFound : `The server answered HTTP ${status}`;
  return typeof p.detail === "string" ? { title, detail: p.detail } : { title };
}

/**
 * GETs `path` and checks the answer with `schema`.
 * @example
 * const answer = await fetchChecked("/api/cohort/flagged", CohortFlaggedSchema, words);
 */
export async function fetchChecked<T>(
  path: string,
  schema: Contract<T>,
  words: CheckedFetchWords,
  fetcher: typeof fetch = fetch,
): Promise<Checked<T>> {
  let response: Response;
  try {
    response = await fetcher(path, { headers: { accept: "application/json" } });
  } catch (e) {
    return {
      ok: false,
      title: "The server could not be reached",
      detail: e instanceof Error ? e.message : String(e),
    };
  }
  const type = response.headers.get("content-type") ?? "";
  const body: unknown = /json/.test(type) ? await response.json().catch(() => undefined) : undefined;
  if (!response.ok)
    return { ok: false, status: response.status, ...problemOf(response.status, body, words.notFound) };
  if (body === undefined)
    return { ok: false, status: response.status, title: "The server's answer is not JSON" };
  const checked = schema.safeParse(body);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    const where =
      issue === undefined || issue.path.length === 0 ? "" : ` at ${issue.path.map(String).join(".")}`;
    return {
      ok: false,
      status: response.status,
      title: `The server's answer does not follow ${words.contract}`,
      detail: `${issue?.message ?? "invalid"}${where}`,
    };
  }
  return { ok: true, value: checked.data };
}
