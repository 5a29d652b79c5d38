// The shape every CLI command file exports, so `cli/index.ts` can list, document and dispatch them uniformly.

export interface CliIo {
  readonly stdin: NodeJS.ReadableStream;
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
  readonly isTTY: boolean;
}

export interface CliCommand {
  readonly name: string;
  readonly summary: string;
  readonly usage: string;
  /** Returns the process exit code; throws only for errors the top level turns into one clear line. */
  run(argv: readonly string[], io: CliIo): Promise<number>;
}
