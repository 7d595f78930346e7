/**
 * A deterministic synthetic FAERS-shaped corpus for the pharmacovigilance benchmark: quarterly folders of
 * `$`-separated DEMO, DRUG and REAC files (FDA's layout and column names, trailing `$`), with catalogue
 * immunotherapies by brand and INN among a long tail of other drug names, the disorders' MedDRA terms
 * among other terms, and one case in twenty reported again in a later version (so de-duplication works).
 */
import { closeSync, mkdirSync, openSync, writeSync } from "node:fs";
import { join } from "node:path";
import { createRng } from "./prng.js";

/** Catalogue immunotherapies as reporters write them (brand or INN), with a relative frequency. */
const IMMUNO = [
  "KEYTRUDA",
  "PEMBROLIZUMAB",
  "OPDIVO",
  "NIVOLUMAB",
  "TECENTRIQ",
  "YERVOY",
  "IMFINZI",
  "TECVAYLI",
  "TALVEY",
  "ELREXFIO",
  "BLINCYTO",
  "COLUMVI",
  "EPKINLY",
  "KYMRIAH",
  "YESCARTA",
  "CARVYKTI",
  "ABECMA",
  "BREYANZI",
  "DARZALEX",
  "RITUXAN",
  "OPDIVO + YERVOY",
];
const EVENTS = [
  "Immune thrombocytopenia",
  "Thrombotic thrombocytopenic purpura",
  "Pulmonary embolism",
  "Deep vein thrombosis",
  "Disseminated intravascular coagulation",
  "Coagulopathy",
  "Acquired haemophilia",
  "Evans syndrome",
  "Hypofibrinogenaemia",
];
const OTHER_DRUGS = 5_000;
const OTHER_EVENTS = 8_000;
const HEADERS = {
  demo: "primaryid$caseid$caseversion$i_f_code$fda_dt$age$age_cod$sex$occr_country$",
  drug: "primaryid$caseid$drug_seq$role_cod$drugname$prod_ai$route$",
  reac: "primaryid$caseid$pt$drug_rec_act$",
};

export interface CorpusSize {
  readonly reports: number;
  readonly quarters: number;
}

export interface Corpus {
  readonly dir: string;
  readonly files: readonly string[];
  readonly rows: number;
  readonly bytes: number;
}

/** Buffered writes to one file. */
function writer(path: string) {
  const fd = openSync(path, "w");
  let chunks: string[] = [];
  let size = 0;
  let bytes = 0;
  const flush = () => {
    const text = chunks.join("");
    bytes += writeSync(fd, text);
    chunks = [];
    size = 0;
  };
  return {
    line(text: string) {
      chunks.push(text);
      size += text.length;
      if (size > 1 << 20) flush();
    },
    close() {
      flush();
      closeSync(fd);
      return bytes;
    },
  };
}

/**
 * Writes the corpus under `dir` (one folder per quarter); the same size and seed give the same bytes.
 * @example
 * const corpus = writeCorpus(tmp, { reports: 100_000, quarters: 4 }, 7);
 */
export function writeCorpus(dir: string, size: CorpusSize, seed: number): Corpus {
  const rng = createRng(seed);
  const files: string[] = [];
  let rows = 0;
  let bytes = 0;
  const perQuarter = Math.ceil(size.reports / size.quarters);
  for (let q = 0; q < size.quarters; q++) {
    const year = 13 + Math.floor(q / 4);
    const name = `${year}Q${(q % 4) + 1}`;
    const folder = join(dir, `faers_ascii_20${name}`, "ASCII");
    mkdirSync(folder, { recursive: true });
    const out = {
      demo: writer(join(folder, `DEMO${name}.txt`)),
      drug: writer(join(folder, `DRUG${name}.txt`)),
      reac: writer(join(folder, `REAC${name}.txt`)),
    };
    for (const [t, w] of Object.entries(out)) w.line(`${HEADERS[t as keyof typeof HEADERS]}\n`);
    const fdaDt = `20${year}${String((q % 4) * 3 + 1).padStart(2, "0")}15`;
    const first = q * perQuarter;
    for (let i = first; i < Math.min(size.reports, first + perQuarter); i++) {
      // One case in twenty comes back in the next quarter as version 2 (a new PRIMARYID for the same CASEID).
      const versions = i % 20 === 0 && q > 0 ? [1, 2] : [1];
      for (const v of versions) {
        const caseid = v === 2 ? i - perQuarter + 1 : i + 1;
        const primaryid = `${caseid}${v}`;
        out.demo.line(
          `${primaryid}$${caseid}$${v}$${v === 1 ? "I" : "F"}$${fdaDt}$${rng.int(1, 95)}$YR$${rng.next() < 0.5 ? "F" : "M"}$US$\n`,
        );
        rows++;
        const drugs = rng.int(1, 4);
        // Reports are over-dispersed as real ones are: a drug's reports favour a few terms of their own,
        // and immunotherapy reports carry the disorders' terms more often.
        let lead = -1;
        let immuno = false;
        for (let d = 1; d <= drugs; d++) {
          const isImmuno = rng.next() < 0.08;
          const index = Math.floor(OTHER_DRUGS * rng.next() ** 2);
          if (lead < 0) lead = index;
          immuno ||= isImmuno;
          const drug = isImmuno
            ? (IMMUNO[rng.int(0, IMMUNO.length - 1)] as string)
            : `DRUG${String(index).padStart(5, "0")}`;
          out.drug.line(
            `${primaryid}$${caseid}$${d}$${d === 1 ? "PS" : rng.next() < 0.3 ? "SS" : "C"}$${drug}$$IV$\n`,
          );
          rows++;
        }
        const events = rng.int(1, 4);
        for (let e = 0; e < events; e++) {
          const u = rng.next();
          const term =
            u < (immuno ? 0.15 : 0.02)
              ? (EVENTS[rng.int(0, EVENTS.length - 1)] as string)
              : u < 0.4
                ? `Term ${(lead * 13 + rng.int(0, 5)) % OTHER_EVENTS}`
                : `Term ${Math.floor(OTHER_EVENTS * rng.next() ** 2)}`;
          out.reac.line(`${primaryid}$${caseid}$${term}$$\n`);
          rows++;
        }
      }
    }
    for (const [t, w] of Object.entries(out)) {
      bytes += w.close();
      files.push(join(folder, `${t.toUpperCase()}${name}.txt`));
    }
  }
  return { dir, files, rows, bytes };
}
