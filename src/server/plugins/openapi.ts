// OpenAPI 3.1 generated from the routes' zod schemas, served at /api/openapi.json, and a human docs page
// (Swagger UI, served from the package, no CDN) at /api/docs.
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';

export async function registerOpenApi(app: FastifyInstance): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'earshot API',
        version: '0.1.0',
        description:
          'Social customer care desk. Authenticate with the session cookie from POST /api/auth/login (send X-CSRF-Token on unsafe requests) or with `Authorization: Bearer <API token>`. Errors are always {"error":{"code","message","details"}}.',
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer' },
          session: { type: 'apiKey', in: 'cookie', name: 'earshot_session' },
        },
      },
      security: [{ bearer: [] }, { session: [] }],
    },
    // Only /api: webhooks, the chat widget and internal routes document themselves elsewhere (PROTOCOLS.md).
    transform: (input) =>
      input.url.startsWith('/api/') && !input.url.startsWith('/api/docs')
        ? jsonSchemaTransform(input)
        : { schema: { ...input.schema, hide: true }, url: input.url },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: true });
}
