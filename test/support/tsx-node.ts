// Arguments to run a TypeScript entry point in a plain `node` process (not the tsx wrapper, so a test signals the
// real process), from any working directory.
export const TSX_LOADER = new URL('../../node_modules/tsx/dist/loader.mjs', import.meta.url).href;

export function nodeArgs(entry: string, args: readonly string[]): string[] {
  return ['--import', TSX_LOADER, entry, ...args];
}
