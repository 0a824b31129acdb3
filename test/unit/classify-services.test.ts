import { describe, expect, it } from 'vitest';
import { classifySite, type ServiceClassifier } from '../../src/judge/classify/index.js';
import { matchKnownService, matchService } from '../../src/judge/classify/services.js';
import type { RawCookie, RawRequest, SiteEvidence } from '../../src/model/evidence.js';

const id = (host: string) => matchKnownService(host)?.id;

describe('host matching', () => {
  it.each([
    ['www.google-analytics.com', 'google-analytics'],
    ['region1.google-analytics.com', 'google-analytics'],
    ['google-analytics.com', 'google-analytics'],
    ['region1.analytics.google.com', 'google-analytics'],
    ['stats.g.doubleclick.net', 'google-ads'],
    ['www.googleadservices.com', 'google-ads'],
    ['pagead2.googlesyndication.com', 'google-ads'],
    ['adservice.google.com', 'google-ads'],
    ['adservice.google.de', 'google-ads'],
    ['www.googletagmanager.com', 'google-tag-manager'],
    ['fonts.googleapis.com', 'google-fonts'],
    ['fonts.gstatic.com', 'google-fonts'],
    ['maps.googleapis.com', 'google-maps'],
    ['maps.gstatic.com', 'google-maps'],
    ['www.gstatic.com', 'google-static'],
    ['ajax.googleapis.com', 'google-hosted-libraries'],
    ['www.googleapis.com', 'google-other'],
    ['www.google.com', 'google-other'],
    ['www.recaptcha.net', 'google-recaptcha'],
    ['www.youtube.com', 'youtube'],
    ['i.ytimg.com', 'youtube'],
    ['rr3---sn-4g5e6nsz.googlevideo.com', 'youtube'],
    ['www.youtube-nocookie.com', 'youtube-nocookie'],
    ['connect.facebook.net', 'facebook'],
    ['www.facebook.com', 'facebook'],
    ['www.instagram.com', 'instagram'],
    ['www.clarity.ms', 'microsoft-clarity'],
    ['bat.bing.com', 'bing-ads'],
    ['www.bing.com', 'bing'],
    ['snap.licdn.com', 'linkedin-insight'],
    ['px.ads.linkedin.com', 'linkedin-insight'],
    ['static.licdn.com', 'linkedin'],
    ['analytics.tiktok.com', 'tiktok-pixel'],
    ['static.hotjar.com', 'hotjar'],
    ['static.criteo.net', 'criteo'],
    ['cdn.taboola.com', 'taboola'],
    ['widgets.outbrain.com', 'outbrain'],
    ['metrics.omtrdc.net', 'adobe-analytics'],
    ['dpm.demdex.net', 'adobe-audience-manager'],
    ['assets.adobedtm.com', 'adobe-launch'],
    ['js.hs-scripts.com', 'hubspot-analytics'],
    ['ct.pinterest.com', 'pinterest-tag'],
    ['tr.snapchat.com', 'snap-pixel'],
    ['static.ads-twitter.com', 'x-ads'],
    ['platform.twitter.com', 'x'],
    ['alb.reddit.com', 'reddit-pixel'],
    ['mc.yandex.ru', 'yandex-metrica'],
    ['example.matomo.cloud', 'matomo-cloud'],
    ['plausible.io', 'plausible'],
    ['player.vimeo.com', 'vimeo'],
    ['cdnjs.cloudflare.com', 'cloudflare-cdnjs'],
    ['cdn.jsdelivr.net', 'jsdelivr'],
    ['unpkg.com', 'unpkg'],
    ['consent.cookiebot.com', 'cookiebot'],
    ['cdn.cookielaw.org', 'onetrust'],
    ['app.usercentrics.eu', 'usercentrics'],
    ['sdk.privacy-center.org', 'didomi'],
    ['cmp.quantcast.com', 'quantcast-choice'],
    ['quantcast.mgr.consensu.org', 'quantcast-choice'],
    ['other.mgr.consensu.org', 'iab-consensu'],
    ['js.stripe.com', 'stripe'],
    ['c.amazon-adsystem.com', 'amazon-ads'],
    ['ib.adnxs.com', 'xandr'],
    ['widget.intercom.io', 'intercom'],
    ['js-agent.newrelic.com', 'new-relic'],
    ['bam.nr-data.net', 'new-relic'],
  ])('%s -> %s', (host, expected) => {
    expect(id(host)).toBe(expected);
  });

  it('matches suffixes on label boundaries only', () => {
    expect(id('notgoogle-analytics.com')).toBeUndefined();
    expect(id('google-analytics.com.evil.example')).toBeUndefined();
    expect(id('myfacebook.com')).toBeUndefined();
    expect(id('com')).toBeUndefined();
    expect(id('')).toBeUndefined();
    expect(id('127.0.0.1')).toBeUndefined();
  });

  it('normalises case, trailing dots and cookie-domain dots', () => {
    expect(id('WWW.Google-Analytics.COM.')).toBe('google-analytics');
    expect(id('.facebook.com')).toBe('facebook');
  });

  it('says which services are trackers: tag managers, CDNs, fonts and consent managers are not', () => {
    expect(matchService('www.google-analytics.com')).toEqual({ name: 'Google Analytics', organization: 'Google LLC', category: 'analytics', country: 'US', dpf: true, tracking: true, source: 'builtin' });
    for (const host of ['www.googletagmanager.com', 'assets.adobedtm.com', 'tags.tiqcdn.com', 'cdnjs.cloudflare.com', 'cdn.jsdelivr.net', 'fonts.googleapis.com', 'consent.cookiebot.com', 'cdn.cookielaw.org', 'js.stripe.com', 'www.recaptcha.net', 'www.youtube-nocookie.com']) {
      expect(matchService(host)?.tracking, host).toBe(false);
    }
    for (const host of ['connect.facebook.net', 'static.hotjar.com', 'widget.intercom.io', 'platform.twitter.com']) expect(matchService(host)?.tracking, host).toBe(true);
  });
});

describe('classifySite: services, consent mode and cookies', () => {
  const visitTime = 1_700_000_000;
  const request = (url: string, extra: Partial<RawRequest> = {}): RawRequest => ({
    url, host: new URL(url).hostname, method: 'GET', type: 'script', isMainFrame: true, time: 10, afterConsent: false, ...extra,
  });
  const cookie = (name: string, domain: string): RawCookie => ({
    name, domain, path: '/', expires: visitTime + 86_400, httpOnly: false, secure: true, sameSite: 'Lax', source: 'http', size: 20,
  });
  const site = (requests: RawRequest[], cookies: RawCookie[] = [], url = 'https://www.shop.example/'): SiteEvidence => ({
    url,
    startedAt: '2026-01-01T00:00:00.000Z',
    consentObservations: [],
    pages: [{ url, phases: { before: { status: 'ok', requests, cookies, refusedCookies: [], storage: [], durationMs: 1 } } }],
    errors: [],
    durationMs: 1,
  });
  const before = (s: SiteEvidence, options?: Parameters<typeof classifySite>[2]) => classifySite(s, visitTime, options).pages[0]!.phases.before!;

  it('names known third parties and leaves unknown third parties without a service', () => {
    const out = before(site([
      request('https://www.shop.example/app.js'),
      request('https://www.google-analytics.com/g/collect?v=2&gcs=G100', { type: 'ping' }),
      request('https://www.googletagmanager.com/gtm.js?id=GTM-X'),
      request('https://cdn.unknown-vendor.example/x.js'),
    ]));
    expect(out.requests.map((r) => [r.host, r.firstParty, r.service?.name ?? null, r.service?.tracking ?? null])).toEqual([
      ['www.shop.example', true, null, null],
      ['www.google-analytics.com', false, 'Google Analytics', true],
      ['www.googletagmanager.com', false, 'Google Tag Manager', false],
      ['cdn.unknown-vendor.example', false, null, null],
    ]);
    expect('service' in out.requests[3]!).toBe(false);
    expect(out.requests[1]!.consentMode).toEqual({ gcs: 'G100', adStorage: 'denied', analyticsStorage: 'denied' });
    expect(out.requests[0]!.consentMode).toBeUndefined();
  });

  it('never gives a first-party request a service, even on a known service domain', () => {
    const out = before(site([request('https://www.facebook.com/help'), request('https://web.facebook.com/tr?id=1')], [], 'https://www.facebook.com/'));
    expect(out.requests.map((r) => r.service)).toEqual([undefined, undefined]);
  });

  it('consults extra classifiers after the built-in knowledge base, for third parties only', () => {
    const seen: string[] = [];
    const extra: ServiceClassifier = (r) => {
      seen.push(r.host);
      expect(r.siteUrl).toBe('https://www.shop.example/');
      return { name: 'Extra', organization: 'Extra Inc.', category: 'advertising', tracking: true, source: 'ghostery' };
    };
    const out = before(site([
      request('https://www.shop.example/x.js'),
      request('https://connect.facebook.net/x.js'),
      request('https://ads.unknown-vendor.example/p.gif', { type: 'image', frameUrl: 'https://www.shop.example/' }),
    ]), { extraClassifiers: [() => undefined, extra] });
    expect(out.requests.map((r) => r.service?.name)).toEqual([undefined, 'Meta Pixel / Facebook', 'Extra']);
    expect(seen).toEqual(['ads.unknown-vendor.example']);
  });

  it('classifies cookies by name, then by the third-party domain that set them', () => {
    const out = before(site([], [
      cookie('_ga', '.shop.example'),
      cookie('_ga_ABC123', '.shop.example'),
      cookie('PHPSESSID', 'www.shop.example'),
      cookie('CookieConsent', 'www.shop.example'),
      cookie('fr', '.facebook.com'),
      cookie('fr', 'www.shop.example'),
      cookie('whatever', '.doubleclick.net'),
      cookie('whatever', '.hotjar.com'),
      cookie('whatever', '.consent.cookiebot.com'),
      cookie('whatever', '.unknown-vendor.example'),
      cookie('whatever', 'www.shop.example'),
    ]));
    expect(out.cookies.map((c) => [c.name, c.domain, c.category, c.service?.name ?? null, c.consentRecord ?? false])).toEqual([
      ['_ga', '.shop.example', 'analytics', 'Google Analytics', false],
      ['_ga_ABC123', '.shop.example', 'analytics', 'Google Analytics', false],
      ['PHPSESSID', 'www.shop.example', 'necessary', null, false],
      ['CookieConsent', 'www.shop.example', 'necessary', 'Cookiebot', true],
      ['fr', '.facebook.com', 'marketing', 'Meta Pixel / Facebook', false],
      ['fr', 'www.shop.example', 'unknown', null, false],
      ['whatever', '.doubleclick.net', 'marketing', 'Google Ads / DoubleClick', false],
      ['whatever', '.hotjar.com', 'analytics', 'Hotjar', false],
      ['whatever', '.consent.cookiebot.com', 'necessary', 'Cookiebot', true],
      ['whatever', '.unknown-vendor.example', 'unknown', null, false],
      ['whatever', 'www.shop.example', 'unknown', null, false],
    ]);
    expect(out.cookies[0]!.service).toEqual({ name: 'Google Analytics', organization: 'Google LLC', country: 'US', dpf: true });
  });

  it('uses extra classifiers for third-party cookie domains too', () => {
    const extra: ServiceClassifier = (r) => (r.host === 'unknown-vendor.example' ? { name: 'list.txt: ||unknown-vendor.example^', organization: 'unknown (filter list)', category: 'other', tracking: true, source: 'filter-list' } : undefined);
    const out = before(site([], [cookie('uid', '.unknown-vendor.example')]), { extraClassifiers: [extra] });
    expect(out.cookies[0]).toMatchObject({ category: 'marketing', service: { name: 'list.txt: ||unknown-vendor.example^', organization: 'unknown (filter list)' } });
  });

  it('produces data that survives a JSON round trip unchanged (no undefined fields)', () => {
    const out = classifySite(site([request('https://www.google-analytics.com/g/collect?gcs=G111')], [cookie('_gid', '.shop.example')]), visitTime);
    expect(JSON.parse(JSON.stringify(out))).toEqual(out);
    const json = JSON.stringify(out);
    expect(json).not.toMatch(/undefined/);
  });
});

describe('services behind a shared host, told apart by path', () => {
  it('recognises Google Maps embeds and reCAPTCHA on www.google.com, and leaves the rest generic', async () => {
    const { matchServiceForUrl } = await import('../../src/judge/classify/services.js');
    expect(matchServiceForUrl('https://www.google.com/maps/embed?pb=!1m18', 'www.google.com')).toMatchObject({ name: 'Google Maps', category: 'embedded-content' });
    expect(matchServiceForUrl('https://www.google.com/recaptcha/api.js', 'www.google.com')).toMatchObject({ name: 'Google reCAPTCHA', category: 'security', tracking: false });
    expect(matchServiceForUrl('https://www.google.com/search?q=x', 'www.google.com')).toMatchObject({ name: 'Google (other)' });
    expect(matchServiceForUrl('https://www.google.com.evil.test/maps/embed', 'www.google.com.evil.test')).toBeUndefined();
  });
});
