// The contact beside the conversation: who they are on every channel, their history across conversations, and
// merging a duplicate contact into this one.
import { useState, type FormEvent } from 'react';
import { api } from '../../api/client.js';
import type { Contact } from '../../api/types.js';
import { Link } from '../../router/link.js';
import { ChannelIcon } from '../../shared/channel-icon.js';
import { ErrorState } from '../../shared/error-state.js';
import { FormError } from '../../shared/form-error.js';
import { clockTime } from '../../shared/relative-time.js';
import { useApi } from '../../shared/use-api.js';
import { useMe } from '../auth/session.js';

export function ContactPanel({ contactId }: { readonly contactId: string }) {
  const me = useMe();
  const contact = useApi<Contact>(`/api/contacts/${encodeURIComponent(contactId)}?timelineLimit=20`);
  const [mergeId, setMergeId] = useState('');
  const [mergeError, setMergeError] = useState<unknown>(null);
  const [merged, setMerged] = useState('');

  const merge = async (event: FormEvent) => {
    event.preventDefault();
    setMergeError(null);
    try {
      await api.post('/api/contacts/merge', { fromId: mergeId.trim(), intoId: contactId });
      setMerged('Merged: their identities and conversations now belong to this contact.');
      setMergeId('');
      contact.reload();
    } catch (err) {
      setMergeError(err);
    }
  };

  if (contact.error) return <aside className="contact" aria-label="Contact"><ErrorState error={contact.error} onRetry={contact.reload} title="Contact not loaded" /></aside>;
  const c = contact.data;
  return (
    <aside className="contact" aria-labelledby="contact-title">
      <h2 id="contact-title" className="panel-title">
        {c?.displayName ?? 'Contact'}
      </h2>
      {!c ? (
        <p className="loading" role="status">Loading contact…</p>
      ) : (
        <>
          {(c.email || c.phone) && (
            <p className="contact-line">
              {c.email}
              {c.email && c.phone && ' · '}
              {c.phone}
            </p>
          )}
          <h3 className="panel-sub">Identities</h3>
          <ul className="identities">
            {c.identities.map((i) => (
              <li key={i.id}>
                <ChannelIcon kind={i.channelKind} /> <span className="identity-handle">{i.handle}</span>
                {i.verified && <span className="badge badge-muted">verified</span>}
                {i.followers !== null && <span className="chip-muted"> {i.followers.toLocaleString()} followers</span>}
              </li>
            ))}
          </ul>
          <h3 className="panel-sub">History ({c.conversationIds.length} conversations)</h3>
          <ol className="history">
            {c.timeline.slice(-8).reverse().map((t) => (
              <li key={t.messageId}>
                <Link to={`/inbox/open/c/${t.conversationId}`} className="history-link">
                  <ChannelIcon kind={t.channelKind} /> <span className="history-text">{t.text}</span>
                </Link>
                <time dateTime={t.sentAt} className="history-time">
                  {clockTime(t.sentAt)}
                </time>
              </li>
            ))}
          </ol>
          {me.permissions.includes('contacts:merge') && (
            <form className="merge" onSubmit={merge}>
              <h3 className="panel-sub">Merge a duplicate</h3>
              <label className="field">
                <span>Contact id to merge into this one</span>
                <input value={mergeId} onChange={(e) => setMergeId(e.target.value)} pattern="[0-9a-fA-F-]{36}" required />
              </label>
              <button type="submit" className="button">
                Merge
              </button>
              <FormError error={mergeError} />
              {merged && <p role="status">{merged}</p>}
            </form>
          )}
        </>
      )}
    </aside>
  );
}
