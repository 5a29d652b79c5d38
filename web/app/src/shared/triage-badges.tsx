// Triage at a glance: sentiment, complaint, intent and language as small labelled badges. Text, not only colour,
// carries the meaning (WCAG 1.4.1).
export interface TriageBadgeValues {
  readonly sentiment: string | null;
  readonly language: string | null;
  readonly intent?: string | null;
  readonly complaint?: boolean | null;
}

export function TriageBadges({ sentiment, language, intent, complaint }: TriageBadgeValues) {
  return (
    <span className="badges">
      {sentiment && sentiment !== 'neutral' && <span className={`badge badge-${sentiment === 'negative' ? 'negative' : 'positive'}`}>{sentiment}</span>}
      {complaint && <span className="badge badge-complaint">complaint</span>}
      {intent && intent !== 'other' && !(complaint && intent === 'complaint') && <span className="badge">{intent.replace(/_/g, ' ')}</span>}
      {language && language !== 'unknown' && (
        <span className="badge badge-muted" title="Language">
          {language}
        </span>
      )}
    </span>
  );
}
