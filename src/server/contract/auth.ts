// Login, the signed-in agent, first-admin setup and API tokens.
import { z } from 'zod';
import { AGENT_ROLES, PERMISSIONS } from '../../domain/access.js';
import { isoTime, nullableIsoTime } from './common.js';

export const loginBody = z.strictObject({
  email: z.string().trim().min(3).max(320),
  password: z.string().min(1).max(1024),
});

export const agentSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: z.enum(AGENT_ROLES),
  teamIds: z.array(z.string()),
  disabled: z.boolean(),
  createdAt: isoTime,
});

export const meResponse = z.object({
  agent: agentSchema,
  permissions: z.array(z.enum(PERMISSIONS)),
  via: z.enum(['session', 'token']),
  /** Echo in X-CSRF-Token on every unsafe request made with the session cookie. */
  csrfToken: z.string().nullable(),
  tokenScope: z.enum(['read', 'write']).nullable(),
  sessionExpiresAt: nullableIsoTime,
});

export const setupStatusResponse = z.object({ needed: z.boolean() });
export const setupBody = z.strictObject({
  token: z.string().min(10).max(200),
  email: z.email().max(320),
  name: z.string().trim().min(1).max(200),
  password: z.string().min(1).max(1024),
});

export const tokenSchema = z.object({
  id: z.string(),
  agentId: z.string(),
  name: z.string(),
  scope: z.enum(['read', 'write']),
  prefix: z.string(),
  createdAt: isoTime,
  lastUsedAt: nullableIsoTime,
  revokedAt: nullableIsoTime,
});
export const tokenListResponse = z.object({ items: z.array(tokenSchema) });
export const tokenCreateBody = z.strictObject({ name: z.string().trim().min(1).max(200), scope: z.enum(['read', 'write']) });
export const tokenCreatedResponse = z.object({ token: z.string().describe('Shown once; store it now'), apiToken: tokenSchema });
export const idParams = z.strictObject({ id: z.string().min(1).max(100) });
export const passwordChangeBody = z.strictObject({ currentPassword: z.string().min(1).max(1024), newPassword: z.string().min(1).max(1024) });
