/**
 * The bundled CMP fingerprint table (src/data/cmps.json): enough real products, well-formed
 * entries, unique ids, names and TCF ids, and autoconsent rule names that exist in the installed
 * @duckduckgo/autoconsent.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { load } from 'cheerio';
import { describe, expect, it } from 'vitest';
import { CMP_FINGERPRINTS, cmpById, cmpForAutoconsentRule, cmpForTcfId, isConsentCookieName, isConsentHost, probeTargets, type CmpFingerprint } from '../../src/data/cmps.js';

const require = createRequire(import.meta.url);

/** Names of every rule autoconsent bundles: the JSON rules and the code-based CMPs of its build. */
function autoconsentRuleNames(): Set<string> {
  const rules = require('@duckduckgo/autoconsent/rules/rules.json') as { autoconsent: Array<{ name: string }> };
  const names = new Set(rules.autoconsent.map((rule) => rule.name));
  const build = readFileSync(require.resolve('@duckduckgo/autoconsent'), 'utf8');
  for (const match of build.matchAll(/this\.name = "([^"]+)"/g)) names.add(match[1]!);
  names.delete('BASERULE');
  names.delete('HEURISTIC');
  return names;
}

/** Page-visible fingerprint kinds of an entry (the autoconsent mapping is not one). */
function fingerprintKinds(cmp: CmpFingerprint): string[] {
  const kinds: string[] = [];
  if (cmp.tcfCmpIds?.length) kinds.push('tcf');
  if (cmp.globals.length) kinds.push('globals');
  if (cmp.scripts.length) kinds.push('scripts');
  if (cmp.dom.length) kinds.push('dom');
  if (cmp.cookies.length) kinds.push('cookies');
  if (cmp.storage.length) kinds.push('storage');
  return kinds;
}

const REQUIRED_IDS = [
  'cookiebot', 'onetrust', 'didomi', 'klaro', 'orejime', 'tarteaucitron', 'cookieconsent-orestbida', 'cookieconsent-osano',
  'usercentrics', 'cookieyes', 'complianz', 'borlabs', 'iubenda', 'axeptio', 'osano', 'termly', 'cookiefirst', 'cookie-script',
  'cookiehub', 'consentmanager', 'quantcast-choice', 'sourcepoint', 'trustarc',
];

describe('CMP fingerprint table', () => {
  it('has at least 60 entries with unique ids and names, and the ids other code relies on', () => {
    expect(CMP_FINGERPRINTS.length).toBeGreaterThanOrEqual(60);
    const ids = CMP_FINGERPRINTS.map((cmp) => cmp.id);
    const names = CMP_FINGERPRINTS.map((cmp) => cmp.name);
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(names).size).toBe(names.length);
    expect(REQUIRED_IDS.filter((id) => !ids.includes(id))).toEqual([]);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
  });

  it('gives every entry a vendor, https sources and at least two kinds of fingerprint', () => {
    for (const cmp of CMP_FINGERPRINTS) {
      expect(cmp.vendor.trim(), cmp.id).not.toBe('');
      expect(cmp.source.length, cmp.id).toBeGreaterThan(0);
      for (const url of cmp.source) expect(url, cmp.id).toMatch(/^https:\/\/[^\s/]+\.[a-z]{2,}(?:\/\S*)?$/);
      expect(fingerprintKinds(cmp).length, `${cmp.id}: ${fingerprintKinds(cmp).join(', ')}`).toBeGreaterThanOrEqual(2);
    }
  });

  it('lists each TCF CMP id once, and cites the IAB CMP list for it', () => {
    const seen = new Map<number, string>();
    for (const cmp of CMP_FINGERPRINTS) {
      for (const tcfId of cmp.tcfCmpIds ?? []) {
        expect(seen.get(tcfId), `TCF id ${tcfId} in ${cmp.id}`).toBeUndefined();
        seen.set(tcfId, cmp.id);
        expect(Number.isInteger(tcfId) && tcfId > 0).toBe(true);
      }
      if (cmp.tcfCmpIds) expect(cmp.source, cmp.id).toContain('https://cmplist.consensu.org/v2/cmp-list.json');
    }
  });

  it('maps only autoconsent rules that exist in the installed autoconsent', () => {
    const known = autoconsentRuleNames();
    expect(known.size).toBeGreaterThan(100);
    const unknown = CMP_FINGERPRINTS.flatMap((cmp) => cmp.autoconsentRules.filter((rule) => !known.has(rule)).map((rule) => `${cmp.id}: ${rule}`));
    expect(unknown).toEqual([]);
  });

  it('writes script patterns as host: domain suffixes or path: fragments', () => {
    for (const cmp of CMP_FINGERPRINTS) {
      for (const script of cmp.scripts) expect(script, cmp.id).toMatch(/^(?:host:[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}|path:\/\S+)$/);
      expect(new Set(cmp.scripts).size, cmp.id).toBe(cmp.scripts.length);
    }
  });

  it('writes DOM selectors that parse', () => {
    const $ = load('<html><body></body></html>');
    const bad: string[] = [];
    for (const cmp of CMP_FINGERPRINTS) {
      for (const selector of cmp.dom) {
        try {
          $(selector);
        } catch (error) {
          bad.push(`${cmp.id}: ${selector} (${(error as Error).message})`);
        }
        // css-select is lenient where browsers are not: ids and classes cannot start with a digit.
        if (/(^|[\s>+~,(])[#.]-?\d/.test(selector)) bad.push(`${cmp.id}: ${selector} (id or class starts with a digit)`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('writes globals as property paths and names with at most a trailing *', () => {
    for (const cmp of CMP_FINGERPRINTS) {
      for (const name of cmp.globals) expect(name, cmp.id).toMatch(/^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*$/);
      for (const name of [...cmp.cookies, ...cmp.storage]) {
        expect(name.slice(0, -1).includes('*'), `${cmp.id}: ${name}`).toBe(false);
        expect(name.trim(), cmp.id).toBe(name);
        expect(name.length, cmp.id).toBeGreaterThan(name.endsWith('*') ? 3 : 1);
      }
    }
  });
});

describe('CMP table look-ups', () => {
  it('finds entries by id, TCF id and autoconsent rule', () => {
    expect(cmpById('cookiebot')?.name).toBe('Cookiebot');
    expect(cmpById('nope')).toBeUndefined();
    expect(cmpForTcfId(134)?.id).toBe('cookiebot');
    expect(cmpForTcfId(28)?.id).toBe('onetrust');
    expect(cmpForTcfId(99999)).toBeUndefined();
    expect(cmpForAutoconsentRule('tarteaucitron deny')?.id).toBe('tarteaucitron');
    expect(cmpForAutoconsentRule('Complianz banner')?.id).toBe('complianz');
    expect(cmpForAutoconsentRule('Complianz optin')?.id).toBe('cookieconsent-osano');
    // Shared by OneTrust and CookiePro: the first in file order.
    expect(cmpForAutoconsentRule('Onetrust')?.id).toBe('onetrust');
    expect(cmpForAutoconsentRule('HEURISTIC')).toBeUndefined();
  });

  it('gives the probe every global and selector once, as fresh arrays', () => {
    const targets = probeTargets();
    expect(new Set(targets.globals).size).toBe(targets.globals.length);
    expect(new Set(targets.dom).size).toBe(targets.dom.length);
    expect(targets.globals).toEqual(expect.arrayContaining(['Cookiebot', 'CookieConsent', 'tarteaucitron', 'utag.gdpr']));
    expect(targets.dom).toEqual(expect.arrayContaining(['#CybotCookiebotDialog', '#onetrust-consent-sdk']));
    expect(targets.globals.filter((g) => g === 'CookieConsent')).toHaveLength(1);
    targets.globals.length = 0;
    expect(probeTargets().globals.length).toBeGreaterThan(0);
  });

  it('is frozen', () => {
    expect(Object.isFrozen(CMP_FINGERPRINTS)).toBe(true);
    expect(Object.isFrozen(CMP_FINGERPRINTS[0])).toBe(true);
    expect(Object.isFrozen(CMP_FINGERPRINTS[0]!.globals)).toBe(true);
  });
});

describe('consent cookie names', () => {
  it('knows the consent records of the table, by exact name or listed prefix', () => {
    expect(isConsentCookieName('OptanonConsent')).toBe(true);
    expect(isConsentCookieName('didomi_token')).toBe(true);
    const prefixed = CMP_FINGERPRINTS.flatMap((c) => c.cookies).find((name) => name.endsWith('*'));
    if (prefixed) expect(isConsentCookieName(`${prefixed.slice(0, -1)}xyz`)).toBe(true);
    expect(isConsentCookieName('_ga')).toBe(false);
    expect(isConsentCookieName('PHPSESSID')).toBe(false);
  });
});

describe('consent hosts', () => {
  it('knows the hosts CMPs serve from, on label boundaries', () => {
    expect(isConsentHost('consent.cookiebot.com')).toBe(true);
    expect(isConsentHost('cdn.cookielaw.org')).toBe(true);
    expect(isConsentHost('notcookiebot.com')).toBe(false);
    expect(isConsentHost('www.example.com')).toBe(false);
  });
});
