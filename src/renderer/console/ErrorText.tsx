// The one way an error is shown: next to the control that caused it, with
// the stable test id the end-to-end test looks for.
import { errorMessage } from './api.ts';

export function ErrorText({ error }: { error: unknown }) {
  if (error === null || error === undefined) return null;
  return (
    <span className="error" role="alert" data-testid="api-error">
      {typeof error === 'string' ? error : errorMessage(error)}
    </span>
  );
}
