// Seconds until a deadline on the server's clock (closesAt is server time):
// betting closing, or a pf2 round's reveal window closing.
import { useEffect, useState } from 'react';
import { serverNow } from './clock.ts';

const TICK_MS = 100;

export function Countdown({ closesAt, lastCall = false, testId = 'round-countdown' }: { closesAt: number; lastCall?: boolean; testId?: string }) {
  const [now, setNow] = useState(serverNow);
  useEffect(() => {
    const timer = window.setInterval(() => setNow(serverNow()), TICK_MS);
    return () => window.clearInterval(timer);
  }, []);
  const remainingMs = Math.max(0, closesAt - now);
  return (
    <span className={lastCall ? 'countdown last-call' : 'countdown'} data-testid={testId}>
      {(remainingMs / 1000).toFixed(1)} s{lastCall && ' · LAST CALL'}
    </span>
  );
}
