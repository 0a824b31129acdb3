import { beforeEach, describe, expect, it } from 'vitest';
import { NetworkCollector } from '../../src/gather/collectors/network.js';
import { FakeCdp, fakePage, frameTree, requestWillBeSent, response, responseExtraInfo } from '../helpers/fake-cdp.js';

let cdp: FakeCdp;
let clock: number;
let network: NetworkCollector;

beforeEach(async () => {
  cdp = new FakeCdp({ 'Network.enable': {}, 'Page.enable': {}, 'Page.getFrameTree': frameTree('main') });
  clock = 0;
  network = new NetworkCollector({ page: fakePage(cdp), now: () => clock });
  await network.attach();
});

describe('network collector: attach', () => {
  it('listens before enabling the Network domain, and does not record request bodies', () => {
    expect(cdp.methods()).toEqual(['Network.enable', 'Page.enable', 'Page.getFrameTree']);
    expect(cdp.sent[0].params).toEqual({ maxPostDataSize: 0 });
    expect(cdp.listenerCount('Network.requestWillBeSent')).toBe(1);
    expect(cdp.listenerCount('Network.responseReceivedExtraInfo')).toBe(1);
  });
});

describe('network collector: requests', () => {
  it('records each request with host, method, type, frame and initiator', async () => {
    clock = 12.4;
    cdp.emit(
      'Network.requestWillBeSent',
      requestWillBeSent('1', 'https://cdn.tracker.test/px.gif?id=42', {
        type: 'Image',
        frameId: 'main',
        initiator: { type: 'script', stack: { callFrames: [{ functionName: '', scriptId: '1', url: '', lineNumber: 0, columnNumber: 0 }, { functionName: 'f', scriptId: '2', url: 'https://site.test/app.js', lineNumber: 1, columnNumber: 2 }] } },
      }),
    );
    cdp.emit('Network.requestWillBeSent', requestWillBeSent('2', 'https://ads.test/frame.html', { type: 'Document', frameId: 'child', documentURL: 'https://ads.test/frame.html' }));
    const { requests } = await network.collect();
    expect(requests).toEqual([
      {
        url: 'https://cdn.tracker.test/px.gif?id=42',
        host: 'cdn.tracker.test',
        method: 'GET',
        type: 'image',
        frameUrl: 'https://site.test/',
        isMainFrame: true,
        initiator: { type: 'script', url: 'https://site.test/app.js' },
        time: 12,
        afterConsent: false,
      },
      expect.objectContaining({ host: 'ads.test', type: 'document', isMainFrame: false, frameUrl: 'https://ads.test/frame.html' }),
    ]);
  });

  it('skips schemes that never reach the network', async () => {
    cdp.emit('Network.requestWillBeSent', requestWillBeSent('1', 'data:image/png;base64,AAAA'));
    cdp.emit('Network.requestWillBeSent', requestWillBeSent('2', 'blob:https://site.test/x'));
    cdp.emit('Network.requestWillBeSent', requestWillBeSent('3', 'https://site.test/ok.js'));
    expect((await network.collect()).requests.map((r) => r.url)).toEqual(['https://site.test/ok.js']);
  });

  it('takes status from the response and the document status from the main frame only', async () => {
    cdp.emit('Network.requestWillBeSent', requestWillBeSent('doc', 'https://site.test/', { frameId: 'main', type: 'Document' }));
    cdp.emit('Network.requestWillBeSent', requestWillBeSent('ifr', 'https://ads.test/', { frameId: 'child', type: 'Document' }));
    cdp.emit('Network.responseReceived', { requestId: 'ifr', loaderId: 'l', timestamp: 0, type: 'Document', response: response('https://ads.test/', 500), hasExtraInfo: false });
    cdp.emit('Network.responseReceived', { requestId: 'doc', loaderId: 'l', timestamp: 0, type: 'Document', response: response('https://site.test/', 404), hasExtraInfo: false });
    const page = await network.collect();
    expect(page.documentStatus).toBe(404);
    expect(page.requests.map((r) => r.status)).toEqual([404, 500]);
  });

  it('the main frame follows Page.frameNavigated', async () => {
    cdp.emit('Page.frameNavigated', { frame: { ...frameTree('new-main').frameTree.frame }, type: 'Navigation' });
    cdp.emit('Page.frameNavigated', { frame: { ...frameTree('child').frameTree.frame, parentId: 'new-main' }, type: 'Navigation' });
    cdp.emit('Network.requestWillBeSent', requestWillBeSent('1', 'https://site.test/a', { frameId: 'new-main' }));
    cdp.emit('Network.requestWillBeSent', requestWillBeSent('2', 'https://site.test/b', { frameId: 'main' }));
    expect((await network.collect()).requests.map((r) => r.isMainFrame)).toEqual([true, false]);
  });

  it('gives a redirected request the redirect status and records the new hop', async () => {
    cdp.emit('Network.requestWillBeSent', requestWillBeSent('1', 'http://site.test/'));
    cdp.emit('Network.requestWillBeSent', requestWillBeSent('1', 'https://site.test/', { redirectResponse: response('http://site.test/', 301) }));
    const { requests } = await network.collect();
    expect(requests.map((r) => [r.url, r.status])).toEqual([
      ['http://site.test/', 301],
      ['https://site.test/', undefined],
    ]);
  });

  it('records why a request failed: blocked reason, cancellation, or the network error', async () => {
    for (const id of ['a', 'b', 'c']) cdp.emit('Network.requestWillBeSent', requestWillBeSent(id, `https://site.test/${id}`));
    cdp.emit('Network.loadingFailed', { requestId: 'a', timestamp: 0, type: 'Script', errorText: 'net::ERR_BLOCKED_BY_CLIENT', blockedReason: 'mixed-content' });
    cdp.emit('Network.loadingFailed', { requestId: 'b', timestamp: 0, type: 'Script', errorText: 'net::ERR_ABORTED', canceled: true });
    cdp.emit('Network.loadingFailed', { requestId: 'c', timestamp: 0, type: 'Script', errorText: 'net::ERR_NAME_NOT_RESOLVED' });
    expect((await network.collect()).requests.map((r) => r.failure)).toEqual(['blocked:mixed-content', 'canceled', 'net::ERR_NAME_NOT_RESOLVED']);
  });

  it('collect() hands over one page and starts the next', async () => {
    cdp.emit('Network.requestWillBeSent', requestWillBeSent('1', 'https://site.test/one'));
    expect((await network.collect()).requests).toHaveLength(1);
    cdp.emit('Network.requestWillBeSent', requestWillBeSent('2', 'https://site.test/two'));
    const second = await network.collect();
    expect(second.requests.map((r) => r.url)).toEqual(['https://site.test/two']);
    expect(second.refusedCookies).toEqual([]);
    expect(second.documentStatus).toBeUndefined();
  });
});

describe('network collector: consent action', () => {
  it('marks requests started after the click, and unmarks everything when the click did not happen', async () => {
    cdp.emit('Network.requestWillBeSent', requestWillBeSent('1', 'https://site.test/before'));
    network.markConsentAction();
    cdp.emit('Network.requestWillBeSent', requestWillBeSent('2', 'https://site.test/after'));
    const marked = (await network.collect()).requests;
    expect(marked.map((r) => r.afterConsent)).toEqual([false, true]);

    network.markConsentAction();
    cdp.emit('Network.requestWillBeSent', requestWillBeSent('3', 'https://site.test/maybe'));
    network.revertConsentAction();
    cdp.emit('Network.requestWillBeSent', requestWillBeSent('4', 'https://site.test/later'));
    expect((await network.collect()).requests.map((r) => r.afterConsent)).toEqual([false, false]);
  });
});

describe('network collector: consent marked from the next document (the withdraw phase)', () => {
  it('counts what the current document still sends (its unload beacons) as before, and what the next top-level document does as after', async () => {
    network.markConsentAction({ fromNextDocument: true });
    cdp.emit('Network.requestWillBeSent', requestWillBeSent('1', 'https://www.google-analytics.test/g/collect?en=user_engagement', { type: 'Ping' }));
    cdp.emit('Page.frameNavigated', { frame: { ...frameTree('child').frameTree.frame, parentId: 'main' }, type: 'Navigation' });
    cdp.emit('Network.requestWillBeSent', requestWillBeSent('2', 'https://ads.test/frame-beacon', { frameId: 'child' }));
    cdp.emit('Page.frameNavigated', { frame: { ...frameTree('main').frameTree.frame }, type: 'Navigation' });
    cdp.emit('Network.requestWillBeSent', requestWillBeSent('3', 'https://www.googletagmanager.test/gtag/js'));
    expect((await network.collect()).requests.map((r) => [r.url.split('/')[3], r.afterConsent])).toEqual([
      ['g', false],
      ['frame-beacon', false],
      ['gtag', true],
    ]);
  });

  it('a revert before the next document cancels the pending mark', async () => {
    network.markConsentAction({ fromNextDocument: true });
    network.revertConsentAction();
    cdp.emit('Page.frameNavigated', { frame: { ...frameTree('main').frameTree.frame }, type: 'Navigation' });
    cdp.emit('Network.requestWillBeSent', requestWillBeSent('1', 'https://site.test/next'));
    expect((await network.collect()).requests.map((r) => r.afterConsent)).toEqual([false]);
  });
});

describe('network collector: in-flight bookkeeping for the quiet wait', () => {
  it('counts unfinished requests that are not stale and moves lastActivity on start and end', () => {
    clock = 100;
    cdp.emit('Network.requestWillBeSent', requestWillBeSent('1', 'https://site.test/slow'));
    clock = 150;
    cdp.emit('Network.requestWillBeSent', requestWillBeSent('2', 'https://site.test/fast'));
    expect(network.lastActivity).toBe(150);
    expect(network.activePending(1_000)).toBe(2);
    clock = 200;
    cdp.emit('Network.loadingFinished', { requestId: '2', timestamp: 0, encodedDataLength: 10 });
    expect(network.lastActivity).toBe(200);
    expect(network.activePending(1_000)).toBe(1);
    clock = 1_150;
    // Request 1 has been silent for over a second: a long poll no longer holds the wait.
    expect(network.activePending(1_000)).toBe(0);
    // An unknown request ending does not count as activity.
    cdp.emit('Network.loadingFinished', { requestId: 'nope', timestamp: 0, encodedDataLength: 0 });
    expect(network.lastActivity).toBe(200);
  });
});

describe('network collector: Set-Cookie', () => {
  it('names the cookies a response set and remembers them by name@domain (host-only by response host)', async () => {
    cdp.emit('Network.requestWillBeSent', requestWillBeSent('1', 'https://www.site.test/'));
    cdp.emit('Network.responseReceivedExtraInfo', responseExtraInfo('1', ['sid=abc; Path=/; HttpOnly', 'ga=1; Domain=.Site.Test']));
    const { requests } = await network.collect();
    expect(requests[0].setCookies).toEqual(['sid', 'ga']);
    expect([...network.httpSetCookies().entries()]).toEqual([
      ['sid@www.site.test', { name: 'sid', domain: 'www.site.test' }],
      ['ga@site.test', { name: 'ga', domain: 'site.test' }],
    ]);
  });

  it('keeps the Set-Cookie record for the whole phase, across pages', async () => {
    cdp.emit('Network.requestWillBeSent', requestWillBeSent('1', 'https://site.test/'));
    cdp.emit('Network.responseReceivedExtraInfo', responseExtraInfo('1', ['a=1']));
    await network.collect();
    await network.collect();
    expect(network.httpSetCookies().has('a@site.test')).toBe(true);
  });

  it('ignores headers of responses it did not record', async () => {
    cdp.emit('Network.responseReceivedExtraInfo', responseExtraInfo('unknown', ['a=1']));
    expect(network.httpSetCookies().size).toBe(0);
  });
});
