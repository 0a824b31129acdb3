/** Page discovery: URL normalisation, templates and sampling, robots.txt, sitemaps, filters, URL lists. */
export { normaliseUrl, urlKey, dedupeUrls, isTrackingParam, TRACKING_PARAMS } from './normalise.js';
export { pathPattern, diverseSample } from './patterns.js';
export { globToRegExp, createUrlFilter, GlobError, type UrlFilterOptions } from './filter.js';
export {
  ROBOTS_USER_AGENT_TOKEN,
  parseRobotsTxt,
  rulesFor,
  isAllowed,
  fetchRobotsTxt,
  RobotsPolicy,
  type RobotsTxt,
  type RobotsGroup,
  type RobotsRule,
  type RobotsResult,
  type RobotsFetchOptions,
} from './robots.js';
export { parseSitemap, discoverFromSitemaps, type ParsedSitemap, type SitemapOptions, type SitemapVisit, type SitemapDiscovery } from './sitemap.js';
export { parseUrlList, readUrlList, UrlListError, type UrlListEntry } from './lists.js';
export { siteOf, isSameSite } from './site.js';
