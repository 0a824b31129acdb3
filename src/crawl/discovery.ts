import { createUrlFilter } from '../discover/filter.js';
import { RobotsPolicy } from '../discover/robots.js';
import { discoverFromSitemaps } from '../discover/sitemap.js';
import type { NodeFetchOptions } from '../net/fetch.js';
import type { ScanPlan } from '../plan/plan.js';
import { TOOL } from './tool.js';
import { PageFrontier } from './frontier.js';

/** Limits of the tool's own requests for robots.txt and sitemaps. */
const DISCOVERY_FETCH: Pick<NodeFetchOptions, 'timeoutMs' | 'maxBytes'> = { timeoutMs: 5_000, maxBytes: 2_000_000 };

/**
 * The page frontier of one site: same-site links the driving phase renders, plus the site's
 * sitemaps, filtered by --include / --exclude and robots.txt (unless --ignore-robots). robots.txt
 * and sitemaps are fetched from Node through the same host mapping as the browser, with a user
 * agent that names the tool. The start page is always visited: the user asked for it.
 */
export function createSiteFrontier(startUrl: string, plan: ScanPlan, fixedPages?: readonly string[]): PageFrontier {
  if (fixedPages) return new PageFrontier(startUrl, { maxPages: fixedPages.length + 1, maxDepth: 0, accept: async () => true, fixedPages });
  const fetchOptions: NodeFetchOptions = {
    ...DISCOVERY_FETCH,
    hostMap: plan.hostMap,
    ignoreHttpsErrors: plan.ignoreHttpsErrors,
    userAgent: `${TOOL.name}/${TOOL.version} (consent audit; page discovery)`,
  };
  // robots.txt is read even with --ignore-robots: its Sitemap: lines still help discovery.
  const robots = plan.maxPages <= 1 ? undefined : new RobotsPolicy(fetchOptions);
  const enforceRobots = robots && !plan.ignoreRobots ? robots : undefined;
  const matchesPatterns = createUrlFilter({ include: plan.include, exclude: plan.exclude });
  const frontier = new PageFrontier(startUrl, {
    maxPages: plan.maxPages,
    maxDepth: plan.maxDepth,
    accept: async (url) => matchesPatterns(url) && (enforceRobots ? await enforceRobots.isAllowed(url) : true),
  });
  if (plan.maxPages > 1) {
    // Off the critical path: sitemap URLs join the frontier whenever they arrive.
    void (async () => {
      const seeds = robots ? (await robots.forUrl(startUrl)).robots.sitemaps : [];
      const found = await discoverFromSitemaps(startUrl, seeds, { ...fetchOptions, maxUrls: 200 });
      frontier.addSitemapUrls(found.urls);
    })().catch(() => {});
  }
  return frontier;
}
