import { describe, expect, it } from 'vitest';
import { TcfCollector } from '../../src/gather/collectors/tcf.js';
import type { Protocol } from '../../src/gather/browser/types.js';
import { FakeCdp, fakePage } from '../helpers/fake-cdp.js';

/** What Runtime.evaluate answers when the in-page TCF reader resolves to `value`. */
function evaluated(value: unknown): Protocol.Runtime.evaluateReturnValue {
  return { result: { type: 'object', value } };
}

function collector(cdp: FakeCdp): TcfCollector {
  return new TcfCollector({ page: fakePage(cdp), now: () => 0 });
}

describe('TCF collector', () => {
  it('asks the page’s CMP through __tcfapi in the main world, awaiting its answer, bounded', async () => {
    const cdp = new FakeCdp({ 'Runtime.evaluate': evaluated({ cmpPresent: true, gdprApplies: true, eventStatus: 'tcloaded', cmpId: 7 }) });
    const part = await collector(cdp).collect({ url: 'https://site.test/', loaded: true });
    expect(part).toEqual({ tcf: { cmpPresent: true, gdprApplies: true, eventStatus: 'tcloaded', cmpId: 7 } });
    const params = cdp.sent[0].params as Protocol.Runtime.evaluateParameters;
    expect(params).toMatchObject({ awaitPromise: true, returnByValue: true, silent: true, timeout: 2_000 });
    expect(params.expression).toContain("__tcfapi('addEventListener', 2");
    expect(params).not.toHaveProperty('contextId');
  });

  it('contributes nothing when the page has no CMP', async () => {
    const cdp = new FakeCdp({ 'Runtime.evaluate': evaluated({ cmpPresent: false }) });
    expect(await collector(cdp).collect({ url: 'https://site.test/', loaded: true })).toEqual({});
  });

  it('passes on what the CMP reported as failure', async () => {
    const cdp = new FakeCdp({ 'Runtime.evaluate': evaluated({ cmpPresent: true, error: 'the CMP reported failure' }) });
    expect(await collector(cdp).collect({ url: 'https://site.test/', loaded: true })).toEqual({ tcf: { cmpPresent: true, error: 'the CMP reported failure' } });
  });

  it('does not ask a page that did not load', async () => {
    const cdp = new FakeCdp({ 'Runtime.evaluate': evaluated({ cmpPresent: true }) });
    expect(await collector(cdp).collect({ url: 'https://site.test/', loaded: false })).toEqual({});
    expect(cdp.sent).toEqual([]);
  });

  it('reports its errors as TCF', () => {
    expect(collector(new FakeCdp()).name).toBe('TCF');
  });
});
