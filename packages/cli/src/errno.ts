/** The system error code of a failed file operation (`ENOENT`, `EACCES`), or "error". */
export function errnoCode(e: unknown): string {
  return (e as NodeJS.ErrnoException).code ?? "error";
}
