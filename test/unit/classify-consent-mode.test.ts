import { describe, expect, it } from 'vitest';
import { consentModeSignal, isGoogleHost, parseGcs } from '../../src/judge/classify/consent-mode.js';

describe('Google Consent Mode', () => {
  it.each([
    ['G100', { adStorage: 'denied', analyticsStorage: 'denied' }],
    ['G111', { adStorage: 'granted', analyticsStorage: 'granted' }],
    ['G101', { adStorage: 'denied', analyticsStorage: 'granted' }],
    ['G110', { adStorage: 'granted', analyticsStorage: 'denied' }],
    ['G1--', {}],
    ['G1-1', { analyticsStorage: 'granted' }],
    ['garbage', {}],
    ['G200', {}],
    ['G1000', {}],
    ['', {}],
  ])('parses gcs=%s', (gcs, expected) => {
    expect(parseGcs(gcs)).toEqual(expected);
  });

  it('reads gcs and gcd from Google requests only', () => {
    expect(consentModeSignal('https://region1.google-analytics.com/g/collect?v=2&gcs=G101&gcd=13r3v3r2r5l1', 'region1.google-analytics.com')).toEqual({
      gcs: 'G101', gcd: '13r3v3r2r5l1', adStorage: 'denied', analyticsStorage: 'granted',
    });
    expect(consentModeSignal('https://www.google.com/ccm/collect?gcd=13l3l3l3l1', 'www.google.com')).toEqual({ gcd: '13l3l3l3l1' });
    expect(consentModeSignal('https://ad.doubleclick.net/x?gcs=G111', 'ad.doubleclick.net')).toMatchObject({ adStorage: 'granted' });
    expect(consentModeSignal('https://www.google-analytics.com/g/collect?gcs=nonsense', 'www.google-analytics.com')).toEqual({ gcs: 'nonsense' });
    expect(consentModeSignal('https://www.google-analytics.com/g/collect?v=2', 'www.google-analytics.com')).toBeUndefined();
    expect(consentModeSignal('https://tracker.example/collect?gcs=G111', 'tracker.example')).toBeUndefined();
    expect(consentModeSignal('https://notgoogle-analytics.com/collect?gcs=G111', 'notgoogle-analytics.com')).toBeUndefined();
    expect(consentModeSignal('not a url', 'www.google-analytics.com')).toBeUndefined();
  });

  it('knows Google hosts', () => {
    for (const host of ['www.googletagmanager.com', 'region1.analytics.google.com', 'adservice.google.de', 'www.google.co.uk', 'pagead2.googlesyndication.com', 'www.googleadservices.com']) {
      expect(isGoogleHost(host), host).toBe(true);
    }
    for (const host of ['fonts.bunny.net', 'google.example', 'mygoogle.com', '127.0.0.1', '']) expect(isGoogleHost(host), host).toBe(false);
  });
});
