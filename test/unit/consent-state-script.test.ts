/**
 * readConsentState in a real Chromium page: fake CMP globals shaped as the CMPs document them,
 * hostile pages (throwing getters, a __tcfapi that never answers, a replaced Promise), and the
 * real CMP libraries of the offline fixture web (Klaro, vanilla-cookieconsent, Osano's
 * cookieconsent, the IAB's TCF libraries, a Consent Mode banner), before and after a choice.
 *
 * Run inside a loopback-only network namespace:
 *   unshare --net bash -c 'ip link set lo up && npx vitest run test/unit/consent-state-script.test.ts'
 */
import { describe, expect, it } from 'vitest';
import type { BrowserPage } from '../../src/gather/browser/types.js';
import { takeConsentSnapshot, type ConsentSnapshot } from '../../src/gather/consent/consent-snapshot.js';
import { readConsentState, type CmpState, type ConsentStateSnapshot } from '../../src/gather/consent/consent-state-script.js';
import { consentSignals, isVerified } from '../../src/gather/consent/verify.js';
import { useFixtureBrowser } from '../helpers/fixture-browser.js';

const fixtureWeb = useFixtureBrowser();

const freshProfile = () => fixtureWeb.freshProfile();

/** A tab showing `html` at https://probe.test/ (answered through CDP interception). */
async function pageWith(html: string): Promise<BrowserPage> {
  const profile = await freshProfile();
  const page = await profile.newPage(async (p) => {
    p.cdp.on('Fetch.requestPaused', ({ requestId }: { requestId: string }) => {
      p.cdp
        .send('Fetch.fulfillRequest', {
          requestId,
          responseCode: 200,
          responseHeaders: [{ name: 'Content-Type', value: 'text/html; charset=utf-8' }],
          body: Buffer.from(html).toString('base64'),
        })
        .catch(() => {});
    });
    await p.cdp.send('Fetch.enable', { patterns: [{ urlPattern: 'https://probe.test/*' }] });
  });
  await page.goto('https://probe.test/', 15_000);
  return page;
}

async function fixtureSite(host: string): Promise<BrowserPage> {
  const profile = await freshProfile();
  const page = await profile.newPage();
  await page.goto(fixtureWeb.server().origin(host), 15_000);
  return page;
}

async function inPage<T>(page: BrowserPage, expression: string): Promise<T> {
  const { result, exceptionDetails } = await page.cdp.send('Runtime.evaluate', { expression, returnByValue: true, awaitPromise: true });
  if (exceptionDetails) throw new Error(exceptionDetails.exception?.description ?? exceptionDetails.text);
  return result.value as T;
}

/** readConsentState as the scanner runs it: serialised, in the main world, awaited. */
function probe(page: BrowserPage): Promise<ConsentStateSnapshot> {
  return inPage<ConsentStateSnapshot>(page, `(${readConsentState.toString()})()`);
}

async function until(page: BrowserPage, expression: string, timeoutMs = 8_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await inPage<boolean>(page, `Boolean(${expression})`))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${expression}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const byCmp = (state: ConsentStateSnapshot) => Object.fromEntries(state.cmps.map((c) => [c.cmp, c]));
const choices = (state: ConsentStateSnapshot) => Object.fromEntries(state.cmps.map((c) => [c.cmp, c.choice]));

describe('readConsentState against fake CMPs shaped as documented', () => {
  interface FakeCase {
    name: string;
    script: string;
    expect: Partial<Record<CmpState['cmp'], Partial<CmpState>>>;
  }
  const CASES: FakeCase[] = [
    {
      name: 'Cookiebot before a response, and after a reject',
      script: `window.Cookiebot = { hasResponse: false, consent: { necessary: true, preferences: false, statistics: false, marketing: false } };`,
      expect: { cookiebot: { choice: 'none' } },
    },
    {
      name: 'Cookiebot after a partial choice',
      script: `window.Cookiebot = { hasResponse: true, consented: true, consent: { necessary: true, preferences: true, statistics: true, marketing: false } };`,
      expect: { cookiebot: { choice: 'partial', optionalOn: 2, optionalOff: 1, detail: 'Cookiebot.consent: on preferences, statistics; off marketing' } },
    },
    {
      name: 'OneTrust after accept all, with an always-active group beside C0001',
      script: `window.OnetrustActiveGroups = ',C0001,C0002,C0003,C0004,';
        window.OneTrust = { IsAlertBoxClosed: () => true, GetDomainData: () => ({ Groups: [
          { CustomGroupId: 'C0001', Status: 'always active' }, { CustomGroupId: 'C0003', Status: 'always active' },
          { CustomGroupId: 'C0002', Status: 'inactive' }, { CustomGroupId: 'C0004', Status: 'inactive' } ] }) };`,
      expect: { onetrust: { choice: 'accepted', optionalOn: 2, optionalOff: 0 } },
    },
    {
      name: 'OneTrust after reject, and before any choice',
      script: `window.OnetrustActiveGroups = ',C0001,'; window.OneTrust = { IsAlertBoxClosed: () => true };`,
      expect: { onetrust: { choice: 'rejected', optionalOn: 0 } },
    },
    {
      name: 'OneTrust with the banner still open',
      script: `window.OnetrustActiveGroups = ',C0001,'; window.OneTrust = { IsAlertBoxClosed: () => false };`,
      expect: { onetrust: { choice: 'none' } },
    },
    {
      name: 'tarteaucitron with one service allowed, one denied, one waiting',
      script: `window.tarteaucitron = { job: ['gtag', 'facebook', 'youtube'], state: { gtag: true, facebook: false }, services: {} };`,
      expect: { tarteaucitron: { choice: 'partial', optionalOn: 1, optionalOff: 2, detail: 'tarteaucitron.state: on gtag; off facebook, youtube (1 not answered)' } },
    },
    {
      name: 'tarteaucitron before any answer',
      script: `window.tarteaucitron = { job: ['gtag'], state: {} };`,
      expect: { tarteaucitron: { choice: 'none' } },
    },
    {
      name: 'Didomi after disagree-to-all (getCurrentUserStatus)',
      script: `window.Didomi = { shouldConsentBeCollected: () => false, getCurrentUserStatus: () => ({ purposes: { cookies: { id: 'cookies', enabled: false }, analytics: { id: 'analytics', enabled: false } } }) };`,
      expect: { didomi: { choice: 'rejected' } },
    },
    {
      name: 'Didomi, legacy getUserStatus, before a choice',
      script: `window.Didomi = { shouldConsentBeCollected: () => true, getUserStatus: () => ({ purposes: { global: { enabled: [], disabled: [] } } }) };`,
      expect: { didomi: { choice: 'none' } },
    },
    {
      name: 'Orejime v3 after accept all, its mandatory purpose left out',
      script: `window.orejime = { config: { purposes: [{ id: 'necessary', isMandatory: true }, { id: 'group', purposes: [{ id: 'ga' }, { id: 'ads' }] }] },
        manager: { isDirty: () => false, getAllConsents: () => ({ necessary: true, ga: true, ads: true }) } };`,
      expect: { orejime: { choice: 'accepted', optionalOn: 2, optionalOff: 0 } },
    },
    {
      name: 'Orejime v2 after decline',
      script: `window.orejime = { internals: { config: { apps: [{ name: 'session', required: true }, { name: 'ga' }] }, manager: { confirmed: true, consents: { session: true, ga: false } } } };`,
      expect: { orejime: { choice: 'rejected', optionalOn: 0, optionalOff: 1 } },
    },
    {
      name: 'CookieYes after reject',
      script: `window.getCkyConsent = () => ({ isUserActionCompleted: true, categories: { necessary: true, functional: false, analytics: false, performance: false, advertisement: false } });`,
      expect: { cookieyes: { choice: 'rejected', optionalOn: 0, optionalOff: 4 } },
    },
    {
      name: 'CookieFirst before a choice, CookieHub after accept all, Cookie Script after reject',
      script: `window.CookieFirst = { consent: null };
        window.cookiehub = { hasAnswered: () => true, hasConsented: () => true };
        window.CookieScript = { instance: { currentState: () => ({ action: 'reject', categories: ['strict'] }) } };`,
      expect: { cookiefirst: { choice: 'none' }, cookiehub: { choice: 'accepted' }, 'cookie-script': { choice: 'rejected' } },
    },
    {
      name: 'Osano (commercial) after accept, Termly after reject',
      script: `document.cookie = 'osano_consentmanager=stored; path=/';
        window.Osano = { cm: { getConsent: () => ({ ESSENTIAL: 'ACCEPT', ANALYTICS: 'ACCEPT', MARKETING: 'ACCEPT', PERSONALIZATION: 'ACCEPT', OPT_OUT: 'DENY' }) } };
        window.Termly = { getConsentState: () => ({ essential: true, performance: false, analytics: false, advertising: false, social_networking: false, unclassified: false }) };`,
      expect: { osano: { choice: 'accepted', optionalOn: 3 }, termly: { choice: 'rejected' } },
    },
    {
      name: 'Complianz, Borlabs, Axeptio and iubenda read from their cookies (values stay in the page)',
      script: `document.cookie = 'cmplz_banner-status=dismissed; path=/'; document.cookie = 'cmplz_statistics=allow; path=/';
        document.cookie = 'cmplz_marketing=deny; path=/'; document.cookie = 'cmplz_preferences=deny; path=/';
        document.cookie = 'borlabs-cookie=' + encodeURIComponent(JSON.stringify({ consents: { essential: ['borlabs-cookie'], statistics: [], marketing: [] } })) + '; path=/';
        document.cookie = 'axeptio_cookies=' + encodeURIComponent(JSON.stringify({ $$token: 'SECRET-TOKEN', $$completed: true, google_analytics: true, facebook_pixel: true })) + '; path=/';
        document.cookie = '_iub_cs-123=' + encodeURIComponent(JSON.stringify({ timestamp: 'x', purposes: { 1: true, 4: false, 5: false } })) + '; path=/';
        window.complianz = {}; window.BorlabsCookie = {}; window._iub = { cs: { api: {} } };`,
      expect: {
        complianz: { choice: 'partial', optionalOn: 1, optionalOff: 2 },
        borlabs: { choice: 'rejected' },
        axeptio: { choice: 'accepted', optionalOn: 2 },
        iubenda: { choice: 'rejected', optionalOn: 0, optionalOff: 2 },
      },
    },
    {
      name: 'Usercentrics v3 (a promise API) after deny all, and consentmanager after accept',
      script: `window.__ucCmp = { getConsentDetails: () => Promise.resolve({ consent: { status: 'ALL_DENIED', type: 'EXPLICIT' },
          services: { a: { name: 'Google Analytics', essential: false, consent: { given: false } }, b: { name: 'Usercentrics CMP', essential: true, consent: { given: true } } } }) };
        window.__cmp = (command) => command === 'getCMPData' ? { purposeConsents: { 1: true, 2: true }, vendorConsents: {} } : command === 'consentStatus' ? { userChoiceExists: true } : undefined;`,
      expect: { usercentrics: { choice: 'rejected', optionalOn: 0, optionalOff: 1 }, consentmanager: { choice: 'accepted' } },
    },
    {
      name: "Cookiebot's own window.CookieConsent is not taken for vanilla-cookieconsent",
      script: `window.Cookiebot = window.CookieConsent = { hasResponse: true, declined: true, consent: { preferences: false, statistics: false, marketing: false } };`,
      expect: { cookiebot: { choice: 'rejected' } },
    },
  ];

  for (const c of CASES) {
    it(c.name, async () => {
      const page = await pageWith(`<!doctype html><script>${c.script}</script><p>probe</p>`);
      try {
        const state = await probe(page);
        expect(Object.keys(byCmp(state)).sort()).toEqual(Object.keys(c.expect).sort());
        for (const [id, expected] of Object.entries(c.expect)) expect(byCmp(state)[id]).toMatchObject(expected!);
        expect(JSON.stringify(state)).not.toContain('SECRET');
        expect(state.errors).toEqual([]);
      } finally {
        await page.close();
      }
    });
  }

  it('reads the TCF API (addEventListener, then removes its listener) and Consent Mode from gtag pushes', async () => {
    const page = await pageWith(`<!doctype html><script>
      window.removed = [];
      window.__tcfapi = (command, version, callback, parameter) => {
        if (command === 'addEventListener') setTimeout(() => callback({ tcString: 'CPfake', eventStatus: 'useractioncomplete', cmpId: 10, gdprApplies: true,
          listenerId: 5, purpose: { consents: { 1: true, 2: true, 3: false } }, vendor: { consents: { 1: true, 2: false } } }, true), 20);
        if (command === 'removeEventListener') window.removed.push(parameter);
      };
      window.dataLayer = window.dataLayer || [];
      function gtag(){ dataLayer.push(arguments); }
      gtag('consent', 'default', { ad_storage: 'denied', analytics_storage: 'denied', wait_for_update: 500 });
      gtag('js', new Date());
      dataLayer.push({ event: 'gtm.js' });
      gtag('consent', 'update', { analytics_storage: 'granted' });
      gtag('consent', 'update', { ad_storage: 'granted', ad_user_data: 'granted' });
    </script>`);
    try {
      const state = await probe(page);
      expect(state.tcf).toEqual({ tcString: 'CPfake', eventStatus: 'useractioncomplete', cmpId: 10, gdprApplies: true, purposeConsents: 2, vendorConsents: 1 });
      expect(await inPage(page, 'window.removed')).toEqual([5]);
      expect(state.consentMode).toEqual({
        defaults: { ad_storage: 'denied', analytics_storage: 'denied' },
        updates: 2,
        lastUpdate: { ad_storage: 'granted', ad_user_data: 'granted' },
        current: { ad_storage: 'granted', analytics_storage: 'granted', ad_user_data: 'granted' },
      });
      expect(state.cmps).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('a page without any CMP, TCF or Consent Mode gives an empty state', async () => {
    const page = await pageWith('<!doctype html><script>window.dataLayer = [{ event: "x" }];</script><p>plain</p>');
    try {
      const state = await probe(page);
      expect(state).toMatchObject({ cmps: [], errors: [] });
      expect(state).not.toHaveProperty('tcf');
      expect(state).not.toHaveProperty('consentMode');
    } finally {
      await page.close();
    }
  });
});

describe('readConsentState on hostile pages', () => {
  it('survives throwing getters and proxies everywhere it looks', async () => {
    const names = ['Cookiebot', 'OneTrust', 'OnetrustActiveGroups', 'Didomi', 'klaro', 'orejime', 'tarteaucitron', 'CookieConsent', 'cookieconsent', 'UC_UI', '__ucCmp', 'getCkyConsent',
      'cmplz_has_consent', 'complianz', 'BorlabsCookie', '_iub', 'axeptioSDK', 'Osano', 'Termly', 'CookieScript', 'cookiehub', '__cmp', '__tcfapi', 'dataLayer', 'google_tag_data'];
    const page = await pageWith(`<!doctype html><script>
      for (const name of ${JSON.stringify(names)}) Object.defineProperty(window, name, { get() { throw new Error('no ' + name); } });
      window.CookieFirst = new Proxy({}, { get() { throw new Error('proxy'); }, has() { throw new Error('proxy'); } });
      Object.defineProperty(document, 'cookie', { get() { throw new Error('no cookies'); } });
    </script>`);
    try {
      const started = Date.now();
      const state = await probe(page);
      // Bounded, not timed: the probe's budget is 350 ms; the slack is for a busy machine (a hang would never end).
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(state.cmps.length).toBeGreaterThanOrEqual(15);
      expect(state.cmps.every((c) => c.choice === 'unknown')).toBe(true);
      expect(state.tcf).toEqual({ error: '__tcfapi could not be read: no __tcfapi' });
      expect(state).not.toHaveProperty('consentMode');
    } finally {
      await page.close();
    }
  });

  it('resolves in time when __tcfapi never calls back and a promise API never settles', async () => {
    const page = await pageWith(`<!doctype html><script>
      window.__tcfapi = () => {};
      window.__ucCmp = { getConsentDetails: () => new Promise(() => {}) };
      window.Cookiebot = { hasResponse: true, consent: { preferences: true, statistics: true, marketing: true } };
    </script>`);
    try {
      const started = Date.now();
      const state = await probe(page);
      const took = Date.now() - started;
      // Bounded, not timed: the probe gives up after its 350 ms budget instead of waiting for answers
      // that never come; the slack is for a busy machine (speed is measured by npm run bench).
      expect(took).toBeLessThan(5_000);
      expect(state.elapsedMs).toBeLessThan(2_000);
      expect(state.tcf).toEqual({ error: 'the CMP did not answer __tcfapi in time' });
      expect(choices(state)).toEqual({ cookiebot: 'accepted', usercentrics: 'unknown' });
    } finally {
      await page.close();
    }
  });

  it('works when the page replaced Promise, and leaves no trace on the page', async () => {
    const page = await pageWith(`<!doctype html><script>
      window.Promise = function () { throw new Error('no promises here'); };
      window.dataLayer = [['consent', 'default', { ad_storage: 'denied' }]];
      window.__tcfapi = (command, version, callback) => callback({ tcString: 'CPx', eventStatus: 'tcloaded', purpose: { consents: {} }, vendor: { consents: {} } }, true);
    </script>`);
    try {
      const globalsBefore = await inPage<string[]>(page, 'Object.getOwnPropertyNames(window)');
      const state = await probe(page);
      expect(state.tcf).toMatchObject({ tcString: 'CPx', purposeConsents: 0 });
      expect(state.consentMode).toEqual({ defaults: { ad_storage: 'denied' }, updates: 0, current: { ad_storage: 'denied' } });
      expect(await inPage<string[]>(page, 'Object.getOwnPropertyNames(window)')).toEqual(globalsBefore);
      expect(await inPage<number>(page, 'window.dataLayer.length')).toBe(1);
    } finally {
      await page.close();
    }
  });

  it('takeConsentSnapshot is bounded against a page that loops in a getter', async () => {
    const page = await pageWith(`<!doctype html><script>
      Object.defineProperty(window, 'Cookiebot', { get() { for (;;) {} } });
    </script>`);
    try {
      const started = Date.now();
      const snapshot = await takeConsentSnapshot(page.cdp, undefined, 800);
      expect(Date.now() - started).toBeLessThan(2_500);
      expect(snapshot.state).toBeUndefined();
      expect(snapshot.error).toMatch(/^state: /);
    } finally {
      await page.close();
    }
  });
});

describe('the real CMP libraries of the fixture web, before and after a choice', () => {
  interface LibraryCase {
    host: string;
    cmp?: CmpState['cmp'];
    /** Truthy in the page once the CMP is ready for a choice. */
    ready: string;
    /** Makes the choice as the CMP's own buttons or API would. */
    choose: string;
    action: 'accept' | 'reject';
    after: Partial<CmpState> | undefined;
    signals: string[];
  }
  /** The CMP's own button: ready once it is in the page, clicked as the scanner would. */
  const button = (selector: string) => ({ ready: `document.querySelector(${JSON.stringify(selector)})`, choose: `document.querySelector(${JSON.stringify(selector)}).click();` });
  /** Klaro's manager, as its notice buttons use it. */
  const klaro = (accept: boolean) => ({
    ready: 'window.klaro && klaro.getManager && document.querySelector(".klaro .cookie-notice")',
    choose: `const m = klaro.getManager(); m.changeAll(${accept}); m.saveAndApplyConsents();`,
  });
  const CASES: LibraryCase[] = [
    { host: 'www.klaro-shop.test', cmp: 'klaro', ...klaro(true), action: 'accept', after: { choice: 'accepted', optionalOn: 2, optionalOff: 0 }, signals: ['consent-record:true', 'cmp-state:true', 'gated-tags:true'] },
    { host: 'www.klaro-shop.test', cmp: 'klaro', ...klaro(false), action: 'reject', after: { choice: 'rejected', optionalOn: 0, optionalOff: 2 }, signals: ['consent-record:true', 'cmp-state:true'] },
    {
      host: 'www.cc-news.test',
      cmp: 'cookieconsent-orestbida',
      ...button('#cc-main .cm__btn[data-role=necessary]'),
      action: 'reject',
      after: { choice: 'rejected', optionalOn: 0, optionalOff: 2 },
      signals: ['consent-record:true', 'cmp-state:true'],
    },
    {
      host: 'www.cc-news.test',
      cmp: 'cookieconsent-orestbida',
      ...button('#cc-main .cm__btn[data-role=all]'),
      action: 'accept',
      after: { choice: 'accepted', optionalOn: 2, optionalOff: 0 },
      signals: ['consent-record:true', 'cmp-state:true', 'gated-tags:true'],
    },
    { host: 'www.osano-cc.test', cmp: 'cookieconsent-osano', ...button('.cc-window .cc-deny'), action: 'reject', after: { choice: 'rejected' }, signals: ['consent-record:true', 'cmp-state:true'] },
    { host: 'www.tcf-portal.test', ...button('.cmp-banner .cmp-reject'), action: 'reject', after: undefined, signals: ['consent-record:true', 'tcf:true'] },
    { host: 'www.tcf-portal.test', ...button('.cmp-banner .cmp-accept'), action: 'accept', after: undefined, signals: ['consent-record:true', 'tcf:true'] },
    { host: 'www.consent-mode-shop.test', ...button('#cookie-consent:not([hidden]) #cc-reject'), action: 'reject', after: undefined, signals: ['consent-record:true', 'consent-mode:true'] },
  ];

  for (const c of CASES) {
    it(`${c.host}: ${c.action}`, async () => {
      const visitStarted = fixtureWeb.server().log.length;
      const page = await fixtureSite(c.host);
      try {
        await until(page, c.ready);
        const before: ConsentSnapshot = await takeConsentSnapshot(page.cdp, undefined, 2_000);
        expect(before.error).toBeUndefined();
        if (c.cmp) expect(byCmp(before.state!)[c.cmp]).toMatchObject({ choice: 'none' });
        const requestsBefore = fixtureWeb.server().log.length;
        await inPage(page, `(() => { ${c.choose} })()`);
        await new Promise((r) => setTimeout(r, 700));
        const after = await takeConsentSnapshot(page.cdp, undefined, 2_000);
        expect(after.error).toBeUndefined();
        if (c.cmp) expect(byCmp(after.state!)[c.cmp]).toMatchObject(c.after!);
        // Third-party script hosts first requested after the click, as the bridge will pass them.
        const firstParty = c.host.replace(/^www\./, '');
        const hostsBefore = new Set(fixtureWeb.server().log.slice(visitStarted, requestsBefore).map((r) => r.host));
        const newHosts = [...new Set(fixtureWeb.server().log.slice(requestsBefore).map((r) => r.host))].filter((h) => !h.endsWith(firstParty) && !hostsBefore.has(h));
        const signals = consentSignals({ action: c.action, before, after, siteDomain: firstParty, bannerGone: null, newThirdPartyScriptHosts: newHosts });
        expect(signals.map((s) => `${s.kind}:${s.confirms}`)).toEqual(c.signals);
        expect(isVerified(signals, true).verified).toBe(true);
      } finally {
        await page.close();
      }
    });
  }

  it('the TCF portal before a choice: the CMP shows its UI with a TC string that carries no consent', async () => {
    const page = await fixtureSite('www.tcf-portal.test');
    try {
      await until(page, 'document.querySelector(".cmp-banner")');
      const state = await probe(page);
      expect(state.tcf).toMatchObject({ eventStatus: 'cmpuishown', cmpId: 999, gdprApplies: true, purposeConsents: 0, vendorConsents: 0 });
      expect(state.tcf?.tcString).toMatch(/^C/);
    } finally {
      await page.close();
    }
  });
});
