// Inbound frames come from the network: parse without throwing and drop
// anything that is not a message object, rather than break the page.
import { ServerKind, type ServerMessage } from '../../../shared/protocol.ts';

const KINDS: ReadonlySet<string> = new Set(Object.values(ServerKind));

export function parseServerFrame(data: unknown): ServerMessage | null {
  if (typeof data !== 'string') return null;
  let message: unknown;
  try {
    message = JSON.parse(data);
  } catch {
    return null;
  }
  if (typeof message !== 'object' || message === null || !('kind' in message)) return null;
  return typeof message.kind === 'string' && KINDS.has(message.kind) ? (message as ServerMessage) : null;
}
