// `earshot demo`: generated traffic stored as raw inbound on demo channel accounts and run through the pipeline,
// exactly like real deliveries.
import type { OrganisationRef } from '../store/index.js';
import { ensureChannelAccount, storeRawInbound } from '../store/index.js';
import { DEMO_ACCOUNTS, generateDemoMessages } from './demo-data.js';
import { drainIngest, emptyTotals, type IngestTotals, type IngestWorkerDeps } from './ingest-worker.js';

export interface LoadDemoOptions {
  readonly organisation: OrganisationRef;
  readonly messages: number;
  readonly seed: number;
  readonly endAt: number;
  readonly onProgress?: (stored: number, total: number) => void;
}

export async function loadDemoData(deps: IngestWorkerDeps, options: LoadDemoOptions): Promise<IngestTotals> {
  const db = deps.database.db;
  const accountIds = new Map<string, Awaited<ReturnType<typeof ensureChannelAccount>>>();
  for (const account of DEMO_ACCOUNTS) {
    accountIds.set(account.name, await ensureChannelAccount(db, { organisationId: options.organisation.id, kind: account.kind, name: account.name }));
  }
  const totals = emptyTotals();
  let chunk: Parameters<typeof storeRawInbound>[1][number][] = [];
  let stored = 0;
  const flush = async () => {
    await storeRawInbound(db, chunk);
    stored += chunk.length;
    chunk = [];
    await drainIngest(deps, totals);
    options.onProgress?.(stored, options.messages);
  };
  for (const item of generateDemoMessages({ seed: options.seed, messages: options.messages, endAt: options.endAt })) {
    const account = accountIds.get(item.account.name)!;
    chunk.push({ organisationId: account.organisationId, channelAccountId: account.id, source: 'normalised', dedupeKey: item.message.externalId, payload: item.message });
    if (chunk.length >= 1000) await flush();
  }
  if (chunk.length > 0) await flush();
  return totals;
}
