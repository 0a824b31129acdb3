import { createUrlFilter } from './filter.js';
import { crawlDelayFor, RobotsPolicy, type RobotsResult } from './robots.js';
import { discoverFromSitemaps, type SitemapDiscovery } from './sitemap.js';
import { HostThrottle, type PoliteFetchOptions } from './throttle.js';
import type { NodeFetchOptions } from '../net/fetch.js';
import type { RobotsNote, SitemapNote } from '../../model/evidence.js';
import type { ScanPlan } from '../../plan/plan.js';
import { TOOL } from '../../tool.js';
import { PageFrontier, type DiscoverySources } from './frontier.js';

/** Limits of the tool's own requests for robots.txt and sitemaps. */
const DISCOVERY_FETCH: Pick<NodeFetchOptions, 'timeoutMs' | 'maxBytes'> = { timeoutMs: 5_000, maxBytes: 2_000_000 };
/** Sitemap page URLs read at most: more than a crawl of --max-pages can use. */
const MAX_SITEMAP_URLS = 200;
/** Sitemap documents listed in the notes at most (discovery fetches 10 by default). */
const MAX_SITEMAP_NOTES = 20;

/** The settings page discovery reads. */
export type DiscoveryPlan = Pick<ScanPlan, 'maxPages' | 'maxDepth' | 'include' | 'exclude' | 'ignoreRobots' | 'hostMap' | 'ignoreHttpsErrors'>;

/**
 * The page frontier of one site: same-site links the driving phase renders, plus the site's
 * sitemaps, filtered by --include / --exclude and robots.txt (unless --ignore-robots). robots.txt
 * and sitemaps are fetched from Node through the same host mapping as the browser, with a user
 * agent that names the tool, and through `throttle` (one per scan run, shared by its sites; a
 * private one when absent) so each host gets one request at a time, paced by its Crawl-delay.
 * The start page is always visited: the user asked for it. The frontier's discoveryNotes() tell
 * the report what robots.txt and the sitemaps gave and what was skipped.
 */
export function createSiteFrontier(startUrl: string, plan: DiscoveryPlan, fixedPages?: readonly string[], throttle: HostThrottle = new HostThrottle()): PageFrontier {
  if (fixedPages) return new PageFrontier(startUrl, { maxPages: fixedPages.length + 1, maxDepth: 0, accept: async () => true, fixedPages });
  const fetchOptions: PoliteFetchOptions = {
    ...DISCOVERY_FETCH,
    hostMap: plan.hostMap,
    ignoreHttpsErrors: plan.ignoreHttpsErrors,
    userAgent: `${TOOL.name}/${TOOL.version} (consent audit; page discovery)`,
    throttle,
  };
  const discovering = plan.maxPages > 1;
  // robots.txt is read even with --ignore-robots: its Sitemap: lines still help discovery.
  const robots = discovering ? new RobotsPolicy(fetchOptions) : undefined;
  const enforceRobots = robots && !plan.ignoreRobots ? robots : undefined;
  const matchesPatterns = createUrlFilter({ include: plan.include, exclude: plan.exclude });
  let robotsNote: RobotsNote | undefined;
  let sitemaps: SitemapDiscovery | undefined;
  let sitemapsPending = discovering;
  const sources = (): DiscoverySources => ({
    ...(robotsNote ? { robots: robotsNote } : {}),
    sitemaps: (sitemaps?.visited ?? []).slice(0, MAX_SITEMAP_NOTES).map(sitemapNote),
    sitemapUrls: sitemaps?.urls.length ?? 0,
    sitemapsPending,
  });
  const frontier = new PageFrontier(startUrl, {
    maxPages: plan.maxPages,
    maxDepth: plan.maxDepth,
    accept: async (url) => {
      if (!matchesPatterns(url)) return 'patterns';
      if (enforceRobots && !(await enforceRobots.isAllowed(url))) return 'robots';
      return true;
    },
    sources,
  });
  if (robots) {
    // Off the critical path: sitemap URLs join the frontier whenever they arrive.
    void (async () => {
      const result = await robots.forUrl(startUrl);
      robotsNote = toRobotsNote(result, !plan.ignoreRobots);
      sitemaps = await discoverFromSitemaps(startUrl, result.robots.sitemaps, { ...fetchOptions, maxUrls: MAX_SITEMAP_URLS });
      frontier.addSitemapUrls(sitemaps.urls);
    })()
      .catch(() => {})
      .finally(() => {
        sitemapsPending = false;
      });
  }
  return frontier;
}

/** Classified as fetchRobotsTxt does: 2xx found, 4xx missing, anything else (no answer, 5xx, 3xx loop) error. */
function toRobotsNote(result: RobotsResult, respected: boolean): RobotsNote {
  const { status } = result;
  const outcome = status !== null && status >= 200 && status < 300 ? 'found' : status !== null && status >= 400 && status < 500 ? 'missing' : 'error';
  const crawlDelaySeconds = crawlDelayFor(result.robots);
  return {
    url: result.url,
    outcome,
    ...(status !== null && status > 0 ? { httpStatus: status } : {}),
    respected,
    ...(crawlDelaySeconds !== undefined ? { crawlDelaySeconds } : {}),
    sitemapCount: result.robots.sitemaps.length,
    ...(result.notes.length ? { detail: result.notes.join('; ') } : {}),
  };
}

function sitemapNote(visit: SitemapDiscovery['visited'][number]): SitemapNote {
  return { url: visit.url, ...(visit.kind ? { kind: visit.kind } : {}), entries: visit.entries, ...(visit.error ? { error: visit.error } : {}) };
}
