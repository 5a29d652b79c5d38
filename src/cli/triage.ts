// earshot triage [FILE] [--json] [--rules FILE] [--models DIR] [--clinc]: rates one message per line (plain
// text, or JSONL with `text` and optional `author`) without a desk, and writes one result per line.
import { createReadStream, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { z } from 'zod';
import { InputError } from '../domain/errors.js';
import type { TriageInput } from '../domain/triage-result.js';
import { loadTriager, summarizeTriage, triageRuleSchema, type TriageSummary } from '../triage/index.js';
import type { CliCommand } from './command.js';
import { parseCommandArgs } from './parse-args.js';

/** A line longer than this is refused rather than read into memory whole. */
const MAX_LINE_CHARS = 1_000_000;

const args = z.object({
  positionals: z.array(z.string()).max(1, 'expected at most one FILE (or none to read stdin)'),
  json: z.boolean().optional(),
  rules: z.string().optional(),
  models: z.string().optional(),
  clinc: z.boolean().optional(),
});

const lineSchema = z.object({
  text: z.string(),
  author: z.object({ followers: z.number().nonnegative().optional(), verified: z.boolean().optional() }).optional(),
  isPublic: z.boolean().optional(),
  reach: z.number().nonnegative().optional(),
});

/** Parses one input line: a JSON object with `text`, or the line itself as the text. */
function parseLine(line: string): TriageInput | { error: string } {
  if (!line.trimStart().startsWith('{')) return { text: line };
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (err) {
    return { error: `not valid JSON (${(err as Error).message}); plain-text lines must not start with "{"` };
  }
  const parsed = lineSchema.safeParse(value);
  if (!parsed.success) return { error: parsed.error.issues.map((i) => `${i.path.join('.') || 'line'}: ${i.message}`).join('; ') };
  const { text, author, isPublic, reach } = parsed.data;
  return {
    text,
    ...(author ? { author: { ...(author.followers !== undefined ? { followers: author.followers } : {}), ...(author.verified !== undefined ? { verified: author.verified } : {}) } } : {}),
    ...(isPublic !== undefined ? { isPublic } : {}),
    ...(reach !== undefined ? { reach } : {}),
  };
}

function readRules(path: string): z.infer<typeof triageRuleSchema>[] {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new InputError('INPUT_INVALID', `--rules ${path}: expected a readable JSON array of rules (${(err as Error).message})`, { cause: err });
  }
  const parsed = z.array(triageRuleSchema).safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new InputError('INPUT_INVALID', `--rules ${path}: ${problems.join('; ')}`, { details: { problems } });
  }
  return parsed.data;
}

function humanLine(s: TriageSummary): string {
  const urgency = s.reasons.urgency.length > 0 ? ` urgency ${s.urgency} (${s.reasons.urgency.join(', ')})` : '';
  const preview = s.preview.replace(/\s+/g, ' ').slice(0, 80);
  return `${String(s.priority).padStart(3)}  ${s.path.padEnd(24)} ${s.language.padEnd(7)} ${s.sentiment.padEnd(8)} ${s.intent.padEnd(9)}${urgency}${s.tags.length > 0 ? ` [${s.tags.join(', ')}]` : ''}  ${preview}\n`;
}

export const triageCommand: CliCommand = {
  name: 'triage',
  summary: 'rate messages (one per line, plain text or JSONL with text/author) with the triage models',
  usage: 'earshot triage [FILE] [--json] [--rules RULES.json] [--models DIR] [--clinc]',
  async run(argv, io) {
    const a = parseCommandArgs(
      'triage',
      argv,
      { json: { type: 'boolean' }, rules: { type: 'string' }, models: { type: 'string' }, clinc: { type: 'boolean' } },
      args,
      true,
    );
    const triager = loadTriager({
      ...(a.models ? { modelsDir: resolve(io.cwd, a.models) } : {}),
      ...(a.rules ? { rules: readRules(resolve(io.cwd, a.rules)) } : {}),
      ...(a.clinc ? { fineIntentTasks: ['banking77', 'clinc150'] } : {}),
    });
    const file = a.positionals[0];
    const input = file === undefined || file === '-' ? io.stdin : createReadStream(resolve(io.cwd, file), { encoding: 'utf8' });
    let bad = 0;
    let lineNumber = 0;
    for await (const line of createInterface({ input, crlfDelay: Infinity })) {
      lineNumber++;
      if (line.trim() === '') continue;
      const parsed = line.length > MAX_LINE_CHARS ? { error: `longer than ${MAX_LINE_CHARS} characters` } : parseLine(line);
      if ('error' in parsed) {
        bad++;
        io.stderr.write(`line ${lineNumber}: ${parsed.error}\n`);
        continue;
      }
      const summary = summarizeTriage(triager.triage(parsed));
      io.stdout.write(a.json ? `${JSON.stringify(summary)}\n` : humanLine(summary));
    }
    if (bad > 0) io.stderr.write(`${bad} line(s) could not be read (see above)\n`);
    return bad > 0 ? 1 : 0;
  },
};
