/**
 * Allowlist patterns from the config file, compiled to predicates for RuleContext.
 *
 * Hosts: `example.com` matches the host and its subdomains, `*.example.com` subdomains only.
 * Cookies: `name` matches exactly, `name*` matches names starting with `name`; an optional
 * `@domain` (a host pattern as above) limits the match to cookies of that domain.
 */
import type { CookieRecord } from '../../model/evidence.js';

/** One compiled host pattern: the suffix to match and whether the bare domain matches too. */
interface HostPattern {
  domain: string;
  includeSelf: boolean;
}

function compileHostPattern(pattern: string): HostPattern {
  const lower = pattern.trim().toLowerCase().replace(/\.$/, '');
  if (lower.startsWith('*.')) return { domain: lower.slice(2), includeSelf: false };
  return { domain: lower, includeSelf: true };
}

function hostMatches(host: string, p: HostPattern): boolean {
  // Cookie domains carry a leading dot (".example.com"); a trailing dot is the DNS root.
  const h = host.toLowerCase().replace(/^\./, '').replace(/\.$/, '');
  if (h === p.domain) return p.includeSelf;
  return h.endsWith(`.${p.domain}`);
}

/** A predicate that is true for hosts matching any of `patterns`. */
export function hostAllowlist(patterns: readonly string[]): (host: string) => boolean {
  const compiled = patterns.map(compileHostPattern);
  if (compiled.length === 0) return () => false;
  return (host) => compiled.some((p) => hostMatches(host, p));
}

interface CookiePattern {
  name: string;
  prefix: boolean;
  domain?: HostPattern;
}

function compileCookiePattern(pattern: string): CookiePattern {
  const at = pattern.indexOf('@');
  const namePart = at === -1 ? pattern : pattern.slice(0, at);
  const domainPart = at === -1 ? undefined : pattern.slice(at + 1);
  const prefix = namePart.endsWith('*');
  return {
    // Cookie names are case-sensitive (RFC 6265); domains are not.
    name: prefix ? namePart.slice(0, -1) : namePart,
    prefix,
    ...(domainPart ? { domain: compileHostPattern(domainPart) } : {}),
  };
}

/** A predicate that is true for cookies matching any of `patterns`. */
export function cookieAllowlist(patterns: readonly string[]): (cookie: Pick<CookieRecord, 'name' | 'domain'>) => boolean {
  const compiled = patterns.map(compileCookiePattern);
  if (compiled.length === 0) return () => false;
  return (cookie) =>
    compiled.some(
      (p) =>
        (p.prefix ? cookie.name.startsWith(p.name) : cookie.name === p.name) && (p.domain === undefined || hostMatches(cookie.domain, p.domain)),
    );
}
