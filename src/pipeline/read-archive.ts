// Streams an archive file row by row (flat memory at any size): CSV via csv-parse, JSONL line by line. Each row is
// checked with the same normaliser the pipeline uses, so bad rows are rejected here with their line number.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { parse } from 'csv-parse';
import { InputError } from '../domain/errors.js';
import {
  GENERIC_COLUMNS,
  TWCS_COLUMNS,
  normaliseGeneric,
  normaliseTwcs,
  type ArchiveFormat,
  type NormaliseOutcome,
} from './archive-record.js';

export type ArchiveRow =
  | { readonly kind: 'ok'; readonly line: number; readonly dedupeKey: string; readonly payload: Record<string, unknown> }
  | { readonly kind: 'rejected'; readonly line: number; readonly reason: string; readonly raw: string };

export interface ArchiveReader {
  readonly totalBytes: number;
  /** Bytes consumed so far, for progress and ETA. */
  bytesRead(): number;
  rows(): AsyncGenerator<ArchiveRow>;
}

export const SOURCE_OF_FORMAT: Readonly<Record<ArchiveFormat, string>> = {
  twcs: 'import.twcs',
  csv: 'import.csv',
  jsonl: 'import.jsonl',
};

const MAX_LINE_BYTES = 1_000_000;

function check(line: number, payload: Record<string, unknown>, normalise: (p: unknown) => NormaliseOutcome, raw: () => string): ArchiveRow {
  const outcome = normalise(payload);
  return outcome.kind === 'ok'
    ? { kind: 'ok', line, dedupeKey: outcome.message.externalId, payload }
    : { kind: 'rejected', line, reason: outcome.reason, raw: raw() };
}

async function* csvRows(path: string, format: 'twcs' | 'csv', counter: { bytes: number }): AsyncGenerator<ArchiveRow> {
  const input = createReadStream(path);
  input.on('data', (chunk) => (counter.bytes += chunk.length));
  const skipped: ArchiveRow[] = [];
  const parser = input.pipe(
    parse({
      relax_column_count: true,
      skip_empty_lines: true,
      info: true,
      skip_records_with_error: true,
      max_record_size: MAX_LINE_BYTES,
      on_skip: (err, raw) => {
        const line = typeof err?.['lines'] === 'number' ? (err['lines'] as number) : 0;
        skipped.push({ kind: 'rejected', line, reason: `malformed CSV: ${err?.message ?? 'unreadable record'}`, raw: (raw ?? '').slice(0, 500) });
        return undefined;
      },
    }),
  );
  let header: string[] | null = null;
  let previousEnd = 0;
  const normalise = format === 'twcs' ? normaliseTwcs : normaliseGeneric;
  for await (const item of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
    while (skipped.length > 0) yield skipped.shift()!;
    const line = previousEnd + 1;
    previousEnd = item.info.lines;
    const record = item.record;
    if (header === null) {
      header = record.map((h) => h.trim().replace(/^\uFEFF/, ''));
      const required = format === 'twcs' ? TWCS_COLUMNS : ['id', 'author', 'text', 'created_at'];
      const missing = required.filter((c) => !header!.includes(c));
      if (missing.length > 0) {
        input.destroy();
        throw new InputError(
          'IMPORT_FORMAT_UNKNOWN',
          `${path}: header is missing column(s) ${missing.join(', ')} required by --format ${format}; ` +
            `expected ${format === 'twcs' ? TWCS_COLUMNS.join(',') : `id,author,text,created_at (optional: ${GENERIC_COLUMNS.slice(4).join(', ')})`}`,
        );
      }
      continue;
    }
    if (record.length !== header.length) {
      yield { kind: 'rejected', line, reason: `wrong column count: expected ${header.length}, got ${record.length}`, raw: record.join(',').slice(0, 500) };
      continue;
    }
    const payload: Record<string, string> = {};
    for (let i = 0; i < header.length; i++) payload[header[i]!] = record[i]!;
    yield check(line, payload, normalise, () => record.join(',').slice(0, 500));
  }
  while (skipped.length > 0) yield skipped.shift()!;
}

async function* jsonlRows(path: string, counter: { bytes: number }): AsyncGenerator<ArchiveRow> {
  const input = createReadStream(path);
  input.on('data', (chunk) => (counter.bytes += chunk.length));
  const lines = createInterface({ input, crlfDelay: Infinity });
  let line = 0;
  for await (const text of lines) {
    line++;
    if (text.trim() === '') continue;
    if (text.length > MAX_LINE_BYTES) {
      yield { kind: 'rejected', line, reason: `line longer than ${MAX_LINE_BYTES} characters`, raw: text.slice(0, 500) };
      continue;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (err) {
      yield { kind: 'rejected', line, reason: `malformed JSON: ${(err as Error).message}`, raw: text.slice(0, 500) };
      continue;
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      yield { kind: 'rejected', line, reason: 'expected a JSON object per line', raw: text.slice(0, 500) };
      continue;
    }
    yield check(line, parsed as Record<string, unknown>, normaliseGeneric, () => text.slice(0, 500));
  }
}

/** Opens the file (throws IMPORT_FILE_UNREADABLE when it cannot be read at all). */
export async function openArchive(path: string, format: ArchiveFormat): Promise<ArchiveReader> {
  let size: number;
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new Error('not a regular file');
    size = info.size;
  } catch (cause) {
    throw new InputError('IMPORT_FILE_UNREADABLE', `cannot read ${path}: ${(cause as Error).message}`, { cause });
  }
  const counter = { bytes: 0 };
  return {
    totalBytes: size,
    bytesRead: () => counter.bytes,
    rows: () => (format === 'jsonl' ? jsonlRows(path, counter) : csvRows(path, format, counter)),
  };
}
