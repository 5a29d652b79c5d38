// Insights' public surface. Reports grow here (issue: Insights); `collectStats` is the first of them.
import { readReport, readStats, type Database, type ReportQuery, type ReportRow, type StoreStats } from '../store/index.js';

export type { StoreStats, AccountResponseStats, ReportRow, ReportQuery, ReportDimension } from '../store/index.js';
export { REPORT_DIMENSIONS } from '../store/index.js';
export { agentsNeeded, erlangC, staffingFigures, trafficErlangs, type QueueLoad, type StaffingFigures } from './erlang-c.js';
export { detectSpikes, DEFAULT_SPIKE_OPTIONS, type SpikeAlert, type SpikeDetectorOptions } from './spike-detector.js';
export { erlangA, agentsNeededWithAbandonment, type ErlangAFigures, type ImpatientLoad } from './erlang-a.js';
export { planStaffing, WEEKDAYS, type StaffingPlan, type StaffingRow, type ChannelStaffing, type StaffingAssumptions, type WhatIf } from './staffing-plan.js';
export { buildStaffingReport, type StaffingQuery, type StaffingReport } from './staffing.js';
export { buildOutcomeReport, outcomeRates, FCR_WINDOW_MS, type OutcomeRow } from './outcomes.js';
export { buildLineJumpingReport, lineJumpingIndex, type LineJumpingReport, type LineJumpingBand } from './line-jumping.js';
export { buildChurnRiskList, scoreChurnRisk, CHURN_RISK_MIN_SCORE, type ChurnRisk } from './churn-risk.js';
export { findAlerts, alertWindow, type AlertCandidate, type AlertRuleOptions } from './alert-rules.js';
export { runAlertDetection, startAlertWorker, type AlertRunOptions, type AlertWorker, type AlertWorkerDeps } from './alert-run.js';
export { startDeliveryWorker, backoffMs, MAX_DELIVERY_ATTEMPTS, type DeliveryWorker, type DeliveryWorkerDeps, type EmailSettings } from './delivery-worker.js';
export { signWebhook, verifyWebhookSignature, type SignatureCheck } from './webhook-signature.js';
export { exportConversationsCsv, exportMessagesCsv, conversationCsvLine, messageCsvLine, csvCell, CONVERSATION_CSV_HEADER, MESSAGE_CSV_HEADER } from './conversation-export.js';
export { buildDigest, enqueueDailyDigest, type Digest } from './digest.js';
export { computeBusinessCase, type BusinessCase, type BusinessCaseInputs, type ChannelWorkload } from './business-case.js';

export function collectStats(database: Database): Promise<StoreStats> {
  return readStats(database.db);
}

/** Report figures by channel, account, language or day for conversations that started in the period. */
export function buildReport(database: Database, query: ReportQuery): Promise<readonly ReportRow[]> {
  return readReport(database.db, query);
}
