// Progress for long commands: a bar with rate and ETA on a terminal, a plain line every few seconds otherwise
// (CI logs, pipes, a command handed over to the running desk).
import cliProgress from 'cli-progress';
import type { CliIo } from './command.js';

export interface Progress {
  update(done: number, detail: string): void;
  stop(): void;
}

export function startProgress(io: CliIo, label: string, total: number, unit: string): Progress {
  if (io.isTTY) {
    const bar = new cliProgress.SingleBar(
      { format: `${label} [{bar}] {percentage}% | {detail} | {rate} ${unit}/s | ETA {eta_formatted}`, stream: io.stderr as NodeJS.WriteStream, hideCursor: true },
      cliProgress.Presets.shades_classic,
    );
    const started = Date.now();
    bar.start(total, 0, { detail: '', rate: 0 });
    return {
      update(done, detail) {
        const seconds = (Date.now() - started) / 1000;
        bar.update(Math.min(done, total), { detail, rate: seconds > 0 ? Math.round(done / seconds) : 0 });
      },
      stop: () => bar.stop(),
    };
  }
  const started = Date.now();
  let last = 0;
  let latest = { done: 0, detail: '' };
  const print = () => {
    const seconds = (Date.now() - started) / 1000;
    const rate = seconds > 0 ? latest.done / seconds : 0;
    const eta = rate > 0 ? Math.round((total - latest.done) / rate) : 0;
    const percent = total > 0 ? Math.floor((100 * latest.done) / total) : 100;
    io.stderr.write(`${label}: ${percent}% | ${latest.detail} | ${Math.round(rate)} ${unit}/s | ETA ${eta}s\n`);
  };
  return {
    update(done, detail) {
      latest = { done, detail };
      if (Date.now() - last >= 5000) {
        last = Date.now();
        print();
      }
    },
    stop: () => print(),
  };
}
