// The WebSocket address on the same host as the page: wss: when the page came
// over https (a tunnelled link), ws: on the LAN.
export function wsUrl(path: string, location: Pick<Location, 'protocol' | 'host'> = window.location): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}${path}`;
}
