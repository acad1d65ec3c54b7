// Answers a raw socket (a refused upgrade, a request the HTTP parser could
// not read) with a bare status line and closes it. The client may reset the
// connection at any moment, so the error listener goes on before anything
// is written: an 'error' event with no listener ends the process.
import type { Duplex } from 'node:stream';

export function refuse(socket: Duplex, status: number, text: string): void {
  socket.on('error', () => socket.destroy());
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  // Destroy only once the reply is flushed, or the client never sees the status.
  socket.once('finish', () => socket.destroy());
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}
