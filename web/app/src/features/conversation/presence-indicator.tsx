// "Anna is typing a reply": shown above the compose box so two agents do not answer the same customer.
import type { OtherAgent } from './use-presence.js';

export function PresenceIndicator({ others }: { readonly others: readonly OtherAgent[] }) {
  if (others.length === 0) return null;
  const typing = others.filter((o) => o.state === 'typing');
  const text =
    typing.length > 0
      ? `${typing.map((o) => o.agentName).join(', ')} ${typing.length === 1 ? 'is' : 'are'} typing a reply`
      : `${others.map((o) => o.agentName).join(', ')} ${others.length === 1 ? 'is' : 'are'} also viewing`;
  return (
    <p className={`presence${typing.length > 0 ? ' presence-typing' : ''}`} role="status" data-testid="presence">
      <span aria-hidden="true">●</span> {text}
    </p>
  );
}
