/**
 * Classification: pure functions that enrich recorded evidence. No browser, disk or network.
 */
import type {
  ClassifiedSite,
  CookieRecord,
  PageEvidence,
  PhaseEvidence,
  RawCookie,
  RawRequest,
  RequestRecord,
  SiteEvidence,
} from '../model/evidence.js';
import { firstPartyMatcher, registrableDomain } from './party.js';

export { firstPartyMatcher, isFirstParty, registrableDomain } from './party.js';

const SECONDS_PER_DAY = 86_400;

/**
 * Days from `visitTime` to `expires`, rounded to one decimal; null for a session cookie.
 * Chromium (and Playwright) report session cookies as expires -1: treated like null, so a
 * collector that forgot to convert cannot turn a session cookie into a negative lifetime.
 */
export function cookieLifetimeDays(expires: number | null, visitTime: number): number | null {
  if (!isPersistent(expires)) return null;
  return Math.round(((expires - visitTime) / SECONDS_PER_DAY) * 10) / 10;
}

/** True when the URL has a host at all (IP addresses and localhost included). */
function hasHost(url: string): boolean {
  if (registrableDomain(url) !== null) return true;
  try {
    return new URL(url).hostname !== '';
  } catch {
    return false;
  }
}

function isPersistent(expires: number | null): expires is number {
  return typeof expires === 'number' && Number.isFinite(expires) && expires > 0;
}

/**
 * Adds `firstParty` to every request and cookie and `lifetimeDays` to every cookie.
 *
 * The party is relative to the site as the visitor saw it: the registrable domain of the site's
 * `finalUrl` (after redirects) when known, else of the URL asked for. Pure: returns new objects
 * and leaves `site` untouched.
 *
 * @param visitTime Unix seconds of the visit; cookie lifetimes are counted from it.
 */
export function classifySite(site: SiteEvidence, visitTime: number): ClassifiedSite {
  const isFirst = firstPartyMatcher(site.finalUrl || site.url);

  const classifyRequest = (request: RawRequest): RequestRecord => ({
    ...request,
    // A URL without a host (data:, about:) sends nothing to anyone: not a third party.
    firstParty: request.host ? isFirst(request.host) : hasHost(request.url) ? isFirst(request.url) : true,
  });
  const classifyCookie = (cookie: RawCookie): CookieRecord => ({
    ...cookie,
    expires: isPersistent(cookie.expires) ? cookie.expires : null,
    firstParty: isFirst(cookie.domain),
    lifetimeDays: cookieLifetimeDays(cookie.expires, visitTime),
  });
  const classifyPhase = (phase: PhaseEvidence): PhaseEvidence<RequestRecord, CookieRecord> => ({
    ...phase,
    requests: phase.requests.map(classifyRequest),
    cookies: phase.cookies.map(classifyCookie),
  });
  const classifyPage = (page: PageEvidence): PageEvidence<RequestRecord, CookieRecord> => {
    const phases: PageEvidence<RequestRecord, CookieRecord>['phases'] = {};
    for (const [name, evidence] of Object.entries(page.phases) as [keyof typeof page.phases, PhaseEvidence | undefined][]) {
      if (evidence) phases[name] = classifyPhase(evidence);
    }
    return { ...page, phases };
  };

  return { ...site, pages: site.pages.map(classifyPage) };
}
