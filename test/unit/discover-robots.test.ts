import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFixtureServer, type FixtureServer } from '../../fixtures/server/index.js';
import { parseHostMapRule } from '../../src/plan/host-map.js';
import { crawlDelayFor, fetchRobotsTxt, isAllowed, parseRobotsTxt, RobotsPolicy, rulesFor, type RobotsFetchOptions } from '../../src/gather/discover/robots.js';
import { HostThrottle } from '../../src/gather/discover/throttle.js';

const u = (path: string) => `https://www.example.test${path}`;

describe('parseRobotsTxt and isAllowed (RFC 9309)', () => {
  it('uses our own group when there is one, else the * group, else allows everything', () => {
    const robots = parseRobotsTxt(`
      User-agent: *
      Disallow: /

      User-agent: GDPR-Scan/1.0   # case-insensitive, version ignored
      Disallow: /admin/
    `);
    expect(isAllowed(robots, u('/blog/'))).toBe(true);
    expect(isAllowed(robots, u('/admin/x'))).toBe(false);
    expect(isAllowed(robots, u('/blog/'), 'otherbot')).toBe(false);
    expect(isAllowed(parseRobotsTxt('User-agent: googlebot\nDisallow: /\n'), u('/x'))).toBe(true);
    expect(isAllowed(parseRobotsTxt(''), u('/x'))).toBe(true);
  });

  it('longest match wins; on a tie Allow wins; empty Disallow allows', () => {
    const robots = parseRobotsTxt('User-agent: *\nDisallow: /private/\nAllow: /private/public.html\nDisallow: /tie\nAllow: /tie\nDisallow:\n');
    expect(isAllowed(robots, u('/private/secret.html'))).toBe(false);
    expect(isAllowed(robots, u('/private/public.html'))).toBe(true);
    expect(isAllowed(robots, u('/privately'))).toBe(true);
    expect(isAllowed(robots, u('/tie'))).toBe(true);
    expect(isAllowed(robots, u('/robots.txt'))).toBe(true);
  });

  it('supports * and $ wildcards, matching path and query', () => {
    const robots = parseRobotsTxt('User-agent: *\nDisallow: /*.pdf$\nDisallow: /*?sessionid=\nDisallow: /shop/*/cart\nAllow: /*.pdf$x\n');
    expect(isAllowed(robots, u('/docs/a.pdf'))).toBe(false);
    expect(isAllowed(robots, u('/docs/a.pdf?download=1'))).toBe(true);
    expect(isAllowed(robots, u('/docs/a.pdfx'))).toBe(true);
    expect(isAllowed(robots, u('/p?sessionid=1'))).toBe(false);
    expect(isAllowed(robots, u('/shop/de/cart'))).toBe(false);
    expect(isAllowed(robots, u('/shop/cart'))).toBe(true);
  });

  it('groups: consecutive user agents share rules; several groups for one agent merge; other lines do not split a group', () => {
    const robots = parseRobotsTxt('User-agent: a\nUser-agent: gdpr-scan\nCrawl-delay: 5\nDisallow: /one\n\nUser-agent: b\nDisallow: /b\n\nuser-agent: gdpr-scan\nDISALLOW: /two\n');
    expect(rulesFor(robots).map((r) => r.pattern)).toEqual(['/one', '/two']);
    expect(rulesFor(robots, 'a').map((r) => r.pattern)).toEqual(['/one']);
  });

  it('percent-encoding and non-ASCII paths compare equal', () => {
    const robots = parseRobotsTxt('User-agent: *\nDisallow: /café\nDisallow: /%7Euser\n');
    expect(isAllowed(robots, u('/caf%C3%A9/menu'))).toBe(false);
    expect(isAllowed(robots, u('/~user/x'))).toBe(false);
  });

  it('lists Sitemap lines, absolute and deduplicated, wherever they stand', () => {
    const robots = parseRobotsTxt('Sitemap: /sitemap-a.xml\nUser-agent: *\nSitemap: https://www.example.test/sitemap-b.xml\nDisallow: /x\nsitemap: /sitemap-a.xml\n', u('/robots.txt'));
    expect(robots.sitemaps).toEqual([u('/sitemap-a.xml'), u('/sitemap-b.xml')]);
    expect(isAllowed(robots, u('/x'))).toBe(false);
  });
});

describe('Crawl-delay', () => {
  it('is read per group, in seconds, decimals allowed; our own group wins over *', () => {
    const robots = parseRobotsTxt('User-agent: *\nCrawl-delay: 10\nDisallow: /x\n\nUser-agent: gdpr-scan\ncrawl-delay: 1.5\nDisallow: /y\n');
    expect(robots.groups.map((g) => g.crawlDelay)).toEqual([10, 1.5]);
    expect(crawlDelayFor(robots)).toBe(1.5);
    expect(crawlDelayFor(robots, 'otherbot')).toBe(10);
    expect(crawlDelayFor(parseRobotsTxt('User-agent: *\nDisallow: /\n'))).toBeUndefined();
  });

  it('does not split a group, and several groups for us give the longest delay', () => {
    const robots = parseRobotsTxt('User-agent: a\nCrawl-delay: 2\nUser-agent: gdpr-scan\nDisallow: /one\n\nUser-agent: gdpr-scan\nCrawl-delay: 4\n');
    expect(robots.groups[0]!.userAgents).toEqual(['a', 'gdpr-scan']);
    expect(crawlDelayFor(robots)).toBe(4);
    expect(crawlDelayFor(robots, 'a')).toBe(2);
  });

  it('ignores invalid values and lines outside any group; keeps huge ones (the throttle caps them)', () => {
    const robots = parseRobotsTxt('Crawl-delay: 7\nUser-agent: *\nCrawl-delay: -1\nCrawl-delay: soon\nCrawl-delay: 1e3\nCrawl-delay: Infinity\nCrawl-delay:\n');
    expect(robots.groups[0]!.crawlDelay).toBeUndefined();
    expect(crawlDelayFor(robots)).toBeUndefined();
    expect(crawlDelayFor(parseRobotsTxt('User-agent: *\nCrawl-delay: .5\n'))).toBe(0.5);
    expect(crawlDelayFor(parseRobotsTxt('User-agent: *\nCrawl-delay: 86400\n'))).toBe(86_400);
  });

  describe('RobotsPolicy hands it to the throttle', () => {
    // A tiny local server (never a real site): each host name gets its own robots.txt.
    const bodies: Record<string, string> = {
      'polite.test': 'User-agent: *\nCrawl-delay: 1\n\nUser-agent: gdpr-scan\nCrawl-delay: 2\nDisallow: /private/\n',
      'hostile.test': 'User-agent: *\nCrawl-delay: 86400\n',
      'plain.test': 'User-agent: *\nDisallow:\n',
    };
    let server: http.Server;
    let options: RobotsFetchOptions;

    beforeAll(async () => {
      server = http.createServer((req, res) => {
        const body = bodies[String(req.headers.host).replace(/:\d+$/, '')];
        res.writeHead(body === undefined ? 404 : 200, { 'content-type': 'text/plain' }).end(body ?? 'not found');
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const { port } = server.address() as AddressInfo;
      options = { hostMap: [parseHostMapRule(`*=127.0.0.1:${port}`)], ignoreHttpsErrors: true, timeoutMs: 2_000, maxBytes: 64 * 1024, userAgent: 'gdpr-scan-test' };
    });
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    it('sets the host delay from our group, caps a hostile value, and leaves hosts without one at the default', async () => {
      const throttle = new HostThrottle({ delayMs: 20 });
      const policy = new RobotsPolicy({ ...options, throttle });
      expect(await policy.isAllowed('http://polite.test/private/x')).toBe(false);
      expect(throttle.delayFor('http://polite.test/')).toBe(2_000);
      await policy.forUrl('http://hostile.test/');
      expect(throttle.delayFor('http://hostile.test/')).toBe(5_000);
      await policy.forUrl('http://plain.test/');
      await policy.forUrl('http://missing.test/');
      expect(throttle.delayFor('http://plain.test/')).toBe(20);
      expect(throttle.delayFor('http://missing.test/')).toBe(20);
    });
  });
});

describe('fetching robots.txt through nodeFetch and --host-map', () => {
  let server: FixtureServer;
  let options: RobotsFetchOptions;

  beforeAll(async () => {
    server = await startFixtureServer();
    options = {
      hostMap: [parseHostMapRule(`*=127.0.0.1:${server.port}`)],
      ignoreHttpsErrors: true,
      timeoutMs: 2_000,
      maxBytes: 512 * 1024,
      userAgent: 'gdpr-scan-test',
    };
  });
  afterAll(() => server.close());

  it('reads the big-blog robots.txt: /private/ disallowed, the sitemap index listed', async () => {
    const result = await fetchRobotsTxt('https://www.big-blog.test/blog/', options);
    expect(result.status).toBe(200);
    expect(result.notes).toEqual([]);
    expect(result.robots.sitemaps).toEqual(['https://www.big-blog.test/sitemap-index.xml']);
    expect(isAllowed(result.robots, 'https://www.big-blog.test/private/secret.html')).toBe(false);
    expect(isAllowed(result.robots, 'https://www.big-blog.test/deep/level3.html')).toBe(true);
    expect(server.requestsTo('www.big-blog.test').some((r) => r.path === '/robots.txt' && r.userAgent === 'gdpr-scan-test')).toBe(true);
  });

  it('a missing robots.txt (404) allows everything, with a note', async () => {
    const result = await fetchRobotsTxt('https://www.klaro-shop.test/', options);
    expect(result.status).toBe(404);
    expect(result.disallowAll).toBe(false);
    expect(result.notes.join()).toMatch(/no robots\.txt \(HTTP 404\)/);
    expect(isAllowed(result.robots, 'https://www.klaro-shop.test/anything')).toBe(true);
  });

  it('an unreachable robots.txt allows everything by default, or disallows when asked; bounded in time', async () => {
    const started = Date.now();
    const result = await fetchRobotsTxt('https://hang.test/', { ...options, timeoutMs: 300 });
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(result.status).toBeNull();
    expect(result.disallowAll).toBe(false);
    expect(result.notes.join()).toMatch(/could not be fetched.*no answer within 300 ms.*allowed/);
    const strict = await fetchRobotsTxt('https://hang.test/', { ...options, timeoutMs: 300, onUnreachable: 'disallow' });
    expect(strict.disallowAll).toBe(true);
  });

  it('a body over the size limit is parsed as far as it goes, with a note', async () => {
    const result = await fetchRobotsTxt('https://www.big-blog.test/', { ...options, maxBytes: 40 });
    expect(result.notes.join()).toMatch(/larger than 40 bytes/);
  });

  it('RobotsPolicy fetches once per origin and answers per URL', async () => {
    server.clearLog();
    const policy = new RobotsPolicy(options);
    const answers = await Promise.all([
      policy.isAllowed('https://www.big-blog.test/private/secret.html'),
      policy.isAllowed('https://www.big-blog.test/about.html'),
      policy.isAllowed('https://www.big-blog.test/blog/post-1.html'),
    ]);
    expect(answers).toEqual([false, true, true]);
    expect(server.requestsTo('www.big-blog.test').filter((r) => r.path === '/robots.txt')).toHaveLength(1);
    expect(await policy.isAllowed('not a url')).toBe(false);
  });
});
