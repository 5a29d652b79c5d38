// The API's one body format: JSON, checked for valid UTF-8 before parsing (the default parser would silently
// turn bad bytes into U+FFFD), with prototype-poisoning keys refused. Size is limited by Fastify's bodyLimit
// before this runs (STYLE.md §4: limits, then encoding, then schema).
import { isUtf8 } from 'node:buffer';
import type { FastifyInstance } from 'fastify';
import { InputError } from '../../domain/errors.js';

export function registerJsonBody(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    const bytes = body as Buffer;
    if (!isUtf8(bytes)) {
      done(new InputError('INPUT_BAD_ENCODING', 'body: not valid UTF-8; send JSON encoded as UTF-8'), undefined);
      return;
    }
    parseJson(request, bytes.toString('utf8'), (err, value) => {
      if (err) done(new InputError('INPUT_INVALID', `body: not valid JSON (${err.message})`), undefined);
      else done(null, value);
    });
  });
}
