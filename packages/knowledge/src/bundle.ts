/**
 * The knowledge sources as one bundle: every file read and validated, the files checked against each
 * other (every cited source exists, every CTCAE term and work-up named exists, units agree, every event
 * qualifier read is one an event rule gives), and a content
 * hash over the sources. `compile.ts` writes the bundle as JSON at build time; the engine opens it with
 * `openKnowledge` and never parses YAML or runs a schema at start-up.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { relative } from "node:path";
import {
  assertNoProblems,
  buildLabCatalogue,
  buildUnitSpellings,
  checkCtcaeUnits,
  type Disorder,
  type DisorderId,
  incidenceProblems,
  type Knowledge,
  type KnowledgeBundle,
  KnowledgeError,
  openKnowledge,
} from "@hemosentinel/core";
import { atlasProblems } from "./atlas-checks.js";
import { calculatorProblems } from "./calculator-checks.js";
import { orderAvoidProblems } from "./order-avoid-checks.js";
import { qualifierProblems } from "./qualifiers.js";
import { knowledgeDir, knowledgeFiles } from "./read.js";
import {
  loadAtlas,
  loadCalculators,
  loadCtcaeRules,
  loadDisorders,
  loadDrugCatalogue,
  loadEventMap,
  loadIncidence,
  loadLabsFile,
  loadManagement,
  loadManagementFacts,
  loadManifest,
  loadOrderAvoids,
  loadPvTerms,
  loadReferences,
  loadSafety,
  loadScoreConfigList,
  loadUnexplained,
  loadUnitSpellingsFile,
  loadWorkup,
} from "./sources.js";

/** Every `sourceIds` list anywhere in a loaded object. */
function citedIds(value: unknown, out: Set<string> = new Set()): Set<string> {
  if (Array.isArray(value)) for (const v of value) citedIds(v, out);
  else if (value && typeof value === "object") {
    for (const [key, v] of Object.entries(value)) {
      if (key === "sourceIds" && Array.isArray(v)) for (const id of v) out.add(String(id));
      else citedIds(v, out);
    }
  }
  return out;
}

/** What does not hold together between the files of a bundle (empty when it does). */
export function crossProblems(b: Omit<KnowledgeBundle, "hash" | "format">): string[] {
  const problems: string[] = [];
  const ids = new Set(b.references.map((r) => r.id));
  const cited = citedIds([
    b.disorders,
    b.ctcae,
    b.scores,
    b.management,
    b.managementFacts,
    b.workup,
    b.unexplained,
    b.safety,
    b.orderAvoids,
    b.drugs,
    b.incidence,
    b.calculators,
    b.atlas,
    b.pvTerms,
  ]);
  const unknown = [...cited].filter((id) => !ids.has(id));
  if (unknown.length > 0) problems.push(`unknown reference ids cited: ${unknown.join(", ")}`);
  const isLabTerm = (term: string, lab: string) =>
    b.ctcae.terms.some((t) => t.term === term && t.kind === "lab" && t.lab === lab);
  for (const d of b.disorders) {
    for (const c of [d.grade.ctcae, ...(d.grade.arms ?? []).map((a) => a.ctcae)])
      if (c && !isLabTerm(c.term, c.lab))
        problems.push(`disorders/${d.id}.yaml: grade ctcae ${c.term} is not a CTCAE lab term of ${c.lab}`);
    // A drug's own onset window names a catalogue drug of a class the disorder is sought in.
    for (const drug of Object.keys(d.latencyByDrug ?? {})) {
      const cls = b.drugs.drugs.find((x) => x.id === drug)?.class;
      if (cls === undefined)
        problems.push(`disorders/${d.id}.yaml: latencyByDrug names unknown drug ${drug}`);
      else if (d.latency[cls] === undefined)
        problems.push(
          `disorders/${d.id}.yaml: latencyByDrug ${drug} is of class ${cls}, which ${d.id} is not sought in`,
        );
    }
    // A recommendation that reads an arm's grade belongs to a disorder graded by arms, with that arm.
    const arms = new Set((d.grade.arms ?? []).map((a) => a.id));
    for (const r of b.management[d.id])
      if (r.when.arm !== undefined && !arms.has(r.when.arm))
        problems.push(`management/${d.id}.yaml ${r.id}: ${d.id} has no grade arm ${r.when.arm}`);
  }
  const f = b.managementFacts;
  for (const id of f["tma-not-ttp"].patterns)
    if (!b.unexplained.patterns.some((p) => p.id === id))
      problems.push(`management/facts.yaml tma-not-ttp: ${id} is no pattern of unexplained.yaml`);
  // A label rule's drug is a catalogue engager (the unread fact counts the engagers no rule covers).
  const unread = f["engager-platelet-label-unread"];
  const labelRead = new Set(unread.readIn.flatMap((fact) => f[fact].drugs));
  for (const fact of unread.readIn)
    for (const drug of f[fact].drugs)
      if (b.drugs.drugs.find((x) => x.id === drug)?.class !== "bispecific")
        problems.push(`management/facts.yaml ${fact}: ${drug} is not a T-cell engager of drugs.yaml`);
  // Every named engager of the catalogue is either read (a label rule transcribed) or listed as unread, and the
  // caveat of each line kept for an unread label names every unread one: the caveat says exactly which labels
  // remain unread. A class stand-in (generic) has no label to read.
  const named = b.drugs.drugs.filter((x) => x.class === "bispecific" && !x.generic).map((x) => x.id);
  for (const drug of unread.unread)
    if (!named.includes(drug))
      problems.push(
        `management/facts.yaml engager-platelet-label-unread: ${drug} is not a named T-cell engager of drugs.yaml`,
      );
    else if (labelRead.has(drug))
      problems.push(
        `management/facts.yaml engager-platelet-label-unread: ${drug} is listed unread but its label rule is read`,
      );
  for (const drug of named)
    if (!labelRead.has(drug) && !unread.unread.includes(drug))
      problems.push(
        `management/facts.yaml engager-platelet-label-unread: ${drug} is neither read nor listed unread`,
      );
  for (const [plan, rs] of Object.entries(b.management))
    for (const r of rs)
      if (r.when.facts?.some((c) => c.fact === "engager-platelet-label-unread" && c.is === true))
        for (const drug of unread.unread)
          if (!r.caveat?.includes(drug))
            problems.push(
              `management/${plan}.yaml ${r.id}: its caveat does not name ${drug}, whose label is unread`,
            );
  for (const m of [...f.hemolysis.alone, ...f.hemolysis.markers])
    for (const lab of m.labs)
      if (!b.labs.labs.some((l) => l.id === lab))
        problems.push(`management/facts.yaml hemolysis ${m.id}: ${lab} is not a lab of labs.yaml`);
  for (const l of b.unexplained.labs)
    if (!isLabTerm(l.term, l.lab))
      problems.push(`unexplained.yaml: ${l.term} is not a CTCAE lab term of ${l.lab}`);
  // A pattern reads its disorder's criteria and differentials, covers rules of this file, grades by lab terms.
  const planIds = new Set(Object.values(b.management).flatMap((rs) => rs.map((r) => r.id)));
  for (const p of b.unexplained.patterns) {
    const d = b.disorders.find((x) => x.id === p.disorder);
    const known = new Set([...(d?.criteria ?? []), ...(d?.differentials ?? [])].map((c) => c.id));
    const excluding = new Set(
      (d?.differentials ?? []).filter((x) => x.effect === "exclude").map((x) => x.id),
    );
    for (const id of p.excludedBy)
      if (!excluding.has(id))
        problems.push(`unexplained.yaml ${p.id}: ${id} is no exclude differential of ${p.disorder}`);
    for (const id of [...p.anyOf.flat(), ...p.noneOf])
      if (!known.has(id))
        problems.push(`unexplained.yaml ${p.id}: ${id} is no criterion or differential of ${p.disorder}`);
    const rules = new Set([
      ...b.unexplained.labs.map((l) => l.term),
      ...b.unexplained.events.map((e) => e.id),
    ]);
    for (const id of p.covers)
      if (!rules.has(id))
        problems.push(`unexplained.yaml ${p.id}: covers ${id}, which is no rule of the file`);
    for (const s of p.severeWhen)
      if (!isLabTerm(s.term, s.lab))
        problems.push(`unexplained.yaml ${p.id}: ${s.term} is not a CTCAE lab term of ${s.lab}`);
    // Its plan is planned beside the disorders' (one id space: a plan item names its recommendation), and
    // graded only as the pattern is: `severeGrade` when severe, no grade below it.
    for (const r of p.plan) {
      if (planIds.has(r.id)) problems.push(`unexplained.yaml ${p.id}: plan id ${r.id} is used twice`);
      planIds.add(r.id);
      const { gradeMin, gradeMax, arm } = r.when;
      if (arm !== undefined || (gradeMin ?? p.severeGrade) !== p.severeGrade || gradeMax !== undefined)
        problems.push(
          `unexplained.yaml ${p.id} ${r.id}: a pattern's plan reads its grade as gradeMin: ${p.severeGrade} (severe) or gradeUnknown (not)`,
        );
    }
  }
  // A lab rule's plan is planned beside the disorders' too (one id space), and reads no grade.
  for (const l of b.unexplained.labs)
    for (const r of l.plan ?? []) {
      if (planIds.has(r.id)) problems.push(`unexplained.yaml ${l.term}: plan id ${r.id} is used twice`);
      planIds.add(r.id);
      const { gradeMin, gradeMax, gradeUnknown, arm } = r.when;
      if (arm !== undefined || gradeMin !== undefined || gradeMax !== undefined || gradeUnknown !== undefined)
        problems.push(`unexplained.yaml ${l.term} ${r.id}: a lab rule's plan reads no grade`);
    }
  // What a rule names beside its abnormality (`shows`) reads labs of labs.yaml and CTCAE lab terms, and its
  // plan shares the one id space; unlike the rule's own plan it may read the item's grade (ASCO decides the
  // checkpoint inhibitor by the grade of an autoimmune haemolytic anaemia).
  const rulesWithShows = [...b.unexplained.labs, ...b.unexplained.events];
  const showsWorkup: string[] = [];
  // One entry may be named by several rules (a pancytopenia on each cell line), written once with a YAML
  // anchor: the same id is the same entry, and its plan is planned once per patient.
  const showsSeen = new Map<string, string>();
  for (const r of rulesWithShows)
    for (const sh of r.shows ?? []) {
      const at = `unexplained.yaml ${"term" in r ? r.term : r.id} shows ${sh.id}`;
      // `fromGrade` lists a lab rule's result below the rule's grade: at or above it, it says nothing.
      if (sh.fromGrade !== undefined && "term" in r && sh.fromGrade >= r.minGrade)
        problems.push(`${at}: fromGrade ${sh.fromGrade} is not below the rule's minGrade ${r.minGrade}`);
      const seen = showsSeen.get(sh.id);
      if (seen !== undefined) {
        if (seen !== JSON.stringify(sh))
          problems.push(`${at}: another entry has this id and differs from it`);
        continue;
      }
      showsSeen.set(sh.id, JSON.stringify(sh));
      const labs = [...(sh.positive ?? []), ...(sh.negative ?? []), ...(sh.low ?? []).map((l) => l.lab)];
      for (const lab of labs)
        if (!b.labs.labs.some((l) => l.id === lab)) problems.push(`${at}: ${lab} is not a lab of labs.yaml`);
      for (const o of sh.otherLines?.of ?? [])
        if (!isLabTerm(o.term, o.lab)) problems.push(`${at}: ${o.term} is not a CTCAE lab term of ${o.lab}`);
      for (const p of sh.plan ?? []) {
        if (planIds.has(p.id)) problems.push(`${at}: plan id ${p.id} is used twice`);
        planIds.add(p.id);
      }
      showsWorkup.push(...(sh.workup ?? []));
    }
  // A score beside a lab rule (`besideScore`: an HScore of 169 or more) names a score of scores.yaml, and its cut-off
  // is the one of the differential it stands for: the same score and `atLeast` wherever a disorder tests it, so the
  // item's note and the findings' differential never read the score apart.
  for (const l of b.unexplained.labs) {
    const s = l.besideScore;
    if (s === undefined) continue;
    const at = `unexplained.yaml ${l.term} besideScore`;
    if (!b.scores.some((x) => x.id === s.score))
      problems.push(`${at}: ${s.score} is not a score of scores.yaml`);
    const same = b.disorders.flatMap((d) => d.differentials.filter((x) => x.id === s.asDifferential));
    if (same.length === 0) problems.push(`${at}: ${s.asDifferential} is no differential of a disorder`);
    for (const d of same)
      if (d.test.kind !== "score" || d.test.score !== s.score || d.test.atLeast !== s.atLeast)
        problems.push(
          `${at}: differential ${s.asDifferential} does not test ${s.score} at ${s.atLeast} or more`,
        );
  }
  const allWorkup = [
    ...b.unexplained.labs,
    ...b.unexplained.events,
    ...b.unexplained.patterns,
    ...(b.unexplained.namedDrug ? [b.unexplained.namedDrug] : []),
    ...(b.unexplained.namedDrug?.given ? [b.unexplained.namedDrug.given] : []),
  ];
  const given = b.unexplained.namedDrug?.given;
  for (const term of given?.labs ?? [])
    if (!b.unexplained.labs.some((l) => l.term === term))
      problems.push(`unexplained.yaml namedDrug.given: labs ${term} is no lab rule of the file`);
  for (const id of given?.events ?? [])
    if (!b.unexplained.events.some((e) => e.id === id))
      problems.push(`unexplained.yaml namedDrug.given: events ${id} is no event rule of the file`);
  const besideWorkup = b.unexplained.labs.flatMap((l) => [
    ...(l.besideEvent?.workup ?? []),
    ...(l.besideScore?.workup ?? []),
  ]);
  for (const ref of [...allWorkup.flatMap((x) => x.workup), ...besideWorkup, ...showsWorkup]) {
    const [disorder, id] = ref.split("/") as [DisorderId, string];
    if (!b.workup[disorder]?.some((w) => w.id === id))
      problems.push(`unexplained.yaml: workup ${ref} is not an entry of workup.yaml`);
  }
  for (const [disorder, entries] of Object.entries(b.workup))
    for (const w of entries) {
      if (w.onlyIfScore && !b.scores.some((s) => s.id === w.onlyIfScore?.score))
        problems.push(`workup.yaml ${disorder}/${w.id}: onlyIfScore names no score (${w.onlyIfScore.score})`);
      const differential = w.onlyIfDifferential;
      if (
        differential !== undefined &&
        !b.disorders.some((d) => d.id === disorder && d.differentials.some((x) => x.id === differential))
      )
        problems.push(
          `workup.yaml ${disorder}/${w.id}: onlyIfDifferential names no differential of ${disorder}`,
        );
    }
  problems.push(
    ...incidenceProblems(
      b.incidence,
      (disorder, therapyClass) =>
        b.disorders.find((d) => d.id === disorder)?.latency[therapyClass as keyof Disorder["latency"]],
    ),
  );
  const labs = buildLabCatalogue(b.labs);
  problems.push(...checkCtcaeUnits(b.ctcae, (id) => labs.byId.get(id)));
  problems.push(...calculatorProblems(b), ...atlasProblems(b), ...qualifierProblems(b));
  problems.push(...orderAvoidProblems(b));
  return problems;
}

/** SHA-256 over every source file (path and bytes, in path order), first 16 hex digits. */
export function sourceHash(dir = knowledgeDir()): string {
  const hash = createHash("sha256");
  for (const file of knowledgeFiles(".", dir, true)) {
    hash.update(relative(dir, file));
    hash.update("\0");
    hash.update(readFileSync(file));
  }
  return hash.digest("hex").slice(0, 16);
}

/**
 * Reads, validates and cross-checks every knowledge source into one bundle; throws a KnowledgeError naming
 * the file and field of the first problem.
 *
 * @example
 * const bundle = loadKnowledgeBundle(); // the shipped sources
 * bundle.version; // "2026.12.2"
 */
export function loadKnowledgeBundle(dir = knowledgeDir()): KnowledgeBundle {
  const manifest = loadManifest(dir);
  const labs = loadLabsFile(dir);
  const unitSpellings = loadUnitSpellingsFile(dir);
  const catalogues = { labs: buildLabCatalogue(labs), spellings: buildUnitSpellings(unitSpellings) };
  const content = {
    version: manifest.version,
    manifest,
    references: loadReferences(dir),
    disorders: loadDisorders(manifest, dir),
    ctcae: loadCtcaeRules(dir),
    scores: loadScoreConfigList(dir, catalogues),
    management: loadManagement(dir),
    managementFacts: loadManagementFacts(dir),
    workup: loadWorkup(dir),
    unexplained: loadUnexplained(dir),
    safety: loadSafety(dir),
    orderAvoids: loadOrderAvoids(dir),
    labs,
    unitSpellings,
    events: loadEventMap(dir),
    drugs: loadDrugCatalogue(dir),
    incidence: loadIncidence(dir),
    calculators: loadCalculators(dir),
    atlas: loadAtlas(dir),
    pvTerms: loadPvTerms(dir),
  };
  assertNoProblems("knowledge", crossProblems(content));
  return { format: 1, hash: sourceHash(dir), ...content };
}

/**
 * The knowledge sources opened for the engine, straight from YAML (tests, the mutation run); the CLI and
 * other packages open the compiled bundle instead.
 */
export function loadKnowledge(dir = knowledgeDir()): Knowledge {
  return openKnowledge(loadKnowledgeBundle(dir));
}

export { KnowledgeError };
