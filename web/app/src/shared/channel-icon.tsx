// The channel's mark in lists and headers: a small glyph with the channel's name for screen readers. Unknown
// kinds get a neutral glyph, so a new channel needs no change here.
const GLYPHS: Readonly<Record<string, string>> = {
  twilio: '✆',
  sms: '✆',
  whatsapp: '✆',
  webchat: '✎',
  phone: '☎',
  email: '✉',
  x: '𝕏',
  facebook: 'f',
  instagram: '◎',
  reddit: 'r',
  youtube: '▶',
  mastodon: 'm',
  bluesky: '☁',
  linkedin: 'in',
  rss: '⌁',
};

const NAMES: Readonly<Record<string, string>> = { twilio: 'SMS/WhatsApp', whatsapp: 'WhatsApp', webchat: 'Web chat', linkedin: 'LinkedIn', youtube: 'YouTube', x: 'X', rss: 'RSS' };

export function channelName(kind: string): string {
  return NAMES[kind] ?? kind.charAt(0).toUpperCase() + kind.slice(1);
}

export function ChannelIcon({ kind }: { readonly kind: string }) {
  return (
    <span className="channel-icon" data-kind={kind} title={channelName(kind)} role="img" aria-label={channelName(kind)}>
      {GLYPHS[kind] ?? '•'}
    </span>
  );
}
