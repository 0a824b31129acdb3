import { createHash } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { FormLeakCollector } from '../../src/gather/collectors/form-leak.js';
import { NetworkCollector } from '../../src/gather/collectors/network.js';
import type { FieldFacts } from '../../src/gather/leak/fields.js';
import type { MarkerSet } from '../../src/gather/leak/markers.js';
import { FakeCdp, fakePage, frameTree, requestWillBeSent } from '../helpers/fake-cdp.js';

const markers: MarkerSet = { email: 'GdprScan.k7m2x9qa@example.org', givenName: 'Zavoki', familyName: 'Memurabe', phone: '+44 7700 900123' };
const sha256 = (v: string) => createHash('sha256').update(v).digest('hex');
const facts = (overrides: Partial<FieldFacts>[]): FieldFacts[] =>
  overrides.map((o, index) => ({ index, type: 'text', name: '', id: '', autocomplete: '', label: '', visible: true, disabled: false, readOnly: false, filled: false, inSearch: false, ...o }));

let cdp: FakeCdp;
let network: NetworkCollector;
let leak: FormLeakCollector;
let page: FieldFacts[];
let typed: string[];
let onType: () => void;

beforeEach(async () => {
  page = facts([{ type: 'email', name: 'newsletter' }, { type: 'password', name: 'pw' }, { autocomplete: 'name' }, { type: 'search', name: 'q' }]);
  typed = [];
  onType = () => {};
  cdp = new FakeCdp({
    'Network.enable': {},
    'Page.enable': {},
    'Page.getFrameTree': frameTree('main'),
    'Page.createIsolatedWorld': { executionContextId: 7 },
    'Page.stopLoading': {},
    'Runtime.callFunctionOn': (params) => {
      const fn = params!.functionDeclaration;
      if (fn.startsWith('function listFormFields')) return { result: { type: 'object', value: page } };
      if (fn.startsWith('function blurStoredField')) return { result: { type: 'boolean', value: true } };
      return { result: { type: 'boolean', value: true } };
    },
    'Input.insertText': (params) => {
      typed.push(params!.text);
      onType();
      return {};
    },
    'Input.dispatchKeyEvent': {},
    'Network.getRequestPostData': { postData: '', base64Encoded: false },
    'Network.getAllCookies': { cookies: [] },
  });
  const context = { page: fakePage(cdp), now: () => 0 };
  network = new NetworkCollector(context);
  leak = new FormLeakCollector(context, network, markers);
  await network.attach();
  await leak.attach();
});

describe('form-leak collector', () => {
  it('types the markers into the e-mail and name fields only, and records them', async () => {
    expect(await leak.interact({ url: 'https://site.test/', loaded: true })).toBe(true);
    expect(typed).toEqual([markers.email, 'Zavoki Memurabe']);
    expect(cdp.methods().filter((m) => m === 'Input.dispatchKeyEvent')).toHaveLength(4);
    const { formTyping } = await leak.collect();
    expect(formTyping).toEqual({
      fields: [
        { field: 'email', value: markers.email, element: 'input[type=email][name=newsletter]', recognisedBy: 'type' },
        { field: 'name', value: 'Zavoki Memurabe', element: 'input[type=text]', recognisedBy: 'autocomplete' },
      ],
      durationMs: expect.any(Number),
    });
  });

  it('does nothing on a page that did not load', async () => {
    expect(await leak.interact({ url: 'https://site.test/', loaded: false })).toBe(false);
    expect(typed).toEqual([]);
  });

  it('writes marker matches on the request records, URL and POST body', async () => {
    cdp.answer('Network.getRequestPostData', { postData: Buffer.from(`em=${sha256(markers.email.toLowerCase())}`).toString('base64'), base64Encoded: true });
    cdp.emit('Network.requestWillBeSent', requestWillBeSent('1', `https://px.ads.test/tr?em=${encodeURIComponent(markers.email)}`));
    cdp.emit('Network.requestWillBeSent', requestWillBeSent('2', 'https://px.ads.test/beacon', { request: { url: 'https://px.ads.test/beacon', method: 'POST', headers: {}, hasPostData: true, initialPriority: 'Low', referrerPolicy: 'origin' } }));
    cdp.emit('Network.requestWillBeSent', requestWillBeSent('3', 'https://px.ads.test/plain.gif'));
    await leak.collect();
    const { requests } = await network.collect();
    expect(requests.map((r) => r.markers?.map((m) => `${m.field}:${m.encoding}:${m.where}`))).toEqual([['email:url-encoded:url'], ['email:sha256-hex:body'], undefined]);
  });

  it('stops a navigation the typing sets off and types no further', async () => {
    onType = () => cdp.emit('Page.frameRequestedNavigation', { frameId: 'main', reason: 'scriptInitiated', url: 'https://site.test/thanks', disposition: 'currentTab' });
    await leak.interact({ url: 'https://site.test/', loaded: true });
    expect(typed).toEqual([markers.email]);
    expect(cdp.methods()).toContain('Page.stopLoading');
    expect((await leak.collect()).formTyping?.navigationStopped).toBe('https://site.test/thanks');
  });

  it('records an identifier one party set that another received, without its value', async () => {
    const value = 'u7Hq2ZxP9kLm';
    cdp.answer('Network.getAllCookies', {
      cookies: [{ name: 'uid', value, domain: '.ads-one.test', path: '/', expires: -1, size: 15, httpOnly: true, secure: true, session: true, priority: 'Medium', sourceScheme: 'Secure', sourcePort: 443 }],
    });
    cdp.emit('Network.requestWillBeSent', requestWillBeSent('1', `https://sync.bidder-two.test/match?buid=${value}`));
    const { sharedIdentifiers } = await leak.collect();
    expect(sharedIdentifiers).toEqual([expect.objectContaining({ source: 'cookie', name: 'uid', setBy: '.ads-one.test', sentToHost: 'sync.bidder-two.test', parameter: 'buid' })]);
    expect(JSON.stringify(sharedIdentifiers)).not.toContain(value);
  });

  it('turns a page that does not answer into a recorded error, not a crash', async () => {
    cdp.answer('Page.createIsolatedWorld', () => Promise.reject(new Error('Target closed')));
    expect(await leak.interact({ url: 'https://site.test/', loaded: true })).toBe(false);
    expect((await leak.collect()).formTyping).toEqual({ fields: [], error: 'Target closed', durationMs: expect.any(Number) });
  });
});
