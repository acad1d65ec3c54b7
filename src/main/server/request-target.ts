// The request target (`GET <target> HTTP/1.1`) as a URL, or null. Node's
// HTTP parser passes targets through that the WHATWG URL parser rejects
// (`http://a:99999/`, `http://[/`), and `new URL()` throws on them; every
// handler parses with this instead, so a bad target is a 400, never an
// exception.
export function parseRequestTarget(target: string | undefined, base: string): URL | null {
  return URL.parse(target ?? '/', base);
}
