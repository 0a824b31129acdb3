import { describe, expect, it } from 'vitest';
import { NetworkCollector } from '../../src/gather/collectors/network.js';
import { FakeCdp, fakePage, frameTree, requestWillBeSent, responseExtraInfo } from '../helpers/fake-cdp.js';

async function attached(): Promise<{ cdp: FakeCdp; network: NetworkCollector }> {
  const cdp = new FakeCdp({ 'Network.enable': {}, 'Page.enable': {}, 'Page.getFrameTree': frameTree('main') });
  const network = new NetworkCollector({ page: fakePage(cdp), now: () => 0 });
  await network.attach();
  return { cdp, network };
}

describe('refused Set-Cookie headers', () => {
  it('are recorded with the browser’s reasons and the response URL, and do not count as set', async () => {
    const { cdp, network } = await attached();
    cdp.emit('Network.requestWillBeSent', requestWillBeSent('1', 'https://ads.test/sync'));
    cdp.emit(
      'Network.responseReceivedExtraInfo',
      responseExtraInfo(
        '1',
        ['uid=1; Domain=.other.test; SameSite=None; Secure', 'ok=1; SameSite=None; Secure'],
        [{ cookieLine: 'uid=1; Domain=.other.test; SameSite=None; Secure', blockedReasons: ['InvalidDomain'] }],
      ),
    );
    const { refusedCookies, requests } = await network.collect();
    expect(refusedCookies).toEqual([{ name: 'uid', domain: 'other.test', url: 'https://ads.test/sync', reasons: ['InvalidDomain'] }]);
    expect(requests[0].setCookies).toEqual(['ok']);
    expect([...network.httpSetCookies().keys()]).toEqual(['ok@ads.test']);
  });

  it('a header-less refusal still counts, lines without a name are skipped, and an unknown response leaves the URL empty', async () => {
    const { cdp, network } = await attached();
    cdp.emit(
      'Network.responseReceivedExtraInfo',
      responseExtraInfo('gone', [], [
        { cookieLine: 'tp=1', blockedReasons: ['ThirdPartyPhaseout', 'SameSiteLax'] },
        { cookieLine: '=nameless', blockedReasons: ['SyntaxError'] },
      ]),
    );
    expect((await network.collect()).refusedCookies).toEqual([{ name: 'tp', domain: undefined, url: '', reasons: ['ThirdPartyPhaseout', 'SameSiteLax'] }]);
  });

  it('belong to the page they happened on', async () => {
    const { cdp, network } = await attached();
    cdp.emit('Network.requestWillBeSent', requestWillBeSent('1', 'https://ads.test/a'));
    cdp.emit('Network.responseReceivedExtraInfo', responseExtraInfo('1', [], [{ cookieLine: 'x=1', blockedReasons: ['SecureOnly'] }]));
    expect((await network.collect()).refusedCookies).toHaveLength(1);
    expect((await network.collect()).refusedCookies).toEqual([]);
  });
});
