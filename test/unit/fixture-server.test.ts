import * as http from 'node:http';
import * as https from 'node:https';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_SITES, startFixtureServer, type FixtureServer } from '../../fixtures/server/index.js';

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** One request to the fixture port, the way Chromium does with a host-resolver rule. */
function get(
  server: FixtureServer,
  url: string,
  opts: { method?: string; headers?: Record<string, string>; rawPath?: string } = {},
): Promise<Answer> {
  const u = new URL(url);
  const secure = u.protocol === 'https:';
  const options: https.RequestOptions = {
    host: '127.0.0.1',
    port: server.port,
    method: opts.method ?? 'GET',
    path: opts.rawPath ?? u.pathname + u.search,
    headers: { Host: u.hostname, ...opts.headers },
    agent: false,
  };
  return new Promise((resolve, reject) => {
    const onRes = (res: http.IncomingMessage) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    };
    const req = secure
      ? https.request({ ...options, servername: u.hostname, rejectUnauthorized: false }, onRes)
      : http.request(options, onRes);
    req.on('error', reject);
    req.end();
  });
}

describe('fixture server', () => {
  let server: FixtureServer;

  beforeAll(async () => {
    server = await startFixtureServer({ port: 0 });
  });
  afterAll(async () => {
    await server?.close();
  });
  beforeEach(() => server.clearLog());

  it('serves a demo site over HTTPS and plain HTTP on the same port', async () => {
    expect(server.port).toBeGreaterThan(0);
    const tls = await get(server, 'https://www.klaro-shop.test/');
    expect(tls.status).toBe(200);
    expect(tls.headers['content-type']).toMatch(/text\/html/);
    expect(tls.headers['cache-control']).toBe('no-store');
    expect(tls.body).toContain('Klaro Shop');
    expect(tls.body).toContain('data-name="google-analytics"');

    const plain = await get(server, 'http://www.cc-news.test/about.html');
    expect(plain.status).toBe(200);
    expect(plain.body).toContain('About CC News');

    expect(server.log.map((r) => [r.host, r.path, r.secure, r.status])).toEqual([
      ['www.klaro-shop.test', '/', true, 200],
      ['www.cc-news.test', '/about.html', false, 200],
    ]);
  });

  it('routes by Host header, not by connection', async () => {
    const a = await get(server, 'https://www.homemade-bakery.test/');
    const b = await get(server, 'https://www.no-banner.test/');
    expect(a.body).toContain('datenschutz-hinweis');
    expect(b.body).toContain('gtag/js?id=G-NOBANNER1');
    expect(b.body).not.toContain('datenschutz-hinweis');
  });

  it('has every demo site and its three pages', async () => {
    expect(DEMO_SITES.length).toBeGreaterThanOrEqual(6);
    for (const start of DEMO_SITES) {
      for (const page of ['', 'about.html', 'contact.html']) {
        const r = await get(server, start + page);
        expect(r.status, start + page).toBe(200);
        expect(r.body).toMatch(/<title>[^<]+<\/title>/);
      }
    }
  });

  it('serves the CMP libraries from node_modules', async () => {
    const klaro = await get(server, 'https://www.klaro-shop.test/vendor/klaro.js');
    expect(klaro.status).toBe(200);
    expect(klaro.headers['content-type']).toMatch(/javascript/);
    const cc = await get(server, 'https://www.cc-news.test/vendor/cookieconsent.umd.js');
    expect(cc.status).toBe(200);
    expect(cc.body).toContain('CookieConsent');
  });

  it('answers 404 for an unknown host and for path traversal', async () => {
    const r = await get(server, 'https://unknown.example/');
    expect(r.status).toBe(404);
    expect(r.body).toMatch(/unknown host/);
    for (const rawPath of ['/../../package.json', '/..%2f..%2fpackage.json', '/%2e%2e/%2e%2e/package.json']) {
      const t = await get(server, 'http://www.klaro-shop.test/', { rawPath });
      expect(t.status, rawPath).toBe(404);
      expect(t.body).not.toContain('gdpr-scan');
    }
    const l = server.requestsTo('unknown.example');
    expect(l).toHaveLength(1);
    expect(l[0].status).toBe(404);
  });

  it('sets a third-party cookie from the Meta pixel response', async () => {
    const r = await get(server, 'https://www.facebook.com/tr/?id=1&ev=PageView&dl=x', { headers: { Referer: 'https://www.no-banner.test/' } });
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('image/gif');
    const cookies = r.headers['set-cookie'] ?? [];
    expect(cookies).toHaveLength(2);
    expect(cookies[0]).toMatch(/^fr=[^;]+; Domain=\.facebook\.com; Path=\/; Max-Age=7776000; Secure; HttpOnly; SameSite=None$/);
    // Browsers refuse this one (SameSite=None without Secure); the scanner records it as refused.
    expect(cookies[1]).toMatch(/^datr=[^;]+; .*SameSite=None$/);
    expect(cookies[1]).not.toMatch(/Secure/);
    const logged = server.requestsTo('www.facebook.com');
    expect(logged[0]).toMatchObject({ method: 'GET', path: '/tr/?id=1&ev=PageView&dl=x', secure: true, status: 200, referer: 'https://www.no-banner.test/' });
  });

  it('fakes the other trackers', async () => {
    const gtag = await get(server, 'https://www.googletagmanager.com/gtag/js?id=G-TEST1');
    expect(gtag.status).toBe(200);
    expect(gtag.headers['content-type']).toMatch(/javascript/);
    expect(gtag.body).toContain("'G-TEST1'");
    const injected = await get(server, 'https://www.googletagmanager.com/gtag/js?id=%27);alert(1)//');
    expect(injected.body).not.toContain("');alert");
    const collect = await get(server, 'https://www.google-analytics.com/g/collect?v=2&tid=G-TEST1', { method: 'POST' });
    expect(collect.status).toBe(204);
    const fb = await get(server, 'https://connect.facebook.net/en_US/fbevents.js');
    expect(fb.body).toContain('_fbp');
    const css = await get(server, 'https://fonts.googleapis.com/css2?family=Roboto&display=swap');
    expect(css.headers['content-type']).toMatch(/text\/css/);
    expect(css.body).toContain('https://fonts.gstatic.com/s/roboto/v30/roboto.woff2');
    const font = await get(server, 'https://fonts.gstatic.com/s/roboto/v30/roboto.woff2');
    expect(font.headers['content-type']).toBe('font/woff2');
    const yt = await get(server, 'https://www.youtube.com/embed/dQw4w9WgXcQ');
    expect(yt.status).toBe(200);
    const ytCookies = (yt.headers['set-cookie'] ?? []).map((c) => c.split('=')[0]);
    expect(ytCookies).toEqual(['YSC', 'VISITOR_INFO1_LIVE']);
    const nocookie = await get(server, 'https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ');
    expect(nocookie.status).toBe(200);
    expect(nocookie.headers['set-cookie']).toBeUndefined();
    expect((await get(server, 'https://www.google-analytics.com/elsewhere')).status).toBe(404);
  });

  it('logs cookies sent by the client', async () => {
    await get(server, 'https://www.klaro-shop.test/about.html', { headers: { Cookie: 'klaro=%7B%7D' } });
    expect(server.requestsTo('WWW.KLARO-SHOP.TEST')[0].cookieHeader).toBe('klaro=%7B%7D');
  });

  it('survives garbage on the socket', async () => {
    const net = await import('node:net');
    await new Promise<void>((resolve) => {
      const s = net.connect(server.port, '127.0.0.1', () => s.end('\x16\x03\x01garbage that is not TLS\r\n\r\n'));
      s.on('error', () => resolve());
      s.on('close', () => resolve());
      s.resume();
    });
    await new Promise<void>((resolve) => {
      const s = net.connect(server.port, '127.0.0.1', () => s.end('NOT HTTP AT ALL\r\n\r\n'));
      s.on('error', () => resolve());
      s.on('close', () => resolve());
      s.resume();
    });
    const r = await get(server, 'https://www.no-banner.test/');
    expect(r.status).toBe(200);
  });
});

describe('fixture server close()', () => {
  it('returns promptly with a hanging request open', async () => {
    const server = await startFixtureServer();
    const pending = get(server, 'https://hang.test/').then(
      () => 'answered',
      () => 'aborted',
    );
    // Wait until the server has seen the request.
    for (let i = 0; i < 100 && server.requestsTo('hang.test').length === 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect(server.requestsTo('hang.test')).toEqual([expect.objectContaining({ host: 'hang.test', path: '/', status: 0 })]);
    const t0 = Date.now();
    await server.close();
    expect(Date.now() - t0).toBeLessThan(1000);
    expect(await pending).toBe('aborted');
  });

  it('delays slow.test by about 3 seconds', async () => {
    const server = await startFixtureServer();
    try {
      const t0 = Date.now();
      const r = await get(server, 'http://slow.test/');
      expect(r.status).toBe(200);
      expect(Date.now() - t0).toBeGreaterThanOrEqual(2900);
    } finally {
      await server.close();
    }
  }, 10_000);
});
