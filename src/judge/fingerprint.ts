/**
 * Finding fingerprints: a stable identity for a finding across scans, so that a later scan can be
 * compared with a baseline report (--baseline) and only findings that are new fail the run.
 *
 * A fingerprint is `${ruleId}:${hash}`, the hash being the first 16 hex digits of the SHA-256 of:
 *   - the rule id;
 *   - the site: the host of the site URL as given, lower-cased, without the scheme (http and https
 *     are the same site) and without a default port;
 *   - the page: its path without query string or fragment, trailing slash normalised (`/about/` and
 *     `/about` are one page, `/` stays `/`), preceded by the page's host only when it differs from
 *     the site's host (a page on a subdomain, or after a redirect to www.);
 *   - the phase (or none);
 *   - the evidence key: the sorted, deduplicated set of the evidence items' keys:
 *       request  host + path (no query string, no fragment: they differ on every hit),
 *       cookie   name@domain (domain lower-cased, leading dot dropped), from the structured
 *                `cookie` field, or parsed from `value` in older reports,
 *       storage, consent, other   kind + value (a TC string is reduced to "TC string": it encodes
 *                the time it was made, so it differs on every scan).
 *
 * Not part of it: the severity (a config change must not make a finding new), the message and the
 * evidence details (wording may change between versions), the order of the evidence and the query
 * strings.
 *
 * Grouping: the rule engine merges all offending items of one rule, page, phase and outcome into
 * ONE finding. A changed evidence set therefore gives a new fingerprint: when a second tracker
 * appears on a page that already sent data to one, the finding is reported as new (and the old
 * one, with one tracker, as resolved). That is deliberate: the gate is about new violations, and
 * a new tracker is one. The price is that evidence which comes and goes between runs (a request a
 * tracker sends only sometimes) shows up as new + resolved.
 *
 * Capped evidence: the engine keeps at most MAX_EVIDENCE_ITEMS items and replaces the rest with
 * "+N more". Which items are kept then depends on the order they were seen in, which varies from
 * run to run; such a finding's evidence key is therefore "many items" instead of the items, and
 * its identity is rule + site + page + phase alone.
 */
import { createHash } from 'node:crypto';
import type { Finding, FindingEvidence, Report } from '../model/report.js';

/** Number of hex digits of the SHA-256 kept in a fingerprint: 64 bits, plenty for one report. */
const HASH_DIGITS = 16;

/** The "+N more" item the rule engine puts in place of evidence beyond its cap. */
const MORE_ITEMS = /^\+\d+ more$/;

/** Host of a URL without scheme, lower-cased; the port only when it is not the scheme's default. */
function hostOf(url: URL): string {
  return url.host.toLowerCase();
}

function parseUrl(text: string | undefined): URL | undefined {
  if (!text) return undefined;
  try {
    return new URL(text);
  } catch {
    return undefined;
  }
}

/** The site part: the host of the site URL as given ("https://www.shop.com/de/" -> "www.shop.com"). */
export function siteKey(siteUrl: string): string {
  const url = parseUrl(siteUrl.trim());
  if (url && url.host) return hostOf(url);
  // Not a URL (a site that could not be scanned keeps the user's input): the input without scheme.
  return siteUrl.trim().toLowerCase().replace(/^[a-z][a-z0-9+.-]*:\/\//, '').split(/[/?#]/)[0] ?? '';
}

/** "/about/" -> "/about"; "" -> "/"; "/" stays "/". */
function normalisePath(path: string): string {
  const trimmed = path.replace(/\/+$/, '');
  return trimmed === '' ? '/' : trimmed;
}

/** The page part: its path (no query, no fragment), with its host when that is not the site's. */
export function pageKey(pageUrl: string | undefined, siteUrl: string): string {
  if (pageUrl === undefined) return '';
  const url = parseUrl(pageUrl);
  if (!url) return normalisePath(pageUrl.split(/[?#]/)[0] ?? '');
  const path = normalisePath(url.pathname);
  const host = hostOf(url);
  return host === siteKey(siteUrl) ? path : `${host}${path}`;
}

/** A cookie domain as keyed: lower-cased, without the leading dot (".Shop.test" and "shop.test" are one). */
function cookieDomainKey(domain: string): string {
  return domain.toLowerCase().replace(/^\./, '');
}

/** The key of one evidence item; undefined for the engine's "+N more" placeholder. */
export function evidenceKey(item: FindingEvidence): string | undefined {
  switch (item.kind) {
    case 'request': {
      const url = parseUrl(item.value.replace(/…$/, ''));
      if (url && url.host) return `request ${hostOf(url)}${url.pathname}`;
      // data:, blob: or a malformed value: without its query string and fragment.
      return `request ${item.value.split(/[?#]/)[0] ?? item.value}`;
    }
    case 'cookie': {
      // New reports carry the cookie structured; older ones only "name@domain". Both give the same key.
      if (item.cookie && item.cookie.name !== '') return `cookie ${item.cookie.name}@${cookieDomainKey(item.cookie.domain)}`;
      const at = item.value.lastIndexOf('@');
      if (at <= 0) return `cookie ${item.value}`;
      return `cookie ${item.value.slice(0, at)}@${cookieDomainKey(item.value.slice(at + 1))}`;
    }
    case 'consent':
      return /^TC string /.test(item.value) ? 'consent TC string' : `consent ${item.value}`;
    case 'other':
      return MORE_ITEMS.test(item.value) ? undefined : `other ${item.value}`;
    default:
      return `${item.kind} ${item.value}`;
  }
}

/** The sorted set of evidence keys, or ["many items"] when the engine capped the evidence. */
export function evidenceKeySet(evidence: readonly FindingEvidence[]): string[] {
  if (evidence.some((item) => item.kind === 'other' && MORE_ITEMS.test(item.value))) return ['many items'];
  const keys = new Set<string>();
  for (const item of evidence) {
    const key = evidenceKey(item);
    if (key !== undefined) keys.add(key);
  }
  return [...keys].sort();
}

/**
 * The fingerprint of a finding of the site scanned from `siteUrl` (the site's `url` in the
 * report): `${ruleId}:${16 hex digits}`. Equal for the same violation in two scans, whatever the
 * query strings, the order of the evidence, the severity or the wording.
 */
export function fingerprintFinding(finding: Finding, siteUrl: string): string {
  const material = JSON.stringify([
    finding.ruleId,
    siteKey(siteUrl),
    pageKey(finding.pageUrl, siteUrl),
    finding.phase ?? '',
    evidenceKeySet(finding.evidence),
  ]);
  const hash = createHash('sha256').update(material).digest('hex').slice(0, HASH_DIGITS);
  return `${finding.ruleId}:${hash}`;
}

/** Sets `fingerprint` on every finding of the report (in place) and returns the report. */
export function addFingerprints(report: Report): Report {
  for (const site of report.sites) {
    for (const finding of site.findings) finding.fingerprint = fingerprintFinding(finding, site.url);
  }
  return report;
}
