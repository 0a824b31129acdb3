/**
 * Shared building blocks of the rule modules: walking a phase's evidence, telling trackers
 * apart, and describing requests and cookies in plain words. Pure functions, no state.
 */
import type { ClassifiedSite, CookieRecord, PageEvidence, Phase, PhaseEvidence, RequestRecord, ScriptBehaviour, ServiceInfo } from '../../model/evidence.js';
import type { FindingEvidence, FindingEvidenceCookie } from '../../model/report.js';
import type { RuleContext } from './types.js';
import { plural } from '../../util/text.js';
import { boxArea, type BannerControl, type BannerDesign } from '../../model/banner.js';

/** Longest query string kept in a request's evidence; trackers put kilobytes there. */
export const MAX_QUERY_CHARS = 200;

/** One page's evidence in one phase. */
export interface PagePhase {
  page: PageEvidence<RequestRecord, CookieRecord>;
  evidence: PhaseEvidence<RequestRecord, CookieRecord>;
}

/** The pages that have evidence for `phase`, in visit order. A failed page still counts: what it recorded happened. */
export function pagesIn(site: ClassifiedSite, phase: Phase): PagePhase[] {
  const out: PagePhase[] = [];
  for (const page of site.pages) {
    const evidence = page.phases[phase];
    if (evidence) out.push({ page, evidence });
  }
  return out;
}

/** The URL a site-level finding (banner, first layer) is attached to: the first page visited. */
export function sitePageUrl(site: ClassifiedSite): string {
  return site.pages[0]?.url ?? site.finalUrl ?? site.url;
}

/** A request to a known tracking service (advertising, analytics, social, session replay, ...). Tag managers, CDNs and fonts are not. */
export function isTrackingRequest(request: RequestRecord): boolean {
  return request.service?.tracking === true;
}

/** A cookie that needs consent beyond doubt: analytics or marketing, and not a consent manager's own record. */
export function isTrackingCookie(cookie: CookieRecord): boolean {
  return (cookie.category === 'analytics' || cookie.category === 'marketing') && cookie.consentRecord !== true;
}

/** Requests of a page the user did not allowlist. */
export function visibleRequests(evidence: PhaseEvidence<RequestRecord, CookieRecord>, context: RuleContext): RequestRecord[] {
  return evidence.requests.filter((r) => !context.isAllowedHost(r.host));
}

function cookieKey(c: Pick<CookieRecord, 'name' | 'domain' | 'path'>): string {
  return `${c.name}\u0000${c.domain.toLowerCase()}\u0000${c.path}`;
}

/**
 * The cookie jar is read at the end of every page visit and carries over to the next page of the
 * same phase, so a cookie is attributed to the first page where it appeared: the same `_ga`
 * does not become ten findings on a ten-page scan. Allowlisted cookies are left out.
 */
export function cookiesFirstSeen(site: ClassifiedSite, phase: Phase, context: RuleContext): Array<PagePhase & { cookies: CookieRecord[] }> {
  const seen = new Set<string>();
  return pagesIn(site, phase).map((entry) => {
    const cookies: CookieRecord[] = [];
    for (const cookie of entry.evidence.cookies) {
      const key = cookieKey(cookie);
      if (seen.has(key)) continue;
      seen.add(key);
      if (!context.isAllowedCookie(cookie)) cookies.push(cookie);
    }
    return { ...entry, cookies };
  });
}

/** The URL with its fragment dropped and its query string cut to MAX_QUERY_CHARS characters. */
export function trimUrl(url: string): string {
  const withoutHash = url.split('#')[0] ?? url;
  const q = withoutHash.indexOf('?');
  if (q === -1) return withoutHash;
  const query = withoutHash.slice(q + 1);
  if (query.length <= MAX_QUERY_CHARS) return withoutHash;
  return `${withoutHash.slice(0, q + 1)}${query.slice(0, MAX_QUERY_CHARS)}…`;
}

/** "Google Analytics (Google LLC)", or just the name when the product is named after its company. */
export function serviceLabel(service: Pick<ServiceInfo, 'name' | 'organization'>): string {
  return service.name === service.organization ? service.name : `${service.name} (${service.organization})`;
}

/** Evidence item for one request: the exact URL (query trimmed) and who received it. */
export function requestEvidence(request: RequestRecord, extra?: string): FindingEvidence {
  const parts: string[] = [];
  if (request.service) parts.push(serviceLabel(request.service));
  parts.push(request.type);
  if (request.failure) parts.push(`no response: ${request.failure}`);
  if (extra) parts.push(extra);
  return { kind: 'request', value: trimUrl(request.url), detail: parts.join(', ') };
}

/** "session cookie" or "expires in 730 days". */
export function lifetimeText(cookie: Pick<CookieRecord, 'lifetimeDays'>): string {
  if (cookie.lifetimeDays === null) return 'session cookie';
  const days = Math.round(cookie.lifetimeDays);
  return `expires in ${days} ${days === 1 ? 'day' : 'days'}`;
}

/**
 * Evidence item for one cookie: its name, domain and path, "name@domain" as display text, and its
 * purpose, owner and lifetime (never its value).
 */
export function cookieEvidence(cookie: CookieRecord, extra?: string): FindingEvidence & { kind: 'cookie'; cookie: FindingEvidenceCookie } {
  const parts: string[] = [cookie.category];
  if (cookie.service) parts.push(serviceLabel(cookie.service));
  parts.push(lifetimeText(cookie));
  if (extra) parts.push(extra);
  const { name, domain, path } = cookie;
  return { kind: 'cookie', value: `${name}@${domain}`, detail: parts.join(', '), cookie: { name, domain, path } };
}

/** "1 request", "4 requests" (re-exported for rule modules). */
export { plural };

/** "a", "a and b", "a, b and c"; more than `max` items end in "and N more". */
export function listInWords(items: readonly string[], max = 3): string {
  if (items.length === 0) return '';
  const shown = items.length > max ? [...items.slice(0, max), `${items.length - max} more`] : [...items];
  if (shown.length === 1) return shown[0]!;
  return `${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1]}`;
}

/** Requests grouped by the service (or, for unknown ones, the host) that received them, in first-seen order. */
export function groupByReceiver(requests: readonly RequestRecord[]): Array<{ label: string; requests: RequestRecord[]; service?: ServiceInfo }> {
  const groups = new Map<string, { label: string; requests: RequestRecord[]; service?: ServiceInfo }>();
  for (const r of requests) {
    const label = r.service ? serviceLabel(r.service) : r.host;
    let group = groups.get(label);
    if (!group) {
      group = { label, requests: [], ...(r.service ? { service: r.service } : {}) };
      groups.set(label, group);
    }
    group.requests.push(r);
  }
  return [...groups.values()];
}

/** "Google Analytics (Google LLC) received 4 requests and Meta Pixel (Meta Platforms, Inc.) received 1 request". */
export function receivedInWords(requests: readonly RequestRecord[], max = 3): string {
  const groups = groupByReceiver(requests);
  const shown = groups.slice(0, max).map((g) => `${g.label} received ${plural(g.requests.length, 'request')}`);
  const rest = groups.slice(max);
  if (rest.length > 0) {
    const n = rest.reduce((sum, g) => sum + g.requests.length, 0);
    shown.push(`${plural(rest.length, 'more service')} received ${plural(n, 'request')}`);
  }
  return listInWords(shown, shown.length);
}

/** "_ga, _gid and _fbp" from cookies, names deduplicated. */
export function cookieNamesInWords(cookies: readonly CookieRecord[], max = 4): string {
  return listInWords([...new Set(cookies.map((c) => c.name))], max);
}

/** Registrable-domain-free host match: true when `host` is `domain` or one of its subdomains. */
export function hostIsOrUnder(host: string, domain: string): boolean {
  const h = host.toLowerCase();
  return h === domain || h.endsWith(`.${domain}`);
}

// ---- The banner design (consent.bannerDesign) -------------------------------------------------

const round2 = (n: number) => Math.round(n * 100) / 100;

/** The measured numbers of one banner control, as finding evidence. */
export function controlEvidence(name: string, control: BannerControl): FindingEvidence {
  const { box } = control;
  const parts = [
    `${control.kind} (<${control.tag}${control.roleAttribute ? ` role=${control.roleAttribute}` : ''}>)`,
    `${Math.round(box.width)}×${Math.round(box.height)} px = ${boxArea(box)} px²`,
    `font ${control.fontSizePx ?? '?'} px, weight ${control.fontWeight ?? '?'}`,
    `text contrast ${control.textContrast === null ? 'unreadable' : `${round2(control.textContrast)}:1`} (${control.color ?? '?'} on ${control.background ?? '?'})`,
    `prominence against the banner ${control.prominence === null ? 'unreadable' : `${round2(control.prominence)}:1`}`,
  ];
  return { kind: 'consent', value: `${name} "${control.label}": ${parts.join(', ')}` };
}

/** Points to the banner screenshot a banner finding stands on, when the report has one. */
export function screenshotEvidence(site: ClassifiedSite): FindingEvidence[] {
  if (!site.consent.bannerScreenshot) return [];
  const box = site.consent.bannerDesign?.box;
  return [{ kind: 'other', value: "banner screenshot (first layer, before any click): see the site's consent section", ...(box ? { detail: `banner at x ${box.x}, y ${box.y}, ${box.width}×${box.height} px of the viewport` } : {}) }];
}

/** Why a banner design could not be measured at all; undefined when it was. */
export function unmeasuredReason(design: BannerDesign): string | undefined {
  if (design.controls.length > 0 || design.text) return undefined;
  return design.unmeasured[0] ?? 'the banner could not be measured';
}

// ---- judged script behaviour (ClassifiedSite.behaviour) ----------------------------------

/** The judged scripts of one phase whose host the user did not allowlist, by page in visiting order. */
export function behaviourIn(site: ClassifiedSite, phase: Phase, context: RuleContext): Map<string, ScriptBehaviour[]> {
  const byPage = new Map<string, ScriptBehaviour[]>();
  for (const b of site.behaviour ?? []) {
    if (b.phase !== phase || b.afterConsent || (b.host && context.isAllowedHost(b.host))) continue;
    byPage.set(b.pageUrl, [...(byPage.get(b.pageUrl) ?? []), b]);
  }
  return byPage;
}

/**
 * One script, one verdict: the URLs of the scripts (not inline ones) that `proven` holds for on
 * some page of the behaviour map. Where such a script shows only part of its behaviour on another
 * page (the page ended before its next upload, a cached result), that part is no separate doubt.
 */
export function provenScriptUrls(behaviour: ReadonlyMap<string, readonly ScriptBehaviour[]>, proven: (b: ScriptBehaviour) => boolean): Set<string> {
  return new Set([...behaviour.values()].flat().filter((b) => !b.inline && proven(b)).map((b) => b.scriptUrl));
}

/** Whether a script's behaviour on one page belongs to a script proven elsewhere (see provenScriptUrls). */
export function isProvenElsewhere(b: ScriptBehaviour, proven: ReadonlySet<string>): boolean {
  return !b.inline && proven.has(b.scriptUrl);
}

/** "https://cdn.x/fp.js (FingerprintJS (FingerprintJS, Inc.), third party)" or "An inline script of the page". */
export function scriptLabel(b: ScriptBehaviour): string {
  if (b.inline) return 'An inline script of the page';
  const who = [b.service ? serviceLabel(b.service) : undefined, b.firstParty ? 'first party' : 'third party'].filter(Boolean).join(', ');
  return `${trimUrl(b.scriptUrl)} (${who})`;
}

/** The evidence item naming the script: its URL, organisation and party. */
export function scriptEvidence(b: ScriptBehaviour): FindingEvidence {
  const parts = [b.inline ? 'inline script' : 'script', b.service ? serviceLabel(b.service) : b.host, b.firstParty ? 'first party' : 'third party'];
  return { kind: 'other', value: trimUrl(b.scriptUrl), detail: parts.join(', ') };
}
