import { describe, expect, it } from 'vitest';
import { BehaviourCollector, mergeRealms, parseWireMessage } from '../../src/gather/collectors/behaviour.js';
import { callerOfStack, type WireMessage, type WireScript } from '../../src/gather/collectors/behaviour-script.js';
import type { Protocol } from '../../src/gather/browser/types.js';
import { FakeCdp, fakePage } from '../helpers/fake-cdp.js';

const PAGE = 'https://site.test/';

function setup(): { cdp: FakeCdp; collector: BehaviourCollector } {
  const cdp = new FakeCdp({
    'Page.enable': {},
    'Runtime.enable': {},
    'Runtime.addBinding': {},
    'Page.addScriptToEvaluateOnNewDocument': { identifier: '1' },
  });
  return { cdp, collector: new BehaviourCollector({ page: fakePage(cdp), now: () => 0 }, 0) };
}

function bindingName(cdp: FakeCdp): string {
  return (cdp.sent.find((s) => s.method === 'Runtime.addBinding')!.params as Protocol.Runtime.addBindingParameters).name;
}

function report(cdp: FakeCdp, message: WireMessage, name = bindingName(cdp)): void {
  cdp.emit('Runtime.bindingCalled', { name, payload: JSON.stringify(message), executionContextId: 1 });
}

const fpScript = (n: number): WireScript => ({
  url: 'https://cdn.fp.example/fp.js',
  inline: false,
  canvas: { textCalls: n, characters: 'Cwm fjordbank', textStyles: ['#f60'], maxWidth: 240, maxHeight: 60, readbacks: [['toDataURL', 240, 60]], readbackCount: n, saveRestoreCalls: 0, canvasListeners: 0 },
  navigator: ['userAgent', 'platform'],
});

describe('behaviour collector', () => {
  it('injects its script into every new document of the main world, with a binding of a random name', async () => {
    const { cdp, collector } = setup();
    await collector.attach();
    expect(cdp.methods()).toEqual(['Page.enable', 'Runtime.enable', 'Runtime.addBinding', 'Page.addScriptToEvaluateOnNewDocument']);
    const name = bindingName(cdp);
    expect(name).toMatch(/^b[0-9a-f]{18}$/);
    const injected = cdp.sent[3]!.params as Protocol.Page.addScriptToEvaluateOnNewDocumentParameters;
    // Main world (no worldName): it must wrap the page's own functions.
    expect(injected.worldName).toBeUndefined();
    expect(injected.source).toContain(JSON.stringify(name));
    expect(injected.source.startsWith('(function instrumentBehaviour(')).toBe(true);
    const other = setup();
    await other.collector.attach();
    expect(bindingName(other.cdp)).not.toBe(name);
  });

  it('keeps the latest counts per document and script, merges documents, and ignores other bindings', async () => {
    const { cdp, collector } = setup();
    await collector.attach();
    report(cdp, { realm: 'r1', doc: PAGE, scripts: [fpScript(1)] });
    report(cdp, { realm: 'r1', doc: PAGE, scripts: [fpScript(3)] }); // cumulative: replaces
    report(cdp, { realm: 'r2', doc: PAGE, scripts: [fpScript(2)] }); // the reloaded page: adds
    report(cdp, { realm: 'r3', doc: PAGE, scripts: [fpScript(50)] }, 'someoneElse');
    const { scriptActivity } = await collector.collect({ url: PAGE, loaded: true });
    expect(scriptActivity).toEqual([
      {
        scriptUrl: 'https://cdn.fp.example/fp.js',
        afterConsent: false,
        canvas: { textCalls: 5, distinctCharacters: 13, textStyles: ['#f60'], maxWidth: 240, maxHeight: 60, readbacks: [{ api: 'toDataURL', width: 240, height: 60 }, { api: 'toDataURL', width: 240, height: 60 }], readbackCount: 5, saveRestoreCalls: 0, canvasListeners: 0 },
        navigatorProperties: ['platform', 'userAgent'],
      },
    ]);
  });

  it('starts a new page at collect: late messages of the documents handed over do not count for the next page', async () => {
    const { cdp, collector } = setup();
    await collector.attach();
    report(cdp, { realm: 'r1', doc: PAGE, scripts: [fpScript(1)] });
    await collector.collect({ url: PAGE, loaded: true });
    report(cdp, { realm: 'r1', doc: PAGE, scripts: [fpScript(9)] }); // pagehide flush of the old page
    expect(await collector.collect({ url: 'https://site.test/next', loaded: true })).toEqual({});
  });

  it('marks documents that first reported after the consent click, and unmarks them when the click is reverted', async () => {
    const { cdp, collector } = setup();
    await collector.attach();
    report(cdp, { realm: 'before', doc: PAGE, scripts: [fpScript(1)] });
    collector.markConsentAction();
    report(cdp, { realm: 'after', doc: PAGE, scripts: [fpScript(1)] });
    const { scriptActivity } = await collector.collect({ url: PAGE, loaded: true });
    expect(scriptActivity!.map((a) => a.afterConsent)).toEqual([false, true]);
    report(cdp, { realm: 'later', doc: PAGE, scripts: [fpScript(1)] });
    collector.revertConsentAction();
    expect((await collector.collect({ url: PAGE, loaded: true })).scriptActivity!.map((a) => a.afterConsent)).toEqual([false]);
  });

  it('names the frame when the calls were made in another document (an iframe of another page)', async () => {
    const { cdp, collector } = setup();
    await collector.attach();
    report(cdp, { realm: 'f', doc: 'https://ads.example/frame.html', scripts: [fpScript(1)] });
    const { scriptActivity } = await collector.collect({ url: PAGE, loaded: true });
    expect(scriptActivity![0]).toMatchObject({ frameUrl: 'https://ads.example/frame.html' });
  });

  it('drops malformed messages and caps what the page sends', () => {
    expect(parseWireMessage('not json')).toBeUndefined();
    expect(parseWireMessage(JSON.stringify({ realm: 1, scripts: [] }))).toBeUndefined();
    const hostile = parseWireMessage(JSON.stringify({ realm: 'r', doc: PAGE, scripts: [{ url: 'https://x.example/a.js', inline: false, navigator: Array.from({ length: 500 }, (_, i) => `p${i}`), canvas: { textCalls: -5, readbacks: [['steal', 1, 1]], characters: 'x'.repeat(10_000) } }, { nope: 1 }] }))!;
    expect(hostile.scripts).toHaveLength(1);
    const [merged] = mergeRealms([{ doc: PAGE, afterConsent: false, scripts: new Map([['a', hostile.scripts[0]!]]) }], PAGE);
    expect(merged!.navigatorProperties).toHaveLength(40);
    expect(merged!.canvas).toMatchObject({ textCalls: 0, readbacks: [], distinctCharacters: 1 });
  });
});

describe('call-stack attribution (runs in the page)', () => {
  const DOC = 'https://shop.example/products?x=1';
  it('skips the instrumentation’s own frames (no URL) and names the first script', () => {
    const stack = [
      'Error',
      '    at script (<anonymous>:120:17)',
      '    at CanvasRenderingContext2D.fillText (<anonymous>:60:9)',
      '    at n (https://cdn.fp.example/fp.min.js?v=3:9:1234)',
      '    at https://shop.example/app.js:1:1',
    ].join('\n');
    expect(callerOfStack(stack, [DOC])).toEqual({ url: 'https://cdn.fp.example/fp.min.js?v=3', inline: false });
  });

  it('an inline script is the document itself (hash ignored)', () => {
    expect(callerOfStack('Error\n    at <anonymous>:1:1\n    at https://shop.example/products?x=1:12:5', [`${DOC}#top`])).toEqual({ url: DOC, inline: true });
  });

  it('eval’d code is attributed to the script that called eval', () => {
    const stack = 'Error\n    at hook (<anonymous>:5:5)\n    at eval (eval at run (https://tags.example/loader.js:2:10), <anonymous>:1:20)\n    at run (https://tags.example/loader.js:2:10)';
    expect(callerOfStack(stack, [DOC])).toEqual({ url: 'https://tags.example/loader.js', inline: false });
  });

  it('blob: workers and async frames keep their URL', () => {
    expect(callerOfStack('Error\n    at async f (blob:https://shop.example/0f1e-22:3:4)', [DOC])).toEqual({ url: 'blob:https://shop.example/0f1e-22', inline: false });
  });

  it('no page frame at all (the scanner’s own evaluations): not attributed', () => {
    expect(callerOfStack('Error\n    at <anonymous>:1:1\n    at <anonymous>:3:7', [DOC])).toBeNull();
  });
});
