// The one reader of process.env: parses the environment (and an optional earshot.config.json) into a frozen Config.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { SetupError } from './domain/errors.js';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const integer = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const bool = z.enum(['true', 'false']).transform((v) => v === 'true');

/** Every variable, its default and its description; the README's configuration table is checked against this. */
export const CONFIG_SCHEMA = z.object({
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'expected a postgres:// or postgresql:// URL')
    .optional()
    .describe('PostgreSQL server URL. Absent: the embedded PGlite database under EARSHOT_DATA_DIR.'),
  EARSHOT_DATA_DIR: z.string().min(1).default('./data').describe('Directory for the embedded database, the secret key and import rejects.'),
  PORT: integer(0, 65535).default(3000).describe('HTTP port of the API and web app.'),
  HOST: z.string().min(1).default('127.0.0.1').describe('Interface the HTTP server binds to (0.0.0.0 for all).'),
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info').describe('pino log level: fatal, error, warn, info, debug, trace or silent.'),
  EARSHOT_SECRET_KEY: z
    .string()
    .regex(/^[0-9a-f]{64}$/, 'expected 64 hex characters (32 bytes)')
    .optional()
    .describe('Key that encrypts channel secrets at rest. Absent: generated into EARSHOT_DATA_DIR/secret.key on first start.'),
  EARSHOT_REOPEN_WINDOW_MS: integer(0, 365 * 86_400_000)
    .default(7 * 86_400_000)
    .describe('A customer message this long after resolution reopens the conversation; later ones start a new one.'),
  EARSHOT_WORKER_CONCURRENCY: integer(1, 64).default(2).describe('Ingest batches processed at once by one worker process.'),
  EARSHOT_INGEST_BATCH_SIZE: integer(1, 10_000).default(1000).describe('Raw inbound rows claimed per ingest batch.'),
  EARSHOT_MIGRATE_ON_START: bool.default(true).describe('Apply pending migrations when the desk starts (true/false).'),
  EARSHOT_PUBLIC_URL: z
    .url({ protocol: /^https?$/ })
    .transform((u) => u.replace(/\/+$/, ''))
    .optional()
    .describe(
      'Public base URL of the desk (https://desk.example.com), used for webhook URLs and URL-covering webhook signatures behind a proxy. Absent: the request\'s own scheme, host and path.',
    ),
  EARSHOT_TRUST_PROXY: z
    .string()
    .trim()
    .default('false')
    .transform((v, ctx): boolean | number | string => {
      if (v === 'false' || v === '') return false;
      if (v === 'true') return true;
      if (/^\d{1,2}$/.test(v)) return Number(v);
      if (/^[0-9a-fA-F.:/,\s]+$/.test(v)) return v.split(',').map((x) => x.trim()).filter(Boolean).join(',');
      ctx.addIssue({ code: 'custom', message: 'expected false, true, a number of proxy hops, or comma-separated proxy addresses/CIDRs' });
      return z.NEVER;
    })
    .describe(
      'Which proxies to believe about the client address (X-Forwarded-For), for per-address sign-in limits and logs: false, true (any), a hop count, or comma-separated addresses/CIDRs such as 127.0.0.1,10.0.0.0/8.',
    ),
  EARSHOT_CHANNEL_TIMEOUT_MS: integer(100, 120_000).default(10_000).describe('Timeout of one call to a channel provider (sending a reply, polling, testing a connection).'),
  EARSHOT_ALERT_INTERVAL_MS: integer(0, 86_400_000)
    .default(300_000)
    .describe('How often the alert worker looks for volume and negative spikes and influential negative posts (0 turns it off).'),
  EARSHOT_ALERT_MIN_INFLUENCE: z.coerce
    .number()
    .min(0)
    .max(1)
    .default(0.7)
    .describe("Author influence (0..1, from triage) from which one negative public post raises an alert on its own."),
  EARSHOT_SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'expected smtp://user:password@host:port or smtps://…')
    .optional()
    .describe('SMTP server for alert and digest email (mailto: webhook subscriptions), e.g. smtp://user:password@mail.example.com:587. Absent: email notifications fail with that reason.'),
  EARSHOT_SMTP_FROM: z.string().min(3).default('earshot@localhost').describe('Sender address of alert and digest email.'),
  EARSHOT_METRICS_TOKEN: z
    .string()
    .min(16, 'expected at least 16 characters')
    .optional()
    .describe('Bearer token that GET /metrics requires. Absent: /metrics answers direct loopback connections only.'),
  EARSHOT_CONFIG_FILE: z
    .string()
    .optional()
    .describe('JSON file with any of these variables as keys; environment variables win. Default: ./earshot.config.json if present.'),
});

export type ConfigInput = z.input<typeof CONFIG_SCHEMA>;
type Parsed = z.output<typeof CONFIG_SCHEMA>;

export interface Config {
  readonly databaseUrl: string | undefined;
  readonly dataDir: string;
  readonly port: number;
  readonly host: string;
  readonly logLevel: (typeof LOG_LEVELS)[number];
  readonly secretKey: string | undefined;
  readonly reopenWindowMs: number;
  readonly workerConcurrency: number;
  readonly ingestBatchSize: number;
  readonly migrateOnStart: boolean;
  readonly publicUrl: string | undefined;
  /** Fastify's trustProxy: false, true, a hop count, or comma-separated addresses. */
  readonly trustProxy: boolean | number | string;
  readonly channelTimeoutMs: number;
  readonly alertIntervalMs: number;
  readonly alertMinInfluence: number;
  readonly smtpUrl: string | undefined;
  readonly smtpFrom: string;
  readonly metricsToken: string | undefined;
}

/** Names of every configuration variable, for documentation checks. */
export const CONFIG_VARIABLES: readonly string[] = Object.keys(CONFIG_SCHEMA.shape);

function readConfigFile(path: string, required: boolean): Record<string, unknown> {
  if (!existsSync(path)) {
    if (required) throw new SetupError('CONFIG_INVALID', `EARSHOT_CONFIG_FILE: file ${path} does not exist`);
    return {};
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (cause) {
    throw new SetupError('CONFIG_INVALID', `${path}: not valid JSON (${(cause as Error).message})`, { cause });
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new SetupError('CONFIG_INVALID', `${path}: expected a JSON object of variable names to values`);
  }
  const unknown = Object.keys(parsed).filter((k) => !CONFIG_VARIABLES.includes(k));
  if (unknown.length > 0) {
    throw new SetupError('CONFIG_INVALID', `${path}: unknown keys ${unknown.join(', ')}; known: ${CONFIG_VARIABLES.join(', ')}`);
  }
  return Object.fromEntries(Object.entries(parsed).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]));
}

/** Parses configuration; throws one SetupError listing every bad variable, one per line. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd()): Config {
  const filePath = env['EARSHOT_CONFIG_FILE'] ?? resolve(cwd, 'earshot.config.json');
  const fromFile = readConfigFile(resolve(cwd, filePath), env['EARSHOT_CONFIG_FILE'] !== undefined);
  const merged: Record<string, unknown> = { ...fromFile };
  for (const key of CONFIG_VARIABLES) {
    const value = env[key];
    if (value !== undefined && value !== '') merged[key] = value;
  }
  const result = CONFIG_SCHEMA.safeParse(merged);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new SetupError('CONFIG_INVALID', `invalid configuration:\n${lines.join('\n')}`, { details: lines });
  }
  const c: Parsed = result.data;
  return Object.freeze({
    databaseUrl: c.DATABASE_URL,
    dataDir: resolve(cwd, c.EARSHOT_DATA_DIR),
    port: c.PORT,
    host: c.HOST,
    logLevel: c.LOG_LEVEL,
    secretKey: c.EARSHOT_SECRET_KEY,
    reopenWindowMs: c.EARSHOT_REOPEN_WINDOW_MS,
    workerConcurrency: c.EARSHOT_WORKER_CONCURRENCY,
    ingestBatchSize: c.EARSHOT_INGEST_BATCH_SIZE,
    migrateOnStart: c.EARSHOT_MIGRATE_ON_START,
    publicUrl: c.EARSHOT_PUBLIC_URL,
    trustProxy: c.EARSHOT_TRUST_PROXY,
    channelTimeoutMs: c.EARSHOT_CHANNEL_TIMEOUT_MS,
    alertIntervalMs: c.EARSHOT_ALERT_INTERVAL_MS,
    alertMinInfluence: c.EARSHOT_ALERT_MIN_INFLUENCE,
    smtpUrl: c.EARSHOT_SMTP_URL,
    smtpFrom: c.EARSHOT_SMTP_FROM,
    metricsToken: c.EARSHOT_METRICS_TOKEN,
  });
}
