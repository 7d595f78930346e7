/**
 * Progress on stderr for large runs (more than 20 MB or 50 files): a bar on a terminal, otherwise a
 * plain line at every tenth of the files. Only counts and sizes are shown — never file contents or
 * patient data. Small runs stay silent.
 */
import type { InputSource } from "./input.js";

/** The part of a stream progress writes to; `isTTY` decides between bar and plain lines. */
export interface ErrStream {
  write(text: string): unknown;
  readonly isTTY?: boolean;
}

export interface Progress {
  read(source: InputSource): void;
  assessing(patients: number): void;
  done(): void;
}

export const LARGE_BYTES = 20 * 1024 * 1024;
export const LARGE_FILES = 50;

const MB = 1024 * 1024;
const mb = (bytes: number) => (bytes / MB).toFixed(1);

/** Whether a run over these sources is large enough to show progress. */
export function isLarge(sources: readonly InputSource[]): boolean {
  const bytes = sources.reduce((sum, s) => sum + s.bytes, 0);
  return bytes > LARGE_BYTES || sources.length > LARGE_FILES;
}

const SILENT: Progress = { read() {}, assessing() {}, done() {} };

/** Files and megabytes done, on stderr: what `assess` and `pv import` both show. */
export interface Meter {
  update(files: number, bytes: number): void;
  /** A line of its own (a bar is stopped first). */
  note(text: string): void;
  stop(): void;
}

export interface MeterOptions {
  /** The bar's verb ("reading") and the plain lines' ("read"). */
  readonly verb: string;
  readonly past: string;
  /** The files to go through (their sizes). */
  readonly files: readonly { readonly bytes: number }[];
  /** What a plain line's tenths count: files, or bytes (for files of very different sizes). */
  readonly tenthsOf: "files" | "bytes";
}

/**
 * A bar on a terminal (the progress-bar library is loaded only then), otherwise a plain line at every
 * tenth. Only counts and sizes are shown.
 * @example
 * const meter = await createMeter(process.stderr, { verb: "reading", past: "read", files: sources, tenthsOf: "files" });
 */
export async function createMeter(stderr: ErrStream, o: MeterOptions): Promise<Meter> {
  const total = o.files.length;
  const totalBytes = o.files.reduce((sum, f) => sum + f.bytes, 0);
  if (stderr.isTTY) {
    const { default: cliProgress } = await import("cli-progress");
    const bar = new cliProgress.SingleBar(
      {
        stream: stderr as NodeJS.WritableStream,
        format: `${o.verb} |{bar}| {percentage}% · {value}/{total} files · {mb}/{totalMb} MB · {eta_formatted}`,
        hideCursor: true,
      },
      cliProgress.Presets.shades_classic,
    );
    bar.start(total, 0, { mb: "0.0", totalMb: mb(totalBytes) });
    return {
      update(files, bytes) {
        bar.update(files, { mb: mb(bytes) });
      },
      note(text) {
        bar.stop();
        stderr.write(`hemosentinel: ${text}\n`);
      },
      stop: () => bar.stop(),
    };
  }
  let lastTenth = 0;
  return {
    update(files, bytes) {
      const share = o.tenthsOf === "files" ? files / total : totalBytes > 0 ? bytes / totalBytes : 1;
      const tenth = Math.floor(share * 10);
      if (tenth > lastTenth) {
        lastTenth = tenth;
        const of = o.tenthsOf === "files" ? "" : " of the bytes";
        stderr.write(
          `hemosentinel: ${o.past} ${files}/${total} files (${tenth * 10}%${of}, ${mb(bytes)} MB)\n`,
        );
      }
    },
    note(text) {
      stderr.write(`hemosentinel: ${text}\n`);
    },
    stop() {},
  };
}

/**
 * Progress for a run over `sources`, written to `stderr`.
 * @example
 * const progress = await createProgress(sources, process.stderr);
 */
export async function createProgress(sources: readonly InputSource[], stderr: ErrStream): Promise<Progress> {
  if (!isLarge(sources)) return SILENT;
  const meter = await createMeter(stderr, {
    verb: "reading",
    past: "read",
    files: sources,
    tenthsOf: "files",
  });
  let files = 0;
  let bytes = 0;
  return {
    read(source) {
      files++;
      bytes += source.bytes;
      meter.update(files, bytes);
    },
    assessing(patients) {
      meter.note(`assessing ${patients} patient(s)…`);
    },
    done: () => meter.stop(),
  };
}
