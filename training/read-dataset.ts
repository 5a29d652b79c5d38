// Reads one labelled split of ../shared/data (JSON Lines with `text` and `label`) and hashes the file, so a
// weight file can name exactly the data it was trained on.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

export const SPLITS = ['train', 'validation', 'test'] as const;
export type Split = (typeof SPLITS)[number];

export const DATA_DIR = process.env['EARSHOT_DATA_DIR'] ?? new URL('../../shared/data/', import.meta.url).pathname;

const row = z.object({ text: z.string(), label: z.string() });

export interface LabelledRow {
  readonly text: string;
  readonly label: string;
}

export interface Dataset {
  readonly rows: readonly LabelledRow[];
  /** sha256 of the file's bytes. */
  readonly sha256: string;
}

export function readDataset(dataset: string, split: Split): Dataset {
  const path = join(DATA_DIR, dataset, `${split}.jsonl`);
  const bytes = readFileSync(path);
  const rows: LabelledRow[] = [];
  const lines = bytes.toString('utf8').split('\n');
  for (const [i, line] of lines.entries()) {
    if (line.trim() === '') continue;
    const parsed = row.safeParse(JSON.parse(line));
    if (!parsed.success) throw new Error(`${path}:${i + 1}: ${parsed.error.issues.map((x) => x.message).join('; ')}`);
    rows.push(parsed.data);
  }
  return { rows, sha256: createHash('sha256').update(bytes).digest('hex') };
}
