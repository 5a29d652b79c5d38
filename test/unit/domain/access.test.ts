import { describe, expect, it } from 'vitest';
import { can, canBeAssigned, canManageTeam, conversationScope, isInScope, PERMISSIONS, type Actor } from '../../../src/domain/access.js';
import type { AgentId, OrganisationId, TeamId } from '../../../src/domain/ids.js';

const A = 'team-a' as TeamId;
const B = 'team-b' as TeamId;
const actor = (role: Actor['role'], teamIds: TeamId[] = []): Actor => ({ agentId: 'x' as AgentId, organisationId: 'o' as OrganisationId, role, teamIds });

describe('access', () => {
  it('gives admins every permission and viewers only reports, directory and their tokens', () => {
    expect(PERMISSIONS.every((p) => can(actor('admin'), p))).toBe(true);
    expect(PERMISSIONS.filter((p) => can(actor('viewer'), p))).toEqual(['directory:read', 'reports:read', 'tokens:own']);
    expect(can(actor('agent'), 'conversations:work')).toBe(true);
    expect(can(actor('agent'), 'contacts:merge')).toBe(false);
    expect(can(actor('lead'), 'org:manage')).toBe(false);
  });

  it('scopes agents to their teams’ queues and unteamed queues to admins, leads and agents of no team', () => {
    expect(isInScope(conversationScope(actor('admin')), B)).toBe(true);
    expect(isInScope(conversationScope(actor('agent', [A])), A)).toBe(true);
    expect(isInScope(conversationScope(actor('agent', [A])), B)).toBe(false);
    expect(isInScope(conversationScope(actor('agent', [A])), null)).toBe(false);
    expect(isInScope(conversationScope(actor('agent', [])), null)).toBe(true);
    expect(isInScope(conversationScope(actor('agent', [])), A)).toBe(false);
    expect(isInScope(conversationScope(actor('lead', [A])), null)).toBe(true);
    expect(isInScope(conversationScope(actor('lead', [A])), B)).toBe(false);
    expect(isInScope(conversationScope(actor('viewer')), null)).toBe(false);
  });

  it('lets leads manage only their own teams and never assigns to viewers or out-of-scope agents', () => {
    expect(canManageTeam(actor('lead', [A]), A)).toBe(true);
    expect(canManageTeam(actor('lead', [A]), B)).toBe(false);
    expect(canManageTeam(actor('admin'), B)).toBe(true);
    expect(canManageTeam(actor('agent', [A]), A)).toBe(false);
    expect(canBeAssigned(actor('agent', [A]), A)).toBe(true);
    expect(canBeAssigned(actor('agent', [A]), B)).toBe(false);
    expect(canBeAssigned(actor('viewer'), null)).toBe(false);
  });
});
