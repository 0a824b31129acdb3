/**
 * URL normalisation for page discovery: two links to the same page must become one visit.
 *
 * Canonical form (what {@link normaliseUrl} returns):
 * - http and https only; anything else (mailto:, javascript:, data:, ftp:, ...) is `null`;
 * - no fragment, no credentials;
 * - host in lower case, default port (80 / 443) removed (the WHATWG URL parser does both);
 * - runs of slashes in the path collapsed (`//a///b` → `/a/b`);
 * - tracking parameters removed ({@link isTrackingParam}), the remaining query parameters sorted
 *   by name (stable: repeated names keep their order), an empty query dropped;
 * - the trailing slash kept exactly as linked, so the URL stays fetchable: on a static server
 *   `/blog/` works where `/blog` is a 404, and on many frameworks it is the other way round.
 *
 * Identity ("is this the same page?") is {@link urlKey}: the canonical form with the trailing
 * slash of a non-root path removed, so `/a/` and `/a` are one page. Deduplicate by `urlKey` and
 * visit the first canonical form seen ({@link dedupeUrls}).
 */

/** Exact query parameter names (compared in lower case) that only track the visitor or the campaign. */
export const TRACKING_PARAMS: ReadonlySet<string> = new Set([
  'gclid',
  'gclsrc',
  'gbraid',
  'wbraid',
  'dclid',
  'fbclid',
  'msclkid',
  'mc_cid',
  'mc_eid',
  '_ga',
  '_gl',
  'yclid',
  'igshid',
  'twclid',
  'ttclid',
  '_hsenc',
  '_hsmi',
  'mkt_tok',
]);

/**
 * True for a tracking parameter: any `utm_*` plus {@link TRACKING_PARAMS}. `ref` is *not* one:
 * some sites use it for real content (referral pages, git refs).
 */
export function isTrackingParam(name: string): boolean {
  const lower = name.toLowerCase();
  return lower.startsWith('utm_') || TRACKING_PARAMS.has(lower);
}

/**
 * The canonical form of `url` (resolved against `base` when given), or `null` when it is not a
 * valid http(s) URL. See the module comment for the rules.
 */
export function normaliseUrl(url: string, base?: string): string | null {
  let parsed: URL;
  try {
    parsed = base === undefined ? new URL(url.trim()) : new URL(url.trim(), base);
  } catch {
    return null;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return null;
  if (!parsed.hostname) return null;
  parsed.hash = '';
  parsed.username = '';
  parsed.password = '';
  parsed.pathname = parsed.pathname.replace(/\/{2,}/g, '/');
  const kept = [...parsed.searchParams].filter(([name]) => !isTrackingParam(name));
  // Array.prototype.sort is stable, so repeated names keep their relative order.
  kept.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  // Assigning '' also removes a bare '?'.
  parsed.search = kept.length ? new URLSearchParams(kept).toString() : '';
  return parsed.href;
}

/**
 * The identity of a page: {@link normaliseUrl} plus no trailing slash on a non-root path
 * (`https://h/a/` and `https://h/a` share the key `https://h/a`; the root stays `https://h/`).
 * `null` when the URL is not a valid http(s) URL. A key is for comparing, not for visiting.
 */
export function urlKey(url: string, base?: string): string | null {
  const canonical = normaliseUrl(url, base);
  if (canonical === null) return null;
  const parsed = new URL(canonical);
  if (parsed.pathname.length > 1 && parsed.pathname.endsWith('/')) parsed.pathname = parsed.pathname.replace(/\/+$/, '');
  return parsed.href;
}

/**
 * Canonical forms of `urls`, in order, without duplicates (by {@link urlKey}; the first form seen
 * wins) and without invalid or non-http(s) entries.
 */
export function dedupeUrls(urls: Iterable<string>): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const url of urls) {
    const canonical = normaliseUrl(url);
    if (canonical === null) continue;
    const key = urlKey(canonical)!;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(canonical);
  }
  return out;
}
