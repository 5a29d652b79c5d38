// Priority 0–100 as a number with a band label, so the list can be scanned for what matters most.
export function priorityBand(priority: number): 'urgent' | 'high' | 'normal' | 'low' {
  if (priority >= 75) return 'urgent';
  if (priority >= 50) return 'high';
  if (priority >= 25) return 'normal';
  return 'low';
}

export function PriorityMark({ priority }: { readonly priority: number }) {
  const band = priorityBand(priority);
  return (
    <span className={`priority priority-${band}`} title={`Priority ${priority} of 100 (${band})`}>
      <span className="visually-hidden">Priority </span>
      {priority}
    </span>
  );
}
