// Generated but realistic multi-channel traffic: threads with company replies after realistic delays,
// several languages, complaints, questions and praise. Deterministic for a seed, so `earshot demo` and the
// benchmarks (`bench/generate.ts`) produce the same data.
import type { InboundMessage } from '../domain/inbound-message.js';

export interface DemoAccount {
  readonly name: string;
  readonly kind: string;
  readonly isPublic: boolean;
  /** Private channels group by a thread key (DM thread, mail thread); public ones by reply chains. */
  readonly threaded: 'reply-chain' | 'thread-key';
  /** Share of all conversations that start on this account. */
  readonly weight: number;
}

export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  { name: 'Acme on X', kind: 'x', isPublic: true, threaded: 'reply-chain', weight: 0.3 },
  { name: 'Acme Facebook page', kind: 'facebook', isPublic: true, threaded: 'reply-chain', weight: 0.15 },
  { name: 'support@acme.example', kind: 'email', isPublic: false, threaded: 'thread-key', weight: 0.25 },
  { name: 'Acme WhatsApp', kind: 'whatsapp', isPublic: false, threaded: 'thread-key', weight: 0.15 },
  { name: 'Website chat', kind: 'webchat', isPublic: false, threaded: 'thread-key', weight: 0.15 },
];

const OPENERS: Readonly<Record<string, readonly string[]>> = {
  en: [
    "my order {order} still hasn't arrived and nobody answers my emails. this is ridiculous",
    'I was charged twice for my subscription this month, can you refund the second payment?',
    'is anyone else unable to log in? the app keeps saying my password is wrong #outage',
    'thanks for the quick help yesterday, {agent} was brilliant 🙌',
    'how do I change the delivery address on order {order}?',
    'the app crashes every time I open my account page since the update',
    "worst service ever. I've been waiting 3 weeks for a refund. cancelling my account",
    'do you ship to Canada? and how long does it usually take?',
    'love the new dashboard, much easier to find my invoices ❤️',
    'my card was declined but the money left my account, please help urgently',
    'still waiting for a reply to my complaint from last week...',
    'your website is down again, can\'t check out',
  ],
  es: [
    'mi pedido {order} no ha llegado todavía, ¿pueden ayudarme?',
    'me cobraron dos veces este mes, quiero un reembolso',
    'gracias por la ayuda, todo resuelto 😊',
    'la aplicación no funciona desde ayer, no puedo entrar en mi cuenta',
  ],
  de: [
    'Meine Bestellung {order} ist immer noch nicht angekommen. Was ist da los?',
    'Ich wurde doppelt belastet, bitte erstatten Sie den Betrag.',
    'Vielen Dank für die schnelle Hilfe!',
    'Die App stürzt bei jedem Start ab, seit dem letzten Update.',
  ],
  fr: [
    "ma commande {order} n'est toujours pas arrivée, c'est inadmissible",
    'impossible de me connecter à mon compte depuis ce matin',
    'merci pour votre réponse rapide, problème réglé',
  ],
  pt: ['meu pedido {order} ainda não chegou, alguém pode me ajudar?', 'obrigado pelo atendimento, resolveram rápido!'],
};

const REPLIES = [
  "Hi {name}, I'm sorry about this. Could you send us a DM with your order number so we can check? ^{agent}",
  "Thanks for reaching out, {name}. I've looked into it and a refund is on its way. ^{agent}",
  "Hi {name}, we're aware of the login issue and our team is on it. We'll update you shortly. ^{agent}",
  'So glad to hear that, {name}! Thanks for letting us know. ^{agent}',
  'Hi {name}, you can change the address under Orders → Edit delivery. Let me know if that works. ^{agent}',
];

const FOLLOW_UPS = ['thanks, sent you a DM', "that didn't work, still the same problem", 'ok great, thank you!', 'any update on this?'];

const NAMES = ['Sam', 'Alex', 'Maria', 'Jonas', 'Aisha', 'Wei', 'Lucía', 'Tom', 'Priya', 'Élodie', 'João', 'Kenji'];
const AGENTS = ['Dana', 'Lee', 'Rosa', 'Max'];
const LANGUAGE_WEIGHTS: readonly [string, number][] = [
  ['en', 0.72],
  ['es', 0.1],
  ['de', 0.08],
  ['fr', 0.06],
  ['pt', 0.04],
];

/** mulberry32: small, fast and good enough for test data; the same seed gives the same data everywhere. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface DemoItem {
  readonly account: DemoAccount;
  readonly message: InboundMessage;
}

export interface DemoOptions {
  readonly seed: number;
  /** Number of messages to generate (threads are cut to fit exactly). */
  readonly messages: number;
  /** Newest possible message time; conversations spread over the 14 days before it. */
  readonly endAt: number;
  readonly accounts?: readonly DemoAccount[];
}

function pick<T>(random: () => number, list: readonly T[]): T {
  return list[Math.floor(random() * list.length)]!;
}

function weighted<T>(random: () => number, list: readonly (readonly [T, number])[]): T {
  let r = random();
  for (const [value, w] of list) {
    r -= w;
    if (r <= 0) return value;
  }
  return list[list.length - 1]![0];
}

/** Yields messages thread by thread: customer opener, then (usually) a company reply, sometimes a follow-up. */
export function* generateDemoMessages(options: DemoOptions): Generator<DemoItem> {
  const random = seededRandom(options.seed);
  const accounts = options.accounts ?? DEMO_ACCOUNTS;
  const accountWeights = accounts.map((a) => [a, a.weight] as const);
  let produced = 0;
  let thread = 0;
  const span = 14 * 86_400_000;
  while (produced < options.messages) {
    thread++;
    const account = weighted(random, accountWeights);
    const language = weighted(random, LANGUAGE_WEIGHTS);
    const name = pick(random, NAMES);
    const agent = pick(random, AGENTS);
    const customer = `${account.kind === 'email' ? `${name.toLowerCase()}.${thread}@mail.example` : `cust${thread % 50_000}`}`;
    const order = `A-${100000 + Math.floor(random() * 899999)}`;
    const fill = (s: string) => s.replace('{order}', order).replace('{agent}', agent).replace('{name}', name);
    let at = options.endAt - Math.floor(random() * span);
    const threadKey = account.threaded === 'thread-key' ? `${account.kind}-thread-${thread}` : undefined;
    const author = {
      handle: customer,
      displayName: name,
      ...(account.kind === 'email' ? { verifiedEmail: customer } : {}),
      ...(account.isPublic ? { followers: Math.floor(10 ** (random() * 5)) } : {}),
    };
    const steps: { direction: 'inbound' | 'outbound'; text: string }[] = [{ direction: 'inbound', text: fill(pick(random, OPENERS[language]!)) }];
    if (random() < 0.7) steps.push({ direction: 'outbound', text: fill(pick(random, REPLIES)) });
    if (steps.length === 2 && random() < 0.35) steps.push({ direction: 'inbound', text: pick(random, FOLLOW_UPS) });
    let previous: string | undefined;
    for (const [i, step] of steps.entries()) {
      if (produced >= options.messages) return;
      const externalId = `demo-${options.seed}-${thread}-${i}`;
      yield {
        account,
        message: {
          externalId,
          ...(previous && account.threaded === 'reply-chain' ? { inReplyToExternalId: previous } : {}),
          ...(threadKey ? { threadKey } : {}),
          direction: step.direction,
          author: step.direction === 'inbound' ? author : { handle: `acme-${account.kind}`, displayName: `${agent} at Acme` },
          text: step.text,
          sentAt: Math.min(at, options.endAt),
          isPublic: account.isPublic,
        },
      };
      produced++;
      previous = externalId;
      at += 60_000 * (2 + Math.floor(random() * (step.direction === 'inbound' ? 240 : 60)));
    }
  }
}
