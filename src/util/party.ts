/**
 * The one home of registrable-domain logic (used by discovery and classification alike). First
 * or third party, decided by registrable domain (eTLD+1 from the Public Suffix List, via
 * tldts), never by comparing host strings: www.example.co.uk and cdn.example.co.uk are one party,
 * foo.github.io and bar.github.io are two (private PSL section, like the browser's site notion).
 */
import { parse } from 'tldts';

const TLDTS_OPTIONS = { allowPrivateDomains: true } as const;

/** What a host or URL resolves to for party comparisons. */
interface PartyKey {
  /** Lower-cased host name without brackets, leading or trailing dots. */
  host: string;
  /** Registrable domain, or null for IP addresses, `localhost` and other single-label hosts. */
  domain: string | null;
}

/**
 * Normalises a host name, cookie domain (".example.com") or URL (any scheme with an authority,
 * and `blob:` URLs, whose origin is their inner URL) to its host and registrable domain.
 * Returns null when there is no host at all (data:, about:blank, empty or garbage input).
 */
function partyKey(hostOrUrl: string): PartyKey | null {
  let input = hostOrUrl.trim();
  if (input.toLowerCase().startsWith('blob:')) input = input.slice('blob:'.length);
  // A cookie domain attribute may start with one (or, carelessly set, several) dots.
  input = input.replace(/^\.+/, '');
  if (input === '') return null;
  const parsed = parse(input, TLDTS_OPTIONS);
  const host = parsed.hostname?.replace(/^\.+/, '').replace(/\.+$/, '').toLowerCase();
  if (!host) return null;
  // IP addresses and bare single-label hosts (localhost, intranet names) have no registrable
  // domain: they are compared by exact host.
  if (parsed.isIp) return { host, domain: null };
  return { host, domain: parsed.domain ? parsed.domain.toLowerCase() : null };
}

/**
 * The registrable domain (eTLD+1) of a host name, cookie domain or URL, e.g. "example.co.uk" for
 * "https://www.example.co.uk/x", "facebook.com" for ".facebook.com", "foo.github.io" for
 * "foo.github.io" (private suffix), "klaro-shop.test" for "www.klaro-shop.test" (unknown TLDs
 * count as one-label suffixes). Null for IP addresses, `localhost`, single-label hosts and
 * inputs without a host.
 */
export function registrableDomain(hostOrUrl: string): string | null {
  return partyKey(hostOrUrl)?.domain ?? null;
}

/**
 * A predicate that tells whether a host name, cookie domain or URL belongs to the same party as
 * `siteUrl`. Parses the site once: use it when classifying many requests of one site.
 */
export function firstPartyMatcher(siteUrl: string): (hostOrDomain: string) => boolean {
  const site = partyKey(siteUrl);
  return (hostOrDomain: string): boolean => {
    if (!site) return false;
    const other = partyKey(hostOrDomain);
    if (!other) return false;
    if (site.domain !== null && other.domain !== null) return site.domain === other.domain;
    // At least one side has no registrable domain (IP address, localhost): exact host only.
    return site.host === other.host;
  };
}

/**
 * True when `hostOrDomain` (host name, cookie domain with or without a leading dot, or URL) has
 * the same registrable domain as `siteUrl`; IP addresses and `localhost` match only the exact
 * same host. False when either side has no host.
 */
export function isFirstParty(siteUrl: string, hostOrDomain: string): boolean {
  return firstPartyMatcher(siteUrl)(hostOrDomain);
}

/**
 * The site a host belongs to, for crawl scoping and politeness: its registrable domain, or the
 * host itself for IP addresses, `localhost` and the like (lower-cased, without IPv6 brackets).
 */
export function siteOf(hostname: string): string {
  const key = partyKey(hostname);
  return key?.domain ?? key?.host ?? hostname.toLowerCase().replace(/^\[|\]$/g, '');
}

/** True when both URLs are on the same site (same registrable domain; scheme and port ignored). Invalid URLs are never same-site. */
export function isSameSite(url: string, siteUrl: string): boolean {
  try {
    return siteOf(new URL(url).hostname) === siteOf(new URL(siteUrl).hostname);
  } catch {
    return false;
  }
}

/** The host name of a URL; undefined when it has none or does not parse. */
export function hostOfUrl(url: string): string | undefined {
  try {
    return new URL(url).hostname || undefined;
  } catch {
    return undefined;
  }
}
