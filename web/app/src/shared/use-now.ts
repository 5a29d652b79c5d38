// A clock that ticks every 30 s, so ages and SLA countdowns move without re-fetching anything.
import { useEffect, useState } from 'react';

export function useNow(periodMs = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), periodMs);
    return () => clearInterval(t);
  }, [periodMs]);
  return now;
}
