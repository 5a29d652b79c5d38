// The pipeline's public surface.
export { decideBatch, type DecideOptions } from './decide-batch.js';
export { drainIngest, startIngestWorker, emptyTotals, type IngestWorkerDeps, type IngestTotals, type RunningWorker } from './ingest-worker.js';
export { importArchive, type ImportOptions, type ImportProgress, type ImportSummary } from './import-archive.js';
export { ARCHIVE_FORMATS, ARCHIVE_TEXT_MAX, type ArchiveFormat } from './archive-record.js';
export { normaliseRaw } from './normalise.js';
export { generateDemoMessages, seededRandom, DEMO_ACCOUNTS, type DemoAccount, type DemoItem, type DemoOptions } from './demo-data.js';
export { loadDemoData, type LoadDemoOptions } from './load-demo.js';
