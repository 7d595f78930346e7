/**
 * What the user opened in this tab: the sources, the patients assessed from them and what could not be
 * read. It lives in this tab's memory only: nothing is stored or sent anywhere.
 */
import { createContext, type ReactNode, useCallback, useContext, useMemo, useState } from "react";
import type { SessionResult, SourceOutcome } from "../engine/assess-documents.js";
import { assessInWorker } from "../engine/client.js";
import type { SourceText } from "../engine/documents.js";

export type SessionState =
  | { readonly status: "empty" }
  | { readonly status: "working"; readonly what: string }
  | { readonly status: "ready"; readonly what: string; readonly result: SessionResult }
  | { readonly status: "failed"; readonly what: string; readonly message: string };

interface SessionApi {
  readonly state: SessionState;
  /**
   * Assesses `sources` (described by `what`, e.g. "2 files") and keeps the result as the session, with
   * `failed`: sources that could not even be fetched (an EHR search), listed beside the others.
   */
  readonly open: (
    sources: readonly SourceText[],
    evaluatedAt: string,
    what: string,
    failed?: readonly SourceOutcome[],
  ) => Promise<SessionResult | undefined>;
}

const SessionContext = createContext<SessionApi | undefined>(undefined);

export function SessionProvider({ children }: { readonly children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: "empty" });
  const open = useCallback(
    async (
      sources: readonly SourceText[],
      evaluatedAt: string,
      what: string,
      failed: readonly SourceOutcome[] = [],
    ) => {
      setState({ status: "working", what });
      try {
        const assessed = await assessInWorker(sources, evaluatedAt);
        const result = { ...assessed, sources: [...assessed.sources, ...failed] };
        setState({ status: "ready", what, result });
        return result;
      } catch (e) {
        setState({ status: "failed", what, message: e instanceof Error ? e.message : String(e) });
        return undefined;
      }
    },
    [],
  );
  const api = useMemo(() => ({ state, open }), [state, open]);
  return <SessionContext.Provider value={api}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionApi {
  const api = useContext(SessionContext);
  if (api === undefined) throw new Error("useSession outside SessionProvider");
  return api;
}

/**
 * The evaluation time for a date chosen by the user (the end of that day, UTC, as the CLI reads `--at`), or
 * now to the second.
 */
export function evaluationTime(date: string | undefined, now: Date = new Date()): string {
  if (date !== undefined && /^\d{4}-\d{2}-\d{2}$/.test(date)) return `${date}T23:59:59Z`;
  return `${now.toISOString().slice(0, 19)}Z`;
}
