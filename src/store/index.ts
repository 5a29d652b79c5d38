// The store's public surface: the only SQL in earshot lives behind these functions.
export { openDatabase, type Database, type DatabaseOptions, type Engine } from './database.js';
export { readLock, acquireDataDirLock, type LockInfo, type DataDirLock } from './data-dir-lock.js';
export { migrateToLatest, pendingMigrations, type MigrationReport } from './migrate.js';
export { runIngestBatch, peekPendingRaw, type IngestOutcome, type IngestBatchOptions } from './ingest-store.js';
export {
  storeRawInbound,
  countRawInbound,
  listDeadLetters,
  type RawInboundInput,
  type EnqueueReport,
  type RawInboundCounts,
  type DeadLetter,
} from './raw-inbound-store.js';
export {
  ensureOrganisation,
  ensureChannelAccount,
  DEFAULT_ORGANISATION,
  DEFAULT_QUEUE,
  type OrganisationRef,
  type ChannelAccountRef,
} from './organisation-store.js';
export { loadOrCreateSecretKey } from './secret-key.js';
export { readStats, type StoreStats, type AccountResponseStats } from './stats-store.js';
export { readReport, REPORT_DIMENSIONS, type ReportDimension, type ReportRow, type ReportQuery } from './report-store.js';
export {
  createChannelAccount,
  listChannelAccounts,
  findChannelAccount,
  loadChannelAccount,
  removeChannelAccount,
  savePollCursor,
  loadPollCursor,
  type ChannelAccountSummary,
  type ChannelAccountConfig,
  type NewChannelAccount,
  type RemoveOutcome,
} from './channel-account-store.js';
export {
  queueReply,
  claimOutboxItems,
  markOutboxSent,
  rescheduleOutboxItem,
  failOutboxItem,
  applyDeliveryReports,
  deliveryStatuses,
  OUTBOX_STATUSES,
  type OutboxStatus,
  type QueueReplyInput,
  type QueuedReply,
  type ClaimedOutboxItem,
  type DeliveryReport,
  type MessageDelivery,
} from './outbox-store.js';
export { storeDeadLetter, storeReceipt, claimReceipts, finishReceipt, type ClaimedReceipt, type ReceiptResult } from './webhook-store.js';
export { storeVisitorMessage, storeAgentFrame, readChatFrames, type ChatFrame } from './webchat-store.js';
