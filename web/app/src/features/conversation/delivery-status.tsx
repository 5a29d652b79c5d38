// Where an outbound reply is: queued → sending → sent → delivered, or failed with the provider's reason.
import type { Message } from '../../api/types.js';

const LABELS = { queued: 'Queued', sending: 'Sending…', sent: 'Sent', delivered: 'Delivered', failed: 'Failed' } as const;

export function DeliveryStatus({ delivery }: { readonly delivery: NonNullable<Message['delivery']> }) {
  return (
    <span className={`delivery delivery-${delivery.status}`} data-testid="delivery-status" data-status={delivery.status}>
      {LABELS[delivery.status]}
      {delivery.error && <span className="delivery-error">: {delivery.error}</span>}
    </span>
  );
}
