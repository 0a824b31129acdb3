import { describe, expect, it } from 'vitest';
import type { Finding, FindingEvidence, Report } from '../../src/model/report.js';
import { addFingerprints, evidenceKey, evidenceKeySet, fingerprintFinding, pageKey, siteKey } from '../../src/judge/fingerprint.js';

const SITE = 'https://shop.test/';

function finding(overrides: Partial<Finding> = {}): Finding {
  return {
    ruleId: 'tracking-before-consent',
    severity: 'high',
    outcome: 'fail',
    phase: 'before',
    pageUrl: 'https://shop.test/about',
    message: 'Google Analytics received data before consent.',
    evidence: [
      { kind: 'request', value: 'https://www.google-analytics.com/g/collect?v=2&cid=111.222', detail: 'Google Analytics, ping' },
      { kind: 'cookie', value: '_ga@.shop.test', detail: 'analytics, expires in 400 days' },
    ],
    references: ['ePrivacy Directive Art. 5(3)'],
    ...overrides,
  };
}

const fp = (f: Finding, site = SITE) => fingerprintFinding(f, site);

describe('fingerprintFinding', () => {
  it('is the rule id and 16 hex digits', () => {
    expect(fp(finding())).toMatch(/^tracking-before-consent:[0-9a-f]{16}$/);
  });

  it('ignores query strings, fragments and the trailing slash of the page', () => {
    const base = fp(finding());
    expect(fp(finding({ pageUrl: 'https://shop.test/about/?utm_source=x#top' }))).toBe(base);
    expect(fp(finding({ pageUrl: 'http://shop.test/about' }))).toBe(base);
    expect(fp(finding(), 'http://shop.test')).toBe(base);
    expect(fp(finding({ pageUrl: 'https://shop.test/' }))).toBe(fp(finding({ pageUrl: 'https://shop.test' })));
  });

  it('ignores query strings and order of the evidence, the severity, the message and the details', () => {
    const base = fp(finding());
    const reordered = finding({
      severity: 'critical',
      message: 'Other wording.',
      evidence: [
        { kind: 'cookie', value: '_ga@shop.test' },
        { kind: 'request', value: 'https://www.google-analytics.com/g/collect?v=2&cid=999.888…' },
        { kind: 'request', value: 'https://WWW.google-analytics.com/g/collect?v=2&cid=333' },
      ],
    });
    expect(fp(reordered)).toBe(base);
  });

  it('ignores the TC string, which changes on every scan', () => {
    const tcf = (value: string): Finding => finding({ ruleId: 'tcf-consent-mismatch', evidence: [{ kind: 'consent', value }] });
    expect(fp(tcf('TC string CPXxRfAPXxRfAAfKABENB-CgAAAAAAAAAAYgAAAAAAAA'))).toBe(fp(tcf('TC string CPYyAAAPYyAAAAfKABENB-CgAAAAAAAAAAYgAAAAAAAA')));
    expect(fp(tcf('TC string X'))).not.toBe(fp(tcf('TCF state without a TC string')));
  });

  it('tells apart rules, sites, pages, phases and evidence', () => {
    const base = fp(finding());
    const others = [
      fp(finding({ ruleId: 'tracking-after-reject' })),
      fp(finding(), 'https://other.test/'),
      fp(finding({ pageUrl: 'https://shop.test/contact' })),
      fp(finding({ pageUrl: 'https://blog.shop.test/about' })),
      fp(finding({ phase: 'reject' })),
      fp(finding({ phase: undefined })),
      fp(finding({ evidence: [...finding().evidence, { kind: 'request', value: 'https://connect.facebook.net/en_US/fbevents.js' }] })),
      fp(finding({ evidence: [{ kind: 'request', value: 'https://www.google-analytics.com/collect?v=1' }, finding().evidence[1]!] })),
    ];
    expect(new Set([base, ...others]).size).toBe(others.length + 1);
  });

  it('identifies a finding with capped evidence by rule, site, page and phase alone', () => {
    const many = (first: string): FindingEvidence[] => [
      { kind: 'request', value: `https://${first}/p` },
      { kind: 'request', value: 'https://b.test/p' },
      { kind: 'other', value: '+7 more', detail: '7 more items of evidence not listed' },
    ];
    expect(evidenceKeySet(many('a.test'))).toEqual(['many items']);
    expect(fp(finding({ evidence: many('a.test') }))).toBe(fp(finding({ evidence: many('c.test') })));
  });
});

describe('parts of the fingerprint', () => {
  it('site: host without scheme and default port', () => {
    expect(siteKey('https://WWW.Shop.test/de/')).toBe('www.shop.test');
    expect(siteKey('https://shop.test:443/')).toBe('shop.test');
    expect(siteKey('https://shop.test:8443/')).toBe('shop.test:8443');
    expect(siteKey('ftp-less input')).toBe('ftp-less input');
  });

  it('page: path, with the host only when it is not the site host', () => {
    expect(pageKey('https://shop.test/a/b/?q=1', SITE)).toBe('/a/b');
    expect(pageKey('https://www.shop.test/a', SITE)).toBe('www.shop.test/a');
    expect(pageKey(undefined, SITE)).toBe('');
  });

  it('evidence: request host + path, cookie name@domain, other kinds by value', () => {
    expect(
      evidenceKeySet([
        { kind: 'storage', value: 'klaro' },
        { kind: 'cookie', value: '_ga@.Shop.test' },
        { kind: 'request', value: 'https://fonts.googleapis.com/css2?family=Roboto' },
        { kind: 'request', value: 'data:image/gif;base64,R0lGOD?x' },
        { kind: 'consent', value: 'reject all on first layer: no' },
      ]),
    ).toEqual(['consent reject all on first layer: no', 'cookie _ga@shop.test', 'request data:image/gif;base64,R0lGOD', 'request fonts.googleapis.com/css2', 'storage klaro']);
  });
});

describe('structured cookie evidence', () => {
  it('gives the same key, and fingerprint, as the "name@domain" value of older reports', () => {
    const structured: FindingEvidence = { kind: 'cookie', value: '_ga@.Shop.test', detail: 'analytics', cookie: { name: '_ga', domain: '.Shop.test', path: '/' } };
    const old: FindingEvidence = { kind: 'cookie', value: '_ga@.Shop.test', detail: 'analytics' };
    expect(evidenceKey(structured)).toBe('cookie _ga@shop.test');
    expect(evidenceKey(structured)).toBe(evidenceKey(old));
    expect(fp(finding({ evidence: [finding().evidence[0]!, structured] }))).toBe(fp(finding({ evidence: [finding().evidence[0]!, old] })));
  });

  it('reads the structured fields, not the display text, when both are there', () => {
    // A cookie name with an "@" cannot be told apart from its domain in the display text.
    const tricky: FindingEvidence = { kind: 'cookie', value: 'a@b@.shop.test', cookie: { name: 'a@b', domain: '.shop.test', path: '/' } };
    expect(evidenceKey(tricky)).toBe('cookie a@b@shop.test');
    expect(evidenceKey({ kind: 'cookie', value: 'shown differently', cookie: { name: '_fbp', domain: 'Shop.test', path: '/x' } })).toBe('cookie _fbp@shop.test');
  });
});

describe('addFingerprints', () => {
  it('fills every finding with the fingerprint of its site', () => {
    const report = {
      sites: [
        { url: 'https://shop.test/', findings: [finding(), finding({ phase: 'accept' })] },
        { url: 'https://other.test/', findings: [finding({ pageUrl: 'https://other.test/about' })] },
      ],
    } as unknown as Report;
    addFingerprints(report);
    const [a, b] = report.sites[0]!.findings;
    const [c] = report.sites[1]!.findings;
    expect(a!.fingerprint).toBe(fp(finding()));
    expect(b!.fingerprint).toBe(fp(finding({ phase: 'accept' })));
    expect(c!.fingerprint).toBe(fp(finding({ pageUrl: 'https://other.test/about' }), 'https://other.test/'));
    expect(c!.fingerprint).not.toBe(a!.fingerprint);
  });
});
