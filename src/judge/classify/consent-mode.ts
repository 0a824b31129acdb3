/**
 * Google Consent Mode signals on Google requests: `gcs=G1xy` (x = ad_storage, y =
 * analytics_storage; 1 granted, 0 denied, "-" not set) and the raw `gcd` (its letter encoding is
 * kept as-is, unparsed, until verified against a primary source).
 */
import { parse } from 'tldts';
import type { ConsentModeSignal } from '../../model/evidence.js';

/** Registrable domains whose requests can carry Consent Mode parameters. */
const GOOGLE_DOMAINS: ReadonlySet<string> = new Set([
  'google-analytics.com',
  'googletagmanager.com',
  'doubleclick.net',
  'googleadservices.com',
  'googlesyndication.com',
  'googletagservices.com',
  'google.com',
]);

/**
 * True for Google's tag, analytics and ads hosts (including analytics.google.com and country
 * domains such as google.de / adservice.google.co.uk).
 */
export function isGoogleHost(host: string): boolean {
  const parsed = parse(host.toLowerCase().replace(/^\.+/, ''));
  // Only real public suffixes: "google.example" is not Google.
  if (!parsed.domain || parsed.isIp || !parsed.isIcann) return false;
  return GOOGLE_DOMAINS.has(parsed.domain) || parsed.domainWithoutSuffix === 'google';
}

function state(flag: string | undefined): 'granted' | 'denied' | undefined {
  if (flag === '1') return 'granted';
  if (flag === '0') return 'denied';
  return undefined;
}

/** Parses a gcs value: "G100" -> both denied, "G111" -> both granted, "G101" -> ads denied, analytics granted. Garbage -> {}. */
export function parseGcs(gcs: string): Pick<ConsentModeSignal, 'adStorage' | 'analyticsStorage'> {
  const match = /^G1([01-])([01-])$/.exec(gcs.trim());
  if (!match) return {};
  const adStorage = state(match[1]);
  const analyticsStorage = state(match[2]);
  return { ...(adStorage ? { adStorage } : {}), ...(analyticsStorage ? { analyticsStorage } : {}) };
}

/**
 * The Consent Mode signal of a request to a Google host, from its query string; undefined when the
 * host is not Google's or the URL carries neither gcs nor gcd.
 */
export function consentModeSignal(url: string, host: string): ConsentModeSignal | undefined {
  if (!host || !isGoogleHost(host)) return undefined;
  let params: URLSearchParams;
  try {
    params = new URL(url).searchParams;
  } catch {
    return undefined;
  }
  const gcs = params.get('gcs') ?? undefined;
  const gcd = params.get('gcd') ?? undefined;
  if (gcs === undefined && gcd === undefined) return undefined;
  return {
    ...(gcs !== undefined ? { gcs } : {}),
    ...(gcd !== undefined ? { gcd } : {}),
    ...(gcs !== undefined ? parseGcs(gcs) : {}),
  };
}
