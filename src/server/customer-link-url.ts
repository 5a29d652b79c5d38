// Where customers open the links we send them: EARSHOT_PUBLIC_URL when set (behind a proxy the request's own
// host is an internal one), otherwise the scheme and host this request came in on.
import type { FastifyRequest } from 'fastify';
import type { ApiContext } from './api-context.js';
import { signLink, type LinkKind } from './signed-link.js';
import { EarshotError } from '../domain/errors.js';

export function customerLinkUrl(ctx: ApiContext, request: FastifyRequest | null, kind: LinkKind, id: string, expiresAtMs: number): string {
  if (!ctx.secretKey) throw new EarshotError('CHANNEL_NOT_CONNECTED', 'this desk has no secret key to sign customer links');
  const base = ctx.publicUrl ?? (request ? `${request.protocol}://${request.host}` : undefined);
  if (!base) throw new EarshotError('CONFIG_INVALID', 'set EARSHOT_PUBLIC_URL so links sent to customers point at this desk');
  return `${base}/${kind}/${signLink(ctx.secretKey, kind, id, expiresAtMs)}`;
}
