// The pipeline's public surface.
export { decideBatch, type DecideOptions } from './decide-batch.js';
export { drainIngest, startIngestWorker, emptyTotals, type IngestWorkerDeps, type IngestTotals, type RunningWorker } from './ingest-worker.js';
export { importArchive, type ImportOptions, type ImportProgress, type ImportSummary } from './import-archive.js';
export { ARCHIVE_FORMATS, ARCHIVE_TEXT_MAX, type ArchiveFormat } from './archive-record.js';
export { normaliseRaw } from './normalise.js';
export { generateDemoMessages, seededRandom, DEMO_ACCOUNTS, type DemoAccount, type DemoItem, type DemoOptions } from './demo-data.js';
export { loadDemoData, type LoadDemoOptions } from './load-demo.js';
export { receiveWebhook, type ReceiveWebhookDeps, type IncomingWebhook, type WebhookResult } from './receive-webhook.js';
export { createConnectorSource, buildConnector, webhookPath, type ConnectorSource, type ConnectorSourceDeps, type AccountConnector } from './connector-source.js';
export { drainOutbox, startOutboxWorker, type OutboxWorkerDeps, type OutboxTotals, type RunningOutboxWorker } from './outbox-worker.js';
export { openChatSession, postVisitorMessage, readVisitorFrames, type WebchatDeps, type ChatSession, type ChatRejection, type VisitorMessageAck } from './webchat-transport.js';
export { pollOnce, startPollers, type PollWorkerDeps, type PollStep, type RunningPollers } from './poll-worker.js';
export { drainWorkflow, startWorkflowWorker, type WorkflowWorkerDeps, type WorkflowTotals, type RunningWorkflowWorker } from './workflow-worker.js';
