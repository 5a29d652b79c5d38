// /api/teams: list (everyone signed in with directory:read), create and delete (admins), rename and members
// (admins, and leads of that team).
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { canManageTeam } from '../../domain/access.js';
import { EarshotError } from '../../domain/errors.js';
import type { TeamId } from '../../domain/ids.js';
import { addTeamMember, createTeam, deleteTeam, listTeams, removeTeamMember, renameTeam, type Team } from '../../store/index.js';
import { needs } from '../access-rule.js';
import type { ApiContext } from '../api-context.js';
import { iso, okBody, responses } from '../contract/common.js';
import { teamCreateBody, teamListResponse, teamMemberParams, teamParams, teamSchema } from '../contract/directory.js';
import { authOf } from '../plugins/authenticate.js';

const teamOut = (t: Team) => ({ id: t.id, name: t.name, memberIds: [...t.memberIds], createdAt: iso(t.createdAt) });

export function teamRoutes(ctx: ApiContext) {
  return async (app: FastifyInstance): Promise<void> => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    r.get('/api/teams', { config: { access: needs('directory:read') }, schema: { tags: ['directory'], summary: 'Teams and their members', response: responses({ 200: teamListResponse }) } }, async () => ({
      items: (await listTeams(ctx.database.db, ctx.organisation.id)).map(teamOut),
    }));
    r.post(
      '/api/teams',
      { config: { access: needs('org:manage') }, schema: { tags: ['directory'], summary: 'Create a team', body: teamCreateBody, response: responses({ 201: teamSchema }) } },
      async (request, reply) => reply.status(201).send(teamOut(await createTeam(ctx.database.db, ctx.organisation.id, request.body.name))),
    );
    r.patch(
      '/api/teams/:id',
      { config: { access: needs('teams:manage') }, schema: { tags: ['directory'], summary: 'Rename a team (leads: their own)', params: teamParams, body: teamCreateBody, response: responses({ 200: teamSchema }) } },
      async (request) => {
        if (!canManageTeam(authOf(request).actor, request.params.id as TeamId)) throw new EarshotError('AUTH_FORBIDDEN', 'leads manage only their own teams');
        return teamOut(await renameTeam(ctx.database.db, ctx.organisation.id, request.params.id, request.body.name));
      },
    );
    r.delete(
      '/api/teams/:id',
      { config: { access: needs('org:manage') }, schema: { tags: ['directory'], summary: 'Delete a team that owns no queue (409 TEAM_IN_USE names them)', params: teamParams, response: responses({ 200: okBody }) } },
      async (request) => {
        await deleteTeam(ctx.database.db, ctx.organisation.id, request.params.id);
        return { ok: true as const };
      },
    );
    const member = { config: { access: needs('teams:manage') }, schema: { tags: ['directory'], params: teamMemberParams, response: responses({ 200: okBody }) } } as const;
    r.put('/api/teams/:id/members/:agentId', { ...member, schema: { ...member.schema, summary: 'Add an agent to a team' } }, async (request) => {
      if (!canManageTeam(authOf(request).actor, request.params.id as TeamId)) throw new EarshotError('AUTH_FORBIDDEN', 'leads manage only their own teams');
      await addTeamMember(ctx.database.db, ctx.organisation.id, request.params.id, request.params.agentId);
      return { ok: true as const };
    });
    r.delete('/api/teams/:id/members/:agentId', { ...member, schema: { ...member.schema, summary: 'Remove an agent from a team' } }, async (request) => {
      if (!canManageTeam(authOf(request).actor, request.params.id as TeamId)) throw new EarshotError('AUTH_FORBIDDEN', 'leads manage only their own teams');
      await removeTeamMember(ctx.database.db, request.params.id, request.params.agentId);
      return { ok: true as const };
    });
  };
}
