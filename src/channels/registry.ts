// Channel kind → definition, one line per channel: adding a channel is its folder plus one line here.
import type { ChannelKind } from '../domain/channel-kind.js';
import { InputError } from '../domain/errors.js';
import type { ChannelDefinition } from './connector.js';
import { emailChannel } from './email/index.js';
import { facebookChannel } from './facebook/index.js';
import { instagramChannel } from './instagram/index.js';
import { phoneChannel } from './phone/index.js';
import { twilioChannel } from './twilio/index.js';
import { webchatChannel } from './webchat/index.js';
import { whatsappChannel } from './whatsapp/index.js';
import { xChannel } from './x/index.js';

const CHANNELS: Partial<Record<ChannelKind, ChannelDefinition<never>>> = {
  email: emailChannel as unknown as ChannelDefinition<never>,
  twilio: twilioChannel as unknown as ChannelDefinition<never>,
  webchat: webchatChannel as unknown as ChannelDefinition<never>,
  phone: phoneChannel as unknown as ChannelDefinition<never>,
  facebook: facebookChannel as unknown as ChannelDefinition<never>,
  instagram: instagramChannel as unknown as ChannelDefinition<never>,
  whatsapp: whatsappChannel as unknown as ChannelDefinition<never>,
  x: xChannel as unknown as ChannelDefinition<never>,
};

/** Kinds that have a connector; the CLI and API offer only these. */
export function connectableKinds(): readonly ChannelKind[] {
  return Object.keys(CHANNELS) as ChannelKind[];
}

export function channelDefinition(kind: string): ChannelDefinition<unknown> | undefined {
  return (CHANNELS as Record<string, ChannelDefinition<unknown> | undefined>)[kind];
}

export function requireChannel(kind: string): ChannelDefinition<unknown> {
  const def = channelDefinition(kind);
  if (!def) {
    throw new InputError('CHANNEL_KIND_UNKNOWN', `channel kind "${kind}": expected one of ${connectableKinds().join(', ')}`);
  }
  return def;
}

export interface SplitSettings {
  /** Readable settings, stored as JSON. */
  readonly settings: Readonly<Record<string, unknown>>;
  /** Credentials, stored encrypted. */
  readonly secrets: Readonly<Record<string, unknown>>;
}

/**
 * Validates an account's configuration with the channel's schema and splits it into readable settings and
 * secrets. Errors name each bad key, what was expected, and the channel.
 */
export function validateChannelConfig(kind: string, input: Readonly<Record<string, unknown>>): SplitSettings {
  const def = requireChannel(kind);
  const parsed = def.configSchema.safeParse(input);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.map(String).join('.') || 'config'}: ${i.message}`);
    throw new InputError('CHANNEL_CONFIG_INVALID', `${kind} account settings: ${lines.join('; ')}`, { details: lines });
  }
  const all = parsed.data as Record<string, unknown>;
  const settings: Record<string, unknown> = {};
  const secrets: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(all)) (def.secretKeys.includes(k) ? secrets : settings)[k] = v;
  return { settings, secrets };
}
