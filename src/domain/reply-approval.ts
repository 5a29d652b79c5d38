// When a public reply waits for a lead: written by an agent in training, or on a conversation a sensitive rule
// marks (crisis terms, a sensitive tag). Leads and admins answer directly; private replies never wait.
import type { AgentRole } from './access.js';

export interface ApprovalFacts {
  readonly isPublic: boolean;
  readonly authorRole: AgentRole;
  readonly authorInTraining: boolean;
  /** The organisation's switch for trainees (settings.publicReplyApproval, default on). */
  readonly traineeApproval: boolean;
  readonly crisisTerms: readonly string[];
  readonly tags: readonly string[];
  readonly sensitiveTags: readonly string[];
}

export const DEFAULT_SENSITIVE_TAGS = ['legal', 'crisis', 'sensitive', 'press'] as const;

/** Why the reply must wait for approval; empty when it may go out now. */
export function approvalReasons(f: ApprovalFacts): string[] {
  if (!f.isPublic || f.authorRole === 'lead' || f.authorRole === 'admin') return [];
  const why: string[] = [];
  if (f.traineeApproval && f.authorInTraining) why.push('public reply by an agent in training');
  if (f.crisisTerms.length > 0) why.push(`crisis terms in the customer's message: ${f.crisisTerms.join(', ')}`);
  const sensitive = f.tags.filter((t) => f.sensitiveTags.includes(t));
  if (sensitive.length > 0) why.push(`sensitive tag ${sensitive.join(', ')}`);
  return why;
}
