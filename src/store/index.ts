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
export { readOutcomes, type OutcomeCounts, type OutcomeQuery } from './outcome-store.js';
export { readFirstResponseWaits, PRIORITY_BANDS, type PriorityBand, type FirstResponseWaits } from './line-jumping-store.js';
export { readChurnSignals, type ChurnSignalRow } from './churn-store.js';
export {
  readSubjectHourCounts,
  readExampleMessages,
  readInfluentialNegativePosts,
  raiseAlerts,
  listAlerts,
  acknowledgeAlert,
  ALERT_KINDS,
  ALERT_SUBJECT_KINDS,
  type AlertKind,
  type AlertSubjectKind,
  type SubjectHourCount,
  type InfluentialPost,
  type NewAlert,
  type Alert,
} from './alert-store.js';
export {
  createWebhookSubscription,
  listWebhookSubscriptions,
  disableWebhookSubscription,
  openWebhookSecret,
  listWebhookDeliveries,
  replayWebhookDelivery,
  WEBHOOK_EVENTS,
  type WebhookEvent,
  type WebhookSubscription,
  type WebhookDelivery,
} from './webhook-subscription-store.js';
export { fanOutEvents, enqueueDeliveries, claimDueDeliveries, recordDeliveryResult, type ClaimedDelivery, type DeliveryResult } from './webhook-delivery-store.js';
export { readConversationsForExport, type ExportedConversation, type ConversationExportQuery } from './conversation-export-store.js';
export { countEvents, listAlertReasons, isDigestOwed } from './digest-store.js';
export { readOperationalGauges, type OperationalGauges } from './metrics-store.js';
export { readMessagesForExport, type ExportedMessage } from './message-export-store.js';
export { readArrivalsByHourOfWeek, readHandleTimes, type StaffingMeasureQuery, type HourOfWeekCount, type HandleTimeSample } from './staffing-store.js';
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
  type ReplyTarget,
  type QueuedReply,
  type ClaimedOutboxItem,
  type DeliveryReport,
  type MessageDelivery,
} from './outbox-store.js';
export { storeDeadLetter, storeReceipt, claimReceipts, finishReceipt, type ClaimedReceipt, type ReceiptResult } from './webhook-store.js';
export { storeVisitorMessage, storeAgentFrame, readChatFrames, type ChatFrame } from './webchat-store.js';
export {
  createAgent,
  loadAgent,
  findAgentByEmail,
  listAgents,
  countAgents,
  attemptLogin,
  setAgentPassword,
  updateAgent,
  type AgentPatch,
  type Agent,
  type NewAgent,
  type LoginOutcome,
} from './agent-store.js';
export { createTeam, listTeams, findTeam, addTeamMember, removeTeamMember, createQueue, listQueues, loadQueue, renameTeam, deleteTeam, updateQueue, deleteQueue, type Team, type Queue } from './team-store.js';
export { createSession, resolveSession, deleteSession, DEFAULT_SESSION_POLICY, type SessionPolicy, type SessionLookup, type NewSession } from './session-store.js';
export { createApiToken, resolveApiToken, listApiTokens, revokeApiToken, TOKEN_SCOPES, type TokenScope, type ApiToken, type TokenLookup } from './api-token-store.js';
export { issueSetupToken, isSetupNeeded, completeSetup, SETUP_LINK_TTL_MS } from './setup-store.js';
export { PASSWORD_MIN_LENGTH, PASSWORD_MAX_LENGTH } from './password-hash.js';
export {
  listConversations,
  countConversations,
  loadConversation,
  loadConversationSummary,
  CONVERSATION_SORTS,
  CURSOR_MAX_AGE_MS,
  type ConversationSort,
  type ConversationFilter,
  type ConversationCursor,
  type ConversationSummary,
  type ConversationPage,
  type ConversationCounts,
  type ConversationMessage,
  type ConversationDetail,
} from './conversation-query-store.js';
export { assignConversation, changeConversationStatus, claimConversation, setConversationPath, snoozeConversation, wakeSnoozed, tagConversation, addNote, type AddedNote } from './conversation-update-store.js';
export { loadContact, mergeContacts, splitContactIdentity, type ContactView, type ContactIdentity, type TimelineEntry } from './contact-store.js';
export {
  readEventsAfter,
  latestEventId,
  listenForNotifications,
  EVENTS_CHANNEL,
  PRESENCE_CHANNEL,
  type StoredEvent,
  type Listener,
} from './event-feed-store.js';
export { heartbeatPresence, leavePresence, listPresence, PRESENCE_STATES, type PresenceState, type Presence } from './presence-store.js';
export { readOrganisationSettings, updateOrganisationSettings } from './settings-store.js';
export { markDueSlaChecks, loadWorkflowSetting, runWorkflowBatch, type WorkflowRunOptions, type WorkflowRunTotals } from './workflow-store.js';
export {
  listRoutingRules,
  replaceRoutingRules,
  listSlaPolicies,
  replaceSlaPolicies,
  readTeamBusinessHours,
  setTeamBusinessHours,
  setQueueAssignment,
  readAgentWorkProfile,
  updateAgentWorkProfile,
  setContactAttributes,
  type AgentWorkProfile,
} from './workflow-settings-store.js';
export { queueReplyIn } from './outbox-store.js';
export {
  loadReplyContext,
  listTemplates,
  saveTemplate,
  deleteTemplate,
  requestApproval,
  listApprovals,
  decideApproval,
  type ReplyContext,
  type ReplyTemplate,
  type ReplyApproval,
} from './reply-store.js';
export {
  createHandoffLink,
  handoffLinkState,
  completeHandoff,
  createCsatSurvey,
  csatSurveyState,
  answerCsat,
  type HandoffDetails,
  type LinkState,
} from './handoff-store.js';
export { countStaleTriage, retriagePage, type RetriagePage } from './retriage-store.js';
