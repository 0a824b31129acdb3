/**
 * XML sitemaps (sitemaps.org): `urlset` and `sitemapindex`, fetched through nodeFetch (so
 * --host-map applies) with limits on the number of sitemaps, URLs and bytes. Plain-text sitemaps
 * (one URL a line) are read too; gzip is not supported (noted and skipped).
 */
import * as cheerio from 'cheerio';
import { politeFetch, type PoliteFetchOptions } from './throttle.js';
import { normaliseUrl, urlKey } from './normalise.js';
import { isSameSite } from '../../util/party.js';

/** What one sitemap document contains. */
export interface ParsedSitemap {
  /** `urlset` (pages), `sitemapindex` (more sitemaps), `text` (one URL a line) or `unknown`. */
  kind: 'urlset' | 'sitemapindex' | 'text' | 'unknown';
  /** The `<loc>` values (or text lines) in document order, trimmed, not yet filtered. */
  locs: string[];
}

/** Parses one sitemap document (cheerio in XML mode; namespaces and prefixes tolerated). */
export function parseSitemap(body: string): ParsedSitemap {
  const text = body.replace(/^\uFEFF/, '').trim();
  if (!text.startsWith('<')) {
    const locs = text.split(/\r\n|\r|\n/).map((line) => line.trim()).filter((line) => /^https?:\/\//i.test(line));
    return { kind: locs.length ? 'text' : 'unknown', locs };
  }
  const $ = cheerio.load(text, { xml: true });
  const root = $.root().children().first();
  const rootName = localName(root.prop('tagName') ?? '');
  const kind = rootName === 'urlset' ? 'urlset' : rootName === 'sitemapindex' ? 'sitemapindex' : 'unknown';
  if (kind === 'unknown') return { kind, locs: [] };
  const entryName = kind === 'urlset' ? 'url' : 'sitemap';
  const locs: string[] = [];
  root.children().each((_, entry) => {
    if (localName(entry.tagName) !== entryName) return;
    $(entry)
      .children()
      .each((__, child) => {
        if (localName(child.tagName) === 'loc') {
          const loc = $(child).text().trim();
          if (loc) locs.push(loc);
        }
      });
  });
  return { kind, locs };
}

function localName(tag: string): string {
  return tag.toLowerCase().replace(/^.*:/, '');
}

/**
 * Limits and fetch options for sitemap discovery. `maxBytes` applies to each sitemap; with a
 * `throttle`, each sitemap request waits for its host's turn.
 */
export interface SitemapOptions extends PoliteFetchOptions {
  /** Sitemap documents fetched at most, indexes included (default 10). */
  maxSitemaps?: number;
  /** Page URLs returned at most (default 500). */
  maxUrls?: number;
}

/** One sitemap fetch, for the report. */
export interface SitemapVisit {
  url: string;
  /** HTTP status, or null when the request failed. */
  status: number | null;
  kind?: ParsedSitemap['kind'];
  /** `<loc>` entries found (before filtering). */
  entries: number;
  truncated: boolean;
  error?: string;
}

/** What sitemaps gave. */
export interface SitemapDiscovery {
  /** Same-site page URLs, canonical ({@link normaliseUrl}), deduplicated, in sitemap order. */
  urls: string[];
  /** Each sitemap fetched, in fetch order. */
  visited: SitemapVisit[];
  /** What was skipped or cut, in words (limits reached, off-site entries, gzip, errors). */
  notes: string[];
}

/**
 * Reads the site's sitemaps: `seeds` (typically the robots.txt `Sitemap:` lines) plus
 * `/sitemap.xml` of `siteUrl`'s origin, following sitemap indexes breadth-first. Only same-site
 * sitemaps and page URLs are used (registrable domain, so `www.` and the bare domain are one site).
 * A missing `/sitemap.xml` (404) when it was not named in robots.txt is not a note: most sites
 * have none. Never throws for network problems.
 */
export async function discoverFromSitemaps(siteUrl: string, seeds: readonly string[], options: SitemapOptions): Promise<SitemapDiscovery> {
  const maxSitemaps = options.maxSitemaps ?? 10;
  const maxUrls = options.maxUrls ?? 500;
  const defaultSitemap = new URL('/sitemap.xml', siteUrl).href;
  const queue: string[] = [];
  const queued = new Set<string>();
  const notes: string[] = [];
  const visited: SitemapVisit[] = [];
  const urls: string[] = [];
  const seenUrls = new Set<string>();
  let offSite = 0;
  let skippedSitemaps = 0;
  let urlLimitHit = false;

  const enqueue = (url: string) => {
    const canonical = normaliseUrl(url);
    if (canonical === null) return;
    if (!isSameSite(canonical, siteUrl)) {
      notes.push(`sitemap ${canonical} skipped: not on the same site`);
      return;
    }
    if (queued.has(canonical)) return;
    queued.add(canonical);
    queue.push(canonical);
  };
  seeds.forEach(enqueue);
  enqueue(defaultSitemap);

  while (queue.length && !urlLimitHit) {
    const url = queue.shift()!;
    if (visited.length >= maxSitemaps) {
      skippedSitemaps = queue.length + 1;
      break;
    }
    if (/\.gz$/i.test(new URL(url).pathname)) {
      visited.push({ url, status: null, entries: 0, truncated: false, error: 'gzip sitemaps are not supported' });
      notes.push(`sitemap ${url} skipped: gzip sitemaps are not supported`);
      continue;
    }
    let response;
    try {
      response = await politeFetch(url, options);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      visited.push({ url, status: null, entries: 0, truncated: false, error: message });
      notes.push(`sitemap ${url} could not be fetched: ${message}`);
      continue;
    }
    if (response.status < 200 || response.status >= 300) {
      visited.push({ url, status: response.status, entries: 0, truncated: false, error: `HTTP ${response.status}` });
      if (url !== defaultSitemap || seeds.some((seed) => normaliseUrl(seed) === url)) notes.push(`sitemap ${url} answered HTTP ${response.status}`);
      continue;
    }
    if (/gzip/i.test(String(response.headers['content-type'] ?? ''))) {
      visited.push({ url, status: response.status, entries: 0, truncated: false, error: 'gzip sitemaps are not supported' });
      notes.push(`sitemap ${url} skipped: gzip sitemaps are not supported`);
      continue;
    }
    const parsed = parseSitemap(response.body);
    visited.push({ url, status: response.status, kind: parsed.kind, entries: parsed.locs.length, truncated: response.truncated });
    if (response.truncated) notes.push(`sitemap ${url} larger than ${options.maxBytes} bytes: only the first part was read`);
    if (parsed.kind === 'unknown') {
      notes.push(`sitemap ${url} is neither a urlset nor a sitemap index`);
      continue;
    }
    if (parsed.kind === 'sitemapindex') {
      parsed.locs.forEach(enqueue);
      continue;
    }
    for (const loc of parsed.locs) {
      const canonical = normaliseUrl(loc);
      if (canonical === null) continue;
      if (!isSameSite(canonical, siteUrl)) {
        offSite++;
        continue;
      }
      const key = urlKey(canonical)!;
      if (seenUrls.has(key)) continue;
      if (urls.length >= maxUrls) {
        urlLimitHit = true;
        break;
      }
      seenUrls.add(key);
      urls.push(canonical);
    }
  }
  if (offSite) notes.push(`${offSite} sitemap entr${offSite === 1 ? 'y' : 'ies'} on other sites ignored`);
  if (urlLimitHit) notes.push(`sitemap URL limit (${maxUrls}) reached: the rest was not read`);
  if (skippedSitemaps) notes.push(`sitemap limit (${maxSitemaps}) reached: ${skippedSitemaps} more sitemap(s) not fetched`);
  return { urls, visited, notes };
}
