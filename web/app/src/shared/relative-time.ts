// Short times for lists ("5 min", "3 h", "2 d") and signed countdowns for SLA clocks.
export function ago(iso: string | null, now: number): string {
  if (iso === null) return '';
  return span(now - Date.parse(iso));
}

function span(ms: number): string {
  const m = Math.round(Math.abs(ms) / 60_000);
  if (m < 1) return 'now';
  if (m < 60) return `${m} min`;
  const h = Math.round(m / 60);
  if (h < 48) return `${h} h`;
  return `${Math.round(h / 24)} d`;
}

/** "due in 25 min" or "overdue 3 h"; null without a due time. */
export function countdown(dueIso: string | null, now: number): { readonly text: string; readonly overdue: boolean; readonly soon: boolean } | null {
  if (dueIso === null) return null;
  const left = Date.parse(dueIso) - now;
  return left < 0 ? { text: `overdue ${span(left)}`, overdue: true, soon: false } : { text: `due in ${span(left)}`, overdue: false, soon: left < 30 * 60_000 };
}

export function clockTime(iso: string): string {
  return new Date(iso).toLocaleString(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
}
