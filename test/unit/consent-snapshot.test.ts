/**
 * takeConsentSnapshot over a fake DevTools session: what it asks, what it keeps (hashes, never
 * values), how it survives a page that throws, hangs or lies.
 */
import { readFileSync } from 'node:fs';
import { GVL, TCModel, TCString } from '@iabtechlabtcf/core';
import { describe, expect, it } from 'vitest';
import type { Protocol } from '../../src/gather/browser/types.js';
import { sanitiseConsentState, takeConsentSnapshot, valueHash } from '../../src/gather/consent/consent-snapshot.js';
import { FakeCdp, jarCookie } from '../helpers/fake-cdp.js';

const STATE = { cmps: [{ cmp: 'cookiebot', choice: 'none', detail: 'Cookiebot.hasResponse is false' }], errors: [], elapsedMs: 4 };
const STORAGE = { origin: 'https://www.shop.test', entries: [['localStorage', 'cc_choice', 'secret-1'], ['sessionStorage', 'tab', 'secret-2']], errors: [] };

function evaluated(value: unknown): Protocol.Runtime.evaluateReturnValue {
  return { result: { type: 'object', value } };
}

/** Answers the two in-page calls by what their expression runs. */
function pageAnswers(state: unknown = STATE, storage: unknown = STORAGE) {
  return (params: Protocol.Runtime.evaluateParameters | undefined) =>
    params?.expression.includes('function readTopStorage') ? evaluated(storage) : evaluated(state);
}

function tcString(purposes: number[]): string {
  const gvl = new GVL(JSON.parse(readFileSync(new URL('../../fixtures/sites/www.tcf-portal.test/cmp/vendor-list.json', import.meta.url), 'utf8')));
  const model = new TCModel(gvl);
  model.cmpId = 999;
  model.cmpVersion = 1;
  model.isServiceSpecific = true;
  model.purposeConsents.set(purposes);
  model.vendorConsents.set([32]);
  return TCString.encode(model);
}

describe('takeConsentSnapshot', () => {
  it('reads the whole cookie jar and the top document storage as hashes, and the consent state in the main world', async () => {
    const cdp = new FakeCdp({
      'Network.getAllCookies': { cookies: [jarCookie('cc_cookie', '.Shop.test', { value: 'secret-a' }), jarCookie('uid', 'tracker.test', { value: 'secret-b' })] },
      'Runtime.evaluate': pageAnswers(),
    });
    const snapshot = await takeConsentSnapshot(cdp, 7, 1_000);
    expect([...snapshot.cookies.keys()]).toEqual(['cc_cookie@shop.test', 'uid@tracker.test']);
    expect(snapshot.cookies.get('cc_cookie@shop.test')).toBe(valueHash('secret-a'));
    expect([...snapshot.storage.keys()]).toEqual(['https://www.shop.test|localStorage|cc_choice', 'https://www.shop.test|sessionStorage|tab']);
    expect(snapshot.state).toEqual(STATE);
    expect(snapshot.error).toBeUndefined();
    expect(JSON.stringify({ c: [...snapshot.cookies], s: [...snapshot.storage], state: snapshot.state })).not.toMatch(/secret/);

    const evaluations = cdp.sent.filter((s) => s.method === 'Runtime.evaluate').map((s) => s.params as Protocol.Runtime.evaluateParameters);
    expect(evaluations).toHaveLength(2);
    for (const params of evaluations) expect(params).toMatchObject({ contextId: 7, returnByValue: true, awaitPromise: true, silent: true, timeout: 1_000 });
    expect(evaluations.some((p) => p.expression.startsWith('(async function readConsentState('))).toBe(true);
  });

  it("uses the top frame's default context when no main context is known", async () => {
    const cdp = new FakeCdp({ 'Network.getAllCookies': { cookies: [] }, 'Runtime.evaluate': pageAnswers() });
    await takeConsentSnapshot(cdp, undefined, 1_000);
    for (const sent of cdp.sent.filter((s) => s.method === 'Runtime.evaluate')) expect(sent.params).not.toHaveProperty('contextId');
  });

  it('one entry per name and domain: a change on any path changes it', async () => {
    const jar = (v: string) => [jarCookie('pref', 'shop.test', { value: 'x', path: '/' }), jarCookie('pref', 'shop.test', { value: v, path: '/shop' })];
    const first = await takeConsentSnapshot(new FakeCdp({ 'Network.getAllCookies': { cookies: jar('1') }, 'Runtime.evaluate': pageAnswers() }), 1, 1_000);
    const second = await takeConsentSnapshot(new FakeCdp({ 'Network.getAllCookies': { cookies: jar('2') }, 'Runtime.evaluate': pageAnswers() }), 1, 1_000);
    expect(first.cookies.size).toBe(1);
    expect(first.cookies.get('pref@shop.test')).not.toBe(second.cookies.get('pref@shop.test'));
  });

  it('falls back on Storage.getCookies', async () => {
    const cdp = new FakeCdp({ 'Storage.getCookies': { cookies: [jarCookie('a', 'shop.test')] }, 'Runtime.evaluate': pageAnswers() });
    const snapshot = await takeConsentSnapshot(cdp, 1, 1_000);
    expect([...snapshot.cookies.keys()]).toEqual(['a@shop.test']);
    expect(snapshot.error).toBeUndefined();
  });

  it('a page that never answers costs at most the timeout, and the parts that worked are kept', async () => {
    const cdp = new FakeCdp({ 'Network.getAllCookies': { cookies: [jarCookie('a', 'shop.test')] }, 'Runtime.evaluate': () => new Promise(() => {}) });
    const started = Date.now();
    const snapshot = await takeConsentSnapshot(cdp, 1, 150);
    expect(Date.now() - started).toBeLessThan(600);
    expect(snapshot.cookies.size).toBe(1);
    expect(snapshot.state).toBeUndefined();
    expect(snapshot.error).toBe('storage: no answer within 150 ms; state: no answer within 150 ms');
  });

  it('a page that throws, and a browser without cookie commands, become error text', async () => {
    const cdp = new FakeCdp({
      'Runtime.evaluate': { result: { type: 'undefined' }, exceptionDetails: { exceptionId: 1, text: 'Uncaught', lineNumber: 0, columnNumber: 0, exception: { type: 'object', description: 'TypeError: boom\n    at x' } } },
    });
    const snapshot = await takeConsentSnapshot(cdp, 1, 500);
    expect(snapshot.cookies.size).toBe(0);
    expect(snapshot.error).toBe("cookies: Protocol error (Network.getAllCookies): 'Network.getAllCookies' wasn't found; storage: the page threw: TypeError: boom; state: the page threw: TypeError: boom");
  });

  it('passes on storage areas the page could not read', async () => {
    const cdp = new FakeCdp({ 'Network.getAllCookies': { cookies: [] }, 'Runtime.evaluate': pageAnswers(STATE, { origin: 'https://a.test', entries: [], errors: ['localStorage: denied'] }) });
    expect((await takeConsentSnapshot(cdp, 1, 500)).error).toBe('storage: localStorage: denied');
  });
});

describe('sanitiseConsentState (the page is not trusted)', () => {
  it('keeps only known CMPs, known choices and well-formed fields', () => {
    const state = sanitiseConsentState({
      cmps: [
        { cmp: 'cookiebot', choice: 'accepted', detail: 'x'.repeat(500), optionalOn: 3, optionalOff: -1 },
        { cmp: 'evil', choice: 'accepted', detail: '' },
        { cmp: 'klaro', choice: 'maybe', detail: '' },
        'junk',
      ],
      tcf: { tcString: 42, eventStatus: 'tcloaded', purposeConsents: 1.5, cmpId: 7 },
      consentMode: { updates: 2, lastUpdate: { ad_storage: 'granted', analytics_storage: 'yes', 'bad key': 'denied' }, defaults: 'no' },
      errors: ['a', 3],
      elapsedMs: 12,
    });
    expect(state).toEqual({
      cmps: [{ cmp: 'cookiebot', choice: 'accepted', detail: 'x'.repeat(300), optionalOn: 3 }],
      tcf: { eventStatus: 'tcloaded', cmpId: 7 },
      consentMode: { updates: 2, lastUpdate: { ad_storage: 'granted' } },
      errors: ['a'],
      elapsedMs: 12,
    });
    expect(sanitiseConsentState(null)).toBeUndefined();
    expect(sanitiseConsentState({ cmps: 'no' })).toBeUndefined();
  });

  it("counts the TC string's own consents over the page's word; an undecodable string keeps the page's counts", () => {
    const accepted = sanitiseConsentState({ cmps: [], errors: [], elapsedMs: 1, tcf: { tcString: tcString([1, 2, 3, 4]), purposeConsents: 0, vendorConsents: 0 } });
    expect(accepted?.tcf).toMatchObject({ purposeConsents: 4, vendorConsents: 1 });
    const garbage = sanitiseConsentState({ cmps: [], errors: [], elapsedMs: 1, tcf: { tcString: 'not a tc string', purposeConsents: 2, vendorConsents: 5 } });
    expect(garbage?.tcf).toEqual({ tcString: 'not a tc string', purposeConsents: 2, vendorConsents: 5 });
  });
});
