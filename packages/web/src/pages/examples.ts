/**
 * The example patients of the repository (examples/), bundled with the app as static files so they open
 * offline: published cases, controls and constructed demonstrations.
 */
const urls = import.meta.glob<string>("../../../../examples/*.json", {
  query: "?url",
  import: "default",
  eager: true,
});

/**
 * Each example's clinical title, as the case's spec (examples/specs, test/cases/specs) states it, with the
 * published report's first author and year; the file name is shown beside it in small print.
 */
const TITLES: Readonly<Record<string, string>> = {
  "aha-nivolumab-nsclc-kato-2018":
    "Acquired haemophilia A: gastric bleeding after 17 months of nivolumab for lung squamous cell carcinoma (Kato 2018)",
  "dic-nivolumab-melanoma-ejhp-2021":
    "Fatal DIC with hypofibrinogenaemia after 14 cycles of nivolumab for metastatic melanoma (Eur J Hosp Pharm 2021)",
  "itp-pembrolizumab-nsclc-mouri-2020":
    "Immune thrombocytopenia, grade 4, three weeks after starting pembrolizumab for lung cancer (Mouri 2020)",
  "itp-rituximab-smzl-qureini-2019":
    "Platelets 167 to 7 ×10⁹/L the day after rituximab for splenic marginal zone lymphoma (Qureini 2019)",
  "thrombosis-nivolumab-pulmonary-embolism-liao-2017":
    "Pulmonary embolism six weeks after starting nivolumab for lung adenocarcinoma (Liao 2017)",
  "ttp-nivolumab-anal-scc-gergi-2020":
    "Immune TTP twelve weeks into adjuvant nivolumab for anal squamous cell carcinoma (Gergi 2020)",
  "control-nivolumab-sepsis-overt-dic":
    "Septic shock with overt DIC on nivolumab: DIC attributable to sepsis",
  "control-pembrolizumab-carboplatin-pemetrexed-myelosuppression":
    "Chemotherapy nadir thrombocytopenia and neutropenia on pembrolizumab with carboplatin and pemetrexed",
  "control-pembrolizumab-heparin-induced-thrombocytopenia":
    "Heparin-induced thrombocytopenia with a DVT on enoxaparin, on pembrolizumab",
  "control-teclistamab-crs-normal-coagulation":
    "Teclistamab step-up dosing with grade 1 CRS and normal coagulation",
  "demo-carac-tisagenlecleucel": "CRS-associated hypofibrinogenaemia after tisagenlecleucel (CARAC)",
  "demo-dic-cart": "Overt DIC with grade 3 CRS after axicabtagene ciloleucel",
  "demo-evans-nivolumab": "Evans syndrome (ITP with warm autoimmune haemolytic anaemia) on nivolumab",
};

export interface Example {
  /** File name without `.json`, e.g. `itp-pembrolizumab-nsclc-mouri-2020`. */
  readonly name: string;
  /** What the case is, in clinical words (the file name when no title is written for it). */
  readonly title: string;
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
    return { name, url, group: groupOf(name), title: TITLES[name] ?? name };
  })
  .sort((a, b) => a.name.localeCompare(b.name));

/** The example's text, fetched from the app's own origin. */
export async function exampleText(example: Example): Promise<string> {
  const response = await fetch(example.url);
  if (!response.ok) throw new Error(`${example.name}.json could not be loaded (HTTP ${response.status})`);
  return response.text();
}
