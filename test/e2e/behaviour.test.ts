/**
 * The behaviour instrumentation against real Chromium and the fixture web: a real fingerprinter
 * (FingerprintJS 3.4.2 from a third-party host), a chart library (Chart.js 4, must score 0), a
 * session-replay script from an unknown host; invisibility from the page (native-looking
 * functions, no new globals), iframes without their own copy, batching, and the per-page cost.
 *
 * Run inside a loopback-only network namespace:
 *   unshare --net bash -c 'ip link set lo up; npx vitest run test/e2e/behaviour.test.ts'
 */
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import type { BrowserPage } from '../../src/gather/browser/types.js';
import { BehaviourCollector } from '../../src/gather/collectors/behaviour.js';
import type { ScriptActivity } from '../../src/model/evidence.js';
import { scoreActivity } from '../../src/judge/behaviour.js';
import { answerWithHtml, useFixtureBrowser } from '../helpers/fixture-browser.js';

const fixtureWeb = useFixtureBrowser();

interface Visit {
  page: BrowserPage;
  collector?: BehaviourCollector;
  bindingMessages: number;
}

/**
 * A fresh profile's tab, instrumented (or not, for comparisons), on `url`. With `html`, requests to
 * `https://<host>/` are answered with it through CDP interception (pages that exist only for one test).
 */
async function open(url: string, options: { instrumented?: boolean; html?: string } = {}): Promise<Visit> {
  const visit: Visit = { page: undefined as unknown as BrowserPage, bindingMessages: 0 };
  const profile = await fixtureWeb.freshProfile();
  visit.page = await profile.newPage(async (p) => {
    if (options.html !== undefined) await answerWithHtml(p, url, options.html);
    p.cdp.on('Runtime.bindingCalled', () => visit.bindingMessages++);
    // Script time is counted from here on (the cost test reads it).
    await p.cdp.send('Performance.enable');
    if (options.instrumented !== false) {
      visit.collector = new BehaviourCollector({ page: p, now: () => performance.now() });
      await visit.collector.attach();
    }
  });
  await visit.page.goto(url, 20_000);
  return visit;
}

/** The activity of the visit once the page had `ms` to run. */
async function activityAfter(visit: Visit, ms: number): Promise<ScriptActivity[]> {
  await sleep(ms);
  const { scriptActivity } = await visit.collector!.collect({ url: visit.page.url(), loaded: true });
  return scriptActivity ?? [];
}

/** Evaluates in the page's own (main) world. */
async function inPage<T>(page: BrowserPage, expression: string): Promise<T> {
  const { result, exceptionDetails } = await page.cdp.send('Runtime.evaluate', { expression, returnByValue: true, awaitPromise: true });
  if (exceptionDetails) throw new Error(`in page: ${exceptionDetails.exception?.description ?? exceptionDetails.text}`);
  return result.value as T;
}

const origin = (host: string) => fixtureWeb.server().origin(host);

describe('fingerprinting', () => {
  it('FingerprintJS 3.4.2 from openfpcdn.io: canvas, audio, fonts, WebGL, navigator and screen, attributed to its URL', async () => {
    const visit = await open(origin('www.fingerprint-moebel.test'));
    try {
      const activity = await activityAfter(visit, 2_500);
      const fp = activity.find((a) => a.scriptUrl.startsWith('https://openfpcdn.io/fingerprintjs/v3.4.2/fp.min.js'));
      expect(fp, JSON.stringify(activity.map((a) => a.scriptUrl))).toBeDefined();
      expect(fp!.canvas!.distinctCharacters).toBeGreaterThanOrEqual(10);
      expect(fp!.canvas!.readbacks.some((r) => r.width >= 16 && r.height >= 16)).toBe(true);
      expect(fp!.canvas!.saveRestoreCalls).toBe(0);
      expect(fp!.audio).toMatchObject({ offlineContexts: 1, oscillators: 1, compressors: 1, renderings: 1 });
      expect(fp!.audio!.sampleReads).toBeGreaterThanOrEqual(1);
      expect(fp!.fonts!.elementFonts).toBeGreaterThanOrEqual(50);
      expect(fp!.webgl?.parameters ?? []).toEqual(expect.arrayContaining(['UNMASKED_RENDERER_WEBGL', 'UNMASKED_VENDOR_WEBGL']));
      expect(fp!.navigatorProperties!.length).toBeGreaterThanOrEqual(6);
      expect(fp!.screenProperties!.length).toBeGreaterThanOrEqual(3);
      const scored = scoreActivity(fp!);
      expect(scored.techniques.filter((t) => t.strong).map((t) => t.technique)).toEqual(expect.arrayContaining(['canvas', 'audio', 'canvas-font', 'webgl']));
      // The inline script that calls it sends the id with sendBeacon: recorded under the page, inline.
      const inline = activity.find((a) => a.inline);
      expect(inline?.scriptUrl).toBe(`${origin('www.fingerprint-moebel.test')}`);
    } finally {
      await visit.page.close();
    }
  });

  it('Chart.js drawing three charts: text on canvases, no read-back, scored 0', async () => {
    const visit = await open(origin('www.chart-stats.test'));
    try {
      const activity = await activityAfter(visit, 1_000);
      const chart = activity.find((a) => a.scriptUrl.endsWith('/vendor/chart.umd.js'));
      expect(chart?.canvas?.textCalls).toBeGreaterThan(10);
      expect(chart!.canvas!.readbackCount).toBe(0);
      for (const a of activity) expect(scoreActivity(a).score, a.scriptUrl).toBe(0);
    } finally {
      await visit.page.close();
    }
  });

  it('counts 10,000 measureText calls in a few binding messages', async () => {
    const html = `<!doctype html><title>flood</title><script>
      const ctx = document.createElement('canvas').getContext('2d');
      for (let i = 0; i < 10000; i++) { ctx.font = (10 + (i % 60)) + 'px font' + (i % 60); ctx.measureText('x' + i); }
    </script>`;
    const visit = await open('https://www.flood.test/', { html });
    try {
      const activity = await activityAfter(visit, 500);
      expect(activity[0]).toMatchObject({ scriptUrl: 'https://www.flood.test/', inline: true, fonts: { measureTextCalls: 10_000, canvasFonts: 60 } });
      expect(visit.bindingMessages).toBeLessThanOrEqual(3);
    } finally {
      await visit.page.close();
    }
  });
});

describe('session replay by behaviour', () => {
  it('the VisitLens recorder: document observed, input and mouse listened to, batches POSTed to its host', async () => {
    const visit = await open(origin('www.replay-unknown.test'));
    try {
      await inPage(visit.page, 'window.scrollTo(0, 200), true');
      const activity = await activityAfter(visit, 2_000);
      const rec = activity.find((a) => a.scriptUrl === 'https://cdn.visitlens.test/rec.js');
      expect(rec?.replay).toMatchObject({ documentObservers: 1, observesAttributes: true, observesCharacterData: true });
      expect(rec!.replay!.listeners).toEqual(expect.arrayContaining(['input', 'keydown', 'mousemove', 'click', 'scroll']));
      const sends = rec!.sends!.find((s) => s.host === 'ingest.visitlens.test');
      expect(sends!.count).toBeGreaterThanOrEqual(2);
      expect(sends!.bytes).toBeGreaterThanOrEqual(1024);
    } finally {
      await visit.page.close();
    }
  });
});

describe('invisible to the page', () => {
  const probe = `(() => {
    const fns = [HTMLCanvasElement.prototype.toDataURL, CanvasRenderingContext2D.prototype.getImageData, Function.prototype.toString,
      Object.getOwnPropertyDescriptor(Navigator.prototype, 'userAgent').get, Object.getOwnPropertyDescriptor(CanvasRenderingContext2D.prototype, 'font').set,
      EventTarget.prototype.addEventListener, MutationObserver.prototype.observe, window.fetch, Object.getOwnPropertyDescriptor(HTMLIFrameElement.prototype, 'contentWindow').get];
    return {
      sources: fns.map((f) => Function.prototype.toString.call(f)),
      viaToString: fns.map((f) => f.toString()),
      shapes: fns.map((f) => [f.name, f.length, Object.getOwnPropertyNames(f).join(','), Object.getPrototypeOf(f) === Function.prototype, 'prototype' in f]),
      globals: Object.getOwnPropertyNames(window).sort(),
      descriptor: Object.entries(Object.getOwnPropertyDescriptor(Navigator.prototype, 'userAgent')).map(([k, v]) => k + ':' + typeof v).join(','),
    };
  })()`;

  it('wrapped functions look native and no global is added', async () => {
    // A page whose scripts all run before DOMContentLoaded, so both probes see the same page state.
    const plain = await open(origin('www.chart-stats.test'), { instrumented: false });
    const instrumented = await open(origin('www.chart-stats.test'));
    try {
      const [a, b] = [await inPage<Record<string, unknown>>(plain.page, probe), await inPage<Record<string, unknown>>(instrumented.page, probe)];
      expect(b).toEqual(a);
      for (const source of b.sources as string[]) expect(source).toContain('[native code]');
    } finally {
      await plain.page.close();
      await instrumented.page.close();
    }
  });

  it('an iframe without a document of its own (about:blank) is instrumented on access, and srcdoc frames get their own copy', async () => {
    const html = `<!doctype html><title>frames</title><body><script>
      const blank = document.createElement('iframe');
      document.body.appendChild(blank);
      const c = blank.contentWindow.document.createElement('canvas');
      c.width = 200; c.height = 50;
      const g = c.getContext('2d');
      g.fillStyle = '#f60'; g.fillText('Cwm fjordbank glyphs vext quiz', 2, 15);
      window.__blank = [blank.contentWindow.HTMLCanvasElement.prototype.toDataURL.toString(), c.toDataURL().length > 0];
    </script></body>`;
    const visit = await open('https://www.frames.test/', { html });
    try {
      const activity = await activityAfter(visit, 500);
      const inline = activity.find((a) => a.inline);
      expect(inline?.canvas).toMatchObject({ textCalls: 1, readbackCount: 1, readbacks: [{ api: 'toDataURL', width: 200, height: 50 }] });
      expect((await inPage<[string, boolean]>(visit.page, 'window.__blank'))[0]).toContain('[native code]');
    } finally {
      await visit.page.close();
    }
  });
});

describe('cost', () => {
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

  /** Main-thread script time of the page (Chromium's ScriptDuration), in ms, once it loaded and had a second to run. */
  async function scriptMs(page: BrowserPage): Promise<number> {
    await inPage(page, `new Promise((resolve) => document.readyState === 'complete' ? resolve(true) : addEventListener('load', () => resolve(true)))`);
    await sleep(1_000);
    const { metrics } = await page.cdp.send('Performance.getMetrics');
    return (metrics.find((m) => m.name === 'ScriptDuration')?.value ?? 0) * 1000;
  }

  it('adds little script time to a page (an existing fixture: www.tracking-mag.test, GA4, Meta pixel, fonts, a YouTube embed, a CMP)', async () => {
    const plain: number[] = [];
    const instrumented: number[] = [];
    // Interleaved, so a busy machine slows both alike.
    for (let i = 0; i < 5; i++) {
      for (const on of [false, true]) {
        const visit = await open(origin('www.tracking-mag.test'), { instrumented: on });
        try {
          (on ? instrumented : plain).push(await scriptMs(visit.page));
        } finally {
          await visit.page.close();
        }
      }
    }
    const overhead = median(instrumented) - median(plain);
    console.error(
      `instrumentation cost on www.tracking-mag.test: script time ${median(plain).toFixed(0)} ms without, ${median(instrumented).toFixed(0)} ms with ` +
        `(median of 5, +${overhead.toFixed(0)} ms); without ${plain.map((x) => x.toFixed(0)).join(', ')}; with ${instrumented.map((x) => x.toFixed(0)).join(', ')}`,
    );
    expect(median(plain)).toBeGreaterThan(0);
    expect(overhead).toBeLessThan(200);
  }, 150_000);
});
