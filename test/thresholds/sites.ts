/**
 * Every numeric threshold of the disorder and management knowledge, found by walking the files: lab cut-offs,
 * window days, latency and episode lengths, score and grade thresholds, certainty counts, fact conditions.
 * One walker serves the boundary tests (over the loaded knowledge) and the mutation run (over the YAML
 * text), so both name a threshold by the same key: `disorders/itp.yaml criteria[thrombocytopenia].test.below`.
 */

/** How a threshold is shifted by the mutation run (see `mutantValues`). */
export type StepKind = "days" | "hours" | "integer" | "ratio" | "value";

/** One numeric threshold in a knowledge file. */
export interface NumberSite {
  /** File relative to the knowledge folder, e.g. `disorders/itp.yaml`. */
  readonly file: string;
  /** Path of keys and array indices inside the file's YAML. */
  readonly path: readonly (string | number)[];
  /** Readable path: array elements are named by their `id` when they have one. */
  readonly where: string;
  /** `file where`: the stable name of the threshold in tests, pins and reports. */
  readonly key: string;
  readonly field: string;
  readonly value: number;
  readonly kind: StepKind;
}

const DAYS = new Set([
  "startDay",
  "endDay",
  "minDays",
  "maxDays",
  "searchFromDay",
  "episodeDays",
  "recoveryDays",
  "withinDays",
]);
const INTEGERS = new Set(["gradeMin", "gradeMax", "minGrade", "grades", "min"]);
const RATIOS = new Set(["belowLln", "aboveUln"]);
/** Numbers that are not thresholds: list order, and the grade a matching grade rule assigns. */
const NOT_THRESHOLDS = new Set(["priority"]);

type Segment = string | number;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** `criteria[thrombocytopenia].test.tests[0].below` */
export function pathText(root: unknown, path: readonly Segment[]): string {
  let node: unknown = root;
  let out = "";
  for (const seg of path) {
    if (typeof seg === "number") {
      const el = Array.isArray(node) ? node[seg] : undefined;
      out += isRecord(el) && typeof el.id === "string" ? `[${el.id}]` : `[${seg}]`;
      node = el;
    } else {
      out += out === "" ? seg : `.${seg}`;
      node = isRecord(node) ? node[seg] : undefined;
    }
  }
  return out;
}

function stepKind(field: string, parent: Record<string, unknown>): StepKind {
  if (DAYS.has(field)) return "days";
  if (field === "withinHours") return "hours";
  if (INTEGERS.has(field)) return "integer";
  if (RATIOS.has(field)) return "ratio";
  // Score totals are whole points.
  if (parent.kind === "score") return "integer";
  return "value";
}

/**
 * The numeric thresholds of one knowledge file's content (a disorder definition or a management file), in
 * document order. `file` is the file's path relative to the knowledge folder.
 */
export function numberSites(file: string, root: unknown): NumberSite[] {
  const out: NumberSite[] = [];
  const walk = (node: unknown, path: Segment[]): void => {
    if (Array.isArray(node)) {
      // A recommendation's variant without a drug (`replaces`, made from its `without`) copies the item's
      // conditions: its thresholds are the item's, pinned and tested there.
      for (const [i, x] of node.entries())
        if (!(isRecord(x) && x.replaces !== undefined)) walk(x, [...path, i]);
    } else if (isRecord(node)) {
      for (const [field, v] of Object.entries(node)) {
        if (typeof v === "number") {
          if (NOT_THRESHOLDS.has(field)) continue;
          // A grade rule's `grade` is what the rule assigns, not a threshold.
          if (field === "grade" && path.includes("rules")) continue;
          const p = [...path, field];
          const where = pathText(root, p);
          out.push({
            file,
            path: p,
            where,
            key: `${file} ${where}`,
            field,
            value: v,
            kind: stepKind(field, node),
          });
        } else walk(v, [...path, field]);
      }
    }
  };
  walk(root, []);
  return out;
}

/** The value at a path (undefined when the path does not exist). */
export function valueAt(root: unknown, path: readonly Segment[]): unknown {
  let node: unknown = root;
  for (const seg of path) {
    if (typeof seg === "number") node = Array.isArray(node) ? node[seg] : undefined;
    else node = isRecord(node) ? node[seg] : undefined;
  }
  return node;
}

/** Decimal places of a number as written (`1.0` → 1, `100` → 0, `0.25` → 2). */
export function decimalsOf(text: string): number {
  const m = /\.(\d+)$/.exec(text.trim());
  return m ? (m[1] as string).length : 0;
}

function round(v: number, decimals: number): number {
  return Number(v.toFixed(decimals));
}

/**
 * The shifted values of one threshold, each different from the original and from each other:
 * days ± 1 and ± 7; hours ± 1 and ± 6; whole numbers (grades, score points, counts) ± 1; fractions of a
 * reference limit ± 0.1 and ± 0.2; other values one unit of their last written decimal place either
 * side and ± 10 % (at least two units): 100 → 99/101 and 90/110, 10 % → 9/11 and 8/12, 0.6 → 0.5/0.7 and
 * 0.4/0.8. Shifts that would make a non-day threshold negative are left out.
 */
export function mutantValues(site: Pick<NumberSite, "kind" | "value">, text: string): number[] {
  const v = site.value;
  const d = decimalsOf(text);
  let shifts: number[];
  let decimals = d;
  switch (site.kind) {
    case "days":
      shifts = [-1, 1, -7, 7];
      break;
    case "hours":
      shifts = [-1, 1, -6, 6];
      break;
    case "integer":
      shifts = [-1, 1];
      break;
    case "ratio":
      decimals = Math.max(d, 1);
      shifts = [-0.1, 0.1, -0.2, 0.2];
      break;
    case "value": {
      const unit = 10 ** -d;
      const far = Math.max(2 * unit, round(Math.abs(v) * 0.1, d));
      shifts = [-unit, unit, -far, far];
      break;
    }
  }
  const out: number[] = [];
  for (const s of shifts) {
    const m = round(v + s, decimals);
    if (m === v || out.includes(m)) continue;
    if (site.kind !== "days" && m < 0) continue;
    out.push(m);
  }
  return out;
}
