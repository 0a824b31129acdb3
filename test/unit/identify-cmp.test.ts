/**
 * identifyCmp: a CMP named from the page's own fingerprints, strongest clue first, with the
 * documented tie-breaks (shared values count half; more exclusive evidence wins; one vendor's
 * products tie to the first in the table; anything else ambiguous names nobody).
 */
import { describe, expect, it } from 'vitest';
import type { CmpClueKind, CmpClues, CmpIdentity } from '../../src/model/consent.js';
import { identifyCmp, type IdentifyCmpInput } from '../../src/judge/consent-manager.js';

interface Case {
  name: string;
  clues?: Partial<CmpClues>;
  scriptUrls?: string[];
  cookieNames?: string[];
  storageKeys?: string[];
  /** Expected id and detectedBy, or null. */
  expected: { id: string; detectedBy: CmpClueKind[]; tcfCmpId?: number } | null;
}

function input(c: Case): IdentifyCmpInput {
  return {
    ...(c.clues ? { clues: { globals: [], dom: [], autoconsentRules: [], ...c.clues } } : {}),
    scriptUrls: c.scriptUrls ?? [],
    cookieNames: c.cookieNames ?? [],
    storageKeys: c.storageKeys ?? [],
  };
}

const CASES: Case[] = [
  {
    name: 'Cookiebot by everything it shows',
    clues: { globals: ['Cookiebot', 'CookieConsent'], dom: ['#CybotCookiebotDialog'], autoconsentRules: ['Cybotcookiebot'], tcfCmpId: 134 },
    scriptUrls: ['https://consent.cookiebot.com/uc.js?cbid=0000'],
    cookieNames: ['CookieConsent', '_ga'],
    expected: { id: 'cookiebot', detectedBy: ['tcf', 'global', 'script', 'autoconsent', 'dom', 'cookie'], tcfCmpId: 134 },
  },
  {
    name: 'the shared CookieConsent global plus the CookieConsent cookie is Cookiebot',
    clues: { globals: ['CookieConsent'] },
    cookieNames: ['CookieConsent'],
    expected: { id: 'cookiebot', detectedBy: ['global', 'cookie'] },
  },
  {
    name: 'the shared CookieConsent global plus cc_cookie is orestbida CookieConsent',
    clues: { globals: ['CookieConsent'] },
    cookieNames: ['cc_cookie'],
    expected: { id: 'cookieconsent-orestbida', detectedBy: ['global', 'cookie'] },
  },
  {
    name: 'orestbida CookieConsent by its #cc-main element and script',
    clues: { globals: ['CookieConsent'], dom: ['#cc-main'] },
    scriptUrls: ['https://cdn.jsdelivr.net/gh/orestbida/cookieconsent@3.1.0/dist/cookieconsent.umd.js'],
    expected: { id: 'cookieconsent-orestbida', detectedBy: ['global', 'script', 'dom'] },
  },
  {
    name: 'a lone CookieConsent global is ambiguous (Cookiebot and orestbida both define it)',
    clues: { globals: ['CookieConsent'] },
    expected: null,
  },
  {
    name: "Osano's open-source cookieconsent by its cookieconsent_status cookie",
    cookieNames: ['cookieconsent_status'],
    expected: { id: 'cookieconsent-osano', detectedBy: ['cookie'] },
  },
  {
    name: 'tarteaucitron by its global and a self-hosted script path',
    clues: { globals: ['tarteaucitron'] },
    scriptUrls: ['https://www.example.fr/assets/tarteaucitron/tarteaucitron.js?v=1.9'],
    expected: { id: 'tarteaucitron', detectedBy: ['global', 'script'] },
  },
  {
    name: 'a known TCF CMP id alone',
    clues: { tcfCmpId: 7 },
    expected: { id: 'didomi', detectedBy: ['tcf'], tcfCmpId: 7 },
  },
  {
    name: 'an unknown TCF CMP id alone',
    clues: { tcfCmpId: 9999 },
    expected: { id: 'tcf-9999', detectedBy: ['tcf'], tcfCmpId: 9999 },
  },
  {
    name: 'an unknown TCF CMP id is still copied when other clues name the CMP',
    clues: { tcfCmpId: 9999, globals: ['Didomi'] },
    expected: { id: 'didomi', detectedBy: ['global'], tcfCmpId: 9999 },
  },
  {
    name: 'a known TCF id loses to stronger evidence of another CMP, and is still copied',
    clues: { tcfCmpId: 7, globals: ['Cookiebot'], dom: ['#CybotCookiebotDialog'] },
    cookieNames: ['CookieConsent'],
    expected: { id: 'cookiebot', detectedBy: ['global', 'dom', 'cookie'], tcfCmpId: 7 },
  },
  {
    name: 'an autoconsent rule alone names the CMP it is mapped to',
    clues: { autoconsentRules: ['tarteaucitron deny'] },
    expected: { id: 'tarteaucitron', detectedBy: ['autoconsent'] },
  },
  {
    name: 'an autoconsent rule nobody maps never becomes a name',
    clues: { autoconsentRules: ['cc_banner', 'HEURISTIC'] },
    expected: null,
  },
  {
    name: 'nothing at all',
    expected: null,
  },
  {
    name: 'no clues, and cookies and scripts of no CMP',
    scriptUrls: ['https://www.googletagmanager.com/gtm.js?id=GTM-X', 'not a url'],
    cookieNames: ['_ga', 'session'],
    storageKeys: ['theme'],
    expected: null,
  },
  {
    name: 'CookiePro: its script host beats the OneTrust SDK it shares',
    clues: { globals: ['OneTrust', 'OptanonWrapper'], dom: ['#onetrust-consent-sdk'], autoconsentRules: ['Onetrust'], tcfCmpId: 28 },
    scriptUrls: ['https://cookie-cdn.cookiepro.com/scripttemplates/otSDKStub.js'],
    cookieNames: ['OptanonConsent'],
    expected: { id: 'cookiepro', detectedBy: ['tcf', 'global', 'script', 'autoconsent', 'dom', 'cookie'], tcfCmpId: 28 },
  },
  {
    name: 'OneTrust from its CDN',
    clues: { globals: ['OneTrust'], tcfCmpId: 28 },
    scriptUrls: ['https://cdn.cookielaw.org/scripttemplates/otSDKStub.js'],
    expected: { id: 'onetrust', detectedBy: ['tcf', 'global', 'script'], tcfCmpId: 28 },
  },
  {
    name: 'OneTrust self-hosted: the SDK path',
    clues: { globals: ['OneTrust'] },
    scriptUrls: ['https://www.example.com/consent/scripttemplates/otSDKStub.js'],
    expected: { id: 'onetrust', detectedBy: ['global', 'script'] },
  },
  {
    name: 'only what OneTrust and CookiePro share: the vendor tie goes to OneTrust, listed first',
    clues: { globals: ['OneTrust'] },
    cookieNames: ['OptanonConsent', 'OptanonAlertBoxClosed'],
    expected: { id: 'onetrust', detectedBy: ['global', 'cookie'] },
  },
  {
    name: 'the CookieYes plugin: its longer plugin path beats the legacy entry',
    scriptUrls: ['https://blog.example/wp-content/plugins/cookie-law-info/lite/frontend/js/script.min.js'],
    cookieNames: ['cookieyes-consent'],
    expected: { id: 'cookieyes', detectedBy: ['script', 'cookie'] },
  },
  {
    name: 'the legacy Cookie Law Info banner of the same plugin',
    clues: { globals: ['CLI'], dom: ['#cookie-law-info-bar'] },
    scriptUrls: ['https://blog.example/wp-content/plugins/cookie-law-info/legacy/public/js/cookie-law-info-public.js'],
    cookieNames: ['viewed_cookie_policy', 'cookielawinfo-checkbox-analytics'],
    expected: { id: 'cookie-law-info', detectedBy: ['global', 'script', 'dom', 'cookie'] },
  },
  {
    name: "an old Complianz on Osano's open-source library: Complianz's own clues win over the rule name",
    clues: { globals: ['complianz', 'cookieconsent'], dom: ['.cc-window'], autoconsentRules: ['Complianz optin'] },
    scriptUrls: ['https://shop.example/wp-content/plugins/complianz-gdpr/cookiebanner/js/complianz.min.js'],
    cookieNames: ['cmplz_marketing', 'cmplz_banner-status'],
    // The rule and .cc-window belong to the library entry: detectedBy lists what matched Complianz.
    expected: { id: 'complianz', detectedBy: ['global', 'script', 'cookie'] },
  },
  {
    name: 'a cookie prefix: iubenda consent cookie with a site id',
    cookieNames: ['_iub_cs-12345678'],
    expected: { id: 'iubenda', detectedBy: ['cookie'] },
  },
  {
    name: 'host suffixes match on label boundaries only',
    scriptUrls: ['https://notcookiebot.com/uc.js', 'https://consent.cookiebot.com.evil.example/uc.js'],
    expected: null,
  },
  {
    name: 'a storage key alone is weak but specific enough',
    storageKeys: ['TERMLY_API_CACHE'],
    expected: { id: 'termly', detectedBy: ['storage'] },
  },
  {
    name: 'a dotted global: Tealium consent module',
    clues: { globals: ['utag.gdpr'], dom: ['#__tealiumGDPRecModal'] },
    cookieNames: ['CONSENTMGR'],
    expected: { id: 'tealium', detectedBy: ['global', 'dom', 'cookie'] },
  },
  {
    name: 'a Shopify shop whose banner is a third-party app (Pandectes)',
    clues: { dom: ['#pandectes-banner'], autoconsentRules: ['pandectes'] },
    cookieNames: ['_tracking_consent', '_pandectes_gdpr'],
    expected: { id: 'pandectes', detectedBy: ['autoconsent', 'dom', 'cookie'] },
  },
];

describe('identifyCmp', () => {
  it.each(CASES)('$name', (c) => {
    const identity = identifyCmp(input(c));
    if (c.expected === null) {
      expect(identity).toBeNull();
      return;
    }
    expect(identity).not.toBeNull();
    const { id, detectedBy, tcfCmpId } = identity as CmpIdentity;
    expect({ id, detectedBy, ...(tcfCmpId !== undefined ? { tcfCmpId } : {}) }).toEqual(c.expected);
  });

  it('fills name and vendor from the table', () => {
    expect(identifyCmp(input({ name: '', clues: { globals: ['Didomi'] }, expected: null }))).toEqual({
      id: 'didomi',
      name: 'Didomi',
      vendor: 'Didomi SAS',
      detectedBy: ['global'],
    });
    expect(identifyCmp(input({ name: '', clues: { tcfCmpId: 4242 }, expected: null }))).toEqual({
      id: 'tcf-4242',
      name: 'IAB TCF CMP #4242',
      vendor: 'unknown (not in the bundled CMP list)',
      detectedBy: ['tcf'],
      tcfCmpId: 4242,
    });
  });

  it('ignores a TCF CMP id that is not a positive integer', () => {
    expect(identifyCmp(input({ name: '', clues: { tcfCmpId: 0 }, expected: null }))).toBeNull();
    expect(identifyCmp(input({ name: '', clues: { tcfCmpId: 1.5, globals: ['Didomi'] }, expected: null }))?.tcfCmpId).toBeUndefined();
  });

  it('has enough cases', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(12);
  });
});
