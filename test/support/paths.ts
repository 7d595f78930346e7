/** Where the repository's own files and the shared test data are, for tests anywhere in the tree. */
import { join } from "node:path";

/** The repository root (test/support/../..). */
export const REPO_ROOT = join(import.meta.dirname, "..", "..");
/** The shared material beside the checkout: design notes, third-party test data, references. */
export const SHARED = join(REPO_ROOT, "..", "shared");
/** The Synthea FHIR bundles of the shared test data. */
export const SYNTHEA = join(SHARED, "data", "synthea");
