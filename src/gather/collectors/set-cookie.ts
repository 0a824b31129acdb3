/** The parts of a Set-Cookie line the scanner needs; the value is deliberately dropped. */
export interface ParsedSetCookie {
  name: string;
  domain?: string;
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
