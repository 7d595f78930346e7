/** Errors of a knowledge base that does not hold together: the file and field named, never a guess. */

/** A knowledge file or cross-reference that fails validation, naming the file and the path inside it. */
export class KnowledgeError extends Error {
  override name = "KnowledgeError";
}

/** Throws a KnowledgeError naming `where` and the first five problems; does nothing when there are none. */
export function assertNoProblems(where: string, problems: readonly string[]): void {
  if (problems.length > 0) throw new KnowledgeError(`${where}: ${problems.slice(0, 5).join("; ")}`);
}
