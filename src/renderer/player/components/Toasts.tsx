// Short messages (a rejected bet, a saved seed) that fade on their own.
import { useEffect } from 'react';
import { useCommands, usePlayerState } from '../hooks/player-context.ts';
import type { Toast } from '../state/player-state.ts';

const TOAST_MS = 4_500;

export function Toasts() {
  const { toasts } = usePlayerState();
  return (
    <div className="toasts" aria-live="assertive">
      {toasts.map((toast) => (
        <ToastItem key={toast.id} toast={toast} />
      ))}
    </div>
  );
}

function ToastItem({ toast }: { toast: Toast }) {
  const { dismissToast } = useCommands();
  useEffect(() => {
    const timer = window.setTimeout(() => dismissToast(toast.id), TOAST_MS);
    return () => window.clearTimeout(timer);
  }, [toast.id, dismissToast]);
  return (
    <button
      type="button"
      className={`toast toast-${toast.tone}`}
      // Tests look for errors by this id; an info notice must not pass for one.
      data-testid={toast.tone === 'error' ? 'toast' : 'notice'}
      data-tone={toast.tone}
      onClick={() => dismissToast(toast.id)}
    >
      {toast.message}
    </button>
  );
}
