// The shape every CLI command file exports, so `cli/index.ts` can list, document and dispatch them uniformly.
import type { DeskContext } from '../main.js';

export interface CliIo {
  readonly stdin: NodeJS.ReadableStream;
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
  readonly isTTY: boolean;
  /** Directory relative paths in arguments are resolved against (the caller's, also when handed over). */
  readonly cwd: string;
  /** Set when the command runs inside a running desk (handed over); otherwise the command opens the store. */
  readonly desk?: DeskContext;
  readonly env: NodeJS.ProcessEnv;
}

export interface CliCommand {
  readonly name: string;
  readonly summary: string;
  readonly usage: string;
  /** Commands that open the store are handed to a running embedded desk instead of failing on its lock. */
  readonly usesStore?: boolean;
  /** Returns the process exit code; throws only for errors the top level turns into one clear line. */
  run(argv: readonly string[], io: CliIo): Promise<number>;
}
