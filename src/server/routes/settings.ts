// /api/settings: per-organisation settings; everyone with settings:read reads, admins write.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { readOrganisationSettings, updateOrganisationSettings } from '../../store/index.js';
import { needs } from '../access-rule.js';
import type { ApiContext } from '../api-context.js';
import { responses } from '../contract/common.js';
import { organisationSettings, settingsResponse } from '../contract/settings.js';

export function settingsRoutes(ctx: ApiContext) {
  return async (app: FastifyInstance): Promise<void> => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    // Stored JSON is parsed on the way out too: keys written by an older version are dropped, not leaked.
    const read = async () => settingsResponse.parse(await readOrganisationSettings(ctx.database.db, ctx.organisation.id));
    r.get('/api/settings', { config: { access: needs('settings:read') }, schema: { tags: ['settings'], summary: 'Organisation settings', response: responses({ 200: settingsResponse }) } }, read);
    r.patch(
      '/api/settings',
      { config: { access: needs('org:manage') }, schema: { tags: ['settings'], summary: 'Change organisation settings (given keys only)', body: organisationSettings, response: responses({ 200: settingsResponse }) } },
      async (request) => settingsResponse.parse(await updateOrganisationSettings(ctx.database.db, ctx.organisation.id, request.body)),
    );
  };
}
