/**
 * Evidence: what the crawler recorded, as plain serialisable data. Everything after this
 * stage (classification, rules, renderers) runs without a browser.
 */
import type { CmpClues, CmpIdentity, ConsentAttempt, ConsentClick, ConsentSignal } from './consent.js';
import type { LegalLink, PageTransport, SiteTransport } from './transport.js';
import type { ScriptActivity, ScriptBehaviour } from './behaviour.js';
import type { FormTyping, MarkerMatch, SharedIdentifier, SharedIdentifierRecord } from './leak.js';

export type * from './behaviour.js';

export type { FormRecord, HstsHeader, HttpProbe, LegalLink, LegalLinkKind, PageTransport, SiteTransport } from './transport.js';
import type { WithdrawalRecord } from './withdrawal.js';

import type { BannerDesign } from './banner.js';

/**
 * The four consent situations a site is visited in, each in a fresh profile: before any consent
 * choice, after "accept all", after "reject all", and after "accept all" then withdrawing it
 * through the reopened consent settings.
 */
export type Phase = 'before' | 'accept' | 'reject' | 'withdraw';
export const PHASES: readonly Phase[] = ['before', 'accept', 'reject', 'withdraw'];

/** Chromium's resource type, lower-cased (document, script, image, xhr, fetch, ping, font, ...). */
export type ResourceType = string;

/** One network request made while a page was visited, as recorded (not classified). */
export interface RawRequest {
  /** Full URL as requested (query string included: trackers put identifiers there). */
  url: string;
  /** Host name of the URL. */
  host: string;
  /** HTTP method. */
  method: string;
  /** Chromium's resource type, lower-cased (document, script, image, xhr, fetch, ping, font, ...). */
  type: ResourceType;
  /** URL of the document (frame) the request was made for. */
  frameUrl?: string;
  /** True when made by the top-level document, false for requests of iframes. */
  isMainFrame: boolean;
  /** What started the request, as Chromium reports it. */
  initiator?: {
    /** Initiator type (parser, script, preload, other, ...). */
    type: string;
    /** URL of the initiating script or document, when known. */
    url?: string;
  };
  /** HTTP status; absent when no response arrived. */
  status?: number;
  /** Network error or blocking reason when the request failed. */
  failure?: string;
  /** Milliseconds since the phase's first navigation started. */
  time: number;
  /** True when the request started after this phase's consent click (accept/reject phases); in the withdraw phase, after the withdrawal. */
  afterConsent: boolean;
  /** Names of the cookies this response set with Set-Cookie (accepted by the browser). */
  setCookies?: string[];
  /**
   * Chromium's mixed-content class of a request from an HTTPS document to an insecure URL: blockable
   * (scripts, frames, fetches; Chromium blocks them) or optionally-blockable (images, audio, video;
   * Chromium upgrades or loads them). Absent when not mixed content. A blocked one has failure
   * `blocked:mixed-content`.
   */
  mixedContent?: 'blockable' | 'optionally-blockable';
  /** The scanner's typed markers found in this request (URL, body or headers), with their encoding. */
  markers?: MarkerMatch[];
}

/**
 * What a third-party host is for. Only advertising, analytics, social, session-replay and
 * customer-interaction are tracking categories: a tag manager, CDN, font or consent service is not a
 * tracker by itself.
 */
export type ServiceCategory =
  | 'advertising'
  | 'analytics'
  | 'social'
  | 'session-replay'
  | 'customer-interaction'
  | 'tag-manager'
  | 'cdn'
  | 'consent-manager'
  | 'fonts'
  | 'embedded-content'
  | 'payment'
  | 'security'
  | 'other';

export const TRACKING_CATEGORIES: readonly ServiceCategory[] = ['advertising', 'analytics', 'social', 'session-replay', 'customer-interaction'];

/** A known service a request went to (from the bundled knowledge base, a tracker database or a filter list). */
export interface ServiceInfo {
  /** Product, e.g. "Google Analytics"; for a filter-list match "<list file>: <rule>". */
  name: string;
  /** Company behind it, e.g. "Google LLC". */
  organization: string;
  /** What the service is for. */
  category: ServiceCategory;
  /** ISO 3166-1 alpha-2 country of the organisation's seat, when known. */
  country?: string;
  /** The organisation is certified under the EU-US Data Privacy Framework (absent: unknown). */
  dpf?: boolean;
  /** True when the service is a tracker (a tracking category, or a filter-list match). */
  tracking: boolean;
  /** Which classifier recognised it. */
  source: 'builtin' | 'ghostery' | 'filter-list';
}

/** Google Consent Mode state carried by a Google request (gcs / gcd query parameters). */
export interface ConsentModeSignal {
  /** Raw gcs value, e.g. "G100" (G1 + ad_storage + analytics_storage; 1 granted, 0 denied). */
  gcs?: string;
  /** Raw gcd value (not decoded). */
  gcd?: string;
  /** ad_storage as decoded from gcs. */
  adStorage?: 'granted' | 'denied';
  /** analytics_storage as decoded from gcs. */
  analyticsStorage?: 'granted' | 'denied';
}

/** One network request made while a page was visited, classified. */
export interface RequestRecord extends RawRequest {
  /** Same registrable domain (eTLD+1, via tldts) as the site. */
  firstParty: boolean;
  /** The known service behind a third-party host; absent for first-party and unknown third-party hosts. */
  service?: ServiceInfo;
  /** Google Consent Mode parameters, on Google requests that carry them. */
  consentMode?: ConsentModeSignal;
}

/** How a cookie came to be. */
export type CookieSource = 'http' | 'script' | 'unknown';

/**
 * A cookie in the browser's jar at the end of a page visit, as recorded (not classified). Values are
 * not stored unless asked for.
 */
export interface RawCookie {
  /** Cookie name. */
  name: string;
  /** Cookie domain; a leading dot means the cookie is sent to subdomains too. */
  domain: string;
  /** Cookie path. */
  path: string;
  /** Expiry as Unix seconds, null for a session cookie. */
  expires: number | null;
  /** Not readable by scripts. */
  httpOnly: boolean;
  /** Sent over HTTPS only. */
  secure: boolean;
  /** SameSite attribute as the browser applied it. */
  sameSite: 'Strict' | 'Lax' | 'None';
  /** Set by an HTTP Set-Cookie header or by script (document.cookie / CookieStore). */
  source: CookieSource;
  /** Size of name + value in bytes (the value itself is personal data and is not kept). */
  size: number;
  /** Partitioned (CHIPS) cookie. */
  partitioned?: boolean;
  /** The value, truncated: only with --include-values (cookie values are personal data). */
  value?: string;
}

/**
 * What a cookie is for, as far as its name and setter tell: strictly necessary, functional
 * (preferences, chat), analytics, marketing, or unknown.
 */
export type CookieCategory = 'necessary' | 'functional' | 'analytics' | 'marketing' | 'unknown';

/** The service a cookie belongs to. */
export type CookieService = Pick<ServiceInfo, 'name' | 'organization' | 'country' | 'dpf'>;

/** A cookie in the browser's jar at the end of a page visit, classified. Values are not stored. */
export interface CookieRecord extends RawCookie {
  /** Same registrable domain as the site. */
  firstParty: boolean;
  /** Lifetime in days from the time of the visit (one decimal), null for session cookies. */
  lifetimeDays: number | null;
  /** Purpose, from the cookie knowledge base (name patterns) and the service that set it. */
  category: CookieCategory;
  /** Known service the cookie belongs to (e.g. Google Analytics for _ga). */
  service?: CookieService;
  /** A consent manager's own record of the visitor's choice (strictly necessary). */
  consentRecord?: boolean;
}

/** The IAB TCF state the page's CMP reported through __tcfapi('addEventListener', 2, ...). */
export interface TcfSnapshot {
  /** A __tcfapi function answered. */
  cmpPresent: boolean;
  /** The CMP says GDPR applies. */
  gdprApplies?: boolean;
  /** tcloaded, cmpuishown or useractioncomplete. */
  eventStatus?: string;
  /** The TC string (it holds no personal data beyond the choices). */
  tcString?: string;
  /** IAB CMP id. */
  cmpId?: number;
  /** Purposes with consent, decoded from the TC string. */
  purposeConsents?: number[];
  /** Vendors with consent, decoded from the TC string. */
  vendorConsents?: number[];
  /** Why the state could not be read or decoded. */
  error?: string;
}

/** A Set-Cookie header the browser refused, with Chromium's reasons. */
export interface RefusedCookie {
  /** Cookie name. */
  name: string;
  /** Domain attribute, when the header had one. */
  domain?: string;
  /** URL of the response that carried the header. */
  url: string;
  /** Chromium's blocked reasons, e.g. ThirdPartyPhaseout, InvalidDomain, SameSiteNoneInsecure. */
  reasons: string[];
}

/** A web storage key (values are not stored). */
export interface StorageRecord {
  /** Which storage area. */
  kind: 'localStorage' | 'sessionStorage';
  /** Origin of the frame whose storage this is. */
  origin: string;
  /** Storage key. */
  key: string;
}

/** Where the scan of a site, page or phase went wrong. An error is data, never a silent null. */
export interface ScanError {
  /** The stage that failed; budget: the site's time budget ran out (--site-timeout). */
  stage: 'input' | 'browser' | 'navigation' | 'consent' | 'collector' | 'rule' | 'report' | 'budget';
  /** What went wrong. */
  message: string;
  /** The page concerned, when the error is tied to one. */
  pageUrl?: string;
  /** The phase concerned, when the error is tied to one. */
  phase?: Phase;
}

/**
 * What was recorded on one page in one phase: `status` tells a visited page from one that could
 * not be visited, and only the latter has an `error`.
 */
export type PhaseEvidence<Req = RawRequest, Cookie = RawCookie> = PhaseEvidenceOk<Req, Cookie> | PhaseEvidenceError<Req, Cookie>;

/** The page was visited in this phase. */
export interface PhaseEvidenceOk<Req = RawRequest, Cookie = RawCookie> extends PhaseRecord<Req, Cookie> {
  /** `ok`: the page was visited in this phase. */
  status: 'ok';
}

/** The page could not be visited in this phase (or not to the end); what was recorded until then is kept. */
export interface PhaseEvidenceError<Req = RawRequest, Cookie = RawCookie> extends PhaseRecord<Req, Cookie> {
  /** `error`: the page could not be visited in this phase (see `error`). */
  status: 'error';
  /** What went wrong. */
  error: string;
}

/** What both kinds of phase evidence have. */
interface PhaseRecord<Req, Cookie> {
  /** URL after redirects. */
  finalUrl?: string;
  /** HTTP status of the main document. */
  documentStatus?: number;
  /** Document title. */
  title?: string;
  /** Network requests made while the page was visited. */
  requests: Req[];
  /** Cookies in the browser's jar at the end of the visit (values are not stored). */
  cookies: Cookie[];
  /** Set-Cookie headers the browser refused. */
  refusedCookies: RefusedCookie[];
  /** Web storage keys present at the end of the visit (values are not stored). */
  storage: StorageRecord[];
  /** Milliseconds since the phase started when the consent click happened (first page only); in the withdraw phase, the withdrawal. */
  consentActionAt?: number;
  /** IAB TCF state at the end of the visit, when the page has a TCF CMP. */
  tcf?: TcfSnapshot;
  /** How the main document was delivered (URL, HSTS header) and where its forms post to. */
  transport?: PageTransport;
  /** Privacy policy, legal notice and cookie policy links of the rendered page (the plan's first phase only). */
  legalLinks?: LegalLink[];
  /** What scripts did with fingerprinting and session-replay APIs, per calling script (instrumentation injected before any page script). */
  scriptActivity?: ScriptActivity[];
  /** The markers the scanner typed into the page's form fields (nothing submitted). */
  formTyping?: FormTyping;
  /** Identifiers kept by one party (cookie or storage values) that requests to another registrable domain carried. */
  sharedIdentifiers?: Array<Req extends RequestRecord ? SharedIdentifierRecord : SharedIdentifier>;
  /** Time spent on this page in this phase, in milliseconds. */
  durationMs: number;
}

/** One page of a site and what was recorded on it in each phase. */
export interface PageEvidence<Req = RawRequest, Cookie = RawCookie> {
  /** URL of the page. */
  url: string;
  /** Evidence per phase; a phase is absent when it was not run for this page. */
  phases: PagePhases<Req, Cookie>;
}

/** Evidence per phase of one page. Spelled out rather than `Partial<Record<Phase, ...>>` so that each phase carries its own TSDoc. */
export interface PagePhases<Req = RawRequest, Cookie = RawCookie> {
  /** Before any consent choice. */
  before?: PhaseEvidence<Req, Cookie>;
  /** After "accept all". */
  accept?: PhaseEvidence<Req, Cookie>;
  /** After "reject all". */
  reject?: PhaseEvidence<Req, Cookie>;
  /** After "accept all", then withdrawing consent through the reopened settings (requests' afterConsent: from the start page's fresh load after the withdrawal on). */
  withdraw?: PhaseEvidence<Req, Cookie>;
}

/**
 * How consent was given or refused in one phase, by `method`: the autoconsent rule of the CMP, the
 * project's own heuristics, the user's selectors (--consent-accept / --consent-reject), or nothing.
 * Every record says whether independent signals proved the click (`verified`, `signals`).
 */
export type ConsentActionRecord = AutoconsentActionRecord | HeuristicActionRecord | SelectorActionRecord | NoActionRecord;

/** What every consent action record has, whatever the method. */
interface ConsentActionBase {
  /** The clicks went through (autoconsent: its rule reported success); says nothing about their effect, see `verified`. */
  done: boolean;
  /** Independent signals confirmed the action's effect and none contradicted it (see `signals`). */
  verified: boolean;
  /** The independent checks made after the action, confirming or contradicting it. */
  signals: ConsentSignal[];
  /** Why the action counts as verified or not, in one sentence. */
  verification: string;
  /** Every click of the step, in order (autoconsent's own clicks are not seen and not listed). */
  clicks: ConsentClick[];
  /** The other methods tried in the same step, in order, none of which ended it (failed, or claimed success that nothing confirmed). */
  attempts?: ConsentAttempt[];
}

/** Autoconsent's rule for the CMP acted. Also the record when it failed and no other method got further. */
export interface AutoconsentActionRecord extends ConsentActionBase {
  /** `autoconsent`: autoconsent's rule for the CMP acted. */
  method: 'autoconsent';
  /** Autoconsent's internal rule name (e.g. "Complianz opt-out"): how it acted, never the CMP's name. */
  rule: string;
  /**
   * Autoconsent's self-test after a successful action: did the CMP's own state reflect the choice?
   * null when the rule has none or the page navigated first; absent when the action failed.
   */
  selfTest?: boolean | null;
  /** Why the action failed, or that the page navigated before autoconsent reported. */
  detail?: string;
}

/** The project's heuristics clicked controls they recognised (first layer, or settings layer then save). */
export interface HeuristicActionRecord extends ConsentActionBase {
  /** `heuristic`: the project's own heuristics clicked. */
  method: 'heuristic';
  /** Visible text of the decisive click (accept / reject, or save on the settings layer). */
  clickedText: string;
  /** first-layer: one click on the banner; second-layer: the settings layer was opened, toggles switched, the choice saved. */
  path: 'first-layer' | 'second-layer';
  /** How the clicks were made and what became of the banner, or why they failed. */
  detail?: string;
}

/** The user's selectors (--consent-accept / --consent-reject, or the site's own in a sites file or config) were clicked in order. */
export interface SelectorActionRecord extends ConsentActionBase {
  /** `selector`: the user's selectors were clicked. */
  method: 'selector';
  /** The selectors, in the order given. */
  selectors: string[];
  /** Which step could not be clicked and why, or what became of the banner. */
  detail?: string;
}

/** Nothing was clicked: detect mode, no banner, no matching control, or the start page never loaded. */
export interface NoActionRecord extends ConsentActionBase {
  /** `none`: nothing acted. */
  method: 'none';
  /** Always false: nothing was clicked. */
  done: false;
  /** Always false: nothing was clicked. */
  verified: false;
  /** Why nothing was done. */
  detail: string;
}

/** How a phase found the banner. */
export type BannerFinder = 'autoconsent' | 'heuristic' | 'structure' | 'selector';

/** What the scanner learnt about the site's consent banner. */
export interface ConsentEvidence {
  /** The consent manager, named from its own fingerprints (globals, scripts, DOM, cookies, TCF cmpId), or null. */
  cmp: CmpIdentity | null;
  /** A consent banner was seen (by autoconsent, the heuristics, its structure, or a click that went through). */
  bannerFound: boolean;
  /** A reject-all control was visible on the banner's first layer; null when no banner was found or no control could be classified. */
  rejectOnFirstLayer: boolean | null;
  /** An accept-all control was visible on the first layer; null when no banner was found or no control could be classified. */
  acceptOnFirstLayer: boolean | null;
  /** No banner was found, but a detection could not finish (the in-page scan timed out, the page was busy): "no banner" is not a finding then. */
  inconclusive?: string;
  /** How each phase found the banner, before any click, in phase order. */
  detections?: PhaseDetection[];
  /** How consent was given in the accept phase. */
  accept?: ConsentActionRecord;
  /** How consent was refused in the reject phase. */
  reject?: ConsentActionRecord;
  /** How consent was given in the withdraw phase, before it was withdrawn. */
  withdrawAccept?: ConsentActionRecord;
  /** How consent was withdrawn in the withdraw phase: the settings reopened, the refusal and its proof. */
  withdraw?: WithdrawalRecord;
  /** JPEG of the viewport with the banner's first layer, before any click, as a data: URI. */
  bannerScreenshot?: string;
  /**
   * The consent banner's first layer as measured in the page before any click (text, controls,
   * colours, the page behind), plus its settings layer. Only the plan's first phase measures it.
   */
  bannerDesign?: BannerDesign;
}

/** One phase's first look at the banner. */
export interface PhaseDetection {
  /** The phase. */
  phase: Phase;
  /** What found the banner; null: nothing did. */
  detectedBy: BannerFinder | null;
  /** Why the detection could not finish, when it could not. */
  inconclusive?: string;
  /** Milliseconds after the start page's navigation when the banner was first seen. */
  foundAfterMs?: number;
  /** The banner lives in a shadow root (closed ones are reached through DevTools). */
  shadowRoot?: 'open' | 'closed';
  /** URL of the frame the banner is in, when not the top-level document. */
  frameUrl?: string;
}

/**
 * Longest Crawl-delay honoured, in seconds: a hostile `Crawl-delay: 86400` must not stall a scan.
 * Here, next to RobotsNote, because discovery applies it and the reports explain it.
 */
export const MAX_CRAWL_DELAY_SECONDS = 5;

/** robots.txt of the start page's origin, as page discovery read it. */
export interface RobotsNote {
  /** The robots.txt URL, e.g. `https://www.example.com/robots.txt`. */
  url: string;
  /**
   * found: answered 2xx and its rules were read. missing: answered 4xx (404, 410, ...), so there
   * is no robots.txt and every path is allowed (RFC 9309). error: no usable answer (network error,
   * timeout, 5xx, endless redirects); RFC 9309 says to treat that as "disallow everything", this
   * tool treats every path as allowed instead (the scan is an audit the site owner asked for),
   * and `detail` says so.
   */
  outcome: 'found' | 'missing' | 'error';
  /** HTTP status of the final response; absent when none came. */
  httpStatus?: number;
  /**
   * Its Allow / Disallow rules filtered the pages. False with --ignore-robots: it was still read,
   * for its Sitemap lines and Crawl-delay.
   */
  respected: boolean;
  /**
   * Crawl-delay for gdpr-scan (its own group, else `*`) in seconds, as written. The tool waits
   * that long (at most 5 s) between its own robots.txt and sitemap requests to the host; the
   * browser's page visits are not paced by it.
   */
  crawlDelaySeconds?: number;
  /** How many `Sitemap:` lines it has. */
  sitemapCount: number;
  /** What went wrong or was cut, in words (timeout, HTTP 503, larger than the size limit). */
  detail?: string;
}

/** One sitemap document page discovery fetched. */
export interface SitemapNote {
  /** The sitemap's URL. */
  url: string;
  /** urlset (pages), sitemapindex (more sitemaps), text (one URL a line), unknown (neither); absent when no usable answer came. */
  kind?: 'urlset' | 'sitemapindex' | 'text' | 'unknown';
  /** `<loc>` entries in it (page URLs in a urlset, sitemaps in an index), before filtering. */
  entries: number;
  /** Why it gave nothing: HTTP status, network error, unsupported gzip. */
  error?: string;
}

/** URLs the crawl came to and did not visit, by reason; each URL counts once. */
export interface DiscoverySkips {
  /** Disallowed by robots.txt (only when it was respected). */
  robots: number;
  /** Refused by --include / --exclude. */
  patterns: number;
  /** Links beyond --depth from the start page. */
  depth: number;
}

/**
 * What page discovery did for one site. A snapshot taken when the site's crawl ended: sitemaps
 * are read in the background, so what had not arrived by then is missing (see sitemapsPending).
 */
export interface DiscoveryNotes {
  /** The pages came from --urls-file: nothing was discovered, robots.txt and sitemaps were not read. */
  fixedPages?: true;
  /**
   * robots.txt of the start page's origin. Absent when it was not read (--urls-file, --max-pages 1)
   * or had not answered when the notes were taken (then sitemapsPending is true too).
   */
  robots?: RobotsNote;
  /** Sitemap documents fetched, in fetch order (at most 20 listed). */
  sitemaps: SitemapNote[];
  /** Same-site page URLs the sitemaps listed, deduplicated (reading stops at 200). */
  sitemapUrls: number;
  /** Sitemaps were still being read when the notes were taken, so their URLs did not reach the crawl. */
  sitemapsPending: boolean;
  /** Distinct page URLs the crawl knew of (start page, links, sitemap entries), visited or not. */
  pagesDiscovered: number;
  /** URLs not visited, by reason. robots and patterns count only URLs the crawl came to before it ended. */
  skipped: DiscoverySkips;
  /** Up to 10 URLs robots.txt kept the crawl from, in the order the crawl came to them. */
  robotsSkippedExamples: string[];
  /** The crawl stopped at --max-pages with URLs still unvisited (not all of them checked against robots.txt and the patterns). */
  limitedByMaxPages: boolean;
}

/** What every site record has, raw or classified. */
export interface SiteRecord<Req, Cookie> {
  /** The URL asked for. */
  url: string;
  /** Where the first page ended up after redirects. */
  finalUrl?: string;
  /** Why the site could not be scanned at all. */
  error?: string;
  /** Pages visited, the start page first. */
  pages: PageEvidence<Req, Cookie>[];
  /**
   * Errors while scanning this site (a page, a phase, a collector or a rule); an error is data, never
   * a silent null.
   */
  errors: ScanError[];
  /** Time spent on this site, in milliseconds. */
  durationMs: number;
  /**
   * What page discovery did (robots.txt, sitemaps, skipped URLs); absent when the site was not crawled
   * and in reports of older versions.
   */
  discovery?: DiscoveryNotes;
  /** The site's plain-HTTP origin (does it redirect to HTTPS?); absent when not probed and in older reports. */
  transport?: SiteTransport;
}

/** The banner as one phase first saw it, before any click. */
export interface ConsentDetection {
  /** Autoconsent's internal rule name of the CMP it saw (its popup, else one it detected without popup), or null; never shown as the CMP's name. */
  autoconsentRule: string | null;
  /** Autoconsent found a popup, or the heuristics found accept/reject controls in a banner. */
  bannerFound: boolean;
  /**
   * A reject-all control is visible on the first layer; null when no banner was found, or when
   * autoconsent found a popup none of whose buttons the phrase tables recognise (unknown).
   */
  rejectOnFirstLayer: boolean | null;
  /** An accept control is visible on the first layer; null as for rejectOnFirstLayer. */
  acceptOnFirstLayer: boolean | null;
  /** What found the banner: autoconsent, the heuristics by its words, its structure alone, or the user's selectors. */
  detectedBy: BannerFinder | null;
  /** Why the detection could not finish (the in-page scan timed out, the page was busy); absent when it finished. */
  inconclusive?: string;
  /** Milliseconds after the start page's navigation when the banner was first seen. */
  foundAfterMs?: number;
  /** The banner lives in a shadow root (closed ones are reached through DevTools). */
  shadowRoot?: 'open' | 'closed';
  /** URL of the frame the banner is in, when not the top-level document. */
  frameUrl?: string;
  /** CMP fingerprints the page showed (globals, DOM markers, autoconsent rules, TCF cmpId); the judge names the CMP from them. */
  clues?: CmpClues;
}

/**
 * What the consent step of one phase observed, uninterpreted: what it saw before acting and what
 * its action did. The judge stage infers the site's ConsentEvidence (bannerFound, first layer)
 * from all phases together.
 */
export interface ConsentObservation {
  /** The phase. */
  phase: Phase;
  /** Absent when the start page never loaded in this phase (nothing to look at). */
  detection?: ConsentDetection;
  /** accept and reject phases: the click (absent when the start page never loaded); withdraw phase: the accept before the withdrawal. */
  action?: ConsentActionRecord;
  /** withdraw phase: the withdrawal after the accept (absent when the start page never loaded). */
  withdrawal?: WithdrawalRecord;
}

/**
 * What the gather stage recorded for one site: everything the browser saw, nothing judged.
 * Classification and rules run on it later, possibly on another machine or with another version of the
 * rules.
 */
export interface SiteEvidence extends SiteRecord<RawRequest, RawCookie> {
  /** When the visit started (ISO 8601): the reference time of cookie lifetimes. */
  startedAt: string;
  /** The consent step of each phase that ran, in phase order. */
  consentObservations: ConsentObservation[];
  /** JPEG of the viewport with the banner's first layer, before any click, as a data: URI. */
  bannerScreenshot?: string;
  /**
   * The consent banner's first layer as measured in the page before any click (text, controls,
   * colours, the page behind), plus its settings layer. Only the plan's first phase measures it.
   */
  bannerDesign?: BannerDesign;
}

/** A site after classification: requests and cookies enriched, consent evidence inferred. */
export interface ClassifiedSite extends SiteRecord<RequestRecord, CookieRecord> {
  /** What the scanner learnt about the site's consent banner. */
  consent: ConsentEvidence;
  /** Scripts that used a fingerprinting technique or showed two or more session-replay signals, scored per page and phase; absent when none did. */
  behaviour?: ScriptBehaviour[];
}
