/**
 * Writes docs/report.schema.json: the JSON Schema of the output report, generated from its zod schema
 * (`reportJsonSchema()` of @hemosentinel/core), with the TSDoc of each contract type and property copied
 * in as `description`, so that the prose of the contract is written once, in the TypeScript.
 *
 *   npm run schema            rewrite the file
 *   report-schema.test.ts     fails when the committed file is out of date
 */
import { readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { reportJsonSchema } from "../../packages/core/src/contracts/json-schema.js";
import { REPO_ROOT } from "../support/paths.js";

export const SCHEMA_FILE = join(REPO_ROOT, "docs", "report.schema.json");
const CONTRACTS = join(REPO_ROOT, "packages", "core", "src", "contracts");
/** The type the schema's root describes. */
const ROOT_TYPE = "AssessmentReport";

type Node = { [key: string]: unknown };

const isNode = (x: unknown): x is Node => typeof x === "object" && x !== null && !Array.isArray(x);

/** The exported type aliases of the contracts, by name, with the checker that reads them. */
function contractTypes(): { checker: ts.TypeChecker; types: Map<string, ts.Symbol> } {
  const files = readdirSync(CONTRACTS)
    .filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts"))
    .map((f) => join(CONTRACTS, f));
  const program = ts.createProgram(files, {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    strict: true,
    skipLibCheck: true,
    noEmit: true,
    types: [],
  });
  const checker = program.getTypeChecker();
  const types = new Map<string, ts.Symbol>();
  for (const file of files) {
    const source = program.getSourceFile(file);
    const module = source && checker.getSymbolAtLocation(source);
    if (module === undefined) continue;
    for (const s of checker.getExportsOfModule(module))
      if (s.flags & ts.SymbolFlags.TypeAlias) types.set(s.name, s);
  }
  return { checker, types };
}

const docOf = (s: ts.Symbol, checker: ts.TypeChecker): string =>
  ts
    .displayPartsToString(s.getDocumentationComment(checker))
    .replace(/\{@link ([^}]+)\}/g, "$1")
    .replace(/\s*\n\s*/g, " ")
    .trim();

/** `node` with `description` first (when there is one), the rest in order. */
function described(node: Node, description: string): Node {
  return description === "" ? node : { description, ...node };
}

/** Copies the TSDoc of `type`'s properties into `node`'s properties, recursively; `$ref`s are described where they are defined. */
function annotate(node: Node, type: ts.Type, checker: ts.TypeChecker): Node {
  if (typeof node.$ref === "string") return node;
  const out: Node = { ...node };
  if (isNode(node.properties)) {
    const properties: Node = {};
    for (const [name, sub] of Object.entries(node.properties)) {
      const prop = type.getProperty(name);
      if (!isNode(sub) || prop === undefined) {
        properties[name] = sub;
        continue;
      }
      const propType = checker.getNonNullableType(checker.getTypeOfSymbol(prop));
      properties[name] = described(annotate(sub, propType, checker), docOf(prop, checker));
    }
    out.properties = properties;
  }
  if (isNode(node.items) && checker.isArrayType(type)) {
    const [element] = checker.getTypeArguments(type as ts.TypeReference);
    if (element !== undefined) out.items = annotate(node.items, element, checker);
  }
  if (isNode(node.additionalProperties)) {
    const value = checker.getIndexInfoOfType(type, ts.IndexKind.String)?.type;
    if (value !== undefined) out.additionalProperties = annotate(node.additionalProperties, value, checker);
  }
  return out;
}

/** The JSON Schema of the report with the contracts' TSDoc as descriptions. */
export function reportSchema(): Node {
  const { checker, types } = contractTypes();
  const withDocs = (node: Node, typeName: string): Node => {
    const symbol = types.get(typeName);
    if (symbol === undefined) throw new Error(`no exported type ${typeName} in ${CONTRACTS}`);
    return described(
      annotate(node, checker.getDeclaredTypeOfSymbol(symbol), checker),
      docOf(symbol, checker),
    );
  };
  const { $schema, title, $defs, ...root } = reportJsonSchema() as Node;
  const defs = Object.fromEntries(
    Object.entries(isNode($defs) ? $defs : {}).map(([name, def]) => [name, withDocs(def as Node, name)]),
  );
  return {
    $schema,
    $comment:
      "Generated from the zod schemas of packages/core/src/contracts by `npm run schema`; do not edit.",
    title,
    ...withDocs(root, ROOT_TYPE),
    $defs: defs,
  };
}

/** The file's text: the schema, two-space indented, ending in a newline. */
export function reportSchemaText(): string {
  return `${JSON.stringify(reportSchema(), null, 2)}\n`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(SCHEMA_FILE, reportSchemaText());
  console.log("wrote docs/report.schema.json");
}
