/**
 * Classification: pure functions that enrich recorded evidence. No browser, disk or network.
 * Optional classifiers that need I/O (Ghostery's tracker database, filter lists) are built by
 * ./loaders.ts and passed in as ready matchers.
 */
import type {
  ClassifiedSite,
  CookieRecord,
  PageEvidence,
  PhaseEvidence,
  RawCookie,
  RawRequest,
  RequestRecord,
  ServiceInfo,
  SiteEvidence,
  SiteRecord,
} from '../../model/evidence.js';
import { consentModeSignal } from './consent-mode.js';
import { classifyCookie } from './cookies.js';
import { firstPartyMatcher, registrableDomain } from '../../util/party.js';
import { matchServiceForUrl } from './services.js';
import { classifySharedIdentifier } from './shared-identifiers.js';

export { firstPartyMatcher, isFirstParty, registrableDomain } from '../../util/party.js';
export { matchService, matchServiceForUrl, matchKnownService, serviceById, isTrackingCategory, SERVICES, SERVICE_CATEGORIES } from './services.js';
export type { KnownService } from './services.js';
export { classifyCookie, cookieCategoryForService } from './cookies.js';
export type { CookieClassification } from './cookies.js';
export { consentModeSignal, parseGcs, isGoogleHost } from './consent-mode.js';

/** A site with its requests and cookies classified; consent is inferred separately (src/judge/consent.ts). */
export type ClassifiedPages = SiteRecord<RequestRecord, CookieRecord>;

/** What an extra classifier sees of a request. */
export interface ClassifierRequest {
  url: string;
  host: string;
  /** Chromium resource type (script, image, xhr, ...); "other" for cookie domains. */
  type: string;
  /** URL of the frame the request was made for. */
  frameUrl?: string;
  /** The site as the visitor saw it (final URL after redirects). */
  siteUrl: string;
}

/** A ready, synchronous matcher: returns the service behind a request, or undefined. */
export type ServiceClassifier = (request: ClassifierRequest) => ServiceInfo | undefined;

export interface ClassifyOptions {
  /**
   * Consulted in order after the built-in knowledge base, for third-party hosts it does not know
   * (the built-in entry always wins). Also used for the domains of third-party cookies.
   */
  extraClassifiers?: readonly ServiceClassifier[];
}

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
 * Adds `firstParty` to every request and cookie, `service` and `consentMode` to requests, and
 * `lifetimeDays`, `category`, `service` and `consentRecord` to cookies.
 *
 * The party is relative to the site as the visitor saw it: the registrable domain of the site's
 * `finalUrl` (after redirects) when known, else of the URL asked for. A first-party request never
 * gets a service (it goes to the site itself); an unknown third party gets none either (reported
 * as unknown, not as a tracker). Pure: returns new objects and leaves `site` untouched.
 *
 * @param visitTime Unix seconds of the visit; cookie lifetimes are counted from it.
 */
export function classifySite(site: SiteEvidence, visitTime: number, options: ClassifyOptions = {}): ClassifiedPages {
  const siteUrl = site.finalUrl || site.url;
  const isFirst = firstPartyMatcher(siteUrl);
  const extra = options.extraClassifiers ?? [];

  const serviceFor = (request: ClassifierRequest): ServiceInfo | undefined => {
    const builtin = matchServiceForUrl(request.url, request.host);
    if (builtin) return builtin;
    for (const classify of extra) {
      const found = classify(request);
      if (found) return found;
    }
    return undefined;
  };
  // Cookie domains repeat a lot across pages and phases: one lookup per domain.
  const domainServices = new Map<string, ServiceInfo | undefined>();
  const serviceForDomain = (domain: string): ServiceInfo | undefined => {
    const host = domain.trim().toLowerCase().replace(/^\.+/, '');
    if (!host) return undefined;
    if (!domainServices.has(host)) domainServices.set(host, serviceFor({ url: `https://${host}/`, host, type: 'other', siteUrl }));
    const found = domainServices.get(host);
    return found ? { ...found } : undefined;
  };

  const classifyRequest = (request: RawRequest): RequestRecord => {
    // A URL without a host (data:, about:) sends nothing to anyone: not a third party.
    const firstParty = request.host ? isFirst(request.host) : hasHost(request.url) ? isFirst(request.url) : true;
    const service = firstParty || !request.host
      ? undefined
      : serviceFor({ url: request.url, host: request.host, type: request.type, ...(request.frameUrl ? { frameUrl: request.frameUrl } : {}), siteUrl });
    const consentMode = consentModeSignal(request.url, request.host);
    return {
      ...request,
      firstParty,
      ...(service ? { service } : {}),
      ...(consentMode ? { consentMode } : {}),
    };
  };
  const classifyOneCookie = (cookie: RawCookie): CookieRecord => {
    const firstParty = isFirst(cookie.domain);
    return {
      ...cookie,
      expires: isPersistent(cookie.expires) ? cookie.expires : null,
      firstParty,
      lifetimeDays: cookieLifetimeDays(cookie.expires, visitTime),
      ...classifyCookie(cookie, firstParty, serviceForDomain),
    };
  };
  const classifyPhase = ({ sharedIdentifiers, ...phase }: PhaseEvidence): PhaseEvidence<RequestRecord, CookieRecord> => ({
    ...phase,
    requests: phase.requests.map(classifyRequest),
    cookies: phase.cookies.map(classifyOneCookie),
    ...(sharedIdentifiers
      ? { sharedIdentifiers: sharedIdentifiers.map((s) => classifySharedIdentifier(s, { isFirstParty: isFirst, serviceOf: serviceForDomain })) }
      : {}),
  });
  const classifyPage = (page: PageEvidence): PageEvidence<RequestRecord, CookieRecord> => {
    const phases: PageEvidence<RequestRecord, CookieRecord>['phases'] = {};
    for (const [name, evidence] of Object.entries(page.phases) as [keyof typeof page.phases, PhaseEvidence | undefined][]) {
      if (evidence) phases[name] = classifyPhase(evidence);
    }
    return { ...page, phases };
  };

  const { startedAt: _startedAt, consentObservations: _observations, bannerScreenshot: _screenshot, bannerDesign: _design, ...record } = site;
  return { ...record, pages: site.pages.map(classifyPage) };
}
