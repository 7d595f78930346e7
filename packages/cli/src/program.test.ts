/**
 * The CLI end to end with a stand-in engine (one record per Patient resource), so that exit codes,
 * streams, file handling and merging are tested independently of the adapters and detectors.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  type AddResult,
  type AssessmentReport,
  type Document,
  type Engine,
  type InputError,
  type PatientRecord,
  SettingsError,
} from "@hemosentinel/core";
import { beforeEach, describe, expect, it } from "vitest";
import { record } from "../../../test/support/record.js";
import { SAMPLE_SETTINGS } from "../../../test/support/sample-report.js";
import { tempDir } from "../../../test/support/temp.js";
import { type CliIO, EXIT_INTERNAL, EXIT_OK, EXIT_USAGE, type Runtime, runCli } from "./program.js";

interface Resource {
  resourceType?: string;
  id?: string;
}

function ingestResources(resources: Resource[], file: string): AddResult {
  if (resources.every((r) => r.resourceType === "Practitioner")) {
    return { patients: [], inputErrors: [], ignored: { Practitioner: resources.length } };
  }
  const patients = resources
    .filter((r) => r.resourceType === "Patient")
    .map((r) => record({ patientId: r.id ?? "?", labs: [] }));
  const inputErrors =
    patients.length === 0
      ? [{ ref: file, file, code: "no-patient" as const, reason: "no Patient in Jane Doe's bundle" }]
      : [];
  return { patients, inputErrors };
}

let evaluatedAts: string[] = [];

/** The engine's contract with fixed, simple adapters: patients merge by id, labs concatenated. */
function fakeEngine(evaluatedAt: string, fail = false): Engine {
  const byPatient = new Map<string, PatientRecord>();
  const header = () => {
    if (fail) throw new TypeError("boom\nsecond line with data");
    evaluatedAts.push(evaluatedAt);
    return {
      engine: {
        name: "hemosentinel" as const,
        version: "9.9.9",
        knowledgeVersion: "k1",
        knowledgeHash: "0123456789abcdef",
      },
      evaluatedAt,
      settings: SAMPLE_SETTINGS,
    };
  };
  const assessRecord = (r: PatientRecord) => ({
    patientId: r.patientId,
    exposures: [],
    grades: [],
    scores: [],
    findings: [],
    unexplained: [],
    rejected: [],
    notUsed: {},
    counts: r.counts,
    conflicts: [],
    ignored: {},
  });
  const report = (inputErrors: readonly InputError[] = []): AssessmentReport => ({
    ...header(),
    patients: [...byPatient.values()].map(assessRecord),
    inputErrors,
  });
  const read = (document: Document, file: string): AddResult => {
    if (document.kind === "fhir") {
      const v = document.value as { resourceType?: string; entry?: { resource: Resource }[] };
      const resources =
        v.resourceType === "Bundle" ? (v.entry ?? []).map((e) => e.resource) : [v as Resource];
      if (resources.some((r) => r.resourceType === "Crash"))
        throw new TypeError("x.toLowerCase is not a function");
      return ingestResources(resources, file);
    }
    if (document.kind === "ndjson")
      return ingestResources(
        document.text
          .split("\n")
          .filter((l) => l.trim() !== "")
          .map((l) => JSON.parse(l) as Resource),
        file,
      );
    return ingestResources(
      document.text
        .trim()
        .split("\n")
        .slice(1)
        .map((row) => ({ resourceType: "Patient", id: row.split(",")[0] })),
      file,
    );
  };
  return {
    read,
    add(document, file) {
      const result = read(document, file);
      for (const r of result.patients) {
        const seen = byPatient.get(r.patientId);
        byPatient.set(r.patientId, seen ? { ...seen, labs: [...seen.labs, ...r.labs] } : r);
      }
      return result;
    },
    readGroup(entries) {
      if (entries.some((e) => (e.resource.resourceType as string) === "Crash"))
        throw new TypeError("x.toLowerCase is not a function");
      return ingestResources(
        entries.map((e) => e.resource as Resource),
        entries[0]?.file ?? "input",
      );
    },
    assessRecord,
    screenRecord: assessRecord,
    header,
    patients: () => [...byPatient.keys()],
    assess: (id) => {
      const r = report().patients.find((p) => p.patientId === id);
      if (!r) throw new Error(id);
      return r;
    },
    report,
  };
}

function runtime(fail = false): Runtime {
  return {
    version: "9.9.9",
    knowledgeVersion: () => "k1",
    load: (at) => ({ engine: fakeEngine(at, fail), render: { reference: () => undefined } }),
  };
}

interface Captured {
  io: CliIO;
  out: () => string;
  err: () => string;
  files: Map<string, string>;
  clockReads: () => number;
}

function capture(opts: { stdin?: string; tty?: boolean; env?: Record<string, string> } = {}): Captured {
  let out = "";
  let err = "";
  let reads = 0;
  const files = new Map<string, string>();
  return {
    io: {
      stdout: { isTTY: opts.tty ?? false, write: (s: string) => (out += s) },
      stderr: { isTTY: false, write: (s: string) => (err += s) },
      readStdin: async () => opts.stdin ?? "",
      writeFile: (path, text) => {
        if (path.startsWith("/nonexistent/")) throw Object.assign(new Error("ENOENT"), { code: "ENOENT" });
        files.set(path, text);
      },
      env: opts.env ?? {},
      now: () => {
        reads++;
        return new Date(Date.UTC(2025, 2, 1, 12, 0, 0, 345));
      },
    },
    out: () => out,
    err: () => err,
    files,
    clockReads: () => reads,
  };
}

const bundle = (...ids: string[]) =>
  JSON.stringify({
    resourceType: "Bundle",
    type: "collection",
    entry: ids.map((id) => ({ resource: { resourceType: "Patient", id } })),
  });

let dir: string;
beforeEach(() => {
  dir = tempDir("cli-");
  evaluatedAts = [];
});

const write = (name: string, text: string) => {
  writeFileSync(join(dir, name), text);
  return join(dir, name);
};

describe("hemosentinel assess", () => {
  it("prints the JSON report on stdout and exits 0", async () => {
    const c = capture();
    const code = await runCli(
      ["assess", write("a.json", bundle("p1")), "--at", "2025-03-01T08:00:00Z"],
      c.io,
      runtime(),
    );
    expect(code).toBe(EXIT_OK);
    const report = JSON.parse(c.out()) as AssessmentReport;
    expect(report.evaluatedAt).toBe("2025-03-01T08:00:00Z");
    expect(report.patients.map((p) => p.patientId)).toEqual(["p1"]);
    expect(c.err()).toBe("");
  });

  it("reads the clock once when --at is absent, to the second, and a date --at means the end of that day", async () => {
    const c = capture();
    await runCli(["assess", write("a.json", bundle("p1"))], c.io, runtime());
    expect(c.clockReads()).toBe(1);
    expect(evaluatedAts).toEqual(["2025-03-01T12:00:00Z"]);
    expect((JSON.parse(c.out()) as AssessmentReport).evaluatedAt).toBe("2025-03-01T12:00:00Z");
    const d = capture();
    await runCli(["assess", join(dir, "a.json"), "--at", "2024-02-29"], d.io, runtime());
    expect(d.clockReads()).toBe(0);
    expect(evaluatedAts[1]).toBe("2024-02-29T23:59:59Z");
    await runCli(["assess", join(dir, "a.json"), "--at", "2024-02-29T20:00:00-05:00"], d.io, runtime());
    expect(evaluatedAts[2]).toBe("2024-03-01T01:00:00Z");
  });

  it.each([["yesterday"], ["2025-02-30"], ["2025-03-01T25:00"], [""]])(
    "rejects --at %j with exit 2 and one line",
    async (at) => {
      const c = capture();
      expect(await runCli(["assess", write("a.json", bundle("p1")), "--at", at], c.io, runtime())).toBe(
        EXIT_USAGE,
      );
      expect(c.err().trim().split("\n")).toHaveLength(1);
      expect(c.err()).toMatch(/--at/);
      expect(c.out()).toBe("");
    },
  );

  it("rejects an unknown format, a missing path and a missing argument with exit 2", async () => {
    const c = capture();
    expect(await runCli(["assess", write("a.json", bundle("p1")), "--format", "pdf"], c.io, runtime())).toBe(
      EXIT_USAGE,
    );
    expect(c.err()).toMatch(
      /^hemosentinel: option '-f, --format <format>' argument 'pdf' is invalid\. Allowed choices are json, ndjson, text, html\.\n$/,
    );
    const d = capture();
    expect(await runCli(["assess", join(dir, "missing.json")], d.io, runtime())).toBe(EXIT_USAGE);
    expect(d.err()).toBe(`hemosentinel: ${join(dir, "missing.json")}: no such file or directory\n`);
    const e = capture();
    expect(await runCli(["assess"], e.io, runtime())).toBe(EXIT_USAGE);
    expect(await runCli([], capture().io, runtime())).toBe(EXIT_USAGE);
  });

  it("shows control characters of the arguments as code points in its usage errors", async () => {
    const c = capture();
    expect(await runCli(["assess", "x\u001b[2J\nforged"], c.io, runtime())).toBe(EXIT_USAGE);
    expect(c.err()).toBe("hemosentinel: x<U+001B>[2J<U+000A>forged: no such file or directory\n");
    const d = capture();
    expect(await runCli(["assess", "a.json", "--format", "\u001b]0;t\u0007"], d.io, runtime())).toBe(
      EXIT_USAGE,
    );
    expect(d.err()).toContain("argument '<U+001B>]0;t<U+0007>' is invalid");
  });

  it("hands --config to the runtime as typed; a settings file it refuses exits 2 with one line, no report", async () => {
    const seen: (string | undefined)[] = [];
    const withConfig: Runtime = {
      ...runtime(),
      load: (at, settingsFile) => {
        seen.push(settingsFile);
        if (settingsFile === "bad.yaml") throw new SettingsError("bad.yaml: version: must be 1");
        return runtime().load(at);
      },
    };
    const input = write("a.json", bundle("p1"));
    const ok = capture();
    expect(await runCli(["assess", input, "--config", "site/hemosentinel.yaml"], ok.io, withConfig)).toBe(
      EXIT_OK,
    );
    expect(await runCli(["assess", input], capture().io, withConfig)).toBe(EXIT_OK);
    expect(seen).toEqual(["site/hemosentinel.yaml", undefined]);
    const bad = capture();
    expect(await runCli(["assess", input, "--config", "bad.yaml"], bad.io, withConfig)).toBe(EXIT_USAGE);
    expect(bad.err()).toBe("hemosentinel: bad.yaml: version: must be 1\n");
    expect(bad.out()).toBe("");
  });

  it("reports a malformed file with line and column, quoting nothing, and assesses the others (exit 0)", async () => {
    write("a.json", bundle("p1"));
    write("b.json", '{\n  "resourceType": "Patient",\n  "name": "Jane Doe"\n  "id": "p2"\n}');
    const c = capture();
    expect(await runCli(["assess", dir], c.io, runtime())).toBe(EXIT_OK);
    const report = JSON.parse(c.out()) as AssessmentReport;
    expect(report.patients.map((p) => p.patientId)).toEqual(["p1"]);
    expect(report.inputErrors).toEqual([
      {
        source: join(dir, "b.json"),
        code: "malformed-json",
        detail: "malformed JSON at line 4, column 3: expected ',' or '}' after a property value",
      },
    ]);
    expect(c.err()).toBe(
      `hemosentinel: ${join(dir, "b.json")}: malformed JSON at line 4, column 3: expected ',' or '}' after a property value\n`,
    );
    expect(c.err()).not.toContain("Jane");
  });

  it("exits 2 when every input is malformed, still writing the report with its input errors", async () => {
    write("a.json", "{");
    write("b.json", "not json");
    const c = capture();
    expect(await runCli(["assess", dir], c.io, runtime())).toBe(EXIT_USAGE);
    expect((JSON.parse(c.out()) as AssessmentReport).inputErrors).toHaveLength(2);
    expect(c.err()).toMatch(/no patient could be assessed \(2 input problem\(s\)\)/);
  });

  it("shows an adapter's input error by file and code only (its reason may hold patient data)", async () => {
    const c = capture();
    expect(await runCli(["assess", write("o.json", '{"resourceType":"Observation"}')], c.io, runtime())).toBe(
      EXIT_USAGE,
    );
    expect(c.err()).toContain(
      `hemosentinel: ${join(dir, "o.json")}: no-patient (details in the report's inputErrors)`,
    );
    expect(c.err()).not.toContain("Jane");
  });

  it("records a file that holds no patient, saying what it held", async () => {
    write("a.json", bundle("p1"));
    write("b.json", '{"resourceType":"Practitioner","id":"dr"}');
    const c = capture();
    expect(await runCli(["assess", dir], c.io, runtime())).toBe(EXIT_OK);
    expect((JSON.parse(c.out()) as AssessmentReport).inputErrors).toEqual([
      {
        source: join(dir, "b.json"),
        code: "no-patient",
        detail: "no patient in the input (only Practitioner 1)",
      },
    ]);
    expect(c.err()).toBe(
      `hemosentinel: ${join(dir, "b.json")}: no patient in the input (only Practitioner 1)\n`,
    );
  });

  it("merges one patient found in several files and formats (JSON, NDJSON, CSV) into one entry", async () => {
    write("1.json", bundle("p1", "p2"));
    write("2.ndjson", '{"resourceType":"Patient","id":"p1"}\n{"resourceType":"Patient","id":"p3"}\n');
    write("3.csv", "patient,lab\np2,platelets\n");
    const c = capture();
    expect(await runCli(["assess", dir], c.io, runtime())).toBe(EXIT_OK);
    expect((JSON.parse(c.out()) as AssessmentReport).patients.map((p) => p.patientId)).toEqual([
      "p1",
      "p2",
      "p3",
    ]);
  });

  it("reads stdin for '-'", async () => {
    const c = capture({ stdin: bundle("s1") });
    expect(await runCli(["assess", "-"], c.io, runtime())).toBe(EXIT_OK);
    expect((JSON.parse(c.out()) as AssessmentReport).patients[0]?.patientId).toBe("s1");
  });

  it("writes to --out instead of stdout, and fails with exit 2 when it cannot", async () => {
    const c = capture();
    expect(await runCli(["assess", write("a.json", bundle("p1")), "--out", "r.json"], c.io, runtime())).toBe(
      EXIT_OK,
    );
    expect(c.out()).toBe("");
    expect(JSON.parse(c.files.get("r.json") ?? "")).toMatchObject({ patients: [{ patientId: "p1" }] });
    const d = capture();
    expect(await runCli(["assess", join(dir, "a.json"), "-o", "/nonexistent/r.json"], d.io, runtime())).toBe(
      EXIT_USAGE,
    );
    expect(d.err()).toBe("hemosentinel: /nonexistent/r.json: cannot write the report (ENOENT)\n");
  });

  it("renders text (coloured only on a terminal without NO_COLOR) and HTML", async () => {
    const file = write("a.json", bundle("p1"));
    const plain = capture();
    await runCli(["assess", file, "--format", "text"], plain.io, runtime());
    expect(plain.out()).toContain("Patient p1");
    expect(plain.out()).not.toContain("\u001b[");
    const tty = capture({ tty: true });
    await runCli(["assess", file, "--format", "text"], tty.io, runtime());
    expect(tty.out()).toContain("\u001b[");
    const noColor = capture({ tty: true, env: { NO_COLOR: "1" } });
    await runCli(["assess", file, "--format", "text"], noColor.io, runtime());
    expect(noColor.out()).not.toContain("\u001b[");
    const page = capture();
    await runCli(["assess", file, "-f", "html"], page.io, runtime());
    expect(page.out()).toMatch(/^<!doctype html>/);
  });

  it("turns an internal error into exit 1 and one line without stack; HEMOSENTINEL_DEBUG=1 shows the stack", async () => {
    const file = write("a.json", bundle("p1"));
    const c = capture();
    expect(await runCli(["assess", file], c.io, runtime(true))).toBe(EXIT_INTERNAL);
    expect(c.err()).toBe(
      "hemosentinel: internal error: TypeError: boom (HEMOSENTINEL_DEBUG=1 shows the stack)\n",
    );
    const d = capture({ env: { HEMOSENTINEL_DEBUG: "1" } });
    expect(await runCli(["assess", file], d.io, runtime(true))).toBe(EXIT_INTERNAL);
    expect(d.err()).toMatch(/\n\s+at /);
  });

  it("contains an adapter failure to its file: the others are assessed, the report written, exit 1", async () => {
    write("a.json", bundle("p1"));
    write("b.json", bundle("p9").replace("}}]", '}},{"resource":{"resourceType":"Crash"}}]'));
    const c = capture();
    expect(await runCli(["assess", dir], c.io, runtime())).toBe(EXIT_INTERNAL);
    const report = JSON.parse(c.out()) as AssessmentReport;
    expect(report.patients.map((p) => p.patientId)).toEqual(["p1"]);
    expect(report.inputErrors).toEqual([
      {
        source: join(dir, "b.json"),
        code: "internal-error",
        detail:
          "internal error while reading this file (TypeError: x.toLowerCase is not a function); the other inputs were assessed",
      },
    ]);
    expect(c.err()).toMatch(
      /internal error on 1 file\(s\), listed in inputErrors \(code internal-error\)\n$/,
    );
    expect(c.err()).not.toMatch(/\n\s+at /);
  });

  it("prints engine and knowledge versions, and documents exit codes and what becomes of records in --help", async () => {
    const c = capture();
    expect(await runCli(["--version"], c.io, runtime())).toBe(EXIT_OK);
    expect(c.out()).toBe("hemosentinel 9.9.9 (knowledge k1)\n");
    const h = capture();
    expect(await runCli(["assess", "--help"], h.io, runtime())).toBe(EXIT_OK);
    expect(h.out()).toContain("Exit codes:");
    expect(h.out()).toContain("--at <date>");
    // What becomes of records: each outcome, where it is listed, and the counts that add up.
    for (const term of ["rejected", "patients[].rejected", "notUsed", "ignored", "inputErrors", "file:LINE"])
      expect(h.out()).toContain(term);
    expect(h.out()).toContain("read = used + merged +");
    expect(h.out()).toMatch(/rejected\s+in scope but failed validation/);
    expect(h.out()).toMatch(
      /notUsed\s+a Condition, Observation, Procedure or medication record whose code is outside/,
    );
  });

  it("shows progress on stderr for more than 50 files, never on stdout", async () => {
    for (let i = 0; i < 51; i++) write(`f${String(i).padStart(2, "0")}.json`, bundle(`p${i}`));
    const c = capture();
    expect(await runCli(["assess", dir], c.io, runtime())).toBe(EXIT_OK);
    expect(c.err()).toContain("hemosentinel: read 51/51 files (100%");
    expect(c.err()).toContain("hemosentinel: assessing 51 patient(s)…");
    expect((JSON.parse(c.out()) as AssessmentReport).patients).toHaveLength(51);
  });
});
