// Close codes after which the page must not reconnect by itself (the server
// meant it), and how to tell the player why.
import { CloseCode } from '../../../shared/protocol.ts';

const FINAL_CLOSE_TEXT: ReadonlyMap<number, string> = new Map([
  [CloseCode.Kicked, 'The dealer removed you from the table for a while.'],
  [CloseCode.SessionRevoked, 'Your session was revoked. Join again to keep playing.'],
  [CloseCode.TooSlow, 'Your connection was too slow to keep up with the table.'],
  [CloseCode.RateLimited, 'Too many messages: the table disconnected you.'],
  [CloseCode.ReplacedByNewConnection, 'This table is now open in another tab or device.'],
  [CloseCode.TableClosed, 'The table is closed.'],
]);

/** The text for a final close, or null when the close is a plain drop worth reconnecting after. */
export function finalCloseText(code: number): string | null {
  return FINAL_CLOSE_TEXT.get(code) ?? null;
}
