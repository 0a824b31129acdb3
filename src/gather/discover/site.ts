import { getDomain } from 'tldts';

/**
 * The site a host belongs to: its registrable domain (private suffixes such as github.io count,
 * as in src/gather/discover/links.ts), or the host itself for IP addresses, `localhost` and the like.
 */
export function siteOf(hostname: string): string {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  return getDomain(host, { allowPrivateDomains: true }) ?? host;
}

/** True when both URLs are on the same site (same registrable domain; scheme and port ignored). Invalid URLs are never same-site. */
export function isSameSite(url: string, siteUrl: string): boolean {
  try {
    return siteOf(new URL(url).hostname) === siteOf(new URL(siteUrl).hostname);
  } catch {
    return false;
  }
}
