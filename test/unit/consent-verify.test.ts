/**
 * Proving a consent click by its effect: consentSignals turns two snapshots and what the bridge
 * saw into signals, isVerified turns the signals into a verdict.
 */
import { describe, expect, it } from 'vitest';
import { takeConsentSnapshot, valueHash, type ConsentSnapshot } from '../../src/gather/consent/consent-snapshot.js';
import type { CmpState, ConsentStateSnapshot } from '../../src/gather/consent/consent-state-script.js';
import { consentSignals, isVerified, type ConsentSignalsInput } from '../../src/gather/consent/verify.js';
import type { ConsentSignal } from '../../src/model/consent.js';
import { FakeCdp, jarCookie } from '../helpers/fake-cdp.js';

const ORIGIN = 'https://www.shop.test';

interface SnapshotParts {
  /** name@domain → value (hashed here, as the snapshot does). */
  cookies?: Record<string, string>;
  /** kind|key → value, for the top document at ORIGIN. */
  storage?: Record<string, string>;
  state?: Partial<ConsentStateSnapshot>;
}

function snap(parts: SnapshotParts = {}): ConsentSnapshot {
  return {
    takenAt: 0,
    cookies: new Map(Object.entries(parts.cookies ?? {}).map(([k, v]) => [k, valueHash(v)])),
    storage: new Map(Object.entries(parts.storage ?? {}).map(([k, v]) => [`${ORIGIN}|${k}`, valueHash(v)])),
    ...(parts.state ? { state: { cmps: [], errors: [], elapsedMs: 1, ...parts.state } } : {}),
  };
}

function input(overrides: Partial<ConsentSignalsInput>): ConsentSignalsInput {
  return {
    action: 'accept',
    before: snap(),
    after: snap(),
    siteDomain: 'shop.test',
    bannerGone: null,
    newThirdPartyScriptHosts: [],
    ...overrides,
  };
}

const kinds = (signals: ConsentSignal[]) => signals.map((s) => `${s.kind}:${s.confirms}`);
const cmp = (id: CmpState['cmp'], choice: CmpState['choice'], extra: Partial<CmpState> = {}): CmpState => ({ cmp: id, choice, detail: 'probe', ...extra });

interface Case {
  name: string;
  input: Partial<ConsentSignalsInput>;
  clickedByScanner: boolean;
  signals: string[];
  verified: boolean;
  /** Words the reason (or a detail) must contain. */
  says?: RegExp;
}

const CASES: Case[] = [
  {
    name: 'dead accept button: the scanner clicked, nothing changed, the banner stayed',
    input: { action: 'accept', bannerGone: false },
    clickedByScanner: true,
    signals: ['banner-gone:false'],
    verified: false,
    says: /^Nothing confirmed the click: the banner is still shown and no consent record, TCF or Consent Mode change appeared\.$/m,
  },
  {
    name: 'autoconsent said done and the banner is gone, but nothing else changed (it may only have hidden it)',
    input: { action: 'reject', bannerGone: true, selfTest: null },
    clickedByScanner: false,
    signals: ['banner-gone:true'],
    verified: false,
    says: /Nothing confirmed the click: the banner was hidden, but not by a click of the scanner/,
  },
  {
    name: 'autoconsent said done, its self-test failed',
    input: { action: 'reject', bannerGone: true, selfTest: false },
    clickedByScanner: false,
    signals: ['banner-gone:true', 'self-test:false'],
    verified: false,
    says: /self-test failed/,
  },
  {
    name: 'autoconsent: banner gone and self-test passed',
    input: { action: 'reject', bannerGone: true, selfTest: true },
    clickedByScanner: false,
    signals: ['banner-gone:true', 'self-test:true'],
    verified: true,
    says: /self-test/,
  },
  {
    name: "the banner closed after the scanner's own click",
    input: { action: 'accept', bannerGone: true },
    clickedByScanner: true,
    signals: ['banner-gone:true'],
    verified: true,
    says: /scanner's own click/,
  },
  {
    name: 'heuristic reject with a new first-party cookie (no consent-like name needed when it is new)',
    input: {
      action: 'reject',
      bannerGone: true,
      before: snap({ cookies: { 'PHPSESSID@www.shop.test': 'a' } }),
      after: snap({ cookies: { 'PHPSESSID@www.shop.test': 'a', 'sc_choice@shop.test': 'r' } }),
    },
    clickedByScanner: true,
    signals: ['banner-gone:true', 'consent-record:true'],
    verified: true,
    says: /cookie "sc_choice" created/,
  },
  {
    name: 'a known consent cookie whose value changed, marked as known',
    input: {
      action: 'accept',
      isConsentCookie: (name) => name === 'CookieConsent',
      before: snap({ cookies: { 'CookieConsent@www.shop.test': '{stamp:-1}' } }),
      after: snap({ cookies: { 'CookieConsent@www.shop.test': '{stamp:1,marketing:true}' } }),
    },
    clickedByScanner: false,
    signals: ['consent-record:true'],
    verified: true,
    says: /cookie "CookieConsent" changed \(a known consent cookie\)/,
  },
  {
    name: 'only noise changed: a rewritten timestamp key, a third-party cookie, a tag cookie',
    input: {
      action: 'reject',
      bannerGone: false,
      before: snap({ storage: { 'localStorage|lastSeen': '1' } }),
      after: snap({
        storage: { 'localStorage|lastSeen': '2' },
        cookies: { 'uid@tracker.test': 'x', '_ga@shop.test': 'GA1.1.1', '__cf_bm@www.shop.test': 'b' },
      }),
    },
    clickedByScanner: true,
    signals: ['banner-gone:false'],
    verified: false,
  },
  {
    name: 'a storage key with a consent-like name that changed counts',
    input: {
      action: 'reject',
      before: snap({ storage: { 'localStorage|cookie-consent': 'pending' } }),
      after: snap({ storage: { 'localStorage|cookie-consent': 'rejected' } }),
    },
    clickedByScanner: true,
    signals: ['consent-record:true'],
    verified: true,
    says: /localStorage "cookie-consent" changed/,
  },
  {
    name: 'a record named in the site\'s language ("choice", "consent") whose value changed counts, as in a withdrawal',
    input: {
      action: 'reject',
      bannerGone: true,
      before: snap({ cookies: { 'gf_wahl@www.shop.test': 'alle', 'le_scelta@www.shop.test': 'tutti', 'zustimmung@www.shop.test': 'ja' } }),
      after: snap({ cookies: { 'gf_wahl@www.shop.test': 'keine', 'le_scelta@www.shop.test': 'nessuno', 'zustimmung@www.shop.test': 'nein' } }),
    },
    clickedByScanner: true,
    signals: ['banner-gone:true', 'consent-record:true'],
    verified: true,
    says: /cookie "gf_wahl" changed, cookie "le_scelta" changed, cookie "zustimmung" changed/,
  },
  {
    name: 'TCF reject that records consents: a contradiction outweighs everything else',
    input: {
      action: 'reject',
      bannerGone: true,
      before: snap({ state: { tcf: { tcString: 'CPinitial', eventStatus: 'cmpuishown', purposeConsents: 0, vendorConsents: 0 } } }),
      after: snap({
        cookies: { 'euconsent-v2@www.shop.test': 'CPafter' },
        state: { tcf: { tcString: 'CPafter', eventStatus: 'useractioncomplete', purposeConsents: 10, vendorConsents: 3 } },
      }),
    },
    clickedByScanner: true,
    signals: ['banner-gone:true', 'consent-record:true', 'tcf:false'],
    verified: false,
    says: /^The TCF consent string contradicts the click: the TC string changed \(useractioncomplete\): 10 purpose consents, 3 vendor consents after reject\.$/m,
  },
  {
    name: 'TCF accept with consents',
    input: {
      action: 'accept',
      before: snap({ state: { tcf: { tcString: 'CPinitial', purposeConsents: 0 } } }),
      after: snap({ state: { tcf: { tcString: 'CPafter', eventStatus: 'useractioncomplete', purposeConsents: 11, vendorConsents: 3 } } }),
    },
    clickedByScanner: false,
    signals: ['tcf:true'],
    verified: true,
    says: /Confirmed by the TCF consent string/,
  },
  {
    name: 'TCF accept whose new string carries no consent',
    input: {
      action: 'accept',
      before: snap({ state: {} }),
      after: snap({ state: { tcf: { tcString: 'CPnew', purposeConsents: 0, vendorConsents: 0 } } }),
    },
    clickedByScanner: true,
    signals: ['tcf:false'],
    verified: false,
    says: /appeared: 0 purpose consents, 0 vendor consents after accept/,
  },
  {
    name: 'an unchanged TC string says nothing',
    input: {
      action: 'reject',
      before: snap({ state: { tcf: { tcString: 'CPsame', purposeConsents: 5 } } }),
      after: snap({ state: { tcf: { tcString: 'CPsame', purposeConsents: 5 } } }),
    },
    clickedByScanner: true,
    signals: [],
    verified: false,
  },
  {
    name: 'TCF reject that stores the same consent-free string: the user action shows in the event status',
    input: {
      action: 'reject',
      before: snap({ state: { tcf: { tcString: 'CPsame', eventStatus: 'cmpuishown', purposeConsents: 0, vendorConsents: 0 } } }),
      after: snap({ state: { tcf: { tcString: 'CPsame', eventStatus: 'useractioncomplete', purposeConsents: 0, vendorConsents: 0 } } }),
    },
    clickedByScanner: true,
    signals: ['tcf:true'],
    verified: true,
    says: /the TC string was confirmed by a user action \(useractioncomplete\): 0 purpose consents, 0 vendor consents/,
  },
  {
    name: 'Consent Mode update denied after reject',
    input: {
      action: 'reject',
      before: snap({ state: { consentMode: { updates: 0, defaults: { ad_storage: 'denied', analytics_storage: 'denied' } } } }),
      after: snap({
        state: {
          consentMode: {
            updates: 1,
            defaults: { ad_storage: 'denied', analytics_storage: 'denied' },
            lastUpdate: { ad_storage: 'denied', analytics_storage: 'denied', ad_user_data: 'denied' },
          },
        },
      }),
    },
    clickedByScanner: false,
    signals: ['consent-mode:true'],
    verified: true,
    says: /1 new Consent Mode update: ad_storage denied, analytics_storage denied/,
  },
  {
    name: 'Consent Mode update granted after reject contradicts',
    input: {
      action: 'reject',
      bannerGone: true,
      before: snap({ state: { consentMode: { updates: 0 } } }),
      after: snap({ state: { consentMode: { updates: 1, lastUpdate: { ad_storage: 'denied', analytics_storage: 'granted' } } } }),
    },
    clickedByScanner: true,
    signals: ['banner-gone:true', 'consent-mode:false'],
    verified: false,
    says: /analytics_storage granted after reject/,
  },
  {
    name: 'Consent Mode: an update that says nothing of storage, and old updates, say nothing',
    input: {
      action: 'accept',
      before: snap({ state: { consentMode: { updates: 2, lastUpdate: { ad_storage: 'granted' } } } }),
      after: snap({ state: { consentMode: { updates: 2, lastUpdate: { ad_storage: 'granted' } } } }),
    },
    clickedByScanner: true,
    signals: [],
    verified: false,
  },
  {
    name: "Consent Mode from gtag's own state when no dataLayer update was pushed",
    input: {
      action: 'accept',
      before: snap({ state: { consentMode: { updates: 0, ics: { ad_storage: 'denied', analytics_storage: 'denied' } } } }),
      after: snap({ state: { consentMode: { updates: 0, ics: { ad_storage: 'granted', analytics_storage: 'granted' } } } }),
    },
    clickedByScanner: true,
    signals: ['consent-mode:true'],
    verified: true,
  },
  {
    name: 'gated tags after accept',
    input: {
      action: 'accept',
      bannerGone: false,
      newThirdPartyScriptHosts: ['www.googletagmanager.com', 'connect.facebook.net', 'a.test', 'b.test', 'c.test', 'd.test', 'a.test'],
    },
    clickedByScanner: true,
    signals: ['banner-gone:false', 'gated-tags:true'],
    verified: true,
    says: /www\.googletagmanager\.com, connect\.facebook\.net, a\.test, b\.test, c\.test and 1 more/,
  },
  {
    name: 'new third-party scripts after a reject prove nothing about the click',
    input: { action: 'reject', newThirdPartyScriptHosts: ['www.googletagmanager.com'] },
    clickedByScanner: true,
    signals: [],
    verified: false,
  },
  {
    name: 'CMP state: none → rejected after reject',
    input: {
      action: 'reject',
      before: snap({ state: { cmps: [cmp('cookiebot', 'none')] } }),
      after: snap({ state: { cmps: [cmp('cookiebot', 'rejected', { optionalOn: 0, optionalOff: 3 })] } }),
    },
    clickedByScanner: false,
    signals: ['cmp-state:true'],
    verified: true,
    says: /cookiebot none → rejected/,
  },
  {
    name: 'CMP state: none → accepted after reject contradicts',
    input: {
      action: 'reject',
      bannerGone: true,
      before: snap({ state: { cmps: [cmp('klaro', 'none')] } }),
      after: snap({ state: { cmps: [cmp('klaro', 'accepted')] } }),
    },
    clickedByScanner: true,
    signals: ['banner-gone:true', 'cmp-state:false'],
    verified: false,
    says: /klaro none → accepted \(probe\) after reject/,
  },
  {
    name: 'CMP state: partial after reject with only necessary categories on confirms; with optional ones on contradicts',
    input: {
      action: 'reject',
      before: snap({ state: { cmps: [cmp('onetrust', 'none'), cmp('tarteaucitron', 'none')] } }),
      after: snap({ state: { cmps: [cmp('onetrust', 'partial', { optionalOn: 0, optionalOff: 2 }), cmp('tarteaucitron', 'partial', { optionalOn: 2, optionalOff: 1 })] } }),
    },
    clickedByScanner: true,
    signals: ['cmp-state:true', 'cmp-state:false'],
    verified: false,
    says: /tarteaucitron none → partial \(probe\): 2 optional categories on after reject/,
  },
  {
    name: 'CMP state: partial of unknown necessity, unchanged states and unknown states say nothing',
    input: {
      action: 'reject',
      before: snap({ state: { cmps: [cmp('didomi', 'none'), cmp('cookieyes', 'rejected'), cmp('osano', 'none')] } }),
      after: snap({ state: { cmps: [cmp('didomi', 'partial'), cmp('cookieyes', 'rejected'), cmp('osano', 'unknown')] } }),
    },
    clickedByScanner: true,
    signals: [],
    verified: false,
  },
  {
    name: 'a failed self-test does not outweigh a strong confirmation',
    input: {
      action: 'accept',
      selfTest: false,
      before: snap({ state: { cmps: [cmp('cookiebot', 'none')] } }),
      after: snap({ state: { cmps: [cmp('cookiebot', 'accepted')] } }),
    },
    clickedByScanner: false,
    signals: ['cmp-state:true', 'self-test:false'],
    verified: true,
  },
];

describe('consentSignals and isVerified', () => {
  for (const c of CASES) {
    it(c.name, () => {
      const signals = consentSignals(input(c.input));
      expect(kinds(signals)).toEqual(c.signals);
      const verdict = isVerified(signals, c.clickedByScanner);
      expect(verdict.verified).toBe(c.verified);
      expect(verdict.reason).toMatch(/^[A-Z].*\.$/);
      if (c.says) expect([verdict.reason, ...signals.map((s) => s.detail)].join('\n')).toMatch(c.says);
    });
  }

  it('with no signals at all, says the banner state could not be told', () => {
    expect(isVerified([], true)).toEqual({
      verified: false,
      reason: 'Nothing confirmed the click: whether the banner closed could not be told and no consent record, TCF or Consent Mode change appeared.',
    });
  });

  it('lists at most five changed keys', () => {
    const after = snap({ cookies: Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`consent_${i}@shop.test`, 'v'])) });
    const [signal] = consentSignals(input({ after }));
    expect(signal.detail).toMatch(/consent_4" created and 3 more after the click$/);
  });

  it('an isConsentCookie that throws does not break the signals', () => {
    const signals = consentSignals(
      input({
        isConsentCookie: () => {
          throw new Error('table broken');
        },
        after: snap({ cookies: { 'cc_cookie@shop.test': 'x' } }),
      }),
    );
    expect(kinds(signals)).toEqual(['consent-record:true']);
  });
});

describe('cookie and storage values never appear in a signal', () => {
  const SECRET = 'SECRET-VALUE-4711';

  /** A snapshot taken through the real code over a fake DevTools session. */
  async function snapshotOf(cookies: Array<[string, string, string]>, storage: Array<[string, string]>, state: unknown): Promise<ConsentSnapshot> {
    const cdp = new FakeCdp({
      'Network.getAllCookies': { cookies: cookies.map(([name, domain, value]) => jarCookie(name, domain, { value })) },
      'Runtime.evaluate': (params) => {
        if (params?.expression.includes('readTopStorage')) {
          return { result: { type: 'object', value: { origin: ORIGIN, entries: storage.map(([key, value]) => ['localStorage', key, value]), errors: [] } } };
        }
        return { result: { type: 'object', value: state } };
      },
    });
    return takeConsentSnapshot(cdp, 7, 1_000);
  }

  it('in details and reasons, for every kind of signal', async () => {
    const before = await snapshotOf([['cc_cookie', '.shop.test', `${SECRET}-old`]], [['consent', `${SECRET}-old`]], { cmps: [{ cmp: 'klaro', choice: 'none', detail: 'x' }], errors: [], elapsedMs: 3 });
    const after = await snapshotOf(
      [
        ['cc_cookie', '.shop.test', `${SECRET}-new`],
        ['new_choice', 'www.shop.test', SECRET],
      ],
      [['consent', `${SECRET}-new`]],
      { cmps: [{ cmp: 'klaro', choice: 'rejected', detail: 'klaro manager consents: on none; off google-analytics', optionalOn: 0 }], errors: [], elapsedMs: 3 },
    );
    expect(JSON.stringify([...after.cookies, ...after.storage])).not.toContain(SECRET);
    const signals = consentSignals(input({ action: 'reject', before, after, bannerGone: true, selfTest: true }));
    expect(kinds(signals)).toEqual(['banner-gone:true', 'consent-record:true', 'cmp-state:true', 'self-test:true']);
    const text = [isVerified(signals, true).reason, ...signals.map((s) => s.detail)].join('\n');
    expect(text).toContain('"cc_cookie" changed');
    expect(text).toContain('"new_choice" created');
    expect(text).not.toContain(SECRET);
  });
});
