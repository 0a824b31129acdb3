import { describe, expect, it } from 'vitest';
import { CollectorHooks, createCollectors, type Collector, type CollectorContext } from '../../src/gather/collectors/index.js';
import type { ScanError } from '../../src/model/evidence.js';
import { FakeCdp, fakePage, frameTree, jarCookie, requestWillBeSent, responseExtraInfo } from '../helpers/fake-cdp.js';

const visit = { url: 'https://site.test/page', loaded: true };
const never = () => new Promise<never>(() => {});

function withStorage(key: string): Collector {
  return { name: 'storage', collect: async () => ({ storage: [{ kind: 'localStorage', origin: 'https://site.test', key }] }) };
}

describe('collector hooks: failures are recorded, the others still deliver', () => {
  it('a collector that throws becomes a collector error with its name, page and phase', async () => {
    const errors: ScanError[] = [];
    const throwing: Collector = { name: 'cookies', collect: async () => Promise.reject(new Error('Target closed\nstack…')) };
    const hooks = new CollectorHooks([throwing, withStorage('after')], 'accept', errors);
    expect(await hooks.collect(visit)).toEqual({ storage: [{ kind: 'localStorage', origin: 'https://site.test', key: 'after' }] });
    expect(errors).toEqual([{ stage: 'collector', message: 'cookies: Target closed', pageUrl: 'https://site.test/page', phase: 'accept' }]);
  });

  it('a hook that throws before returning a promise is caught the same way', async () => {
    const errors: ScanError[] = [];
    const throwing: Collector = {
      name: 'TCF',
      collect: () => {
        throw new Error('not ready');
      },
    };
    const part = await new CollectorHooks([withStorage('k'), throwing], 'reject', errors).collect(visit);
    expect(part.storage).toHaveLength(1);
    expect(errors.map((e) => e.message)).toEqual(['TCF: not ready']);
  });

  it('a collector that does not answer within the bound says so, in its own words or the default', async () => {
    const errors: ScanError[] = [];
    const silentJar: Collector = { name: 'cookies', unanswered: 'cookie jar did not answer', collect: never };
    const silentPage: Collector = { name: 'TCF', collect: never };
    const part = await new CollectorHooks([silentJar, silentPage, withStorage('k')], 'before', errors, 20).collect(visit);
    expect(part.storage).toHaveLength(1);
    expect(errors.map((e) => e.message)).toEqual(['cookies: cookie jar did not answer', 'TCF: page did not answer']);
  });

  it('the banner hook: a failed screenshot is an error and leaves no picture', async () => {
    const errors: ScanError[] = [];
    const failing: Collector = { name: 'screenshot', bannerShown: async () => Promise.reject(new Error('page crashed')) };
    expect(await new CollectorHooks([failing], 'accept', errors).bannerShown('https://site.test/')).toEqual({});
    expect(errors).toEqual([{ stage: 'collector', message: 'screenshot: page crashed', pageUrl: 'https://site.test/', phase: 'accept' }]);
  });

  it('consent-action hooks reach every collector even when one throws', () => {
    const errors: ScanError[] = [];
    const calls: string[] = [];
    const collectors: Collector[] = [
      {
        name: 'broken',
        markConsentAction: () => {
          throw new Error('no');
        },
      },
      { name: 'network', markConsentAction: () => calls.push('mark'), revertConsentAction: () => calls.push('revert') },
    ];
    const hooks = new CollectorHooks(collectors, 'accept', errors);
    hooks.markConsentAction('https://site.test/');
    hooks.revertConsentAction('https://site.test/');
    expect(calls).toEqual(['mark', 'revert']);
    expect(errors.map((e) => e.message)).toEqual(['broken: no']);
  });

  it('interact: true when one collector acted; one that hangs or throws is an error and the others still act', async () => {
    const errors: ScanError[] = [];
    const acted: string[] = [];
    const typing: Collector = { name: 'form-leak', interact: async () => (acted.push('typed'), true) };
    const idle: Collector = { name: 'idle', interact: async () => false };
    const hanging: Collector = { name: 'stuck', interact: never };
    const hooks = new CollectorHooks([hanging, idle, typing], 'before', errors, 10);
    expect(await hooks.interact(visit)).toBe(true);
    expect(await new CollectorHooks([idle], 'before', []).interact(visit)).toBe(false);
    expect(acted).toEqual(['typed']);
    expect(errors).toEqual([{ stage: 'collector', message: 'stuck: page did not answer', pageUrl: visit.url, phase: 'before' }]);
  });

  it('attach is not guarded: a collector that cannot listen fails the phase', async () => {
    const attached: string[] = [];
    const collectors: Collector[] = [
      { name: 'first', attach: async () => void attached.push('first') },
      { name: 'deaf', attach: async () => Promise.reject(new Error('session closed')) },
      { name: 'never', attach: async () => void attached.push('never') },
    ];
    await expect(CollectorHooks.attach(collectors)).rejects.toThrow('session closed');
    expect(attached).toEqual(['first']);
  });
});

describe('collector registry', () => {
  function context(cdp: FakeCdp): CollectorContext {
    return { page: fakePage(cdp), now: () => 0 };
  }

  it('creates every collector in hook order, fresh for every phase', () => {
    const cdp = new FakeCdp();
    const one = createCollectors(context(cdp), { includeValues: false, screenshotBanner: true });
    const two = createCollectors(context(cdp), { includeValues: false, screenshotBanner: true });
    expect(one.all.map((c) => c.name)).toEqual(['network', 'storage', 'cookies', 'TCF', 'screenshot', 'transport', 'behaviour', 'form-leak']);
    expect(one.all[0]).toBe(one.network);
    for (let i = 0; i < one.all.length; i++) expect(one.all[i]).not.toBe(two.all[i]);
  });

  it('the real collectors together: cookies know the network’s Set-Cookie record, and a failing cookie jar leaves the rest', async () => {
    const cdp = new FakeCdp({
      'Network.enable': {},
      'Page.enable': {},
      'Page.getFrameTree': frameTree('main'),
      'DOMStorage.enable': {},
      'Network.getAllCookies': { cookies: [jarCookie('sid', 'site.test'), jarCookie('_ga', 'site.test')] },
      'Runtime.evaluate': { result: { type: 'object', value: { cmpPresent: false } } },
      'DOM.getDocument': { root: { nodeId: 1, backendNodeId: 1, nodeType: 9, nodeName: '#document', localName: '', nodeValue: '' } },
      'DOM.getOuterHTML': { outerHTML: '<html><body></body></html>' },
      'Runtime.enable': {},
      'Runtime.addBinding': {},
      'Page.addScriptToEvaluateOnNewDocument': { identifier: '1' },
    });
    const collectors = createCollectors(context(cdp), { includeValues: false, screenshotBanner: false });
    await CollectorHooks.attach(collectors.all);
    const errors: ScanError[] = [];
    const hooks = new CollectorHooks(collectors.all, 'before', errors);

    cdp.emit('Network.requestWillBeSent', requestWillBeSent('1', 'https://site.test/', { frameId: 'main' }));
    cdp.emit('Network.responseReceivedExtraInfo', responseExtraInfo('1', ['sid=1; HttpOnly']));
    cdp.emit('DOMStorage.domStorageItemAdded', { storageId: { securityOrigin: 'https://site.test', isLocalStorage: true }, key: 'k', newValue: '' });
    const first = await hooks.collect(visit);
    expect(first.requests?.map((r) => r.url)).toEqual(['https://site.test/']);
    expect(first.cookies?.map((c) => [c.name, c.source])).toEqual([
      ['sid', 'http'],
      ['_ga', 'script'],
    ]);
    expect(first.storage?.map((s) => s.key)).toEqual(['k']);
    expect(first).not.toHaveProperty('tcf');
    expect(errors).toEqual([]);

    cdp.answer('Network.getAllCookies', () => Promise.reject(new Error('Target crashed')));
    cdp.answer('Storage.getCookies', () => Promise.reject(new Error('Target crashed')));
    cdp.emit('Network.requestWillBeSent', requestWillBeSent('2', 'https://site.test/next', { frameId: 'main' }));
    const second = await hooks.collect({ url: 'https://site.test/next', loaded: true });
    expect(second.requests?.map((r) => r.url)).toEqual(['https://site.test/next']);
    expect(second.storage?.map((s) => s.key)).toEqual(['k']);
    expect(second).not.toHaveProperty('cookies');
    expect(errors).toEqual([{ stage: 'collector', message: 'cookies: Target crashed', pageUrl: 'https://site.test/next', phase: 'before' }]);
  });

  it('the banner is photographed only when the registry was asked to', async () => {
    let shots = 0;
    const page = fakePage(new FakeCdp(), { screenshot: async () => (shots++, Buffer.from('x')) });
    const errors: ScanError[] = [];
    const wanted = createCollectors({ page, now: () => 0 }, { includeValues: false, screenshotBanner: true });
    const skipped = createCollectors({ page, now: () => 0 }, { includeValues: false, screenshotBanner: false });
    expect(await new CollectorHooks(wanted.all, 'before', errors).bannerShown('https://site.test/')).toEqual({ bannerScreenshot: `data:image/jpeg;base64,${Buffer.from('x').toString('base64')}` });
    expect(await new CollectorHooks(skipped.all, 'accept', errors).bannerShown('https://site.test/')).toEqual({});
    expect(shots).toBe(1);
    expect(errors).toEqual([]);
  });
});
