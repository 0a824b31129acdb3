/**
 * The consent bridge against real Chromium and the offline fixture web: autoconsent for known
 * CMPs (Klaro, vanilla-cookieconsent v3), the project's heuristics for home-made banners (German,
 * and French inside a cross-site iframe), and the isolation of autoconsent from the page.
 *
 * Run inside a loopback-only network namespace:
 *   unshare --net bash -c 'ip link set lo up; npx vitest run test/e2e/consent.test.ts'
 */
import { describe, expect, it } from 'vitest';
import type { BrowserPage } from '../../src/gather/browser/types.js';
import { attachConsentBridge, type ConsentBridge, type ConsentBridgeOptions, type ConsentMode } from '../../src/gather/consent/index.js';
import { useFixtureBrowser } from '../helpers/fixture-browser.js';

const fixtureWeb = useFixtureBrowser();

interface Visit {
  page: BrowserPage;
  bridge: ConsentBridge;
}

/** A new tab with the bridge attached (as the crawler does, in newPage's setup) before loading `host`. */
async function visit(host: string, mode: ConsentMode): Promise<Visit> {
  let bridge: ConsentBridge | undefined;
  const profile = await freshProfile();
  const page = await profile.newPage(async (p) => {
    bridge = await attachConsentBridge(p, mode);
  });
  try {
    await page.goto(fixtureWeb.server().origin(host), 15_000);
  } catch (error) {
    await page.close();
    throw error;
  }
  return { page, bridge: bridge! };
}

async function close(v: Visit | undefined): Promise<void> {
  v?.bridge.dispose();
  await v?.page.close();
}

/**
 * A new tab whose requests to `https://<host>/` are answered with `html` through CDP interception:
 * pages that exist only for one test, without touching the shared fixture web.
 */
const freshProfile = () => fixtureWeb.freshProfile();

async function visitHtml(host: string, html: string, mode: ConsentMode, options: ConsentBridgeOptions = {}): Promise<Visit> {
  let bridge: ConsentBridge | undefined;
  const profile = await freshProfile();
  const page = await profile.newPage(async (p) => {
    p.cdp.on('Fetch.requestPaused', ({ requestId }: { requestId: string }) => {
      p.cdp
        .send('Fetch.fulfillRequest', {
          requestId,
          responseCode: 200,
          responseHeaders: [{ name: 'Content-Type', value: 'text/html; charset=utf-8' }],
          body: Buffer.from(html).toString('base64'),
        })
        .catch(() => {});
    });
    await p.cdp.send('Fetch.enable', { patterns: [{ urlPattern: `https://${host}/*` }] });
    bridge = await attachConsentBridge(p, mode, options);
  });
  try {
    await page.goto(`https://${host}/`, 15_000);
  } catch (error) {
    await page.close();
    throw error;
  }
  return { page, bridge: bridge! };
}

/** Cookie value by name, for asserting what the CMP stored (test-only: the scanner never keeps values). */
async function cookie(page: BrowserPage, name: string): Promise<string | undefined> {
  const { cookies } = await page.cdp.send('Network.getAllCookies');
  return cookies.find((c) => c.name === name)?.value;
}

/** Evaluates in the page's own (main) world. */
async function inPage<T>(page: BrowserPage, expression: string): Promise<T> {
  const { result } = await page.cdp.send('Runtime.evaluate', { expression, returnByValue: true });
  return result.value as T;
}

async function timed<T>(label: string, run: () => Promise<T>): Promise<T> {
  const started = Date.now();
  const value = await run();
  console.error(`${label}: ${Date.now() - started} ms`);
  return value;
}

describe('autoconsent CMPs', () => {
  it('Klaro: detected, accepted via autoconsent, consent cookie says yes', async () => {
    let v: Visit | undefined;
    try {
      v = await visit('www.klaro-shop.test', 'accept');
      const detection = await timed('klaro detect', () => v!.bridge.detect(8_000));
      expect(detection).toMatchObject({ autoconsentRule: 'Klaro', bannerFound: true, detectedBy: 'autoconsent', acceptOnFirstLayer: true, rejectOnFirstLayer: true });
      expect(detection.clues?.globals).toContain('klaro');
      const action = await timed('klaro act accept', () => v!.bridge.act(8_000));
      expect(action).toMatchObject({ done: true, verified: true, method: 'autoconsent', rule: 'Klaro' });
      // Proven by its effect: the klaro cookie was written, Klaro's own state says accepted, the gated tags loaded.
      expect(action.signals.filter((s) => s.confirms).map((s) => s.kind)).toEqual(expect.arrayContaining(['consent-record', 'cmp-state', 'gated-tags']));
      const stored = JSON.parse(decodeURIComponent((await cookie(v.page, 'klaro')) ?? '{}'));
      expect(stored).toMatchObject({ 'google-analytics': true, 'facebook-pixel': true });
      expect(v.bridge.errors).toEqual([]);
    } finally {
      await close(v);
    }
  });

  it('Klaro: rejected via autoconsent, self-test passes, consent cookie says no', async () => {
    let v: Visit | undefined;
    try {
      v = await visit('www.klaro-shop.test', 'reject');
      const action = await timed('klaro act reject (no detect first)', () => v!.bridge.act(8_000));
      expect(action).toMatchObject({ done: true, verified: true, method: 'autoconsent', rule: 'Klaro', selfTest: true });
      expect(action.signals.filter((s) => s.confirms).map((s) => s.kind)).toEqual(expect.arrayContaining(['consent-record', 'cmp-state']));
      expect(action.signals.filter((s) => !s.confirms)).toEqual([]);
      const stored = JSON.parse(decodeURIComponent((await cookie(v.page, 'klaro')) ?? '{}'));
      expect(stored).toMatchObject({ 'google-analytics': false, 'facebook-pixel': false });
      // The crawler reloads in the same tab: the bridge follows the new document, and the choice sticks.
      await v.page.reload(15_000);
      expect(await v.bridge.detect(8_000)).toMatchObject({ bannerFound: false, detectedBy: null });
      expect(v.bridge.errors).toEqual([]);
    } finally {
      await close(v);
    }
  });

  it('cookieconsent v3: detected with reject on the first layer, rejected via autoconsent', async () => {
    let v: Visit | undefined;
    try {
      v = await visit('www.cc-news.test', 'reject');
      const detection = await timed('cookieconsent3 detect', () => v!.bridge.detect(8_000));
      expect(detection).toMatchObject({
        autoconsentRule: 'cookieconsent3',
        bannerFound: true,
        detectedBy: 'autoconsent',
        acceptOnFirstLayer: true,
        rejectOnFirstLayer: true,
      });
      const action = await timed('cookieconsent3 act reject', () => v!.bridge.act(8_000));
      expect(action).toMatchObject({ done: true, verified: true, method: 'autoconsent', rule: 'cookieconsent3', selfTest: true });
      const stored = JSON.parse(decodeURIComponent((await cookie(v.page, 'cc_cookie')) ?? '{}'));
      expect(stored.categories).toEqual(['necessary']);
      expect(v.bridge.errors).toEqual([]);
    } finally {
      await close(v);
    }
  });

  it('cookieconsent v3: accepted via autoconsent', async () => {
    let v: Visit | undefined;
    try {
      v = await visit('www.cc-news.test', 'accept');
      const action = await timed('cookieconsent3 act accept', () => v!.bridge.act(8_000));
      expect(action).toMatchObject({ done: true, verified: true, method: 'autoconsent', rule: 'cookieconsent3' });
      expect(action.signals.filter((s) => s.confirms).map((s) => s.kind)).toEqual(expect.arrayContaining(['consent-record', 'gated-tags']));
      const stored = JSON.parse(decodeURIComponent((await cookie(v.page, 'cc_cookie')) ?? '{}'));
      expect([...stored.categories].sort()).toEqual(['analytics', 'marketing', 'necessary']);
    } finally {
      await close(v);
    }
  });
});

describe('heuristic fallback', () => {
  it('home-made German banner: reject on the first layer, "Alle ablehnen" clicked for real', async () => {
    let v: Visit | undefined;
    try {
      v = await visit('www.homemade-bakery.test', 'reject');
      const detection = await timed('homemade detect', () => v!.bridge.detect(8_000));
      expect(detection).toMatchObject({
        autoconsentRule: null,
        bannerFound: true,
        detectedBy: 'heuristic',
        acceptOnFirstLayer: true,
        rejectOnFirstLayer: true,
      });
      const action = await timed('homemade act reject', () => v!.bridge.act(8_000));
      expect(action).toMatchObject({ done: true, verified: true, method: 'heuristic', path: 'first-layer', clickedText: 'Alle ablehnen' });
      expect(action.clicks).toEqual([{ role: 'reject', label: 'Alle ablehnen', layer: 1, trusted: true }]);
      expect(action.signals.filter((s) => s.confirms).map((s) => s.kind)).toEqual(expect.arrayContaining(['banner-gone', 'consent-record']));
      expect(action.detail).toMatch(/^trusted click/);
      expect(await cookie(v.page, 'bakery_consent')).toBe('none');
      expect(v.bridge.errors).toEqual([]);
    } finally {
      await close(v);
    }
  });

  it('French banner inside a cross-site iframe: "Tout accepter" clicked through the iframe', async () => {
    let v: Visit | undefined;
    try {
      v = await visit('www.iframe-banner.test', 'accept');
      const detection = await timed('iframe detect', () => v!.bridge.detect(8_000));
      expect(detection).toMatchObject({ bannerFound: true, detectedBy: 'heuristic', rejectOnFirstLayer: true, acceptOnFirstLayer: true });
      const action = await timed('iframe act accept', () => v!.bridge.act(8_000));
      expect(action).toMatchObject({ done: true, verified: true, method: 'heuristic', clickedText: 'Tout accepter' });
      expect(action.clicks[0]).toMatchObject({ role: 'accept', label: 'Tout accepter', layer: 1, trusted: true, frameUrl: expect.stringContaining('consent.iframe-banner.test') });
      expect(action.detail).toMatch(/^trusted click/);
      expect(await cookie(v.page, 'ib_choice')).toBe('accept');
    } finally {
      await close(v);
    }
  });

  it('no banner: nothing found, nothing clicked, quickly', async () => {
    let v: Visit | undefined;
    try {
      v = await visit('www.no-banner.test', 'reject');
      const started = Date.now();
      const detection = await timed('no-banner detect', () => v!.bridge.detect(8_000));
      expect(detection).toMatchObject({ autoconsentRule: null, bannerFound: false, rejectOnFirstLayer: null, acceptOnFirstLayer: null, detectedBy: null });
      expect(detection.inconclusive).toBeUndefined();
      const action = await v.bridge.act(8_000);
      expect(action).toMatchObject({ done: false, verified: false, method: 'none', clicks: [] });
      expect(action.detail).toMatch(/no consent banner found/);
      // The late-banner window (4.5 s after navigation) bounds the wait on a page without banner.
      expect(Date.now() - started).toBeLessThan(9_000);
    } finally {
      await close(v);
    }
  });
});

describe('isolation', () => {
  it('the page cannot see autoconsent, its binding or the heuristics, and detect mode never clicks', async () => {
    let v: Visit | undefined;
    try {
      v = await visit('www.cc-news.test', 'detect');
      const detection = await v.bridge.detect(8_000);
      expect(detection.detectedBy).toBe('autoconsent');
      const seen = await inPage<string[]>(
        v.page,
        `[typeof autoconsentReceiveMessage, typeof autoconsentSendMessage,
          ...Object.getOwnPropertyNames(window).filter((k) => /consent(Bridge|Controls)|autoconsent/i.test(k))]`,
      );
      expect(seen).toEqual(['undefined', 'undefined']);
      // Nothing tells the page it is automated.
      expect(await inPage<boolean>(v.page, 'navigator.webdriver')).toBe(false);
      expect(await v.bridge.act(5_000)).toMatchObject({ done: false, method: 'none' });
      expect(await cookie(v.page, 'cc_cookie')).toBeUndefined();
      // The banner is still there for a user.
      expect(await inPage<boolean>(v.page, `!!document.querySelector('#cc-main .cm-wrapper')`)).toBe(true);
    } finally {
      await close(v);
    }
  });
});

describe('robustness', () => {
  it('a hostile page that poisons its own globals cannot break the bridge (Spanish banner)', async () => {
    const html = `<!doctype html><html lang="es"><head><meta charset="utf-8"><title>Tienda</title><script>
      // Everything the scanner might use, broken in the page's own world.
      JSON.stringify = () => { throw new Error('no'); };
      JSON.parse = () => { throw new Error('no'); };
      Document.prototype.querySelectorAll = () => [];
      Element.prototype.getBoundingClientRect = () => ({ left: -999, top: -999, width: 0, height: 0, right: 0, bottom: 0 });
      window.getComputedStyle = () => ({});
      window.autoconsentReceiveMessage = () => { document.title = 'spoofed'; };
      window.autoconsentSendMessage = () => {};
    </script></head><body><h1>Tienda</h1>
      <div id="aviso-cookies" style="position:fixed;bottom:0;left:0;right:0;background:#eee;padding:16px">
        <p>Usamos cookies para analizar el tr&aacute;fico.</p>
        <button onclick="document.cookie='eleccion=rechazar; path=/'; this.parentNode.remove()">Rechazar todo</button>
        <button onclick="document.cookie='eleccion=aceptar; path=/'; this.parentNode.remove()">Aceptar todo</button>
      </div></body></html>`;
    let v: Visit | undefined;
    try {
      v = await visitHtml('www.tienda-hostil.test', html, 'reject');
      const detection = await v.bridge.detect(8_000);
      expect(detection).toMatchObject({ autoconsentRule: null, bannerFound: true, detectedBy: 'heuristic', acceptOnFirstLayer: true, rejectOnFirstLayer: true });
      const action = await v.bridge.act(8_000);
      expect(action).toMatchObject({ done: true, verified: true, method: 'heuristic', clickedText: 'Rechazar todo' });
      expect(await cookie(v.page, 'eleccion')).toBe('rechazar');
      expect(await inPage<string>(v.page, 'document.title')).toBe('Tienda');
    } finally {
      await close(v);
    }
  });

  it('when autoconsent finds a popup but cannot opt out, the heuristics click through', async () => {
    // Looks like cookieconsent v3 to autoconsent's rule (#cc-main .cm-wrapper), but lacks the
    // data-role buttons its opt-out steps wait for.
    const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Half CMP</title></head><body>
      <h1>News</h1>
      <div id="cc-main" style="position:fixed;bottom:0;left:0;right:0;background:#fff">
        <div class="cm-wrapper" style="padding:16px"><p>We use cookies for analytics.</p>
          <button onclick="document.cookie='choice=reject; path=/'; document.getElementById('cc-main').remove()">Reject all</button>
          <button onclick="document.cookie='choice=accept; path=/'; document.getElementById('cc-main').remove()">Accept all</button>
        </div>
      </div></body></html>`;
    let v: Visit | undefined;
    try {
      v = await visitHtml('www.half-cmp.test', html, 'reject');
      const action = await v.bridge.act(4_000);
      expect(action).toMatchObject({ done: true, verified: true, method: 'heuristic', clickedText: 'Reject all' });
      expect(action.attempts).toEqual([{ method: 'autoconsent', done: false, detail: expect.stringMatching(/^autoconsent opt-out/) }]);
      expect(action.detail).toMatch(/^trusted click/);
      expect(await cookie(v.page, 'choice')).toBe('reject');
    } finally {
      await close(v);
    }
  });

  it("the user's selectors click a banner nothing recognises, in a closed shadow root, and the effect is proven", async () => {
    // Labels no phrase table knows, no consent words, the controls inside a closed shadow root.
    const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Odd banner</title></head><body>
      <h1>Shop</h1><odd-box></odd-box>
      <script>
        customElements.define('odd-box', class extends HTMLElement {
          connectedCallback() {
            const root = this.attachShadow({ mode: 'closed' });
            root.innerHTML = '<div style="position:fixed;bottom:0;left:0;right:0;padding:12px;background:#ffd">' +
              '<p>Hello there!</p><span id="more" role="button" tabindex="0">Fine by me</span> <span id="nah" role="button" tabindex="0">Rather not</span></div>';
            root.getElementById('more').onclick = () => { document.cookie = 'odd=yes; path=/'; this.remove(); };
            root.getElementById('nah').onclick = () => { document.cookie = 'odd=no; path=/'; this.remove(); };
          }
        });
      </script></body></html>`;
    let v: Visit | undefined;
    try {
      v = await visitHtml('www.odd-banner.test', html, 'reject', { steps: { reject: ['#nah'] } });
      expect(await v.bridge.detect(3_000)).toMatchObject({ bannerFound: false });
      const action = await v.bridge.act(6_000);
      expect(action).toMatchObject({ method: 'selector', done: true, verified: true, selectors: ['#nah'] });
      expect(action.clicks).toEqual([{ role: 'reject', label: 'Rather not', layer: 1, trusted: true, selector: '#nah' }]);
      expect(action.signals.filter((s) => s.confirms).map((s) => s.kind)).toEqual(expect.arrayContaining(['banner-gone', 'consent-record']));
      expect(await cookie(v.page, 'odd')).toBe('no');
    } finally {
      await close(v);
    }
  });

  it("names the user's step that matched nothing, and clicks nothing", async () => {
    const html = `<!doctype html><html><head><title>Plain</title></head><body><p>Nothing here.</p></body></html>`;
    let v: Visit | undefined;
    try {
      v = await visitHtml('www.plain-page.test', html, 'accept', { steps: { accept: ['#cmp-accept'] } });
      const action = await v.bridge.act(3_500);
      expect(action).toMatchObject({ method: 'none', done: false, verified: false, clicks: [] });
      expect(action.detail).toBe('selector: step 1 of 1: nothing visible matches "#cmp-accept"');
    } finally {
      await close(v);
    }
  });
});
