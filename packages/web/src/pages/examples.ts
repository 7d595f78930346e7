/**
 * The example patients of the repository (examples/), bundled with the app as static files so they open
 * offline: published cases, controls and constructed demonstrations.
 */
const urls = import.meta.glob<string>("../../../../examples/*.json", {
  query: "?url",
  import: "default",
  eager: true,
});

export interface Example {
  /** File name without `.json`, e.g. `itp-pembrolizumab-nsclc-mouri-2020`. */
  readonly name: string;
  readonly url: string;
  readonly group: "Published cases" | "Controls" | "Constructed demonstrations";
}

function groupOf(name: string): Example["group"] {
  if (name.startsWith("control-")) return "Controls";
  if (name.startsWith("demo-")) return "Constructed demonstrations";
  return "Published cases";
}

export const EXAMPLES: readonly Example[] = Object.entries(urls)
  .map(([path, url]) => {
    const name = (path.split("/").pop() ?? path).replace(/\.json$/, "");
    return { name, url, group: groupOf(name) };
  })
  .sort((a, b) => a.name.localeCompare(b.name));

/** The example's text, fetched from the app's own origin. */
export async function exampleText(example: Example): Promise<string> {
  const response = await fetch(example.url);
  if (!response.ok) throw new Error(`${example.name}.json could not be loaded (HTTP ${response.status})`);
  return response.text();
}
