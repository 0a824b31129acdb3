/**
 * The in-page CMP probe, run in Node against minimal window/document stand-ins: it finds globals
 * (dotted paths too) and selectors (in open shadow roots too), survives throwing getters and
 * invalid selectors, changes nothing, and works from its toString() alone. And the Node-side
 * wrapper keeps only what it asked for.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { CdpClient } from '../../src/gather/browser/types.js';
import { probeCmp, probeCmpClues, type CmpProbeTargets } from '../../src/gather/consent/cmp-probe.js';

/** A stand-in element: matches the selectors it is given, may host a shadow root. */
interface FakeElement {
  matches: string[];
  shadowRoot: FakeRoot | null;
}

/** A stand-in document or shadow root over a flat list of elements. */
class FakeRoot {
  constructor(readonly elements: FakeElement[]) {}

  querySelector(selector: string): FakeElement | null {
    if (!/^[#.[a-z]/i.test(selector) || selector.endsWith('[')) throw new SyntaxError(`'${selector}' is not a valid selector`);
    return this.elements.find((element) => element.matches.includes(selector)) ?? null;
  }

  querySelectorAll(selector: string): FakeElement[] {
    if (selector !== '*') throw new Error('only * is supported here');
    return this.elements;
  }
}

class FakeDocument extends FakeRoot {
  readonly documentElement: { children: FakeElement[] };
  readonly body: { children: FakeElement[] };

  constructor(elements: FakeElement[], bodyChildren: FakeElement[]) {
    super(elements);
    this.documentElement = { children: [] };
    this.body = { children: bodyChildren };
  }
}

function element(matches: string[], shadowRoot: FakeRoot | null = null): FakeElement {
  return { matches, shadowRoot };
}

const scope = globalThis as Record<string, unknown>;

function install(win: Record<string, unknown>, doc: FakeDocument | undefined): void {
  scope['window'] = win;
  if (doc) scope['document'] = doc;
}

afterEach(() => {
  delete scope['window'];
  delete scope['document'];
});

function fakeWindow(): Record<string, unknown> {
  const win: Record<string, unknown> = {
    Cookiebot: { consent: {} },
    utag: { gdpr: { getConsentState: () => 0 } },
    tC: { version: 1 },
    Sddan: null,
    didomiOnReady: [],
  };
  Object.defineProperty(win, 'OneTrust', {
    enumerable: true,
    get() {
      throw new Error('a hostile getter');
    },
  });
  return win;
}

function fakeDocument(): FakeDocument {
  const shadow = new FakeRoot([element(['.cf_consent-buttons'])]);
  const host = element(['.cf_modal_container'], shadow);
  const dialog = element(['#CybotCookiebotDialog']);
  const filler = Array.from({ length: 20 }, () => element([]));
  return new FakeDocument([...filler, dialog, host], [host]);
}

const TARGETS: CmpProbeTargets = {
  globals: ['Cookiebot', 'OneTrust', 'utag.gdpr', 'tC.privacy', 'Sddan', 'didomiOnReady', 'klaro', ''],
  dom: ['#CybotCookiebotDialog', 'a[', '.cf_consent-buttons', '#didomi-host', '.cf_modal_container'],
};

const EXPECTED = {
  globals: ['Cookiebot', 'utag.gdpr', 'didomiOnReady'],
  dom: ['#CybotCookiebotDialog', '.cf_consent-buttons', '.cf_modal_container'],
};

describe('probeCmpClues (in-page)', () => {
  it('finds globals and selectors, in open shadow roots too, and survives throwing getters and invalid selectors', () => {
    install(fakeWindow(), fakeDocument());
    expect(probeCmpClues(TARGETS)).toEqual(EXPECTED);
  });

  it('works from its serialised source alone, as Runtime.callFunctionOn runs it', () => {
    install(fakeWindow(), fakeDocument());
    const serialised = new Function(`return (${probeCmpClues.toString()});`)() as typeof probeCmpClues;
    expect(serialised(TARGETS)).toEqual(EXPECTED);
  });

  it('changes nothing on the page', () => {
    const win = fakeWindow();
    const doc = fakeDocument();
    install(win, doc);
    const before = { keys: Reflect.ownKeys(win), elements: [...doc.elements], body: [...doc.body.children] };
    probeCmpClues(TARGETS);
    expect(Reflect.ownKeys(win)).toEqual(before.keys);
    expect(doc.elements).toEqual(before.elements);
    expect(doc.body.children).toEqual(before.body);
  });

  it('copes with no document, odd targets and a window that is a proxy throwing on every read', () => {
    install(new Proxy({}, { get: () => { throw new Error('no'); } }), undefined);
    expect(probeCmpClues({ globals: ['Cookiebot'], dom: ['#x'] })).toEqual({ globals: [], dom: [] });
    expect(probeCmpClues(undefined as unknown as CmpProbeTargets)).toEqual({ globals: [], dom: [] });
    expect(probeCmpClues({ globals: [42, null] as unknown as string[], dom: 'nope' as unknown as string[] })).toEqual({ globals: [], dom: [] });
  });

  it('looks at a bounded number of elements for shadow roots', () => {
    const shadow = new FakeRoot([element(['.deep'])]);
    // Far from the end of a huge document and not a child of <body>: beyond the bound.
    const buried = element([], shadow);
    const many = Array.from({ length: 10_000 }, () => element([]));
    install({}, new FakeDocument([buried, ...many], []));
    expect(probeCmpClues({ globals: [], dom: ['.deep'] }).dom).toEqual([]);
    // The same host as a child of <body> is found.
    install({}, new FakeDocument([buried, ...many], [buried]));
    expect(probeCmpClues({ globals: [], dom: ['.deep'] }).dom).toEqual(['.deep']);
  });
});

describe('probeCmp (Node side)', () => {
  it('runs the probe in the given context and keeps only names it asked for', async () => {
    const calls: Array<Record<string, unknown>> = [];
    const cdp = {
      send: async (method: string, params: Record<string, unknown>) => {
        calls.push({ method, ...params });
        return { result: { value: { globals: ['Cookiebot', 'notAsked', 7, 'Cookiebot'], dom: ['#CybotCookiebotDialog', '<script>'] } } };
      },
      on: () => {},
      off: () => {},
    } as unknown as CdpClient;
    const found = await probeCmp(cdp, 17, 1000);
    expect(found).toEqual({ globals: ['Cookiebot'], dom: ['#CybotCookiebotDialog'] });
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ method: 'Runtime.callFunctionOn', executionContextId: 17, returnByValue: true });
    expect(String(calls[0]!['functionDeclaration'])).toContain('probeCmpClues');
    const [targets] = (calls[0]!['arguments'] as Array<{ value: CmpProbeTargets }>).map((a) => a.value);
    expect(targets!.globals).toContain('Cookiebot');
    expect(targets!.dom).toContain('#CybotCookiebotDialog');
  });

  it('returns nothing for an answer of the wrong shape', async () => {
    const cdp = { send: async () => ({ result: { value: 'garbage' } }), on: () => {}, off: () => {} } as unknown as CdpClient;
    expect(await probeCmp(cdp, 1, 1000)).toEqual({ globals: [], dom: [] });
  });
});
