import { describe, expect, it } from 'vitest';
import { classifyCookie, cookieCategoryForService } from '../../src/judge/classify/cookies.js';
import { matchService } from '../../src/judge/classify/services.js';
import type { CookieCategory } from '../../src/model/evidence.js';

const classify = (name: string, domain = '.shop.example', firstParty = domain.endsWith('shop.example')) => classifyCookie({ name, domain }, firstParty, matchService);

describe('cookie categories by name', () => {
  it.each<[string, string, CookieCategory, string | null]>([
    ['_ga', '.shop.example', 'analytics', 'Google Analytics'],
    ['_ga_ABCDEF1234', '.shop.example', 'analytics', 'Google Analytics'],
    ['_gid', '.shop.example', 'analytics', 'Google Analytics'],
    ['_gat', '.shop.example', 'analytics', 'Google Analytics'],
    ['_gat_UA-1234-1', '.shop.example', 'analytics', 'Google Analytics'],
    ['__utma', '.shop.example', 'analytics', 'Google Analytics'],
    ['__utmz', '.shop.example', 'analytics', 'Google Analytics'],
    ['_gcl_au', '.shop.example', 'marketing', 'Google Ads / DoubleClick'],
    ['_gcl_aw', '.shop.example', 'marketing', 'Google Ads / DoubleClick'],
    ['IDE', '.doubleclick.net', 'marketing', 'Google Ads / DoubleClick'],
    ['test_cookie', '.doubleclick.net', 'marketing', 'Google Ads / DoubleClick'],
    ['DSID', '.doubleclick.net', 'marketing', 'Google Ads / DoubleClick'],
    ['NID', '.google.com', 'marketing', 'Google Ads / DoubleClick'],
    ['1P_JAR', '.google.com', 'marketing', 'Google Ads / DoubleClick'],
    ['AEC', '.google.com', 'necessary', 'Google (other)'],
    ['_fbp', '.shop.example', 'marketing', 'Meta Pixel / Facebook'],
    ['_fbc', '.shop.example', 'marketing', 'Meta Pixel / Facebook'],
    ['fr', '.facebook.com', 'marketing', 'Meta Pixel / Facebook'],
    ['MUID', '.bing.com', 'marketing', 'Microsoft Advertising (Bing UET)'],
    ['MUID', '.clarity.ms', 'analytics', 'Microsoft Clarity'],
    ['_clck', '.shop.example', 'analytics', 'Microsoft Clarity'],
    ['_clsk', '.shop.example', 'analytics', 'Microsoft Clarity'],
    ['CLID', 'www.clarity.ms', 'analytics', 'Microsoft Clarity'],
    ['_uetsid', '.shop.example', 'marketing', 'Microsoft Advertising (Bing UET)'],
    ['_uetvid', '.shop.example', 'marketing', 'Microsoft Advertising (Bing UET)'],
    ['li_sugr', '.linkedin.com', 'marketing', 'LinkedIn'],
    ['bcookie', '.linkedin.com', 'marketing', 'LinkedIn'],
    ['lidc', '.linkedin.com', 'marketing', 'LinkedIn'],
    ['UserMatchHistory', '.linkedin.com', 'marketing', 'LinkedIn'],
    ['_ttp', '.shop.example', 'marketing', 'TikTok Pixel'],
    ['_hjSessionUser_123456', '.shop.example', 'analytics', 'Hotjar'],
    ['_hjSession_123456', '.shop.example', 'analytics', 'Hotjar'],
    ['_hjid', '.shop.example', 'analytics', 'Hotjar'],
    ['_hjIncludedInSessionSample_123456', '.shop.example', 'analytics', 'Hotjar'],
    ['_pk_id.1.a1b2', 'www.shop.example', 'analytics', 'Matomo (self-hosted or Matomo Cloud)'],
    ['_pk_ses.1.a1b2', 'www.shop.example', 'analytics', 'Matomo (self-hosted or Matomo Cloud)'],
    ['YSC', '.youtube.com', 'marketing', 'YouTube'],
    ['VISITOR_INFO1_LIVE', '.youtube.com', 'marketing', 'YouTube'],
    ['__Secure-YEC', '.youtube.com', 'marketing', 'YouTube'],
    ['cto_bundle', '.shop.example', 'marketing', 'Criteo'],
    ['_pin_unauth', '.shop.example', 'marketing', 'Pinterest Tag'],
    ['_derived_epik', '.shop.example', 'marketing', 'Pinterest Tag'],
    ['_scid', '.shop.example', 'marketing', 'Snap Pixel'],
    ['_rdt_uuid', '.shop.example', 'marketing', 'Reddit Pixel'],
    ['hubspotutk', '.shop.example', 'analytics', 'HubSpot Analytics'],
    ['__hstc', '.shop.example', 'analytics', 'HubSpot Analytics'],
    ['__hssc', '.shop.example', 'analytics', 'HubSpot Analytics'],
    ['__hssrc', '.shop.example', 'analytics', 'HubSpot Analytics'],
    ['ajs_anonymous_id', '.shop.example', 'analytics', 'Segment'],
    ['mp_0123456789abcdef0123456789abcdef_mixpanel', '.shop.example', 'analytics', 'Mixpanel'],
    ['AMP_0123456789', '.shop.example', 'analytics', 'Amplitude'],
    ['AMP_TOKEN', '.shop.example', 'analytics', 'Google Analytics'],
    ['PHPSESSID', 'www.shop.example', 'necessary', null],
    ['JSESSIONID', 'www.shop.example', 'necessary', null],
    ['ASP.NET_SessionId', 'www.shop.example', 'necessary', null],
    ['csrftoken', 'www.shop.example', 'necessary', null],
    ['XSRF-TOKEN', 'www.shop.example', 'necessary', null],
    ['SSESS0123456789abcdef0123456789abcdef', 'www.shop.example', 'necessary', null],
    ['__cf_bm', '.shop.example', 'necessary', 'Cloudflare'],
    ['cf_clearance', '.shop.example', 'necessary', 'Cloudflare'],
    ['__stripe_mid', '.shop.example', 'necessary', 'Stripe'],
    ['__stripe_sid', '.shop.example', 'necessary', 'Stripe'],
    ['wp-settings-1', 'www.shop.example', 'functional', null],
    ['wp-settings-time-1', 'www.shop.example', 'functional', null],
  ])('%s on %s -> %s (%s)', (name, domain, category, service) => {
    const result = classify(name, domain);
    expect(result.category).toBe(category);
    expect(result.service?.name ?? null).toBe(service);
    expect(result.consentRecord).toBeUndefined();
  });

  it.each([
    ['CookieConsent', 'Cookiebot'],
    ['OptanonConsent', 'OneTrust'],
    ['OptanonAlertBoxClosed', 'OneTrust'],
    ['euconsent-v2', null],
    ['eupubconsent-v2', null],
    ['cc_cookie', 'CookieConsent (vanilla-cookieconsent)'],
    ['klaro', 'Klaro'],
    ['cookieconsent_status', 'Cookie Consent (Osano open-source library)'],
    ['didomi_token', 'Didomi'],
    ['usprivacy', null],
    ['borlabs-cookie', 'Borlabs Cookie'],
    ['CookieLawInfoConsent', 'CookieYes'],
    ['cmplz_marketing', 'Complianz'],
    ['_iub_cs-12345', 'iubenda'],
    ['uc_settings', 'Usercentrics'],
    ['mtm_consent', 'Matomo (self-hosted or Matomo Cloud)'],
  ])('a consent manager record is necessary: %s (%s)', (name, service) => {
    const result = classify(name);
    expect(result).toMatchObject({ category: 'necessary', consentRecord: true });
    expect(result.service?.name ?? null).toBe(service);
  });

  it('does not apply short, ambiguous names outside their domains', () => {
    expect(classify('fr', 'www.shop.example').category).toBe('unknown');
    expect(classify('IDE', 'www.shop.example').category).toBe('unknown');
    expect(classify('NID', 'www.shop.example').category).toBe('unknown');
    expect(classify('lidc', 'www.shop.example').category).toBe('unknown');
    // A LinkedIn cookie the knowledge base does not name: LinkedIn is social -> marketing.
    expect(classify('brand_new', '.linkedin.com')).toMatchObject({ category: 'marketing', service: { name: 'LinkedIn' } });
  });

  it('falls back to the category of the third party that set the cookie, and to unknown', () => {
    expect(classify('x', '.criteo.com')).toMatchObject({ category: 'marketing', service: { name: 'Criteo', country: 'FR' } });
    expect(classify('x', '.intercom.io')).toMatchObject({ category: 'functional' });
    expect(classify('x', '.hcaptcha.com')).toMatchObject({ category: 'necessary' });
    expect(classify('x', '.onetrust.com')).toMatchObject({ category: 'necessary', consentRecord: true });
    expect(classify('x', '.youtube.com')).toMatchObject({ category: 'unknown', service: { name: 'YouTube' } });
    expect(classify('x', '.jsdelivr.net')).toMatchObject({ category: 'unknown' });
    expect(classify('x', '.nobody.example')).toEqual({ category: 'unknown' });
    // A first-party cookie is never classified by the site's own domain.
    expect(classifyCookie({ name: 'x', domain: '.facebook.com' }, true, matchService)).toEqual({ category: 'unknown' });
  });

  it('maps every service category to a cookie category', () => {
    expect(cookieCategoryForService({ category: 'session-replay', tracking: true })).toBe('analytics');
    expect(cookieCategoryForService({ category: 'social', tracking: true })).toBe('marketing');
    expect(cookieCategoryForService({ category: 'other', tracking: true })).toBe('marketing');
    expect(cookieCategoryForService({ category: 'other', tracking: false })).toBe('unknown');
    expect(cookieCategoryForService({ category: 'tag-manager', tracking: false })).toBe('unknown');
  });
});
