/** Messages between the page and the engine worker. */

import type { SessionResult } from "./assess-documents.js";
import type { SourceText } from "./documents.js";

export interface AssessRequest {
  readonly id: number;
  readonly evaluatedAt: string;
  readonly sources: readonly SourceText[];
}

export type AssessResponse =
  | { readonly id: number; readonly ok: true; readonly result: SessionResult; readonly ms: number }
  | { readonly id: number; readonly ok: false; readonly message: string };
