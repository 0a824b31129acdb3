/**
 * Identifiers shared between parties (cookie syncing): a value one registrable domain keeps (a
 * cookie, or web storage of its origin) that shows up in a request to another registrable domain.
 * Pure. The values are personal data: they stay in memory, and what is returned names the
 * cookie or key, both parties and where the value appeared, never the value.
 */
import type { IdentifierSource, SharedIdentifier } from '../../model/leak.js';
import { registrableDomain } from '../../util/party.js';

/** A value kept by one party, in memory only. */
export interface KeptValue {
  source: IdentifierSource;
  /** Cookie name or storage key. */
  name: string;
  /** Cookie domain or storage origin. */
  setBy: string;
  value: string;
}

/** A request as sent (in memory only). */
export interface SentRequest {
  url: string;
  host: string;
  body?: string;
}

/** Shortest value that counts as an identifier. */
export const MIN_IDENTIFIER_LENGTH = 8;
const MAX_IDENTIFIER_LENGTH = 256;

/** Consent records are shared with vendors by design (TCF `gdpr_consent`, `us_privacy`); they are not identifiers of the visitor. */
const CONSENT_NAMES = /consent|euconsent|usprivacy|us_privacy|optanon|cookielaw|gpp/i;

/**
 * A value worth treating as an identifier: long enough, with enough different characters, and not
 * a boolean, number-like timestamp, word, JSON, URL or host name.
 */
export function looksLikeIdentifier(value: string): boolean {
  if (value.length < MIN_IDENTIFIER_LENGTH || value.length > MAX_IDENTIFIER_LENGTH) return false;
  if (/[\s{}"'<>]/.test(value) || /:\/\//.test(value)) return false;
  if (/^(true|false|null|undefined|yes|no|on|off)$/i.test(value)) return false;
  // Unix times in seconds or milliseconds, ISO dates.
  if (/^1\d{9}(\d{3})?$/.test(value) || /^\d{4}-\d{2}-\d{2}/.test(value)) return false;
  // A word (or words joined by - or _) in one letter case, a host name.
  if (/^[a-z]+([-_][a-z]+)*$/.test(value) || /^[A-Z]+([-_][A-Z]+)*$/.test(value)) return false;
  if (/^[a-z0-9-]+(\.[a-z0-9-]+)+$/i.test(value) && /[a-z]{2,}$/i.test(value) && !/\d{4,}/.test(value)) return false;
  return new Set(value).size >= 6;
}

function domainOf(setBy: string): string | null {
  return registrableDomain(setBy);
}

/** The query or form parameter whose value holds `value` (raw or decoded). */
function parameterOf(text: string, value: string): string | undefined {
  try {
    for (const [key, v] of new URLSearchParams(text)) if (v.includes(value)) return key.slice(0, 60);
  } catch {
    // not form-encoded
  }
  return undefined;
}

function redactUrl(url: string, value: string): string {
  let path = url;
  try {
    const parsed = new URL(url);
    path = `${parsed.origin}${parsed.pathname}`;
  } catch {
    path = url.split(/[?#]/)[0] ?? url;
  }
  return path.split(value).join('{id}').split(encodeURIComponent(value)).join('{id}').slice(0, 300);
}

/** Every kept value that a request to another registrable domain carried, once per value, receiver and place. */
export function findSharedIdentifiers(kept: readonly KeptValue[], requests: readonly SentRequest[]): SharedIdentifier[] {
  const out: SharedIdentifier[] = [];
  const seen = new Set<string>();
  for (const item of kept) {
    if (!looksLikeIdentifier(item.value) || CONSENT_NAMES.test(item.name)) continue;
    const owner = domainOf(item.setBy);
    if (!owner) continue;
    const encoded = encodeURIComponent(item.value);
    for (const request of requests) {
      const receiver = registrableDomain(request.host);
      if (!receiver || receiver === owner) continue;
      const places: Array<[SharedIdentifier['where'], string]> = [['url', request.url]];
      if (request.body) places.push(['body', request.body]);
      for (const [where, text] of places) {
        const plain = text.includes(item.value);
        const urlEncoded = !plain && encoded !== item.value && text.includes(encoded);
        if (!plain && !urlEncoded) continue;
        const query = where === 'url' ? (request.url.split('?')[1] ?? '').split('#')[0] ?? '' : text;
        const parameter = parameterOf(query, item.value);
        if (parameter && CONSENT_NAMES.test(parameter)) continue;
        const key = [item.source, item.name, item.setBy, request.host, where, parameter ?? ''].join('\u0000');
        if (seen.has(key)) continue;
        seen.add(key);
        out.push({
          source: item.source,
          name: item.name,
          setBy: item.setBy,
          sentToHost: request.host,
          sentToUrl: redactUrl(request.url, item.value),
          where,
          ...(parameter ? { parameter } : {}),
          ...(urlEncoded ? { urlEncoded: true } : {}),
          length: item.value.length,
        });
      }
    }
  }
  return out;
}
