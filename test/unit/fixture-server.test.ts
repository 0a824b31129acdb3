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

    // Like real hosting: the http: origin redirects to https:, and HTTPS answers carry HSTS.
    expect(tls.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
    const plain = await get(server, 'http://www.cc-news.test/about.html?x=1');
    expect(plain.status).toBe(301);
    expect(plain.headers.location).toBe('https://www.cc-news.test/about.html?x=1');
    expect(plain.headers['strict-transport-security']).toBeUndefined();

    expect(server.log.map((r) => [r.host, r.path, r.secure, r.status])).toEqual([
      ['www.klaro-shop.test', '/', true, 200],
      ['www.cc-news.test', '/about.html?x=1', false, 301],
    ]);
  });

  it('routes by Host header, not by connection', async () => {
    const a = await get(server, 'https://www.homemade-bakery.test/');
    const b = await get(server, 'https://www.no-banner.test/');
    expect(a.body).toContain('datenschutz-hinweis');
    expect(b.body).toContain('gtag/js?id=G-NOBANNER1');
    expect(b.body).not.toContain('datenschutz-hinweis');
  });

  it('has every demo site and the pages its start page links to', async () => {
    expect(DEMO_SITES.length).toBeGreaterThanOrEqual(14);
    for (const start of DEMO_SITES) {
      const home = await get(server, start);
      expect(home.status, start).toBe(200);
      const links = [...new Set([...home.body.matchAll(/href="(\/[a-z-]*\.html)"/g)].map((m) => m[1]))];
      expect(links.length, start).toBeGreaterThanOrEqual(2);
      for (const path of ['/', ...links]) {
        const r = await get(server, new URL(path, start).href);
        expect(r.status, start + path).toBe(200);
        expect(r.body).toMatch(/<title>[^<]+<\/title>/);
      }
    }
  });

  it('has an expectation entry for every demo site, naming only known rule ids', async () => {
    const { readFileSync } = await import('node:fs');
    const { FIXTURES_DIR } = await import('../../fixtures/server/paths.js');
    type Expectation = { fail: string[]; needsReview: string[]; why: Record<string, string>; traps: Record<string, string> };
    const all = JSON.parse(readFileSync(`${FIXTURES_DIR}/expectations.json`, 'utf8')) as Record<string, unknown>;
    const file = { sites: Object.fromEntries(Object.entries(all).filter(([key]) => /^https?:\/\//.test(key))) as Record<string, Expectation> };
    const ruleIds = new Set([
      'tracking-before-consent', 'tracking-after-reject', 'missing-consent-banner', 'reject-not-on-first-layer',
      'cookie-lifetime-excessive', 'google-fonts-before-consent', 'embed-before-consent', 'consent-mode-default-granted',
      'tcf-consent-mismatch', 'third-country-transfer', 'session-replay-before-consent', 'insecure-transport',
      'withdrawal-not-available', 'withdrawal-ineffective',
      'reject-harder-than-accept', 'preticked-consent', 'cookie-wall', 'banner-without-privacy-link', 'fingerprinting-before-consent',
      'form-data-leak',
    ]);
    for (const url of DEMO_SITES) expect(Object.keys(file.sites), url).toContain(url);
    for (const [url, e] of Object.entries(file.sites)) {
      for (const id of [...e.fail, ...e.needsReview]) {
        expect(ruleIds.has(id), `${url}: ${id}`).toBe(true);
        expect(e.why[id], `${url}: reason for ${id}`).toMatch(/\w/);
      }
      expect(e.fail.filter((id) => e.needsReview.includes(id)), url).toEqual([]);
      for (const id of Object.keys(e.traps)) {
        expect(ruleIds.has(id), `${url}: trap ${id}`).toBe(true);
        expect([...e.fail, ...e.needsReview], `${url}: trap ${id} is also expected`).not.toContain(id);
      }
    }
  });

  it('keeps Google Analytics cookies within 13 months on the compliant sites', async () => {
    const pages: Record<string, string[]> = {
      'www.klaro-shop.test': ['/', '/about.html', '/contact.html'],
      'www.cc-news.test': ['/', '/about.html', '/contact.html'],
      'www.homemade-bakery.test': ['/js/hinweis.js'],
      'www.osano-cc.test': ['/cc-init.js'],
      'www.settings-first.test': ['/js/consent.js'],
      'www.replay-store.test': ['/js/consent.js'],
      'www.maps-contact.test': ['/js/consent.js'],
      'www.orejime-verein.test': ['/', '/termine.html', '/kontakt.html'],
      'www.componente-tienda.test': ['/js/consentimiento.js'],
      'www.schatten-laden.test': ['/js/melding.js'],
      'www.spaet-banner.test': ['/js/cmp.js'],
      'www.partner-notice.test': ['/js/site.js'],
      'www.doede-knapp.test': ['/js/samtycke.js'],
      'www.tcf-kiosk.test': ['/js/tag.js'],
      'www.mobil-only.test': ['/js/aviso.js'],
      'www.cesky-obchod.test': ['/js/souhlas.js'],
      'www.elliniko-kafe.test': ['/js/epiloges.js'],
    };
    for (const [host, paths] of Object.entries(pages)) {
      for (const path of paths) {
        const { body } = await get(server, `https://${host}${path}`);
        const configs = [...body.matchAll(/gtag\('config', '[^']+'([^)]*)\)/g)];
        expect(configs.length, host + path).toBeGreaterThan(0);
        for (const [, options] of configs) {
          const seconds = Number(/cookie_expires: (\d+)/.exec(options)?.[1]);
          expect(seconds, host + path).toBeLessThanOrEqual(395 * 86_400);
        }
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
      const t = await get(server, 'https://www.klaro-shop.test/', { rawPath });
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

  it('serves public CDN files without cookies, with open CORS', async () => {
    const jq = await get(server, 'https://cdnjs.cloudflare.com/ajax/libs/jquery/3.7.1/jquery.min.js');
    expect(jq.status).toBe(200);
    expect(jq.headers['content-type']).toMatch(/javascript/);
    expect(jq.headers['access-control-allow-origin']).toBe('*');
    expect(jq.headers['set-cookie']).toBeUndefined();
    const css = await get(server, 'https://cdn.jsdelivr.net/npm/normalize.css@8.0.1/normalize.min.css');
    expect(css.headers['content-type']).toMatch(/text\/css/);
    expect(css.headers['set-cookie']).toBeUndefined();
    expect((await get(server, 'https://cdn.jsdelivr.net/npm/x@1/')).status).toBe(404);
  });

  it('sets only a necessary session cookie on the CDN clinic, once', async () => {
    const first = await get(server, 'https://www.cdn-clinic.test/');
    const cookies = first.headers['set-cookie'] ?? [];
    expect(cookies).toHaveLength(1);
    expect(cookies[0]).toMatch(/^PHPSESSID=[0-9a-f]{26}; path=\/; Secure; HttpOnly; SameSite=Lax$/);
    expect(cookies[0]).not.toMatch(/expires|max-age/i);
    const again = await get(server, 'https://www.cdn-clinic.test/team.html', { headers: { Cookie: 'PHPSESSID=abc' } });
    expect(again.headers['set-cookie']).toBeUndefined();
    const asset = await get(server, 'https://www.cdn-clinic.test/style.css');
    expect(asset.headers['set-cookie']).toBeUndefined();
    const font = await get(server, 'https://www.cdn-clinic.test/fonts/source-sans-3-latin-400.woff2');
    expect(font.status).toBe(200);
    expect(font.headers['content-type']).toBe('font/woff2');
  });

  it('takes cookieless first-party analytics events by POST only', async () => {
    const script = await get(server, 'https://www.cookieless-stats.test/js/stats.js');
    expect(script.body).toContain('/api/event');
    expect(script.body).not.toMatch(/document\.cookie|localStorage\.|sessionStorage\./);
    const event = await get(server, 'https://www.cookieless-stats.test/api/event', { method: 'POST' });
    expect(event.status).toBe(202);
    expect(event.headers['set-cookie']).toBeUndefined();
    expect((await get(server, 'https://www.cookieless-stats.test/api/event')).status).toBe(405);
  });

  it('fakes Hotjar: site script with its cookies, modules bundle and data endpoints', async () => {
    const site = await get(server, 'https://static.hotjar.com/c/hotjar-123.js?sv=6');
    expect(site.status).toBe(200);
    expect(site.body).toContain("var SITE = '123'");
    expect(site.body).toContain('_hjSessionUser_');
    expect(site.body).toContain('31536000'); // 365 days
    expect(site.body).toContain('1800'); // 30 minutes
    expect((await get(server, 'https://static.hotjar.com/c/hotjar-abc.js')).status).toBe(404);
    const modules = await get(server, 'https://script.hotjar.com/modules.4a1b9d3c2e7f6a5b.js');
    expect(modules.body).toContain('https://in.hotjar.com/api/v2/client/sites/');
    expect((await get(server, 'https://in.hotjar.com/api/v2/client/sites/123/visit-data', { method: 'POST' })).status).toBe(200);
    expect((await get(server, 'https://vc.hotjar.io/sessions/123?s=0.25')).status).toBe(204);
  });

  it('fakes the Google Maps embed, which sets NID on .google.com for six months', async () => {
    const embed = await get(server, 'https://www.google.com/maps/embed?pb=!1m18!1m12%3Cscript%3E');
    expect(embed.status).toBe(200);
    expect(embed.body).toContain('https://maps.gstatic.com/maps-api-v3/embed/js/60/1/init_embed.js');
    expect(embed.body).not.toContain('<script>');
    const cookies = embed.headers['set-cookie'] ?? [];
    expect(cookies).toHaveLength(1);
    expect(cookies[0]).toMatch(/^NID=[^;]+; expires=[^;]+; path=\/; domain=\.google\.com; Secure; HttpOnly; SameSite=none$/);
    const expires = Date.parse(/expires=([^;]+)/.exec(cookies[0])![1]);
    expect((expires - Date.now()) / 86_400_000).toBeGreaterThan(180);
    expect((expires - Date.now()) / 86_400_000).toBeLessThan(184);
    const script = await get(server, 'https://maps.gstatic.com/maps-api-v3/embed/js/60/1/init_embed.js');
    expect(script.body).toContain('https://www.google.com/maps/gen_204');
    expect((await get(server, 'https://www.google.com/maps/gen_204?x=1', { method: 'POST' })).status).toBe(204);
    expect((await get(server, 'https://www.google.com/maps/vt?pb=x')).headers['content-type']).toBe('image/gif');
    expect((await get(server, 'https://www.google.com/search?q=x')).status).toBe(404);
  });

  it('serves the IAB TCF libraries as ES modules, and nothing else from node_modules', async () => {
    const core = await get(server, 'https://www.tcf-portal.test/vendor/iabtcf/core/index.js');
    expect(core.status).toBe(200);
    expect(core.headers['content-type']).toMatch(/javascript/);
    expect(core.body).toMatch(/export \*/);
    const cmpapi = await get(server, 'https://www.tcf-portal.test/vendor/iabtcf/cmpapi/CmpApi.js');
    expect(cmpapi.body).toContain("from '@iabtechlabtcf/core'");
    for (const rawPath of ['/vendor/iabtcf/core/../../../../package.json', '/vendor/iabtcf/core/%2e%2e/%2e%2e/%2e%2e/%2e%2e/package.json', '/vendor/iabtcf/core/index.d.ts']) {
      expect((await get(server, 'https://www.tcf-portal.test/', { rawPath })).status, rawPath).toBe(404);
    }
    const page = await get(server, 'https://www.tcf-portal.test/');
    expect(page.body).toContain('"@iabtechlabtcf/cmpapi": "/vendor/iabtcf/cmpapi/index.js"');
    expect(page.body).toContain('<script type="module" src="/cmp/cmp.js"></script>');
  });

  it('ships a vendor list the TCF core library can encode consent strings with', async () => {
    const { GVL, TCModel, TCString } = await import('@iabtechlabtcf/core');
    const list = await get(server, 'https://www.tcf-portal.test/cmp/vendor-list.json');
    expect(list.headers['content-type']).toMatch(/application\/json/);
    const model = new TCModel(new GVL(JSON.parse(list.body)));
    model.cmpId = 999;
    model.cmpVersion = 3;
    model.setAllPurposeConsents();
    model.setAllVendorConsents();
    const decoded = TCString.decode(TCString.encode(model));
    expect(decoded.purposeConsents.has(1)).toBe(true);
    expect(decoded.vendorConsents.has(755)).toBe(true);
    const empty = new TCModel(new GVL(JSON.parse(list.body)));
    empty.cmpId = 999;
    const none = TCString.decode(TCString.encode(empty));
    expect(none.purposeConsents.size + none.vendorConsents.size).toBe(0);
  });

  it('serves every site with a consent expectation, its linked pages and a consistent consent object', async () => {
    const { readFileSync } = await import('node:fs');
    const { FIXTURES_DIR } = await import('../../fixtures/server/paths.js');
    type Consent = {
      bannerFound: boolean;
      cmp: string | null;
      accept?: { verified: boolean; signals: string[] };
      reject?: { verified: boolean; signals: string[] };
      rejectPath?: string;
      device?: string;
      language?: string;
    };
    const all = JSON.parse(readFileSync(`${FIXTURES_DIR}/expectations.json`, 'utf8')) as Record<string, { consent?: Consent }>;
    const kinds = new Set(['banner-gone', 'consent-record', 'tcf', 'consent-mode', 'cmp-state', 'gated-tags']);
    const languages = new Set<string>();
    const withConsent = Object.entries(all).filter(([url, e]) => /^https?:\/\//.test(url) && e.consent);
    expect(withConsent.length).toBeGreaterThanOrEqual(25);
    for (const [url, { consent }] of withConsent) {
      const c = consent!;
      if (c.bannerFound) {
        for (const step of [c.accept, c.reject]) {
          expect(step, url).toBeDefined();
          for (const k of step!.signals) expect(kinds.has(k), `${url}: ${k}`).toBe(true);
          if (!step!.verified) expect(step!.signals, url).toEqual([]);
        }
        expect(['first-layer', 'second-layer'], url).toContain(c.rejectPath);
        expect(c.language, url).toMatch(/^[a-z]{2}$/);
        languages.add(c.language!);
      } else {
        expect(c.cmp, url).toBeNull();
      }
      const home = await get(server, url);
      expect(home.status, url).toBe(200);
      if (c.language) expect(home.body, url).toContain(`<html lang="${c.language}">`);
      const links = [...new Set([...home.body.matchAll(/href="(\/[a-z-]*\.html)"/g)].map((m) => m[1]))];
      if (c.bannerFound) expect(links.length, url).toBeGreaterThanOrEqual(2);
      for (const path of links) expect((await get(server, new URL(path, url).href)).status, url + path).toBe(200);
    }
    expect(languages.size).toBeGreaterThanOrEqual(8);
  });

  it('serves the newer CMP libraries, tarteaucitron and the Porsche banner as trees of .js and .css files', async () => {
    const tac = await get(server, 'https://www.tarteaucitron-voyage.test/vendor/tarteaucitron/tarteaucitron.js');
    expect(tac.status).toBe(200);
    expect(tac.body).toContain('tarteaucitronForceCDN');
    for (const path of ['lang/tarteaucitron.fr.js', 'tarteaucitron.services.js', 'css/tarteaucitron.css']) {
      const r = await get(server, `https://www.tarteaucitron-voyage.test/vendor/tarteaucitron/${path}?v=1.34.0`);
      expect(r.status, path).toBe(200);
      expect(r.headers['content-type'], path).toMatch(path.endsWith('.css') ? /text\/css/ : /javascript/);
    }
    const orejime = await get(server, 'https://www.orejime-verein.test/vendor/orejime/orejime-standard-de.js');
    expect(orejime.body).toContain('orejimeConfig');
    expect((await get(server, 'https://www.orejime-verein.test/vendor/orejime/orejime-standard.css')).headers['content-type']).toMatch(/text\/css/);
    const porsche = await get(server, 'https://www.componente-tienda.test/vendor/cookie-consent-banner/cookie-consent-banner.esm.js');
    expect(porsche.status).toBe(200);
    expect(porsche.body).toContain('bootstrapLazy');
    for (const rawPath of ['/vendor/tarteaucitron/package.json', '/vendor/tarteaucitron/README.md', '/vendor/tarteaucitron/../klaro/dist/klaro.js', '/vendor/cookie-consent-banner/cookie-consent-banner.esm.js.map']) {
      expect((await get(server, 'https://www.tarteaucitron-voyage.test/', { rawPath })).status, rawPath).toBe(404);
    }
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
      const r = await get(server, 'https://slow.test/');
      expect(r.status).toBe(200);
      expect(Date.now() - t0).toBeGreaterThanOrEqual(2900);
    } finally {
      await server.close();
    }
  }, 10_000);
});

/**
 * The fake gtag.js run in a bare VM: a cookie jar that keeps max-age, and sendBeacon captured.
 * Real gtag sends no gcs without a consent command; with one, gcs = G1<ad_storage><analytics_storage>.
 */
describe('fake gtag.js and Consent Mode', () => {
  let server: FixtureServer;
  let gtagSource: string;

  beforeAll(async () => {
    server = await startFixtureServer({ port: 0 });
    gtagSource = (await get(server, 'https://www.googletagmanager.com/gtag/js?id=G-VM1')).body;
  });
  afterAll(async () => {
    await server?.close();
  });

  async function run(commands: unknown[][], later: unknown[][] = []) {
    const vm = await import('node:vm');
    const jar = new Map<string, { value: string; maxAge: number | null }>();
    const beacons: string[] = [];
    const document = {
      title: 'VM page',
      referrer: '',
      get cookie() {
        return [...jar].map(([k, v]) => `${k}=${v.value}`).join('; ');
      },
      set cookie(text: string) {
        const [pair, ...attrs] = text.split(/;\s*/);
        const eq = pair.indexOf('=');
        const age = attrs.find((a) => a.toLowerCase().startsWith('max-age='));
        jar.set(pair.slice(0, eq), { value: pair.slice(eq + 1), maxAge: age ? Number(age.split('=')[1]) : null });
      },
    };
    const window: Record<string, unknown> = {
      document,
      location: { hostname: 'www.vm.test', href: 'https://www.vm.test/' },
      navigator: { language: 'en-US', sendBeacon: (url: string) => (beacons.push(url), true) },
    };
    window.window = window;
    const context = vm.createContext(window);
    vm.runInContext('window.dataLayer = window.dataLayer || []; window.gtag = function () { dataLayer.push(arguments); };', context);
    const call = (args: unknown[]) => vm.runInContext(`gtag.apply(null, ${JSON.stringify(args)})`, context);
    commands.forEach(call);
    vm.runInContext(gtagSource, context);
    later.forEach(call);
    const gcs = beacons.map((u) => new URL(u).searchParams.get('gcs'));
    return { jar, beacons, gcs };
  }

  it('sends no gcs and keeps _ga for two years when the page uses no Consent Mode', async () => {
    const { gcs, jar, beacons } = await run([['js', 0], ['config', 'G-VM1']]);
    expect(beacons).toHaveLength(1);
    expect(beacons[0]).toMatch(/^https:\/\/www\.google-analytics\.com\/g\/collect\?v=2&tid=G-VM1&cid=/);
    expect(gcs).toEqual([null]);
    expect(jar.get('_ga')?.maxAge).toBe(63_072_000);
    expect(jar.get('_ga_VM1')?.maxAge).toBe(63_072_000);
    expect(jar.get('_gid')?.maxAge).toBe(86_400);
  });

  it('honours cookie_expires from config and from set', async () => {
    expect((await run([['config', 'G-VM1', { cookie_expires: 33_696_000 }]])).jar.get('_ga')?.maxAge).toBe(33_696_000);
    expect((await run([['set', { cookie_expires: 86_400 }], ['config', 'G-VM1']])).jar.get('_ga_VM1')?.maxAge).toBe(86_400);
    expect((await run([['config', 'G-VM1', { cookie_expires: 0 }]])).jar.get('_ga')?.maxAge).toBeNull(); // session cookie
  });

  it('says G111 and stores cookies when the defaults grant everything', async () => {
    const granted = { ad_storage: 'granted', analytics_storage: 'granted', ad_user_data: 'granted', ad_personalization: 'granted' };
    const { gcs, jar } = await run([['consent', 'default', granted], ['config', 'G-VM1']]);
    expect(gcs).toEqual(['G111']);
    expect(jar.has('_ga')).toBe(true);
  });

  it('says G100 and stores nothing while denied, then G111 with cookies after the update', async () => {
    const denied = { ad_storage: 'denied', analytics_storage: 'denied' };
    const { gcs, jar } = await run([['consent', 'default', denied], ['config', 'G-VM1']], [['consent', 'update', { ad_storage: 'granted', analytics_storage: 'granted' }]]);
    expect(gcs).toEqual(['G100', 'G111']);
    expect(jar.has('_ga')).toBe(true);
    const stillDenied = await run([['consent', 'default', denied], ['config', 'G-VM1']]);
    expect(stillDenied.gcs).toEqual(['G100']);
    expect(stillDenied.jar.size).toBe(0);
  });

  it('encodes ad_storage and analytics_storage separately', async () => {
    expect((await run([['consent', 'default', { ad_storage: 'denied', analytics_storage: 'granted' }], ['config', 'G-VM1']])).gcs).toEqual(['G101']);
    expect((await run([['consent', 'default', { ad_storage: 'granted', analytics_storage: 'denied' }], ['config', 'G-VM1']])).gcs).toEqual(['G110']);
  });
});
