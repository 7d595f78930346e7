// Apart from management.ts so that the engine can name a line without loading the knowledge schema (zod) at start.
import type { Recommendation } from "./management.js";

/** The identity of a plan's line across the patient's plans: the shared line it is, else its own id. */
export const lineIdentity = (r: Pick<Recommendation, "id" | "shared">): string => r.shared ?? r.id;
