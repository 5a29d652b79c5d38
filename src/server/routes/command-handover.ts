// POST /internal/command: a CLI started while the embedded desk holds the data dir hands its command to the desk,
// which runs it in-process and streams the output back as NDJSON ({stream, data} lines, then {exitCode}).
// Guarded by the random token the desk wrote into the (0600) lock file, so only local users who can read the
// data dir can use it.
import { timingSafeEqual } from 'node:crypto';
import { PassThrough, Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { EarshotError, InputError } from '../../domain/errors.js';

export type CommandRunner = (
  argv: readonly string[],
  io: { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream; cwd: string },
) => Promise<number>;

const body = z.object({ argv: z.array(z.string().max(10_000)).max(200), cwd: z.string().min(1).max(4096) }).strict();

export const HANDOVER_TOKEN_HEADER = 'x-earshot-local-token';

function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function commandHandoverRoutes(token: string, run: CommandRunner) {
  return async (app: FastifyInstance): Promise<void> => {
    app.post('/internal/command', async (request, reply) => {
      const given = request.headers[HANDOVER_TOKEN_HEADER];
      if (typeof given !== 'string' || !sameToken(given, token)) {
        throw new EarshotError('AUTH_FORBIDDEN', `missing or wrong ${HANDOVER_TOKEN_HEADER}; it is in the data dir's lock file`);
      }
      const parsed = body.safeParse(request.body);
      if (!parsed.success) throw new InputError('INPUT_INVALID', 'body: expected {"argv": [string, ...], "cwd": string}', { details: parsed.error.issues });
      const out = new PassThrough();
      const stream = (name: 'stdout' | 'stderr') =>
        new Writable({
          write(chunk: Buffer | string, _enc, done) {
            out.write(`${JSON.stringify({ stream: name, data: chunk.toString() })}\n`);
            done();
          },
        });
      void run(parsed.data.argv, { stdout: stream('stdout'), stderr: stream('stderr'), cwd: parsed.data.cwd })
        .then(
          (exitCode) => out.end(`${JSON.stringify({ exitCode })}\n`),
          (err: unknown) => {
            out.write(`${JSON.stringify({ stream: 'stderr', data: `${(err as Error).message}\n` })}\n`);
            out.end(`${JSON.stringify({ exitCode: 1 })}\n`);
          },
        );
      return reply.type('application/x-ndjson').send(out);
    });
  };
}
