// The real WebSocket behind TableConnection's small socket interface.
import type { OpenSocket } from './table-connection.ts';

export const openBrowserSocket: OpenSocket = (url, protocols, handlers) => {
  let socket: WebSocket;
  try {
    socket = new WebSocket(url, protocols);
  } catch {
    // A malformed URL throws instead of failing later; report it like any failed connection.
    setTimeout(() => handlers.onClose(1006, ''), 0);
    return { send: () => undefined, close: () => undefined };
  }
  socket.onopen = () => handlers.onOpen();
  socket.onmessage = (event: MessageEvent) => handlers.onMessage(event.data);
  socket.onclose = (event: CloseEvent) => handlers.onClose(event.code, event.reason);
  return {
    send: (data) => {
      if (socket.readyState === WebSocket.OPEN) socket.send(data);
    },
    close: (code, reason) => {
      socket.onopen = socket.onmessage = socket.onclose = null;
      if (socket.readyState === WebSocket.CONNECTING || socket.readyState === WebSocket.OPEN) socket.close(code, reason);
    },
  };
};
