/**
 * Load test of the CDS Hooks service on loopback (autocannon, 10 connections): patient-view with a
 * prefetch of a generated patient's 576 Observations (CAR-T coagulopathy archetype), against the same
 * server answering a fixed, precomputed card for the same request, in the same run. Targets:
 * throughput ≥ 50 % of the baseline, p99 ≤ 3 × its p99, no errors. 30 s per side
 * (HEMOSENTINEL_BENCH_SECONDS changes it; `--quick` runs 3 s).
 */
import { type ChildProcess, fork } from "node:child_process";
import autocannon from "autocannon";
import { syntheticPatient } from "./synthetic.js";
import { formatTable } from "./table.js";

const SEED = 20_250_301;
/** A CAR-T coagulopathy patient of the generator: 576 Observations. */
const PATIENT_INDEX = 4;
const CONNECTIONS = 10;
const THROUGHPUT_TARGET = 0.5;
const P99_TARGET = 3;

type Json = Record<string, unknown>;

/** The patient-view request: every template of the service answered from the generated bundle. */
export function benchRequest(): { body: string; observations: number } {
  const { bundle } = syntheticPatient(SEED, PATIENT_INDEX);
  const resources = ((bundle as { entry: { resource: Json }[] }).entry ?? []).map((e) => e.resource);
  const patient = resources.find((r) => r.resourceType === "Patient") as Json;
  const of = (type: string) => {
    const found = resources.filter((r) => r.resourceType === type);
    return found.length === 0
      ? null
      : { resourceType: "Bundle", type: "searchset", entry: found.map((resource) => ({ resource })) };
  };
  const prefetch = {
    patient,
    labs: of("Observation"),
    medicationRequests: of("MedicationRequest"),
    medicationAdministrations: of("MedicationAdministration"),
    medicationStatements: of("MedicationStatement"),
    conditions: of("Condition"),
    procedures: of("Procedure"),
  };
  const body = {
    hook: "patient-view",
    hookInstance: "d1577c69-dfbe-44ad-ba6d-3e05e953b2ea",
    context: { userId: "Practitioner/bench", patientId: String(patient.id) },
    prefetch,
  };
  return {
    body: JSON.stringify(body),
    observations: resources.filter((r) => r.resourceType === "Observation").length,
  };
}

interface Load {
  readonly requestsPerSecond: number;
  readonly p50: number;
  readonly p99: number;
  readonly errors: number;
  readonly non2xx: number;
  readonly total: number;
}

function load(url: string, body: string, seconds: number): Promise<Load> {
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url,
        method: "POST",
        body,
        headers: { "content-type": "application/json" },
        connections: CONNECTIONS,
        duration: seconds,
      },
      (err, r) => {
        if (err) return reject(err);
        resolve({
          requestsPerSecond: r.requests.average,
          p50: r.latency.p50,
          p99: r.latency.p99,
          errors: r.errors + r.timeouts,
          non2xx: r.non2xx,
          total: r.requests.total,
        });
      },
    );
  });
}

function startTarget(): Promise<{ child: ChildProcess; port: number }> {
  const child = fork(new URL("./serve-target.js", import.meta.url), {
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  return new Promise((resolve, reject) => {
    child.once("message", (m: { port: number }) => resolve({ child, port: m.port }));
    child.once("exit", (code) => reject(new Error(`the benchmark server exited (${code})`)));
  });
}

/** Runs the benchmark and prints its table. */
export async function runServeBenchmark(quick: boolean): Promise<void> {
  const seconds = Number(process.env.HEMOSENTINEL_BENCH_SECONDS ?? (quick ? 3 : 30));
  const { body, observations } = benchRequest();
  const { child, port } = await startTarget();
  try {
    const base = `http://127.0.0.1:${port}/cds-services`;
    const first = await fetch(`${base}/hemosentinel-patient-view`, {
      method: "POST",
      body,
      headers: { "content-type": "application/json" },
    });
    if (first.status !== 200) throw new Error(`the service answered ${first.status}`);
    const fixed = (await first.json()) as Json;
    child.send({ fixed });
    // Warm-up of both paths (JIT), then the measured runs.
    await load(`${base}/bench-fixed`, body, Math.min(3, seconds));
    await load(`${base}/hemosentinel-patient-view`, body, Math.min(3, seconds));
    const baseline = await load(`${base}/bench-fixed`, body, seconds);
    const service = await load(`${base}/hemosentinel-patient-view`, body, seconds);
    const throughput = service.requestsPerSecond / baseline.requestsPerSecond;
    const p99 = service.p99 / Math.max(baseline.p99, 1);
    const cards = (fixed.cards as unknown[]).length;
    console.log(
      `\n(4) CDS Hooks patient-view on loopback: ${observations} Observations in the prefetch (${(body.length / 1024).toFixed(0)} KiB), ${cards} card(s); autocannon ${CONNECTIONS} connections, ${seconds} s each`,
    );
    console.log(
      formatTable(
        ["server answers", "req/s", "p50 ms", "p99 ms", "requests", "errors", "non-2xx"],
        [
          [
            "fixed precomputed card (baseline)",
            baseline.requestsPerSecond,
            baseline.p50,
            baseline.p99,
            baseline.total,
            baseline.errors,
            baseline.non2xx,
          ],
          [
            "patient-view (prefetch → engine → cards)",
            service.requestsPerSecond,
            service.p50,
            service.p99,
            service.total,
            service.errors,
            service.non2xx,
          ],
        ],
      ),
    );
    const errors = service.errors + service.non2xx + baseline.errors + baseline.non2xx;
    const met = throughput >= THROUGHPUT_TARGET && p99 <= P99_TARGET && errors === 0;
    console.log(
      `throughput ${(throughput * 100).toFixed(0)} % of the baseline (target ≥ ${THROUGHPUT_TARGET * 100} %), p99 ${p99.toFixed(2)}× (target ≤ ${P99_TARGET}×), ${errors} errors: ${met ? "target met" : "TARGET NOT MET"}`,
    );
  } finally {
    child.send({ stop: true });
  }
}
