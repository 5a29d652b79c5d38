// Who may do what: roles, the permissions each role holds, and which conversations an agent can see.
// The server checks permissions per route; the store turns a ConversationScope into its SQL filter.
import type { AgentId, OrganisationId, TeamId } from './ids.js';

export const AGENT_ROLES = ['admin', 'lead', 'agent', 'viewer'] as const;
export type AgentRole = (typeof AGENT_ROLES)[number];

export const PERMISSIONS = [
  'conversations:read',
  'conversations:work',
  'contacts:read',
  'contacts:merge',
  'directory:read',
  'teams:manage',
  'org:manage',
  'channels:read',
  'settings:read',
  'reports:read',
  'tokens:own',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const GRANTS: Readonly<Record<AgentRole, readonly Permission[]>> = {
  admin: PERMISSIONS,
  lead: [
    'conversations:read',
    'conversations:work',
    'contacts:read',
    'contacts:merge',
    'directory:read',
    'teams:manage',
    'channels:read',
    'settings:read',
    'reports:read',
    'tokens:own',
  ],
  agent: ['conversations:read', 'conversations:work', 'contacts:read', 'directory:read', 'tokens:own'],
  viewer: ['reports:read', 'directory:read', 'tokens:own'],
};

/** The signed-in agent as access rules see it. */
export interface Actor {
  readonly agentId: AgentId;
  readonly organisationId: OrganisationId;
  readonly role: AgentRole;
  readonly teamIds: readonly TeamId[];
}

export function can(actor: Pick<Actor, 'role'>, permission: Permission): boolean {
  return GRANTS[actor.role].includes(permission);
}

/**
 * Which conversations an actor sees, decided by the team of the conversation's queue:
 * - admin: every conversation;
 * - lead: their teams' queues, plus unteamed queues (the default "Triage" queue) which leads dispatch from;
 * - agent: their teams' queues only; an agent of no team works the unteamed queues instead, so a small desk
 *   with no teams set up still works;
 * - viewer: none (viewers read aggregate reports, never conversations).
 * A conversation without a queue counts as unteamed.
 */
export type ConversationScope =
  | { readonly kind: 'all' }
  | { readonly kind: 'none' }
  | { readonly kind: 'teams'; readonly teamIds: readonly TeamId[]; readonly includeUnteamed: boolean };

export function conversationScope(actor: Actor): ConversationScope {
  switch (actor.role) {
    case 'admin':
      return { kind: 'all' };
    case 'lead':
      return { kind: 'teams', teamIds: actor.teamIds, includeUnteamed: true };
    case 'agent':
      return { kind: 'teams', teamIds: actor.teamIds, includeUnteamed: actor.teamIds.length === 0 };
    case 'viewer':
      return { kind: 'none' };
  }
}

/** `queueTeamId` null: the conversation's queue has no team (or it has no queue). */
export function isInScope(scope: ConversationScope, queueTeamId: TeamId | null): boolean {
  switch (scope.kind) {
    case 'all':
      return true;
    case 'none':
      return false;
    case 'teams':
      return queueTeamId === null ? scope.includeUnteamed : scope.teamIds.includes(queueTeamId);
  }
}

/** Leads manage only their own teams (members, queues); admins manage all. */
export function canManageTeam(actor: Actor, teamId: TeamId): boolean {
  if (actor.role === 'admin') return true;
  return actor.role === 'lead' && actor.teamIds.includes(teamId);
}

/** An assignee must be able to see the conversation, or it would vanish from their inbox. */
export function canBeAssigned(assignee: Pick<Actor, 'role' | 'teamIds' | 'agentId' | 'organisationId'>, queueTeamId: TeamId | null): boolean {
  if (assignee.role === 'viewer') return false;
  return isInScope(conversationScope(assignee), queueTeamId);
}
