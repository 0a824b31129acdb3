/**
 * robots.txt (RFC 9309): parsing, matching, and fetching through nodeFetch (so --host-map
 * applies). A small parser of our own rather than a dependency: the matching rules fit on a page
 * and are tested here.
 */
import type { NodeFetchOptions } from '../net/fetch.js';
import { politeFetch, URGENT, type HostThrottle } from './throttle.js';

/** The product token our rules are looked up under (`User-agent: gdpr-scan`). */
export const ROBOTS_USER_AGENT_TOKEN = 'gdpr-scan';

/** One Allow / Disallow line. */
export interface RobotsRule {
  allow: boolean;
  /** The path pattern as written (may contain `*` and a final `$`). */
  pattern: string;
}

/** The rules of the group(s) for a set of user agents. */
export interface RobotsGroup {
  /** User-agent values in lower case, e.g. `*` or `gdpr-scan`. */
  userAgents: string[];
  rules: RobotsRule[];
  /**
   * `Crawl-delay` in seconds (not in RFC 9309, but widely used): the last valid value of the
   * group; absent when none was given or it was not a non-negative number.
   */
  crawlDelay?: number;
}

/** A parsed robots.txt. */
export interface RobotsTxt {
  groups: RobotsGroup[];
  /** `Sitemap:` URLs in file order, absolute (resolved against the robots.txt URL), deduplicated. */
  sitemaps: string[];
}

/**
 * Parses robots.txt text. Lenient like the big crawlers: unknown lines, lines without a colon and
 * rules before any User-agent line are ignored; `#` starts a comment; field names are
 * case-insensitive. Consecutive User-agent lines share one group; a User-agent line after rules
 * starts a new group.
 */
export function parseRobotsTxt(text: string, robotsUrl?: string): RobotsTxt {
  const groups: RobotsGroup[] = [];
  const sitemaps: string[] = [];
  let current: RobotsGroup | null = null;
  let lastWasAgent = false;
  for (const rawLine of text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/)) {
    const line = rawLine.replace(/#.*$/, '').trim();
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const field = line.slice(0, colon).trim().toLowerCase().replace(/[\s_]/g, '-');
    const value = line.slice(colon + 1).trim();
    if (field === 'user-agent' || field === 'useragent') {
      if (!current || !lastWasAgent) {
        current = { userAgents: [], rules: [] };
        groups.push(current);
      }
      current.userAgents.push(value.toLowerCase());
      lastWasAgent = true;
    } else if (field === 'allow' || field === 'disallow') {
      lastWasAgent = false;
      // An empty value means "no rule" (`Disallow:` = allow everything).
      if (current && value) current.rules.push({ allow: field === 'allow', pattern: value });
    } else if (field === 'sitemap' || field === 'site-map') {
      let url: string | undefined;
      try {
        url = new URL(value, robotsUrl).href;
      } catch {
        url = undefined;
      }
      if (url && !sitemaps.includes(url)) sitemaps.push(url);
    } else if (field === 'crawl-delay') {
      // Like the other non-rule lines, it does not end the list of user agents of a group.
      const seconds = /^\d+(?:\.\d+)?$|^\.\d+$/.test(value) ? Number(value) : NaN;
      if (current && Number.isFinite(seconds)) current.crawlDelay = seconds;
    } else {
      // Host, ... do not end the list of user agents of a group.
    }
  }
  return { groups, sitemaps };
}

/**
 * The rules that apply to `userAgent` (a product token like `gdpr-scan`, or a full User-Agent
 * string whose first token is used): all groups naming it (case-insensitive, merged), else all
 * `*` groups, else none (everything allowed).
 */
export function rulesFor(robots: RobotsTxt, userAgent: string = ROBOTS_USER_AGENT_TOKEN): RobotsRule[] {
  return groupsFor(robots, userAgent).flatMap((group) => group.rules);
}

/**
 * The Crawl-delay (seconds, as written) for `userAgent`, from the same groups {@link rulesFor}
 * uses; when several of them give one, the longest. Undefined when none does. Not capped: the
 * caller decides how long it is willing to wait (see HostThrottle).
 */
export function crawlDelayFor(robots: RobotsTxt, userAgent: string = ROBOTS_USER_AGENT_TOKEN): number | undefined {
  const delays = groupsFor(robots, userAgent).flatMap((group) => (group.crawlDelay === undefined ? [] : [group.crawlDelay]));
  return delays.length ? Math.max(...delays) : undefined;
}

function groupsFor(robots: RobotsTxt, userAgent: string): RobotsGroup[] {
  const token = productToken(userAgent);
  const own = robots.groups.filter((group) => group.userAgents.some((agent) => agent !== '*' && productToken(agent) === token));
  return own.length ? own : robots.groups.filter((group) => group.userAgents.includes('*'));
}

function productToken(userAgent: string): string {
  return (/^[a-z0-9_-]+/i.exec(userAgent.trim())?.[0] ?? userAgent.trim()).toLowerCase();
}

/**
 * May `userAgent` fetch `url` under these rules? Longest matching pattern wins (length as written,
 * in octets after percent-encoding); on a tie Allow wins; no match means allowed; `/robots.txt`
 * is always allowed. Matching is against path + query; `*` matches any sequence, a final `$`
 * anchors the end. The caller makes sure `robots` belongs to the URL's origin.
 */
export function isAllowed(robots: RobotsTxt, url: string, userAgent: string = ROBOTS_USER_AGENT_TOKEN): boolean {
  let target: string;
  try {
    const parsed = new URL(url);
    target = normalisePercent(parsed.pathname + parsed.search);
  } catch {
    return false;
  }
  if (target === '/robots.txt') return true;
  let best: { length: number; allow: boolean } | null = null;
  for (const rule of rulesFor(robots, userAgent)) {
    const pattern = normalisePercent(encodeNonAscii(rule.pattern));
    if (!patternMatches(pattern, target)) continue;
    const length = pattern.length;
    if (!best || length > best.length || (length === best.length && rule.allow && !best.allow)) best = { length, allow: rule.allow };
  }
  return best?.allow ?? true;
}

function patternMatches(pattern: string, path: string): boolean {
  const anchored = pattern.endsWith('$');
  const body = anchored ? pattern.slice(0, -1) : pattern;
  const source = body
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${source}${anchored ? '$' : ''}`).test(path);
}

function encodeNonAscii(text: string): string {
  return text.replace(/[^\x00-\x7f]+/gu, (chars) => encodeURIComponent(chars));
}

/** Upper-case percent escapes, and decode escapes of unreserved characters (RFC 3986 §6.2.2). */
function normalisePercent(text: string): string {
  return text.replace(/%([0-9a-f]{2})/gi, (_, hex: string) => {
    const char = String.fromCharCode(parseInt(hex, 16));
    return /[A-Za-z0-9\-._~]/.test(char) ? char : `%${hex.toUpperCase()}`;
  });
}

/** Options for fetching robots.txt: nodeFetch's (time and size limits included) plus policy. */
export interface RobotsFetchOptions extends NodeFetchOptions {
  /**
   * What to assume when robots.txt cannot be fetched (network error, timeout, 5xx). RFC 9309 says
   * "disallow everything"; the default here is `allow`, with a note, because the scan is an audit
   * a site owner (or their agency) asked for and an unreachable robots.txt should not hide pages.
   */
  onUnreachable?: 'allow' | 'disallow';
  /** Per-host politeness shared with the other discovery requests; RobotsPolicy also feeds it the Crawl-delay. */
  throttle?: HostThrottle;
}

/** robots.txt of one origin, as fetched. */
export interface RobotsResult {
  /** The robots.txt URL asked for, e.g. `https://www.example.com/robots.txt`. */
  url: string;
  /** HTTP status of the final response, or null when there was none (network error, timeout). */
  status: number | null;
  /** Parsed rules; empty (everything allowed) when there is no robots.txt or it was unreachable. */
  robots: RobotsTxt;
  /** True when, because of an error, every URL is to be treated as disallowed (onUnreachable: 'disallow'). */
  disallowAll: boolean;
  /** What happened, in words, for the report (404, timeout, truncated, ...). Empty when all went well. */
  notes: string[];
}

/**
 * Fetches and parses `/robots.txt` of `siteUrl`'s origin through nodeFetch (so --host-map,
 * timeouts and the size limit apply). 2xx: parsed (a body cut at `maxBytes` is parsed as far as it
 * goes, with a note). 4xx: no robots.txt, everything allowed. 5xx, network errors, timeouts: see
 * {@link RobotsFetchOptions.onUnreachable}. Never throws for network problems.
 */
export async function fetchRobotsTxt(siteUrl: string, options: RobotsFetchOptions): Promise<RobotsResult> {
  const url = new URL('/robots.txt', siteUrl).href;
  const empty: RobotsTxt = { groups: [], sitemaps: [] };
  const unreachable = (status: number | null, why: string): RobotsResult => {
    const disallowAll = options.onUnreachable === 'disallow';
    return {
      url,
      status,
      robots: empty,
      disallowAll,
      notes: [`robots.txt ${why}: ${disallowAll ? 'treating every path as disallowed' : 'treating every path as allowed'}`],
    };
  };
  let response;
  try {
    // Ahead of queued sitemap requests: the crawl waits for robots.txt, not for sitemaps.
    response = await politeFetch(url, options, URGENT);
  } catch (error) {
    return unreachable(null, `could not be fetched (${error instanceof Error ? error.message : String(error)})`);
  }
  const { status } = response;
  if (status >= 500 || status === 0) return unreachable(status, `answered HTTP ${status}`);
  if (status >= 400) return { url, status, robots: empty, disallowAll: false, notes: [`no robots.txt (HTTP ${status}): every path allowed`] };
  if (status < 200 || status >= 300) return unreachable(status, `answered HTTP ${status} (too many redirects?)`);
  const notes: string[] = [];
  let body = response.body;
  if (response.truncated) {
    // Drop the partial last line: half a rule could mean something else.
    body = body.slice(0, body.lastIndexOf('\n') + 1);
    notes.push(`robots.txt larger than ${options.maxBytes} bytes: only the first part was read`);
  }
  return { url, status, robots: parseRobotsTxt(body, response.url), disallowAll: false, notes };
}

/**
 * robots.txt for every origin a crawl touches, fetched once per origin (concurrent callers share
 * the request). Rules are per origin: `http://` and `https://`, `www.` and the bare domain each
 * have their own robots.txt. With a throttle in the options, the Crawl-delay for our user agent
 * becomes the pause between our later requests to that host (capped by the throttle).
 */
export class RobotsPolicy {
  private readonly cache = new Map<string, Promise<RobotsResult>>();

  /**
   * @param options how to fetch robots.txt
   * @param userAgent the product token to look rules up under
   */
  constructor(
    private readonly options: RobotsFetchOptions,
    private readonly userAgent: string = ROBOTS_USER_AGENT_TOKEN,
  ) {}

  /** The robots.txt result for `url`'s origin (fetched on first use). */
  forUrl(url: string): Promise<RobotsResult> {
    const origin = new URL(url).origin;
    let result = this.cache.get(origin);
    if (!result) {
      result = fetchRobotsTxt(origin, this.options).then((fetched) => {
        const delay = crawlDelayFor(fetched.robots, this.userAgent);
        if (delay !== undefined) this.options.throttle?.setCrawlDelay(origin, delay);
        return fetched;
      });
      this.cache.set(origin, result);
    }
    return result;
  }

  /** May we visit `url`? False for invalid URLs. */
  async isAllowed(url: string): Promise<boolean> {
    try {
      new URL(url);
    } catch {
      return false;
    }
    const result = await this.forUrl(url);
    return !result.disallowAll && isAllowed(result.robots, url, this.userAgent);
  }
}
