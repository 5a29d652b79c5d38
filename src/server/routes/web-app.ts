// The agent web app (web/app, built by Vite into web/app/dist): its hashed assets, and index.html for every
// client route so a reload or a shared link opens the right page. Only the app's own paths are answered here:
// /api, /hooks, /chat and anything else unknown keep their JSON 404s.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { NotFoundError } from '../../domain/errors.js';

export const DEFAULT_WEB_APP_DIR = fileURLToPath(new URL('../../../web/app/dist/', import.meta.url));

/** Paths the app routes on the client (see web/app/src/app.tsx). */
const CLIENT_ROUTES = ['/', '/login', '/setup', '/inbox', '/inbox/*', '/settings', '/settings/*'];

const TYPES: Readonly<Record<string, string>> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

// The app loads nothing from elsewhere and renders customer text as text; this makes a slip harmless.
const CSP = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

const NOT_BUILT = `<!doctype html><html lang="en"><meta charset="utf-8"><title>earshot</title>
<body style="font:16px system-ui;max-width:34rem;margin:4rem auto"><h1>The web app is not built</h1>
<p>Run <code>npm run build:web</code> (or <code>npm start</code>, which builds it when it is missing), then reload.</p></body></html>`;

function secure(reply: FastifyReply): FastifyReply {
  return reply.header('x-content-type-options', 'nosniff').header('referrer-policy', 'same-origin').header('content-security-policy', CSP);
}

export function webAppRoutes(dir: string = DEFAULT_WEB_APP_DIR) {
  return async (app: FastifyInstance): Promise<void> => {
    const index = async (_request: unknown, reply: FastifyReply) => {
      const file = join(dir, 'index.html');
      if (!existsSync(file)) return secure(reply).status(503).header('content-type', 'text/html; charset=utf-8').send(NOT_BUILT);
      return secure(reply).header('content-type', 'text/html; charset=utf-8').header('cache-control', 'no-cache').send(await readFile(file));
    };
    for (const url of CLIENT_ROUTES) app.get(url, { schema: { hide: true } }, index);

    app.get<{ Params: { '*': string } }>('/assets/*', { schema: { hide: true } }, async (request, reply) => {
      const name = request.params['*'];
      const ext = /\.[a-z0-9]+$/.exec(name)?.[0] ?? '';
      // Vite's output names only: no slashes, no dots before the hash, so no path can leave the folder.
      const file = join(dir, 'assets', name);
      if (!/^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/.test(name) || !TYPES[ext] || !existsSync(file)) {
        throw new NotFoundError('ROUTE_NOT_FOUND', `no web app asset ${name}`);
      }
      return secure(reply).header('content-type', TYPES[ext]).header('cache-control', 'public, max-age=31536000, immutable').send(await readFile(file));
    });
  };
}
