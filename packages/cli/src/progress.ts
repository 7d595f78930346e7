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

/**
 * Progress for a run over `sources`, written to `stderr`. The progress-bar library is loaded only for a
 * large run on a terminal.
 * @example
 * const progress = await createProgress(sources, process.stderr);
 */
export async function createProgress(sources: readonly InputSource[], stderr: ErrStream): Promise<Progress> {
  if (!isLarge(sources)) return SILENT;
  const totalBytes = sources.reduce((sum, s) => sum + s.bytes, 0);
  let files = 0;
  let bytes = 0;
  if (stderr.isTTY) {
    const { default: cliProgress } = await import("cli-progress");
    const bar = new cliProgress.SingleBar(
      {
        stream: stderr as NodeJS.WritableStream,
        format: "reading |{bar}| {percentage}% · {value}/{total} files · {mb}/{totalMb} MB · {eta_formatted}",
        hideCursor: true,
      },
      cliProgress.Presets.shades_classic,
    );
    bar.start(sources.length, 0, { mb: "0.0", totalMb: mb(totalBytes) });
    return {
      read(source) {
        bytes += source.bytes;
        bar.increment(1, { mb: mb(bytes) });
      },
      assessing(patients) {
        bar.stop();
        stderr.write(`hemosentinel: assessing ${patients} patient(s)…\n`);
      },
      done() {
        bar.stop();
      },
    };
  }
  let lastTenth = 0;
  return {
    read(source) {
      files++;
      bytes += source.bytes;
      const tenth = Math.floor((files * 10) / sources.length);
      if (tenth > lastTenth) {
        lastTenth = tenth;
        stderr.write(
          `hemosentinel: read ${files}/${sources.length} files (${tenth * 10}%, ${mb(bytes)} MB)\n`,
        );
      }
    },
    assessing(patients) {
      stderr.write(`hemosentinel: assessing ${patients} patient(s)…\n`);
    },
    done() {},
  };
}
