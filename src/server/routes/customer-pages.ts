// The pages customers open from links we sent: the private handoff form and the CSAT survey. Plain HTML forms
// (no script, strict CSP) that work on any phone. A tampered, expired or used link gets a page that says so and
// shows nothing of the conversation; the link's signature is checked before the database is asked anything.
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { formObject, parseFormBody } from '../../channels/index.js';
import { EarshotError } from '../../domain/errors.js';
import { answerCsat, completeHandoff, csatSurveyState, handoffLinkState, type LinkState } from '../../store/index.js';
import type { ApiContext } from '../api-context.js';
import { checkLink, type LinkKind } from '../signed-link.js';

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(reply: FastifyReply, status: number, title: string, body: string): FastifyReply {
  return reply
    .status(status)
    .header('content-type', 'text/html; charset=utf-8')
    .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
    .header('cache-control', 'no-store')
    .header('referrer-policy', 'no-referrer')
    .send(`<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(title)}</title><style>body{font:16px/1.5 system-ui,sans-serif;max-width:32rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a}
label{display:block;margin-top:1rem;font-weight:600}input,textarea{width:100%;padding:.5rem;font:inherit;border:1px solid #555;border-radius:4px;box-sizing:border-box}
button{margin-top:1.25rem;padding:.6rem 1.2rem;font:inherit;background:#0b5cad;color:#fff;border:0;border-radius:4px}
fieldset{border:0;padding:0;margin:1rem 0 0}.rating label{display:inline-block;margin-right:1rem;font-weight:400}.rating input{width:auto}
.error{color:#a40000;font-weight:600}</style></head><body><main><h1>${escape(title)}</h1>${body}</main></body></html>`);
}

const STATE_PAGES: Record<Exclude<LinkState, 'open'>, [number, string, string]> = {
  missing: [404, 'This link is not valid', 'Please use the link from the message you received, or write to us again.'],
  expired: [410, 'This link has expired', 'Links are valid for a limited time. Please write to us again and we will send a new one.'],
  used: [410, 'This link was already used', 'Thank you — we already have your answer. You can write to us again at any time.'],
};

function linkStatePage(reply: FastifyReply, state: Exclude<LinkState, 'open'>): FastifyReply {
  const [status, title, text] = STATE_PAGES[state];
  return page(reply, status, title, `<p>${escape(text)}</p>`);
}

const optional = (schema: z.ZodType<string>) => z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), schema.optional());
const handoffForm = z.object({
  name: optional(z.string().trim().max(200)),
  email: optional(z.email('enter an email address like name@example.com').max(320)),
  phone: optional(z.string().trim().regex(/^\+?[0-9 ()-]{6,20}$/, 'enter a phone number with digits only, e.g. +44 20 7946 0000')),
  order: optional(z.string().trim().max(100)),
  message: z.string().trim().min(1, 'tell us what happened').max(5000),
});
const csatForm = z.object({
  rating: z.coerce.number().int().min(1, 'choose a rating from 1 to 5').max(5, 'choose a rating from 1 to 5'),
  comment: optional(z.string().trim().max(2000)),
});

function handoffFormHtml(values: Record<string, string>, errors: string[]): string {
  const field = (name: string, label: string, type = 'text', extra = '') =>
    `<label for="${name}">${label}</label><input id="${name}" name="${name}" type="${type}" value="${escape(values[name] ?? '')}" ${extra}>`;
  return `${errors.length ? `<p class="error" role="alert">${errors.map(escape).join('<br>')}</p>` : ''}
<p>Share your details here privately; only our support team sees them.</p>
<form method="post">${field('name', 'Your name', 'text', 'autocomplete="name"')}${field('email', 'Email', 'email', 'autocomplete="email"')}${field('phone', 'Phone', 'tel', 'autocomplete="tel"')}${field('order', 'Order or account number')}
<label for="message">What happened?</label><textarea id="message" name="message" rows="5" required>${escape(values['message'] ?? '')}</textarea>
<button type="submit">Send privately</button></form>`;
}

function csatFormHtml(errors: string[]): string {
  const options = [1, 2, 3, 4, 5].map((n) => `<label><input type="radio" name="rating" value="${n}" required> ${n}</label>`).join('');
  return `${errors.length ? `<p class="error" role="alert">${errors.map(escape).join('<br>')}</p>` : ''}
<form method="post"><fieldset class="rating"><legend>How satisfied are you with our help? (1 = not at all, 5 = very)</legend>${options}</fieldset>
<label for="comment">Anything you want to tell us? (optional)</label><textarea id="comment" name="comment" rows="4"></textarea>
<button type="submit">Send</button></form>`;
}

export function customerPageRoutes(ctx: ApiContext) {
  return async (app: FastifyInstance): Promise<void> => {
    app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'buffer', bodyLimit: 32_768 }, (_request, body, done) => {
      const pairs = parseFormBody(body as Buffer);
      if (!pairs) return done(new EarshotError('INPUT_BAD_ENCODING', 'the form is not valid UTF-8'), undefined);
      done(null, formObject(pairs));
    });
    const stateOf = async (kind: LinkKind, token: string): Promise<{ id: string } | Exclude<LinkState, 'open'>> => {
      if (!ctx.secretKey) return 'missing';
      const checked = checkLink(ctx.secretKey, kind, token, ctx.now());
      if (!checked.ok) return checked.reason === 'expired' ? 'expired' : 'missing';
      const state = kind === 'handoff' ? await handoffLinkState(ctx.database.db, checked.id, ctx.now()) : await csatSurveyState(ctx.database.db, checked.id, ctx.now());
      return state === 'open' ? { id: checked.id } : state;
    };
    const params = z.object({ token: z.string().max(200) });
    const fail = (reply: FastifyReply, err: unknown) => {
      if (err instanceof EarshotError && (err.code === 'LINK_USED' || err.code === 'LINK_EXPIRED' || err.code === 'LINK_INVALID')) {
        return linkStatePage(reply, err.code === 'LINK_USED' ? 'used' : err.code === 'LINK_EXPIRED' ? 'expired' : 'missing');
      }
      throw err;
    };

    app.get('/handoff/:token', async (request, reply) => {
      const state = await stateOf('handoff', params.parse(request.params).token);
      if (typeof state === 'string') return linkStatePage(reply, state);
      return page(reply, 200, 'Continue privately', handoffFormHtml({}, []));
    });
    app.post('/handoff/:token', async (request, reply) => {
      const state = await stateOf('handoff', params.parse(request.params).token);
      if (typeof state === 'string') return linkStatePage(reply, state);
      const values = (request.body ?? {}) as Record<string, string>;
      const parsed = handoffForm.safeParse(values);
      if (!parsed.success) return page(reply, 400, 'Continue privately', handoffFormHtml(values, parsed.error.issues.map((i) => i.message)));
      const f = parsed.data;
      try {
        await completeHandoff(ctx.database.db, {
          id: state.id,
          now: ctx.now(),
          details: { name: f.name ?? null, email: f.email?.toLowerCase() ?? null, phone: f.phone?.replace(/[^\d+]/g, '') ?? null, orderNumber: f.order ?? null, message: f.message },
        });
      } catch (err) {
        return fail(reply, err);
      }
      return page(reply, 200, 'Thank you', '<p>We have your details and will get back to you privately soon.</p>');
    });

    app.get('/csat/:token', async (request, reply) => {
      const state = await stateOf('csat', params.parse(request.params).token);
      if (typeof state === 'string') return linkStatePage(reply, state);
      return page(reply, 200, 'How did we do?', csatFormHtml([]));
    });
    app.post('/csat/:token', async (request, reply) => {
      const state = await stateOf('csat', params.parse(request.params).token);
      if (typeof state === 'string') return linkStatePage(reply, state);
      const parsed = csatForm.safeParse(request.body ?? {});
      if (!parsed.success) return page(reply, 400, 'How did we do?', csatFormHtml(parsed.error.issues.map((i) => i.message)));
      try {
        await answerCsat(ctx.database.db, { id: state.id, rating: parsed.data.rating, comment: parsed.data.comment ?? null, now: ctx.now() });
      } catch (err) {
        return fail(reply, err);
      }
      return page(reply, 200, 'Thank you', '<p>Thank you for telling us. It helps us get better.</p>');
    });
  };
}
