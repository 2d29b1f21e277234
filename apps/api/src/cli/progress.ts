import { Presets, SingleBar } from 'cli-progress';

export interface ProgressReporter {
  update(done: number, total: number, extra?: string): void;
  stop(): void;
}

/**
 * Progress on stderr: a cli-progress bar when stderr is a terminal, otherwise a
 * line at most every `intervalMs` (and on completion); nothing with --json.
 */
export function progressReporter({
  json,
  label,
  intervalMs = 1000,
}: {
  json?: boolean;
  label: string;
  intervalMs?: number;
}): ProgressReporter {
  if (json) return { update: () => undefined, stop: () => undefined };
  if (process.stderr.isTTY) {
    const bar = new SingleBar(
      {
        format: `${label} [{bar}] {value}/{total} {extra}`,
        stream: process.stderr,
        hideCursor: true,
      },
      Presets.shades_classic,
    );
    let started = false;
    return {
      update(done, total, extra = '') {
        if (!started) {
          bar.start(total, done, { extra });
          started = true;
        } else {
          bar.setTotal(total);
          bar.update(done, { extra });
        }
      },
      stop() {
        if (started) bar.stop();
      },
    };
  }
  let lastAt = 0;
  let last = '';
  return {
    update(done, total, extra = '') {
      const line = `${label}: ${done}/${total}${extra ? ` ${extra}` : ''}`;
      const now = Date.now();
      if (line === last || (now - lastAt < intervalMs && done < total)) return;
      lastAt = now;
      last = line;
      process.stderr.write(`${line}\n`);
    },
    stop: () => undefined,
  };
}
