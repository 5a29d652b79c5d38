// `earshot import`: stream the file into raw_inbound in chunks (each chunk committed, deduped on the row id) while
// the ingest worker processes them. Killed half-way, a re-run skips what was stored and finishes the rest.
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { dirname } from 'node:path';
import type { ChannelAccountRef } from '../store/index.js';
import { storeRawInbound } from '../store/index.js';
import type { ArchiveFormat } from './archive-record.js';
import { drainIngest, emptyTotals, type IngestWorkerDeps } from './ingest-worker.js';
import { openArchive, SOURCE_OF_FORMAT } from './read-archive.js';

export interface ImportProgress {
  readonly bytesRead: number;
  readonly totalBytes: number;
  readonly rows: number;
  readonly stored: number;
  readonly duplicates: number;
  readonly rejected: number;
  /** Messages written by the pipeline so far. */
  readonly messages: number;
}

export interface ImportSummary extends ImportProgress {
  readonly rejectsPath: string | null;
  readonly elapsedMs: number;
  readonly deadLetters: number;
}

export interface ImportOptions {
  readonly path: string;
  readonly format: ArchiveFormat;
  readonly account: ChannelAccountRef;
  /** Where rejected rows go (JSON Lines: line, reason, raw); created only if a row is rejected. */
  readonly rejectsPath: string;
  readonly chunkSize?: number;
  /** Stored rows the reader may run ahead of the pipeline; keeps progress and ETA honest and the store unflooded. */
  readonly maxAhead?: number;
  readonly onProgress?: (progress: ImportProgress) => void;
  readonly now?: () => number;
}

export async function importArchive(deps: IngestWorkerDeps, options: ImportOptions): Promise<ImportSummary> {
  const now = options.now ?? Date.now;
  const started = now();
  const reader = await openArchive(options.path, options.format);
  const source = SOURCE_OF_FORMAT[options.format];
  const chunkSize = options.chunkSize ?? 2000;
  const counts = { rows: 0, stored: 0, duplicates: 0, rejected: 0 };
  const totals = emptyTotals();
  let rejects: WriteStream | null = null;
  const progress = (): ImportProgress => ({
    bytesRead: reader.bytesRead(),
    totalBytes: reader.totalBytes,
    ...counts,
    messages: totals.messages,
  });

  let producing = true;
  let wake: (() => void) | null = null;
  const consumer = (async () => {
    for (;;) {
      const wasProducing = producing;
      await drainIngest(deps, totals);
      options.onProgress?.(progress());
      if (!wasProducing) return;
      await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, 200);
      });
      wake = null;
    }
  })();

  const maxAhead = options.maxAhead ?? 10 * chunkSize;
  let chunk: { dedupeKey: string; payload: unknown }[] = [];
  const flush = async () => {
    if (chunk.length === 0) return;
    // Backpressure: wait while the pipeline is more than `maxAhead` rows behind what this import stored.
    while (counts.stored - totals.claimed > maxAhead) await new Promise((r) => setTimeout(r, 25));
    const report = await storeRawInbound(
      deps.database.db,
      chunk.map((r) => ({
        organisationId: options.account.organisationId,
        channelAccountId: options.account.id,
        source,
        dedupeKey: r.dedupeKey,
        payload: r.payload,
      })),
    );
    counts.stored += report.stored;
    counts.duplicates += report.duplicates;
    chunk = [];
    (wake as (() => void) | null)?.();
    options.onProgress?.(progress());
  };
  try {
    for await (const row of reader.rows()) {
      counts.rows++;
      if (row.kind === 'rejected') {
        counts.rejected++;
        if (!rejects) {
          mkdirSync(dirname(options.rejectsPath), { recursive: true });
          rejects = createWriteStream(options.rejectsPath);
        }
        rejects.write(`${JSON.stringify({ line: row.line, reason: row.reason, raw: row.raw })}\n`);
        continue;
      }
      chunk.push({ dedupeKey: row.dedupeKey, payload: row.payload });
      if (chunk.length >= chunkSize) await flush();
    }
    await flush();
  } finally {
    producing = false;
    (wake as (() => void) | null)?.();
    await consumer;
    const stream = rejects as WriteStream | null;
    if (stream) await new Promise<void>((resolve) => stream.end(resolve));
  }
  return {
    ...progress(),
    rejectsPath: rejects ? options.rejectsPath : null,
    elapsedMs: now() - started,
    deadLetters: totals.dead,
  };
}
