/**
 * Discovery notes and polite fetching, end to end on the fixture web (www.big-blog.test: robots.txt
 * disallows /private/, a sitemap index lists two urlsets). The frontier is driven by hand the way
 * src/gather/phase.ts drives it: visit page i, report its links, advance, ask for page i + 1.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startFixtureServer, type FixtureServer } from '../../fixtures/server/index.js';
import { createSiteFrontier, type DiscoveryPlan } from '../../src/gather/discover/site-discovery.js';
import type { PageFrontier } from '../../src/gather/discover/frontier.js';
import { extractSameSiteLinks } from '../../src/gather/discover/links.js';
import { HostThrottle } from '../../src/gather/discover/throttle.js';
import { nodeFetch, type NodeFetchOptions } from '../../src/gather/net/fetch.js';
import { parseHostMapRule, type HostMapRule } from '../../src/plan/host-map.js';

const START = 'https://www.big-blog.test/';
const path = (url: string) => new URL(url).pathname;

describe('discovery notes on www.big-blog.test', () => {
  let server: FixtureServer;
  let hostMap: HostMapRule[];
  let fetchOptions: NodeFetchOptions;

  beforeAll(async () => {
    server = await startFixtureServer();
    // down.test: a closed port, so robots.txt cannot be fetched at all.
    hostMap = [parseHostMapRule('down.test=127.0.0.1:1'), parseHostMapRule(`*=127.0.0.1:${server.port}`)];
    fetchOptions = { hostMap, ignoreHttpsErrors: true, timeoutMs: 2_000, maxBytes: 1_000_000, userAgent: 'gdpr-scan-test browser' };
  });
  afterAll(() => server.close());

  const plan = (overrides: Partial<DiscoveryPlan> = {}): DiscoveryPlan => ({
    maxPages: 50, maxDepth: 10, include: [], exclude: [], ignoreRobots: false, hostMap, ignoreHttpsErrors: true, ...overrides,
  });

  /** Sitemaps are read in the background; these tests want all of them in. */
  const sitemapsRead = (frontier: PageFrontier) =>
    vi.waitFor(() => expect(frontier.discoveryNotes().sitemapsPending).toBe(false), { timeout: 10_000, interval: 20 });

  /** Visits pages as the driving phase does (the test's own fetches stand in for the browser). */
  async function drive(frontier: PageFrontier, startUrl = START): Promise<string[]> {
    const visited: string[] = [];
    for (let index = 0; ; index++) {
      const url = index === 0 ? startUrl : await frontier.pageAt(index);
      if (url === null) break;
      visited.push(url);
      const response = await nodeFetch(url, fetchOptions);
      frontier.addLinks(url, extractSameSiteLinks(response.body, response.url));
      await frontier.advance();
    }
    frontier.end();
    return visited;
  }

  /** The tool's own requests (robots.txt, sitemaps) to a host, as the server saw them arrive. */
  const toolRequests = (host: string) => server.requestsTo(host).filter((r) => r.userAgent?.startsWith('gdpr-scan/'));

  it('robots.txt found and respected, sitemaps counted, the disallowed page listed and not visited; one request at a time, paced', async () => {
    server.clearLog();
    const frontier = createSiteFrontier(START, plan({ exclude: ['/products/**'] }), undefined, new HostThrottle({ delayMs: 80 }));
    await sitemapsRead(frontier);
    const visited = await drive(frontier);
    const notes = frontier.discoveryNotes();

    expect(notes.fixedPages).toBeUndefined();
    expect(notes.robots).toEqual({ url: 'https://www.big-blog.test/robots.txt', outcome: 'found', httpStatus: 200, respected: true, sitemapCount: 1 });
    expect(notes.sitemaps.map((s) => [path(s.url), s.kind ?? null, s.entries, s.error ?? null])).toEqual([
      ['/sitemap-index.xml', 'sitemapindex', 2, null],
      ['/sitemap.xml', null, 0, 'HTTP 404'],
      ['/sitemap-pages.xml', 'urlset', 11, null],
      ['/sitemap-blog.xml', 'urlset', 15, null],
    ]);
    expect(notes.sitemapUrls).toBe(25); // the off-site entry is not counted
    expect(notes.sitemapsPending).toBe(false);
    // 29 pages reachable by links, plus /private/secret.html from the sitemap.
    expect(notes.pagesDiscovered).toBe(30);
    expect(notes.skipped).toEqual({ robots: 1, patterns: 5, depth: 0 });
    expect(notes.robotsSkippedExamples).toEqual(['https://www.big-blog.test/private/secret.html']);
    expect(notes.limitedByMaxPages).toBe(false);
    expect(visited.map(path)).not.toContain('/private/secret.html');
    expect(visited.map(path).filter((p) => p.startsWith('/products/'))).toEqual([]);
    expect(visited).toHaveLength(30 - 1 - 5);

    const requests = toolRequests('www.big-blog.test');
    expect(requests.map((r) => r.path)).toEqual(['/robots.txt', '/sitemap-index.xml', '/sitemap.xml', '/sitemap-pages.xml', '/sitemap-blog.xml']);
    for (let i = 1; i < requests.length; i++) expect(requests[i]!.time - requests[i - 1]!.time).toBeGreaterThanOrEqual(75);
  });

  it('with --ignore-robots: read but not respected, nothing skipped by it; links beyond --depth counted', async () => {
    const frontier = createSiteFrontier(START, plan({ ignoreRobots: true, maxDepth: 1 }), undefined, new HostThrottle({ delayMs: 10 }));
    await sitemapsRead(frontier);
    const visited = await drive(frontier);
    const notes = frontier.discoveryNotes();
    expect(notes.robots).toMatchObject({ outcome: 'found', respected: false, sitemapCount: 1 });
    expect(notes.skipped.robots).toBe(0);
    expect(notes.robotsSkippedExamples).toEqual([]);
    expect(notes.skipped.depth).toBeGreaterThan(0);
    expect(visited.map(path)).toContain('/private/secret.html');
    expect(visited.map(path)).not.toContain('/deep/level3.html');
  });

  it('says when --max-pages cut the crawl', async () => {
    const frontier = createSiteFrontier(START, plan({ maxPages: 3 }), undefined, new HostThrottle({ delayMs: 10 }));
    await sitemapsRead(frontier);
    expect(await drive(frontier)).toHaveLength(3);
    const notes = frontier.discoveryNotes();
    expect(notes.limitedByMaxPages).toBe(true);
    expect(notes.pagesDiscovered).toBeGreaterThan(3);
  });

  it('is a snapshot: before robots.txt and the sitemaps answer, it says they are pending', async () => {
    const frontier = createSiteFrontier(START, plan(), undefined, new HostThrottle({ delayMs: 10 }));
    const notes = frontier.discoveryNotes();
    expect(notes.robots).toBeUndefined();
    expect(notes.sitemapsPending).toBe(true);
    expect(notes.sitemaps).toEqual([]);
    frontier.end();
    // The earlier snapshot stays as it was; later ones see what arrived.
    await sitemapsRead(frontier);
    expect(notes.sitemapsPending).toBe(true);
    expect(frontier.discoveryNotes().robots?.outcome).toBe('found');
  });

  it('a missing robots.txt (404) and an unreachable one are told apart', async () => {
    const missing = createSiteFrontier('https://www.klaro-shop.test/', plan({ maxPages: 2 }), undefined, new HostThrottle({ delayMs: 10 }));
    const down = createSiteFrontier('https://down.test/', plan({ maxPages: 2 }), undefined, new HostThrottle({ delayMs: 10 }));
    await Promise.all([sitemapsRead(missing), sitemapsRead(down)]);
    expect(missing.discoveryNotes().robots).toMatchObject({ outcome: 'missing', httpStatus: 404, respected: true, sitemapCount: 0 });
    const unreachable = down.discoveryNotes().robots!;
    expect(unreachable.outcome).toBe('error');
    expect(unreachable.httpStatus).toBeUndefined();
    // What RobotsPolicy does today: every path allowed (not RFC 9309's disallow-all), and the note says so.
    expect(unreachable.detail).toMatch(/could not be fetched.*treating every path as allowed/);
    expect(down.discoveryNotes().sitemaps.every((s) => s.error)).toBe(true);
    missing.end();
    down.end();
  });

  it('--urls-file pages: fixedPages, nothing fetched for discovery, links not counted as skipped', async () => {
    server.clearLog();
    const pages = ['https://www.big-blog.test/about.html', 'https://www.big-blog.test/deep/level3.html'];
    const frontier = createSiteFrontier(START, plan(), pages, new HostThrottle({ delayMs: 10 }));
    expect((await drive(frontier)).map(path)).toEqual(['/', '/about.html', '/deep/level3.html']);
    expect(frontier.discoveryNotes()).toEqual({
      fixedPages: true, sitemaps: [], sitemapUrls: 0, sitemapsPending: false, pagesDiscovered: 3,
      skipped: { robots: 0, patterns: 0, depth: 0 }, robotsSkippedExamples: [], limitedByMaxPages: false,
    });
    expect(toolRequests('www.big-blog.test')).toEqual([]);
  });

  it('one throttle shared by two sites on one host: their requests never overlap and keep the pause', async () => {
    server.clearLog();
    const throttle = new HostThrottle({ delayMs: 60 });
    const a = createSiteFrontier(START, plan(), undefined, throttle);
    const b = createSiteFrontier('https://www.big-blog.test/blog/', plan(), undefined, throttle);
    await Promise.all([sitemapsRead(a), sitemapsRead(b)]);
    const requests = toolRequests('www.big-blog.test');
    expect(requests).toHaveLength(10);
    for (let i = 1; i < requests.length; i++) expect(requests[i]!.time - requests[i - 1]!.time).toBeGreaterThanOrEqual(55);
    a.end();
    b.end();
  });
});
