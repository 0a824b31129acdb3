/** The parts of a Set-Cookie line the scanner needs; the value is deliberately dropped. */
export interface ParsedSetCookie {
  name: string;
  domain?: string;
}

/** A cookie that a response set with Set-Cookie and the browser stored (host-only cookies keyed by the response host). */
export interface HttpSetCookie {
  name: string;
  domain: string;
}

/** Who knows which cookies arrived through Set-Cookie headers (the network collector), keyed `name@domain`. */
export interface HttpSetCookieSource {
  httpSetCookies(): ReadonlyMap<string, HttpSetCookie>;
}

export function parseSetCookieLine(line: string): ParsedSetCookie | null {
  const [pair, ...attributes] = line.split(';');
  const eq = pair.indexOf('=');
  const name = (eq === -1 ? '' : pair.slice(0, eq)).trim();
  if (!name) return null;
  let domain: string | undefined;
  for (const attribute of attributes) {
    const [key, ...rest] = attribute.split('=');
    if (key.trim().toLowerCase() === 'domain') domain = rest.join('=').trim().replace(/^\./, '').toLowerCase() || undefined;
  }
  return { name, domain };
}
