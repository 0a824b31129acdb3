import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFixtureServer, type FixtureServer } from '../../fixtures/server/index.js';
import { parseHostMapRule } from '../../src/plan/host-map.js';
import { fetchRobotsTxt } from '../../src/gather/discover/robots.js';
import { discoverFromSitemaps, parseSitemap, type SitemapOptions } from '../../src/gather/discover/sitemap.js';

describe('parseSitemap', () => {
  it('reads urlset and sitemapindex, with or without namespace prefixes', () => {
    expect(
      parseSitemap('<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc> https://a.test/x </loc><lastmod>2025-01-01</lastmod></url><url><loc>https://a.test/y?a=1&amp;b=2</loc></url></urlset>'),
    ).toEqual({ kind: 'urlset', locs: ['https://a.test/x', 'https://a.test/y?a=1&b=2'] });
    expect(parseSitemap('<sm:sitemapindex xmlns:sm="http://www.sitemaps.org/schemas/sitemap/0.9"><sm:sitemap><sm:loc>https://a.test/s1.xml</sm:loc></sm:sitemap></sm:sitemapindex>')).toEqual({
      kind: 'sitemapindex',
      locs: ['https://a.test/s1.xml'],
    });
  });

  it('reads text sitemaps and refuses other documents', () => {
    expect(parseSitemap('https://a.test/1\n\nhttps://a.test/2\n')).toEqual({ kind: 'text', locs: ['https://a.test/1', 'https://a.test/2'] });
    expect(parseSitemap('<!doctype html><html><body>not found</body></html>').kind).toBe('unknown');
    expect(parseSitemap('<rss><channel><item><link>https://a.test/</link></item></channel></rss>').kind).toBe('unknown');
  });

  it('survives a document cut in the middle', () => {
    const parsed = parseSitemap('<urlset><url><loc>https://a.test/1</loc></url><url><loc>https://a.te');
    expect(parsed.kind).toBe('urlset');
    expect(parsed.locs[0]).toBe('https://a.test/1');
  });
});

describe('discoverFromSitemaps on the fixture web', () => {
  let server: FixtureServer;
  let options: SitemapOptions;
  const site = 'https://www.big-blog.test/';

  beforeAll(async () => {
    server = await startFixtureServer();
    options = {
      hostMap: [parseHostMapRule(`*=127.0.0.1:${server.port}`)],
      ignoreHttpsErrors: true,
      timeoutMs: 2_000,
      maxBytes: 1_000_000,
      userAgent: 'gdpr-scan-test',
    };
  });
  afterAll(() => server.close());

  it('serves XML with an XML content type', async () => {
    const { nodeFetch } = await import('../../src/gather/net/fetch.js');
    const response = await nodeFetch('https://www.big-blog.test/sitemap-index.xml', options);
    expect(response.headers['content-type']).toMatch(/^application\/xml/);
  });

  it('follows robots.txt → sitemap index → two urlsets; same-site URLs only', async () => {
    const robots = await fetchRobotsTxt(site, options);
    const result = await discoverFromSitemaps(site, robots.robots.sitemaps, options);
    expect(result.visited.map((v) => [v.url.replace(site, '/'), v.status, v.kind ?? null])).toEqual([
      ['/sitemap-index.xml', 200, 'sitemapindex'],
      ['/sitemap.xml', 404, null],
      ['/sitemap-pages.xml', 200, 'urlset'],
      ['/sitemap-blog.xml', 200, 'urlset'],
    ]);
    expect(result.urls).toHaveLength(10 + 15);
    expect(result.urls).toContain('https://www.big-blog.test/blog/post-15.html');
    expect(result.urls).toContain('https://www.big-blog.test/private/secret.html'); // robots.txt filtering is the caller's job
    expect(result.urls.some((url) => url.includes('elsewhere'))).toBe(false);
    expect(result.urls.some((url) => url.includes('/deep/'))).toBe(false);
    expect(result.notes).toEqual(['1 sitemap entry on other sites ignored']);
  });

  it('respects the URL and sitemap limits, with notes', async () => {
    const few = await discoverFromSitemaps(site, ['https://www.big-blog.test/sitemap-index.xml'], { ...options, maxUrls: 3 });
    expect(few.urls).toEqual(['https://www.big-blog.test/', 'https://www.big-blog.test/about.html', 'https://www.big-blog.test/contact.html']);
    expect(few.notes.join('\n')).toMatch(/URL limit \(3\) reached/);
    const one = await discoverFromSitemaps(site, ['https://www.big-blog.test/sitemap-index.xml'], { ...options, maxSitemaps: 1 });
    expect(one.urls).toEqual([]);
    expect(one.notes.join('\n')).toMatch(/sitemap limit \(1\) reached: 3 more/);
  });

  it('skips off-site and gzip sitemaps, and reports errors without throwing', async () => {
    const result = await discoverFromSitemaps(site, ['https://www.other-site.test/sitemap.xml', 'https://www.big-blog.test/sitemap.xml.gz', 'https://www.big-blog.test/missing.xml'], options);
    expect(result.urls).toEqual([]);
    expect(result.notes.join('\n')).toMatch(/other-site.*not on the same site/);
    expect(result.notes.join('\n')).toMatch(/gzip sitemaps are not supported/);
    expect(result.notes.join('\n')).toMatch(/missing\.xml answered HTTP 404/);
    expect(result.notes.join('\n')).not.toMatch(/\/sitemap\.xml answered/);
    const hanging = await discoverFromSitemaps('https://hang.test/', [], { ...options, timeoutMs: 300 });
    expect(hanging.visited[0].error).toMatch(/no answer within 300 ms/);
  });
});
