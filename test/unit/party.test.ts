import { describe, expect, it } from 'vitest';
import { classifySite, cookieLifetimeDays } from '../../src/judge/classify/index.js';
import { isFirstParty, isSameSite, registrableDomain, siteOf, hostOfUrl } from '../../src/util/party.js';
import type { RawCookie, RawRequest, SiteEvidence } from '../../src/model/evidence.js';

describe('registrableDomain', () => {
  it.each([
    ['www.example.co.uk', 'example.co.uk'],
    ['https://cdn.example.co.uk:8443/a.js?x=1', 'example.co.uk'],
    ['.facebook.com', 'facebook.com'],
    ['..facebook.com', 'facebook.com'],
    ['WWW.Example.COM.', 'example.com'],
    ['foo.github.io', 'foo.github.io'],
    ['https://bar.github.io/repo/', 'bar.github.io'],
    ['www.klaro-shop.test', 'klaro-shop.test'],
    ['https://klaro-shop.test/', 'klaro-shop.test'],
    ['blob:https://a.example.com/4f1c', 'example.com'],
    ['127.0.0.1', null],
    ['http://[::1]:8080/', null],
    ['localhost', null],
    ['http://localhost:3000/', null],
    ['data:text/html,hi', null],
    ['about:blank', null],
    ['', null],
  ])('%s -> %s', (input, expected) => {
    expect(registrableDomain(input)).toBe(expected);
  });
});

describe('isFirstParty', () => {
  it('compares registrable domains, not hosts', () => {
    expect(isFirstParty('https://www.example.co.uk/', 'cdn.example.co.uk')).toBe(true);
    expect(isFirstParty('https://www.example.co.uk/', 'example.co.uk')).toBe(true);
    expect(isFirstParty('https://www.example.co.uk/', 'https://static.example.co.uk/x.css')).toBe(true);
    // Same last two labels, different registrable domains under co.uk.
    expect(isFirstParty('https://www.example.co.uk/', 'other.co.uk')).toBe(false);
  });

  it('treats private suffixes (github.io) as separate sites', () => {
    expect(isFirstParty('https://foo.github.io/', 'bar.github.io')).toBe(false);
    expect(isFirstParty('https://foo.github.io/', 'assets.foo.github.io')).toBe(true);
  });

  it('handles cookie domains with a leading dot', () => {
    expect(isFirstParty('https://www.klaro-shop.test/', '.facebook.com')).toBe(false);
    expect(isFirstParty('https://www.klaro-shop.test/', '.klaro-shop.test')).toBe(true);
    expect(isFirstParty('https://www.facebook.com/', '.facebook.com')).toBe(true);
  });

  it('works for unknown TLDs used by the fixture web', () => {
    expect(isFirstParty('https://www.klaro-shop.test/', 'cdn.klaro-shop.test')).toBe(true);
    expect(isFirstParty('https://www.klaro-shop.test/', 'www.other-shop.test')).toBe(false);
  });

  it('compares IP addresses and localhost by exact host', () => {
    expect(isFirstParty('http://127.0.0.1:8080/', '127.0.0.1')).toBe(true);
    expect(isFirstParty('http://127.0.0.1:8080/', 'http://127.0.0.1:9090/x')).toBe(true);
    expect(isFirstParty('http://127.0.0.1:8080/', '127.0.0.2')).toBe(false);
    expect(isFirstParty('http://127.0.0.1:8080/', 'www.google-analytics.com')).toBe(false);
    expect(isFirstParty('http://[::1]:8080/', '::1')).toBe(true);
    expect(isFirstParty('http://localhost:3000/', 'localhost')).toBe(true);
    expect(isFirstParty('http://localhost:3000/', '127.0.0.1')).toBe(false);
    expect(isFirstParty('https://www.example.com/', '93.184.216.34')).toBe(false);
  });

  it('is false when either side has no host', () => {
    expect(isFirstParty('https://www.example.com/', 'data:image/png;base64,AAAA')).toBe(false);
    expect(isFirstParty('about:blank', 'www.example.com')).toBe(false);
    expect(isFirstParty('', '')).toBe(false);
  });
});

describe('cookieLifetimeDays', () => {
  it('rounds to one decimal and keeps session cookies null', () => {
    expect(cookieLifetimeDays(1_000 + 86_400 * 390, 1_000)).toBe(390);
    expect(cookieLifetimeDays(1_000 + 3_600, 1_000)).toBe(0);
    expect(cookieLifetimeDays(1_000 + 86_400 * 1.26, 1_000)).toBe(1.3);
    expect(cookieLifetimeDays(null, 1_000)).toBeNull();
    expect(cookieLifetimeDays(-1, 1_000)).toBeNull();
  });
});

describe('classifySite', () => {
  const visitTime = 1_700_000_000;
  const request = (url: string, extra: Partial<RawRequest> = {}): RawRequest => ({
    url,
    host: url.startsWith('http') ? new URL(url).hostname : '',
    method: 'GET',
    type: 'script',
    isMainFrame: true,
    time: 10,
    afterConsent: false,
    ...extra,
  });
  const cookie = (name: string, domain: string, expires: number | null): RawCookie => ({
    name,
    domain,
    path: '/',
    expires,
    httpOnly: false,
    secure: true,
    sameSite: 'Lax',
    source: 'http',
    size: 20,
  });
  const site: SiteEvidence = {
    url: 'https://klaro-shop.test/',
    finalUrl: 'https://www.klaro-shop.test/',
    startedAt: '2026-01-01T00:00:00.000Z',
    consentObservations: [],
    pages: [
      {
        url: 'https://www.klaro-shop.test/',
        phases: {
          before: {
            status: 'ok',
            requests: [
              request('https://www.klaro-shop.test/'),
              request('https://cdn.klaro-shop.test/app.js'),
              request('https://connect.facebook.net/en_US/fbevents.js'),
              // Nothing leaves the browser for a data: URL: not a third party.
              request('data:image/png;base64,AAAA', { host: '' }),
              request('blob:https://www.klaro-shop.test/5c1e', { host: '' }),
              request('http://127.0.0.1:9000/beacon', { host: '' }),
            ],
            cookies: [
              cookie('sid', 'www.klaro-shop.test', null),
              cookie('_fbp', '.klaro-shop.test', visitTime + 86_400 * 90),
              cookie('fr', '.facebook.com', visitTime + 86_400 * 89.95),
              cookie('legacy', 'www.klaro-shop.test', -1),
            ],
            refusedCookies: [],
            storage: [],
            durationMs: 1200,
          },
        },
      },
    ],
    errors: [],
    durationMs: 5000,
  };

  it('adds firstParty to requests and cookies, and cookie lifetimes', () => {
    const before = classifySite(site, visitTime).pages[0]!.phases.before!;
    expect(before.requests.map((r) => r.firstParty)).toEqual([true, true, false, true, true, false]);
    expect(before.cookies.map((c) => [c.name, c.firstParty, c.lifetimeDays])).toEqual([
      ['sid', true, null],
      ['_fbp', true, 90],
      ['fr', false, 90],
      ['legacy', true, null],
    ]);
    // A session cookie reported as -1 becomes null, as the report contract says.
    expect(before.cookies[3]!.expires).toBeNull();
  });

  it('adds services to third-party requests only, and cookie categories', () => {
    const before = classifySite(site, visitTime).pages[0]!.phases.before!;
    expect(before.requests.map((r) => r.service?.organization ?? null)).toEqual([null, null, 'Meta Platforms, Inc.', null, null, null]);
    expect(before.cookies.map((c) => [c.name, c.category])).toEqual([
      ['sid', 'unknown'],
      ['_fbp', 'marketing'],
      ['fr', 'marketing'],
      ['legacy', 'unknown'],
    ]);
  });

  it('uses the final URL after redirects as the site', () => {
    const redirected: SiteEvidence = { ...site, url: 'https://klaro-shop.example/', finalUrl: 'https://www.klaro-shop.test/' };
    const before = classifySite(redirected, visitTime).pages[0]!.phases.before!;
    expect(before.requests[1]!.firstParty).toBe(true);
    const noFinal: SiteEvidence = { ...site, url: 'https://www.other.test/', finalUrl: undefined };
    expect(classifySite(noFinal, visitTime).pages[0]!.phases.before!.requests[1]!.firstParty).toBe(false);
  });

  it('does not mutate its input', () => {
    const copy = structuredClone(site);
    classifySite(site, visitTime);
    expect(site).toEqual(copy);
  });
});

describe('siteOf / isSameSite (crawl scoping)', () => {
  it('maps hosts to their registrable domain, IP addresses and localhost to themselves', () => {
    expect(siteOf('www.Shop.co.uk')).toBe('shop.co.uk');
    expect(siteOf('foo.github.io')).toBe('foo.github.io');
    expect(siteOf('www.klaro-shop.test')).toBe('klaro-shop.test');
    expect(siteOf('127.0.0.1')).toBe('127.0.0.1');
    expect(siteOf('[::1]')).toBe('::1');
    expect(siteOf('localhost')).toBe('localhost');
  });
  it('compares URLs by site, never across sites', () => {
    expect(isSameSite('https://cdn.shop.com/a', 'http://www.shop.com/')).toBe(true);
    expect(isSameSite('https://a.github.io/', 'https://b.github.io/')).toBe(false);
    expect(isSameSite('not a url', 'https://www.shop.com/')).toBe(false);
  });
});

describe('hostOfUrl', () => {
  it('gives the host name of a URL, undefined without one', () => {
    expect(hostOfUrl('https://www.shop.test:8443/a?b')).toBe('www.shop.test');
    expect(hostOfUrl('about:blank')).toBeUndefined();
    expect(hostOfUrl('not a url')).toBeUndefined();
  });
});
