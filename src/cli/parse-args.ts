// Argument parsing shared by every command: node:util parseArgs for the shape, zod for the values, and errors
// that name the flag and the expected values.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { z } from 'zod';
import { InputError } from '../domain/errors.js';

export function parseCommandArgs<S extends z.ZodType>(
  command: string,
  argv: readonly string[],
  options: NonNullable<ParseArgsConfig['options']>,
  schema: S,
  allowPositionals = false,
): z.infer<S> {
  let parsed: { values: Record<string, unknown>; positionals: string[] };
  try {
    parsed = parseArgs({ args: [...argv], options, allowPositionals, strict: true }) as typeof parsed;
  } catch (err) {
    throw new InputError('INPUT_INVALID', (err as Error).message, { details: { command } });
  }
  const result = schema.safeParse({ ...parsed.values, positionals: parsed.positionals });
  if (!result.success) {
    const lines = result.error.issues.map((i) => `${i.path.length ? `--${i.path.join('.')}` : 'arguments'}: ${i.message}`);
    throw new InputError('INPUT_INVALID', lines.join('; '), { details: { command, problems: lines } });
  }
  return result.data;
}
