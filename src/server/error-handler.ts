// The one table from error codes to HTTP statuses, and the one error body shape: {"error":{"code","message","details"?}}.
import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { EarshotError, type ErrorCode } from '../domain/errors.js';

const STATUS: Partial<Record<ErrorCode, number>> = {
  INPUT_INVALID: 400,
  INPUT_BAD_ENCODING: 400,
  INPUT_TOO_LARGE: 413,
  IMPORT_FILE_UNREADABLE: 400,
  IMPORT_FORMAT_UNKNOWN: 400,
  WEBHOOK_BAD_SIGNATURE: 401,
  AUTH_REQUIRED: 401,
  AUTH_FORBIDDEN: 403,
  ROUTE_NOT_FOUND: 404,
  CONVERSATION_NOT_FOUND: 404,
  CHANNEL_ACCOUNT_NOT_FOUND: 404,
  AGENT_NOT_FOUND: 404,
  TEAM_NOT_FOUND: 404,
  QUEUE_NOT_FOUND: 404,
  API_TOKEN_NOT_FOUND: 404,
  AUTH_BAD_CREDENTIALS: 401,
  AUTH_SESSION_EXPIRED: 401,
  AUTH_TOKEN_REVOKED: 401,
  AUTH_SETUP_LINK_INVALID: 401,
  AUTH_CSRF_FAILED: 403,
  AUTH_TOKEN_SCOPE: 403,
  AUTH_LOCKED: 429,
  AUTH_RATE_LIMITED: 429,
  AUTH_SETUP_DONE: 409,
  AGENT_EXISTS: 409,
  TEAM_EXISTS: 409,
  QUEUE_EXISTS: 409,
  CHANNEL_ACCOUNT_EXISTS: 409,
  CHANNEL_CONFIG_INVALID: 400,
  CHANNEL_KIND_UNKNOWN: 400,
  CONVERSATION_ASSIGNEE_INVALID: 400,
  CONTACT_MERGE_INVALID: 400,
  INPUT_UNSUPPORTED_MEDIA_TYPE: 415,
  SERVER_SHUTTING_DOWN: 503,
  CONTACT_NOT_FOUND: 404,
  CONVERSATION_ILLEGAL_TRANSITION: 409,
  STORE_LOCKED: 409,
  CHANNEL_RATE_LIMITED: 429,
  STORE_UNREACHABLE: 503,
  CHANNEL_UNAVAILABLE: 503,
  REPLY_TOO_LONG: 400,
  REPLY_WINDOW_CLOSED: 409,
  CHANNEL_NOT_CONNECTED: 409,
  CHANNEL_CANNOT_REPLY: 409,
  OUTBOX_NO_RECIPIENT: 409,
  TEAM_IN_USE: 409,
  QUEUE_IN_USE: 409,
  ALERT_NOT_FOUND: 404,
  WEBHOOK_SUBSCRIPTION_NOT_FOUND: 404,
  WEBHOOK_DELIVERY_NOT_FOUND: 404,
  CONVERSATION_ALREADY_CLAIMED: 409,
  TEMPLATE_VARIABLE_MISSING: 400,
  TEMPLATE_NOT_FOUND: 404,
  TEMPLATE_EXISTS: 409,
  APPROVAL_NOT_FOUND: 404,
  APPROVAL_DECIDED: 409,
  LINK_INVALID: 404,
  LINK_USED: 410,
  LINK_EXPIRED: 410,
};

export function statusOf(code: ErrorCode): number {
  return STATUS[code] ?? 500;
}

export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | EarshotError, request, reply) => {
    if (error instanceof EarshotError) {
      const status = statusOf(error.code);
      if (status >= 500) request.log.error({ err: error }, 'request failed');
      return reply.status(status).send({ error: { code: error.code, message: error.message, ...(error.details === undefined ? {} : { details: error.details }) } });
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      // zod issues become `path: problem` entries naming where in the request the problem is (STYLE.md §5).
      const where = (error as FastifyError).validationContext ?? 'body';
      const details = error.validation.map((v) => {
        const params = v.params as { keys?: unknown } | undefined;
        const keys = Array.isArray(params?.keys) ? `.${params.keys.join(',')}` : '';
        const path = `${where}${v.instancePath.replace(/\//g, '.').replace(/\.$/, '')}${v.keyword === 'unrecognized_keys' ? keys : ''}`;
        return { path, message: v.keyword === 'unrecognized_keys' ? `unknown field${keys.includes(',') ? 's' : ''} ${keys.slice(1)}` : v.message ?? 'invalid' };
      });
      return reply
        .status(400)
        .send({ error: { code: 'INPUT_INVALID', message: details.map((d) => `${d.path}: ${d.message}`).join('; '), details } });
    }
    if (isResponseSerializationError(error)) {
      request.log.error({ err: error, issues: error.cause.issues }, 'response does not match its schema');
      return reply.status(500).send({ error: { code: 'INTERNAL', message: `internal error; request id ${request.id}` } });
    }
    const fastifyError = error as FastifyError;
    if (fastifyError.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
      return reply.status(415).send({ error: { code: 'INPUT_UNSUPPORTED_MEDIA_TYPE', message: `content-type ${String(request.headers['content-type'] ?? '(none)')}: expected application/json` } });
    }
    if (fastifyError.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return reply.status(413).send({ error: { code: 'INPUT_TOO_LARGE', message: `request body over the limit of ${request.routeOptions.bodyLimit ?? 0} bytes` } });
    }
    if (fastifyError.validation || (fastifyError.statusCode !== undefined && fastifyError.statusCode < 500)) {
      return reply.status(fastifyError.statusCode ?? 400).send({ error: { code: 'INPUT_INVALID', message: fastifyError.message } });
    }
    request.log.error({ err: error }, 'request failed');
    return reply.status(500).send({ error: { code: 'INTERNAL', message: `internal error; request id ${request.id}` } });
  });
  app.setNotFoundHandler((request, reply) =>
    reply.status(404).send({ error: { code: 'ROUTE_NOT_FOUND', message: `no route ${request.method} ${request.url}` } }),
  );
}
