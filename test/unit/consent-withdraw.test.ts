/**
 * The withdraw phase without a browser: which recorded page controls are reopen controls (the
 * multilingual phrases, CMP markup, handlers calling a CMP API), the CMP reopen API table called
 * on a stand-in global object, the withdrawal flow on a fake page (page control first, the API
 * as fallback, nothing found), and the records and claims compared before vs after.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { bannersIn } from '../../src/gather/consent/heuristics.js';
import type { FoundContainer, ScanResult } from '../../src/gather/consent/heuristics-script.js';
import type { ConsentSnapshot } from '../../src/gather/consent/consent-snapshot.js';
import { REOPEN_APIS, REOPEN_CALL_PATTERN, REOPEN_MARKERS, availableReopenApis, callReopenApi, candidateLabel, reopenCandidates, type FoundReopenControl } from '../../src/gather/consent/reopen.js';
import type { ConsentSurface } from '../../src/gather/consent/surface.js';
import { consentClaims, recordChanges, skippedWithdrawal, withdrawConsent, type WithdrawalPage } from '../../src/gather/consent/withdraw.js';

const control = (label: string, extra: Partial<FoundReopenControl> = {}): FoundReopenControl => ({ index: 0, label, tag: 'a', floating: false, ...extra });

describe('reopen controls among the recorded page controls', () => {
  it.each([
    ['Cookie settings', 'en'],
    ['Datenschutzeinstellungen', 'de'],
    ['Cookie-Einstellungen', 'de'],
    ['Gérer les cookies', 'fr'],
    ['Manage consent', 'en'],
    ['Preferenze privacy', 'it'],
    ['Nastavení cookies', 'cs'],
    ['Ρυθμίσεις cookies', 'el'],
    ['Privacy-instellingen', 'nl'],
    ['Ustawienia prywatności', 'pl'],
  ])('%j is one', (label) => {
    expect(reopenCandidates('F', [control(label)])).toHaveLength(1);
  });

  it('ignores ordinary links and sentences that merely mention cookies', () => {
    const found = [control('Cookie policy'), control('Home'), control('Read how we use cookie settings on this site'), control('Datenschutzerklärung')];
    expect(reopenCandidates('F', found)).toEqual([]);
  });

  it('takes CMP markup and API handlers whatever their label, best first; a floating button ranks above a plain link', () => {
    const found = [
      control('Cookie settings', { index: 1 }),
      control('Cookie settings', { index: 2, tag: 'button', floating: true }),
      control('', { index: 3, marker: '#CookiebotWidget', tag: 'div', floating: true }),
      control('Change', { index: 4, marker: 'calls klaro.show' }),
    ];
    const ranked = reopenCandidates('F', found);
    expect(ranked.map((c) => c.index)).toEqual([3, 4, 2, 1]);
    expect(ranked.map(candidateLabel)).toEqual(['(#CookiebotWidget)', 'Change', 'Cookie settings', 'Cookie settings']);
  });

  it('knows the documented reopen markup and API calls', () => {
    expect(REOPEN_MARKERS).toEqual(expect.arrayContaining(['[data-cc="show-preferencesModal"]', '#CookiebotWidget', '#tarteaucitronIcon', '.cmplz-manage-consent']));
    const calls = new RegExp(REOPEN_CALL_PATTERN);
    for (const handler of ['return klaro.show();', 'javascript:Cookiebot.renew()', 'CookieConsent.showPreferences()', 'orejime.prompt()', 'OneTrust.ToggleInfoDisplay()']) expect(calls.test(handler), handler).toBe(true);
    expect(calls.test('window.print()')).toBe(false);
  });
});

describe('the CMP reopen API table', () => {
  const g = globalThis as Record<string, unknown>;
  afterEach(() => {
    delete g.klaro;
    delete g.Cookiebot;
    delete g.tarteaucitron;
  });

  it('lists the calls of the APIs the page offers, in table order, and calls one on its owner', () => {
    const calls: string[] = [];
    g.klaro = { show(this: unknown) { calls.push(this === g.klaro ? 'klaro.show on klaro' : 'klaro.show elsewhere'); } };
    g.tarteaucitron = { userInterface: { openPanel() { calls.push('openPanel'); } } };
    g.Cookiebot = { renew: 'not a function' };
    expect(availableReopenApis(REOPEN_APIS)).toEqual(['klaro.show()', 'tarteaucitron.userInterface.openPanel()']);
    expect(callReopenApi(REOPEN_APIS, 'klaro.show()')).toBe(true);
    expect(callReopenApi(REOPEN_APIS, 'tarteaucitron.userInterface.openPanel()')).toBe(true);
    expect(calls).toEqual(['klaro.show on klaro', 'openPanel']);
  });

  it('says false for a missing or throwing API, never throws', () => {
    g.Cookiebot = { renew() { throw new Error('boom'); } };
    expect(callReopenApi(REOPEN_APIS, 'Cookiebot.renew()')).toBe(false);
    expect(callReopenApi(REOPEN_APIS, 'Didomi.preferences.show()')).toBe(false);
    expect(callReopenApi(REOPEN_APIS, 'nothing()')).toBe(false);
  });

  it('has a documented call for each CMP of the brief', () => {
    expect(REOPEN_APIS.map((a) => a.call)).toEqual([
      'klaro.show()', 'CookieConsent.showPreferences()', 'Cookiebot.renew()', 'OneTrust.ToggleInfoDisplay()', 'tarteaucitron.userInterface.openPanel()',
      'orejime.prompt()', 'Didomi.preferences.show()', 'UC_UI.showSecondLayer()', "__cmp('displayConsentUi')",
    ]);
  });
});

const snapshot = (cookies: Record<string, string>, extra: Partial<ConsentSnapshot> = {}): ConsentSnapshot => ({ takenAt: 0, cookies: new Map(Object.entries(cookies)), storage: new Map(), ...extra });

describe('records and claims before vs after the withdrawal', () => {
  it('names first-party consent records by what happened to them, never tags or other sites', () => {
    const before = snapshot({ 'shop_consent@shop.example': 'a', 'CookieConsent@shop.example': 'b', '_ga@shop.example': 'c', 'moebel_wahl@shop.example': 'd', 'consent@tracker.example': 'e' });
    const after = snapshot({ 'shop_consent@shop.example': 'a', 'CookieConsent@shop.example': 'x', 'moebel_wahl@shop.example': 'y', 'consent@tracker.example': 'f' });
    after.storage.set('https://www.shop.example|localStorage|cmp_choice', 'z');
    expect(recordChanges(before, after, 'shop.example', (n) => n === 'CookieConsent')).toEqual([
      { kind: 'cookie', name: 'shop_consent', change: 'unchanged' },
      { kind: 'cookie', name: 'CookieConsent', change: 'changed' },
      { kind: 'cookie', name: 'moebel_wahl', change: 'changed' },
      { kind: 'localStorage', name: 'cmp_choice', change: 'created' },
    ]);
  });

  it('reads the CMP state, the TCF consents and Consent Mode, and says which still claim consent', () => {
    const state = (choice: 'accepted' | 'rejected', purposes: number, mode: 'granted' | 'denied') => ({
      cmps: [{ cmp: 'klaro' as const, choice, detail: 'klaro manager', optionalOn: choice === 'accepted' ? 2 : 0 }],
      tcf: { tcString: 'x', purposeConsents: purposes, vendorConsents: purposes },
      consentMode: { updates: 1, current: { ad_storage: mode, analytics_storage: mode } },
      errors: [],
      elapsedMs: 1,
    });
    const claims = consentClaims(snapshot({}, { state: state('accepted', 10, 'granted') }), snapshot({}, { state: state('rejected', 0, 'granted') }));
    expect(claims).toEqual([
      { source: 'klaro', before: 'accepted (2 optional on)', after: 'rejected (0 optional on)', stillConsented: false },
      { source: 'tcf', before: '10 purpose consents, 10 vendor consents', after: '0 purpose consents, 0 vendor consents', stillConsented: false },
      { source: 'consent-mode', before: 'ad_storage granted, analytics_storage granted', after: 'ad_storage granted, analytics_storage granted', stillConsented: true },
    ]);
  });

  it('records a skipped withdrawal with its reason', () => {
    expect(skippedWithdrawal('no consent banner was found on the start page')).toMatchObject({ via: 'none', done: false, skipped: 'no consent banner was found on the start page', clicks: [] });
  });
});

const box: FoundContainer = { kind: 'dialog', mentionsConsent: true, hasPrivacyLink: false, viewportShare: 0.2, shadowRoot: null };
const layerWith = (labels: string[]): ScanResult => ({ controls: labels.map((label, index) => ({ index, label, tag: 'button', containerKind: 'dialog', depth: 1, container: 0 })), containers: [box], toggles: [], truncated: false });

/** A page whose consent layer appears once `opens` says so; clicks and API calls are logged. */
function fakePage(options: { controls: FoundReopenControl[]; apis?: string[]; opensBy: 'control' | 'api' | 'nothing' }) {
  const log: string[] = [];
  let open = false;
  const surface: ConsentSurface = {
    scan: async () => ({ banners: open ? bannersIn('F', layerWith(['Accept all', 'Reject all'])) : [], failures: [] }),
    click: async (target) => {
      log.push(`click ${target.index}`);
      if (options.opensBy === 'control' && target.index === 7) open = true;
      if (open && target.index === 1) open = false;
      return { clicked: true, trusted: true };
    },
    waitGone: async () => ({ gone: !open, how: open ? 'the banner was still visible' : 'the banner closed' }),
    findSelector: async () => null,
    subframeUrl: () => undefined,
  };
  const page: WithdrawalPage = {
    surface,
    findReopenControls: async () => reopenCandidates('F', options.controls),
    reopenApis: async () => options.apis ?? [],
    callReopenApi: async (call) => {
      log.push(`api ${call}`);
      if (options.opensBy === 'api') open = true;
      return true;
    },
    snapshot: async () => snapshot({ 'shop_consent@shop.example': log.some((l) => l === 'click 1') ? 'refused' : 'all' }),
    proveRefusal: async (outcome) => ({ verified: outcome.bannerGone === true, signals: [{ kind: 'banner-gone', confirms: true, detail: 'the banner is no longer shown' }], verification: 'The banner closed.' }),
    siteDomain: () => 'shop.example',
    isConsentCookie: () => false,
  };
  return { page, log };
}

describe('the withdrawal flow', () => {
  it('reopens by the page control, rejects on the reopened layer and records every click', async () => {
    const { page, log } = fakePage({ controls: [control('Datenschutzeinstellungen', { index: 7 })], apis: ['klaro.show()'], opensBy: 'control' });
    const record = await withdrawConsent(page, 6_000);
    expect(record).toMatchObject({ via: 'page-control', control: 'Datenschutzeinstellungen', done: true, verified: true, path: 'first-layer', apis: ['klaro.show()'] });
    expect(record.clicks.map((c) => [c.role, c.label])).toEqual([['reopen', 'Datenschutzeinstellungen'], ['reject', 'Reject all']]);
    expect(record.records).toEqual([{ kind: 'cookie', name: 'shop_consent', change: 'changed' }]);
    expect(log).toEqual(['click 7', 'click 1']);
  });

  it("falls back to the CMP's API when no page control reopens anything, and says so", async () => {
    const { page, log } = fakePage({ controls: [], apis: ['klaro.show()'], opensBy: 'api' });
    const record = await withdrawConsent(page, 6_000);
    expect(record).toMatchObject({ via: 'cmp-api', api: 'klaro.show()', done: true });
    expect(record.reopenDetail).toMatch(/no control to reopen the consent settings was found.*klaro\.show\(\) reopened the consent settings \(a visitor cannot call it\)/);
    expect(log).toEqual(['api klaro.show()', 'click 1']);
  });

  it('records how it looked when nothing reopens the settings', async () => {
    const { page } = fakePage({ controls: [control('Cookie settings', { index: 3 })], opensBy: 'nothing' });
    const record = await withdrawConsent(page, 4_000);
    expect(record).toMatchObject({ via: 'none', done: false, verified: false, candidates: ['Cookie settings'] });
    expect(record.reopenDetail).toMatch(/"Cookie settings" opened no consent layer; the page offers none of the known CMP reopen APIs/);
  }, 15_000);
});
