// The closed set of channel kinds; one list drives the type, zod schemas and the CLI.
export const CHANNEL_KINDS = [
  'email',
  'twilio',
  'webchat',
  'phone',
  'x',
  'facebook',
  'instagram',
  'whatsapp',
  'reddit',
  'youtube',
  'mastodon',
  'bluesky',
  'linkedin',
  'rss',
  'import',
] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];

export function isChannelKind(value: string): value is ChannelKind {
  return (CHANNEL_KINDS as readonly string[]).includes(value);
}
