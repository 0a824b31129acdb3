import type { HstsHeader } from '../../model/transport.js';

/** Longest header value kept: the header is the site's, and a hostile one could be kilobytes. */
const MAX_RAW = 200;

/**
 * Parses a Strict-Transport-Security value (RFC 6797 §6.1): directives separated by ";", names
 * case-insensitive, max-age a non-negative integer, optionally quoted. A directive given twice makes
 * the header invalid per the RFC; browsers then ignore it, so max-age is left absent. Several
 * headers joined by Chromium with "," or a newline: the first one counts, as in browsers.
 */
export function parseHsts(value: string): HstsHeader {
  const raw = value.length > MAX_RAW ? `${value.slice(0, MAX_RAW)}…` : value;
  const first = value.split(/[\n,]/)[0] ?? '';
  const seen = new Set<string>();
  let maxAge: number | undefined;
  let duplicate = false;
  let includeSubDomains = false;
  let preload = false;
  for (const part of first.split(';')) {
    const [rawName, ...rest] = part.split('=');
    const name = (rawName ?? '').trim().toLowerCase();
    if (!name) continue;
    if (seen.has(name)) duplicate = true;
    seen.add(name);
    const argument = rest.join('=').trim().replace(/^"(.*)"$/, '$1');
    if (name === 'max-age' && /^\d{1,15}$/.test(argument)) maxAge = Number(argument);
    else if (name === 'includesubdomains') includeSubDomains = true;
    else if (name === 'preload') preload = true;
  }
  return { raw, ...(maxAge !== undefined && !duplicate ? { maxAge } : {}), includeSubDomains, preload };
}
