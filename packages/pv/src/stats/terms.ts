/**
 * The per-cell terms of the MGPS prior fit's likelihood (fit.ts `objective`), and a pool that computes them
 * on a second thread. Every evaluation of the fit computes, for each cell, its weighted log-likelihood term
 * and the five gradient terms; fit.ts adds them up in cell order. The cells are split into chunks that the
 * calling thread and one worker thread take in turn from a shared counter, so both cores work on one
 * evaluation (DuckDB's counts before it use both). Each term is computed by the same function whichever
 * thread takes its chunk, and the sums are always made by the calling thread in cell order: the fit's
 * result is the same, to the bit, with or without the worker. The caller never waits for the worker to
 * start or to take a chunk: it takes every chunk itself until the worker is there.
 */
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";

/** Terms written per cell: the weighted log-likelihood term, then the five gradient terms. */
export const TERMS = 6;

/** The parameter block: α1, β1, α2, β2, P, ln β1, ln β2, ln P, ln(1 − P). */
export const PARAMETERS = 9;

/** The cells of one fit, as pointTerms reads them. */
export interface TermData {
  readonly n: Int32Array;
  readonly e: Float64Array;
  readonly logE: Float64Array;
  readonly w: Float64Array;
  readonly nStar: number;
}

/**
 * Writes the terms of cells `from` … `to` − 1 into `out` (TERMS per cell): with
 * ln f(k) = ln(P NB1(k) + (1 − P) NB2(k)) and F0 = Σ_{k<N*} f(k), w·(ln f(n) − ln(1 − F0)) and the
 * gradient terms w·(∂ ln f(n) + ∂F0 / (1 − F0)) in (ln α1, ln β1, ln α2, ln β2, logit P) (fit.ts gives the
 * derivatives). `lg`/`dg` hold ln Γ(α + k) − ln Γ(α) − ln k! and ψ(α + k) − ψ(α) per count k.
 *
 * This function is also the worker's code (its source text is sent to the worker): it must use nothing
 * but its arguments and Math.
 */
export function pointTerms(
  par: Float64Array,
  lg1: Float64Array,
  dg1: Float64Array,
  lg2: Float64Array,
  dg2: Float64Array,
  ns: Int32Array,
  es: Float64Array,
  logEs: Float64Array,
  ws: Float64Array,
  nStar: number,
  from: number,
  to: number,
  out: Float64Array,
): void {
  const a1 = par[0] as number;
  const b1 = par[1] as number;
  const a2 = par[2] as number;
  const b2 = par[3] as number;
  const p = par[4] as number;
  const logB1 = par[5] as number;
  const logB2 = par[6] as number;
  const logP = par[7] as number;
  const logQ = par[8] as number;
  // Every quantity in a local variable (no closure, no array per term): the loop runs thousands of times
  // over tens of thousands of cells.
  for (let i = from; i < to; i++) {
    const n = ns[i] as number;
    const e = es[i] as number;
    const logE = logEs[i] as number;
    const w = ws[i] as number;
    const lb1 = Math.log(b1 + e);
    const lb2 = Math.log(b2 + e);
    const ratio1 = b1 / (b1 + e);
    const ratio2 = b2 / (b2 + e);
    // ln f(k) and its gradient (g0 … g4) at count k, for the truncation F0 = Σ_{k<N*} f(k) and for k = n.
    let f0 = 0;
    let below0 = 0;
    let below1 = 0;
    let below2 = 0;
    let below3 = 0;
    let below4 = 0;
    let lf = 0;
    let g0 = 0;
    let g1 = 0;
    let g2 = 0;
    let g3 = 0;
    let g4 = 0;
    for (let k = 0; k <= nStar; k++) {
      const count = k === nStar ? n : k;
      const t1 = logP + (lg1[count] as number) + a1 * (logB1 - lb1) + count * (logE - lb1);
      const t2 = logQ + (lg2[count] as number) + a2 * (logB2 - lb2) + count * (logE - lb2);
      const top = Math.max(t1, t2);
      const s1 = Math.exp(t1 - top);
      const s2 = Math.exp(t2 - top);
      const r = s1 / (s1 + s2);
      g0 = r * a1 * ((dg1[count] as number) + logB1 - lb1);
      g1 = r * (a1 - (a1 + count) * ratio1);
      g2 = (1 - r) * a2 * ((dg2[count] as number) + logB2 - lb2);
      g3 = (1 - r) * (a2 - (a2 + count) * ratio2);
      g4 = r - p;
      lf = top + Math.log(s1 + s2);
      if (k === nStar) break;
      const fk = Math.exp(lf);
      f0 += fk;
      below0 += fk * g0;
      below1 += fk * g1;
      below2 += fk * g2;
      below3 += fk * g3;
      below4 += fk * g4;
    }
    const o = 6 * i;
    out[o] = w * (lf - Math.log1p(-f0));
    out[o + 1] = w * (g0 + below0 / (1 - f0));
    out[o + 2] = w * (g1 + below1 / (1 - f0));
    out[o + 3] = w * (g2 + below2 / (1 - f0));
    out[o + 4] = w * (g3 + below3 / (1 - f0));
    out[o + 5] = w * (g4 + below4 / (1 - f0));
  }
}

// Slots of the pool's control array.
const GEN = 0; // the evaluation being computed (1 … 0x7fff, then again from 1)
const TICKET = 1; // evaluation << 16 | the next chunk to take
const QUIT = 2;
const FAILED = 3; // the worker stopped on an error: the caller computes every chunk itself
const SET = 4; // which cell set the evaluation is on
const CHUNKS = 5;
const SIZE = 6; // cells per chunk
const TAKEN = 7; // chunks the worker has computed (for tests)
const SLOTS = 8;

interface SharedSet extends TermData {
  readonly out: Float64Array;
}

interface PoolSetup {
  readonly control: Int32Array;
  /** Per chunk: the evaluation whose chunk was last computed. */
  readonly done: Int32Array;
  readonly par: Float64Array;
  readonly lg1: Float64Array;
  readonly dg1: Float64Array;
  readonly lg2: Float64Array;
  readonly dg2: Float64Array;
  readonly sets: readonly SharedSet[];
}

/**
 * The worker's loop: waits for an evaluation, takes chunks until none is left, waits again. Also sent as
 * source text: it uses nothing but its arguments and Atomics.
 */
function serve(setup: PoolSetup, terms: typeof pointTerms): void {
  const { control, done, par, lg1, dg1, lg2, dg2, sets } = setup;
  let seen = 0;
  try {
    for (;;) {
      Atomics.wait(control, 0, seen);
      const gen = Atomics.load(control, 0);
      seen = gen;
      if (Atomics.load(control, 2) !== 0) return;
      const set = sets[Atomics.load(control, 4)];
      const chunks = Atomics.load(control, 5);
      const size = Atomics.load(control, 6);
      if (set === undefined) continue;
      for (;;) {
        const ticket = Atomics.load(control, 1);
        if (ticket >>> 16 !== gen || (ticket & 0xffff) >= chunks) break;
        if (Atomics.compareExchange(control, 1, ticket, ticket + 1) !== ticket) continue;
        const c = ticket & 0xffff;
        const end = Math.min(set.n.length, (c + 1) * size);
        terms(par, lg1, dg1, lg2, dg2, set.n, set.e, set.logE, set.w, set.nStar, c * size, end, set.out);
        Atomics.add(control, 7, 1);
        Atomics.store(done, c, gen);
        Atomics.notify(done, c);
      }
    }
  } catch {
    Atomics.store(control, 3, 1);
  }
}

// `__name` is defined in case a bundler that keeps function names wraps the functions' inner definitions.
const WORKER_SOURCE = `"use strict";
var __name = (f) => f;
const pointTerms = ${pointTerms.toString()};
(${serve.toString()})(require("node:worker_threads").workerData, pointTerms);
`;

/** Cells from which a fit is worth a second thread (its start costs tens of milliseconds). */
export const POOL_MIN_CELLS = 2_000;

/** Whether a second thread is available to the fit. */
export const canShare = (): boolean => availableParallelism() > 1;

const sharedCopy = <T extends Int32Array | Float64Array>(a: T, make: (b: SharedArrayBuffer) => T): T => {
  const copy = make(new SharedArrayBuffer(a.byteLength));
  copy.set(a);
  return copy;
};

/**
 * A worker thread that shares the per-cell terms of the fit's evaluations on the given cell sets.
 * `close()` when the fit is done.
 * @example
 * const pool = new TermPool([points, all]);
 * try { const out = pool.evaluate(0, par, lg1, dg1, lg2, dg2); } finally { pool.close(); }
 */
export class TermPool {
  private readonly setup: PoolSetup;
  private readonly worker: Worker;
  private gen = 0;

  constructor(sets: readonly (TermData & { readonly maxN: number })[]) {
    const f64 = (length: number) => new Float64Array(new SharedArrayBuffer(8 * length));
    const tables = 1 + Math.max(0, ...sets.map((s) => s.maxN));
    const chunks = Math.max(1, ...sets.map((s) => Math.ceil(s.n.length / chunkSize(s.n.length))));
    this.setup = {
      control: new Int32Array(new SharedArrayBuffer(4 * SLOTS)),
      done: new Int32Array(new SharedArrayBuffer(4 * chunks)),
      par: f64(PARAMETERS),
      lg1: f64(tables),
      dg1: f64(tables),
      lg2: f64(tables),
      dg2: f64(tables),
      sets: sets.map((s) => ({
        n: sharedCopy(s.n, (b) => new Int32Array(b)),
        e: sharedCopy(s.e, (b) => new Float64Array(b)),
        logE: sharedCopy(s.logE, (b) => new Float64Array(b)),
        w: sharedCopy(s.w, (b) => new Float64Array(b)),
        nStar: s.nStar,
        out: f64(TERMS * s.n.length),
      })),
    };
    this.worker = new Worker(WORKER_SOURCE, { eval: true, workerData: this.setup });
    // A worker that cannot start or stops leaves every chunk to the caller (the result is the same).
    this.worker.on("error", () => Atomics.store(this.setup.control, FAILED, 1));
    this.worker.unref();
  }

  /** Chunks the worker has computed so far. */
  get workerChunks(): number {
    return Atomics.load(this.setup.control, TAKEN);
  }

  /**
   * The terms of every cell of set `index` (TERMS per cell, in cell order) for the parameter block and the
   * count tables given. The returned array is overwritten by the next evaluation on the same set.
   */
  evaluate(
    index: number,
    par: Float64Array,
    lg1: Float64Array,
    dg1: Float64Array,
    lg2: Float64Array,
    dg2: Float64Array,
  ): Float64Array {
    const s = this.setup;
    const set = s.sets[index];
    if (set === undefined) throw new Error(`no cell set ${index}`);
    const len = set.n.length;
    const size = chunkSize(len);
    const chunks = Math.ceil(len / size);
    s.par.set(par);
    s.lg1.set(lg1);
    s.dg1.set(dg1);
    s.lg2.set(lg2);
    s.dg2.set(dg2);
    this.gen = (this.gen % 0x7fff) + 1;
    const gen = this.gen;
    const { control, done } = s;
    Atomics.store(control, SET, index);
    Atomics.store(control, CHUNKS, chunks);
    Atomics.store(control, SIZE, size);
    Atomics.store(control, TICKET, gen << 16);
    Atomics.store(control, GEN, gen);
    Atomics.notify(control, GEN);
    const compute = (c: number) =>
      pointTerms(
        s.par,
        s.lg1,
        s.dg1,
        s.lg2,
        s.dg2,
        set.n,
        set.e,
        set.logE,
        set.w,
        set.nStar,
        c * size,
        Math.min(len, (c + 1) * size),
        set.out,
      );
    for (;;) {
      const ticket = Atomics.load(control, TICKET);
      if ((ticket & 0xffff) >= chunks) break;
      if (Atomics.compareExchange(control, TICKET, ticket, ticket + 1) !== ticket) continue;
      compute(ticket & 0xffff);
      Atomics.store(done, ticket & 0xffff, gen);
    }
    // The chunks the worker took: wait for each (it is computing it), or compute it if the worker failed.
    for (let c = 0; c < chunks; c++)
      for (;;) {
        const v = Atomics.load(done, c);
        if (v === gen) break;
        if (Atomics.load(control, FAILED) !== 0) {
          compute(c);
          break;
        }
        Atomics.wait(done, c, v, 50);
      }
    return set.out;
  }

  close(): void {
    Atomics.store(this.setup.control, QUIT, 1);
    Atomics.store(this.setup.control, GEN, (this.gen % 0x7fff) + 1);
    Atomics.notify(this.setup.control, GEN);
  }
}

/** Cells per chunk: small enough that the two threads finish together, at most 0xffff chunks. */
function chunkSize(cells: number): number {
  return Math.max(256, Math.ceil(cells / 0xffff));
}
