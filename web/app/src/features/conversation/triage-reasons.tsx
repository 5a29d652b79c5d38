// Why the desk rated a message as it did: each signal with its value and the reasons the model or rules gave.
import type { Message } from '../../api/types.js';

type Triage = NonNullable<Message['triage']>;

const SIGNALS = ['priority', 'sentiment', 'intent', 'complaint', 'urgency', 'language', 'path'] as const;

export function TriageReasons({ triage }: { readonly triage: Triage }) {
  return (
    <details className="triage">
      <summary>Why triage rated this message priority {Math.round(triage.priority.value)}</summary>
      <dl>
        {SIGNALS.map((name) => {
          const s = triage[name];
          return (
            <div key={name} className="triage-row">
              <dt>{name}</dt>
              <dd>
                <strong>{String(typeof s.value === 'number' ? Math.round(s.value * 100) / 100 : s.value)}</strong>
                {s.reasons.length > 0 && <span className="triage-why"> — {s.reasons.join('; ')}</span>}
              </dd>
            </div>
          );
        })}
        {triage.crisis.terms.length > 0 && (
          <div className="triage-row">
            <dt>crisis terms</dt>
            <dd>{triage.crisis.terms.join(', ')}</dd>
          </div>
        )}
      </dl>
      <p className="triage-model">model {triage.modelVersion}</p>
    </details>
  );
}
