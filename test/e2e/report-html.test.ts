/**
 * The HTML report in real Chromium: a report whose cookie names, page title, hosts, banner text
 * and request URLs carry script-injection payloads is written to a file and opened; no injected
 * script may run, while the report's own (CSP-hashed) style and sort/filter script must.
 *
 * Run inside a loopback-only network namespace:
 *   unshare --net bash -c 'ip link set lo up; npx vitest run test/e2e/report-html.test.ts'
 * Set GDPR_SCAN_SCREENSHOT_DIR to keep the screenshots for a look.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findBrowser } from '../../src/gather/browser/find-browser.js';
import { launchBrowser, type ScanBrowser } from '../../src/gather/browser/profile.js';
import type { BrowserPage, BrowserProfile } from '../../src/gather/browser/types.js';
import type { CookieRecord, PhaseEvidence, PhaseEvidenceOk, RequestRecord } from '../../src/model/evidence.js';
import type { Report } from '../../src/model/report.js';
import { renderHtml } from '../../src/render/html/render.js';
import { cmpIdentity, heuristicAction, noAction, unverified } from '../helpers/consent-records.js';

// Each payload would set a global (or open a dialog) if it ever ran.
const P_SCRIPT = '<script>window.__pwned = "script"; alert(1)</script>';
const P_IMG = '"><img src=x onerror="window.__pwned = \'img\'; alert(2)">';
const P_SVG = "'><svg onload=\"window.__pwned='svg'\"></svg>";
const P_STYLE = '</style><script>window.__pwned = "style"</script>';
const P_PLAIN_IMG = '"><img src=x onerror=alert(1)>';

const GA: RequestRecord['service'] = {
  name: 'Google Analytics', organization: 'Google LLC', category: 'analytics', country: 'US', dpf: true, tracking: true, source: 'builtin',
};
const META: RequestRecord['service'] = {
  name: 'Meta Pixel', organization: 'Meta Platforms, Inc.', category: 'advertising', country: 'US', dpf: true, tracking: true, source: 'builtin',
};

const req = (url: string, host: string, firstParty: boolean, service?: RequestRecord['service']): RequestRecord => ({
  url, host, method: 'GET', type: 'script', isMainFrame: true, time: 1, afterConsent: false, firstParty, ...(service ? { service } : {}),
});

const cookie = (name: string, domain: string, lifetimeDays: number | null, extra: Partial<CookieRecord> = {}): CookieRecord => ({
  name, domain, path: '/', expires: lifetimeDays === null ? null : 1_900_000_000, httpOnly: false, secure: true, sameSite: 'Lax', source: 'script',
  size: 10, firstParty: true, lifetimeDays, category: 'analytics', ...extra,
});

const phase = (extra: Partial<PhaseEvidenceOk<RequestRecord, CookieRecord>>): PhaseEvidence<RequestRecord, CookieRecord> => ({
  status: 'ok', requests: [], cookies: [], refusedCookies: [], storage: [], durationMs: 100, ...extra,
});

function hostileReport(bannerScreenshot: string): Report {
  const evilHost = `cdn${P_IMG}.test`;
  const cookies = [
    cookie(P_SCRIPT, '.hostile.test', 400),
    cookie(P_IMG, '.hostile.test', 30, { category: 'marketing' }),
    cookie(P_SVG, `.${evilHost}`, null, { firstParty: false, category: 'unknown' }),
    cookie('_ga', '.hostile.test', 400),
    cookie('session', 'www.hostile.test', null, { category: 'necessary', source: 'http' }),
    cookie('short', '.hostile.test', 1, { category: 'functional' }),
  ];
  const requests = [
    req('https://www.hostile.test/', 'www.hostile.test', true),
    req('javascript:window.__pwned="js-url"', evilHost, false),
    req('javascript:alert(document.domain)', 'www.google-analytics.com', false, GA),
    req(`https://connect.facebook.net/${P_PLAIN_IMG}`, 'connect.facebook.net', false, META),
  ];
  const pageUrl = `https://www.hostile.test/?q=${P_IMG}`;
  return {
    schemaVersion: '1.2.0',
    tool: { name: 'gdpr-scan', version: '0.1.0' },
    startedAt: '2025-03-01T10:00:00.000Z',
    finishedAt: '2025-03-01T10:00:42.000Z',
    browser: { version: '156.0.0.0' },
    plan: {
      urls: ['https://www.hostile.test/'], phases: ['before', 'accept', 'reject'], maxPages: 1, locale: 'en-US', userAgent: 'test',
      timeoutMs: 30_000, quietMs: 500, maxWaitMs: 5_000, failOn: 'high', hostMap: [], ignoreHttpsErrors: false,
    },
    sites: [
      {
        url: 'https://www.hostile.test/',
        consent: {
          cmp: cmpIdentity(P_STYLE, { vendor: P_SVG }),
          bannerFound: true,
          rejectOnFirstLayer: false,
          acceptOnFirstLayer: true,
          detections: [{ phase: 'before', detectedBy: 'structure', foundAfterMs: 300, shadowRoot: 'closed', frameUrl: `https://cmp.hostile.test/?q=${P_IMG}` }],
          // Unverified, so that the warning blocks carry the site's text too.
          accept: unverified(heuristicAction('accept', P_IMG), `the banner stayed ${P_SCRIPT}`, [{ kind: 'banner-gone', confirms: false, detail: P_SVG }]),
          reject: noAction(P_SCRIPT),
          bannerScreenshot,
        },
        pages: [
          {
            url: pageUrl,
            phases: {
              before: phase({ title: `Shop ${P_SCRIPT} ${P_IMG}`, requests, cookies, storage: [{ kind: 'localStorage', origin: 'https://www.hostile.test', key: P_SVG }] }),
              accept: phase({ requests, cookies: [...cookies, cookie('_fbp', '.hostile.test', 90, { category: 'marketing' })] }),
              reject: phase({ requests: requests.slice(0, 2), cookies: cookies.slice(3) }),
            },
          },
        ],
        errors: [],
        durationMs: 1000,
        findings: [
          {
            ruleId: 'tracking-before-consent', severity: 'high', outcome: 'fail', phase: 'before', pageUrl,
            message: `Google Analytics received 1 request and the cookie ${P_SCRIPT} was set before any consent choice.`,
            evidence: [
              { kind: 'request', value: 'javascript:window.__pwned="evidence"', detail: P_IMG },
              { kind: 'cookie', value: `${P_SCRIPT}@.hostile.test`, detail: 'analytics, expires in 400 days' },
            ],
            references: ['ePrivacy Directive 2002/58/EC, Art. 5(3)', 'TDDDG §25'],
            baseline: 'new',
          },
          {
            ruleId: 'reject-not-on-first-layer', severity: 'medium', outcome: 'needs-review', phase: 'reject', pageUrl,
            message: `The reject control could not be classified: ${P_SVG}`,
            evidence: [{ kind: 'consent', value: P_STYLE }],
            references: ['GDPR Art. 7(3)'],
          },
        ],
      },
    ],
    errors: [],
    summary: {
      sites: 1, sitesWithErrors: 0, pages: 1, requests: 10, thirdPartyRequests: 7, cookies: 7,
      findingsBySeverity: { critical: 0, high: 1, medium: 0, low: 0 }, exitCode: 1,
    },
  };
}

let browser: ScanBrowser;
let profile: BrowserProfile;
let page: BrowserPage;
let dir: string;
const dialogs: string[] = [];
const consoleMessages: string[] = [];
const exceptions: string[] = [];
let screenshot: Buffer;

async function evaluate<T>(expression: string): Promise<T> {
  const result = await page.cdp.send('Runtime.evaluate', { expression, returnByValue: true, awaitPromise: true });
  if (result.exceptionDetails) throw new Error(`evaluate failed: ${JSON.stringify(result.exceptionDetails)}`);
  return result.result.value as T;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gdpr-scan-html-'));
  browser = await launchBrowser({ executablePath: findBrowser().executablePath, headless: true, extraArgs: [] });
  profile = await browser.newProfile({ ignoreHttpsErrors: true, locale: 'en-US', userAgent: 'test', viewport: { width: 1366, height: 900 } });

  // A banner screenshot as the scanner makes it: a JPEG of a (local, data: URL) page with a banner.
  const bannerPage = await profile.newPage();
  const banner =
    '<body style="margin:0;font:16px sans-serif;background:#eef"><h1 style="padding:40px">Hostile shop</h1>' +
    '<div style="position:fixed;bottom:0;left:0;right:0;padding:24px;background:#223;color:#fff">We use cookies. ' +
    '<button>Accept all</button> <button>Settings</button></div></body>';
  await bannerPage.goto(`data:text/html,${encodeURIComponent(banner)}`, 10_000);
  const jpeg = await bannerPage.screenshot({ type: 'jpeg', quality: 60 });
  await bannerPage.close();

  const file = join(dir, 'report.html');
  await writeFile(file, renderHtml(hostileReport(`data:image/jpeg;base64,${jpeg.toString('base64')}`), { failOn: 'high' }), 'utf8');

  page = await profile.newPage(async (p) => {
    p.cdp.on('Page.javascriptDialogOpening', (e: { message: string }) => {
      dialogs.push(e.message);
      void p.cdp.send('Page.handleJavaScriptDialog', { accept: false }).catch(() => {});
    });
    p.cdp.on('Runtime.consoleAPICalled', (e: { type: string; args: Array<{ value?: unknown }> }) => consoleMessages.push(`${e.type}: ${e.args.map((a) => String(a.value)).join(' ')}`));
    p.cdp.on('Runtime.exceptionThrown', (e: { exceptionDetails: { text: string } }) => exceptions.push(e.exceptionDetails.text));
    p.cdp.on('Log.entryAdded', (e: { entry: { level: string; text: string } }) => consoleMessages.push(`${e.entry.level}: ${e.entry.text}`));
    await p.cdp.send('Page.enable');
    await p.cdp.send('Runtime.enable');
    await p.cdp.send('Log.enable');
  });
  await page.goto(pathToFileURL(file).href, 10_000);
  // Let onerror / onload handlers and late scripts have their chance.
  await evaluate('new Promise((resolve) => setTimeout(resolve, 500))');
  screenshot = await page.screenshot();
  if (process.env['GDPR_SCAN_SCREENSHOT_DIR']) await writeFile(join(process.env['GDPR_SCAN_SCREENSHOT_DIR'], 'report-html-top.png'), screenshot);
});

afterAll(async () => {
  await page?.close();
  await profile?.close();
  await browser?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('HTML report in Chromium with a hostile report', () => {
  it('runs no injected script: no dialog, no global set, no injected element or handler', async () => {
    expect(dialogs).toEqual([]);
    expect(exceptions).toEqual([]);
    expect(await evaluate('typeof window.__pwned')).toBe('undefined');
    expect(await evaluate('document.querySelectorAll("script").length')).toBe(1);
    expect(await evaluate('document.querySelectorAll("img[onerror], svg[onload], [onerror], [onload], [onclick]").length')).toBe(0);
    // The only image is the banner screenshot (a data: URI); no javascript: link exists.
    expect(await evaluate('Array.from(document.images, (i) => i.src.slice(0, 23))')).toEqual(['data:image/jpeg;base64,']);
    expect(await evaluate('document.querySelectorAll("a[href^=javascript], [src^=javascript]").length')).toBe(0);
    expect(await evaluate('Array.from(document.querySelectorAll("a[href]"), (a) => a.getAttribute("href")).every((h) => /^#[a-z0-9-]+$/.test(h))')).toBe(true);
    // The payloads are on the page as text.
    const text = await evaluate<string>('document.body.innerText');
    expect(text).toContain(P_SCRIPT);
    expect(text).toContain(P_IMG);
    expect(text).toContain('javascript:window.__pwned="evidence"');
    expect(await evaluate('document.querySelector(".page-meta").textContent')).toBe(`Page title: “Shop ${P_SCRIPT} ${P_IMG}”`);
  });

  it('applies its own hashed style and script under the CSP, and nothing was blocked', async () => {
    expect(await evaluate('getComputedStyle(document.body).backgroundColor')).toBe('rgb(244, 246, 248)');
    expect(await evaluate('document.querySelectorAll("th > button.sort").length')).toBeGreaterThan(10);
    expect(await evaluate('document.querySelectorAll(".filter-box input").length')).toBeGreaterThan(3);
    expect(consoleMessages.filter((m) => /Content Security Policy|Refused/i.test(m))).toEqual([]);
  });

  it('shows the unverified click as a warning block, styled, atop the consent section, in the site\'s verdict area and next to the verdict', async () => {
    const blocks = await evaluate<Array<{ where: string; text: string; background: string; border: string }>>(
      'Array.from(document.querySelectorAll(".consent-warning"), (el) => ({ where: el.parentElement.className, text: el.textContent, background: getComputedStyle(el).backgroundColor, border: getComputedStyle(el).borderLeftColor }))',
    );
    expect(blocks.map((b) => b.where)).toEqual(['summary', 'consent', 'site-findings']);
    for (const block of blocks) {
      expect(block.text).toContain(`The scanner's accept click could not be verified: the banner stayed ${P_SCRIPT}. Findings that depend on it are needs-review.`);
      expect(block.background).toBe('rgb(255, 244, 224)');
      expect(block.border).toBe('rgb(154, 91, 0)');
    }
    expect(await evaluate('document.querySelector(".consent .consent-warning") === document.querySelector(".consent h3").nextElementSibling')).toBe(true);
  });

  it('sorts a table when its header is clicked', async () => {
    const order = async (): Promise<string[]> =>
      evaluate('Array.from(document.querySelector("#site-1-page-1-before table:nth-of-type(2) tbody").rows, (r) => r.cells[3].textContent)');
    expect(await evaluate('document.querySelector("#site-1-page-1-before table:nth-of-type(2) caption").textContent')).toMatch(/^Cookies/);
    const click = 'document.querySelectorAll("#site-1-page-1-before table:nth-of-type(2) thead th")[3].querySelector("button").click()';
    await evaluate(click);
    expect(await order()).toEqual(['session', 'session', '1 day', '30 days', '400 days', '400 days']);
    expect(await evaluate('document.querySelectorAll("#site-1-page-1-before table:nth-of-type(2) thead th")[3].getAttribute("aria-sort")')).toBe('ascending');
    await evaluate(click);
    expect(await order()).toEqual(['400 days', '400 days', '30 days', '1 day', 'session', 'session']);
  });

  it('filters a table as the user types', async () => {
    const visible = await evaluate<number>(`(() => {
      const table = document.querySelector("#site-1-page-1 table.compare:nth-of-type(2)");
      const input = table.querySelector(".filter-box input");
      input.value = "_ga";
      input.dispatchEvent(new Event("input"));
      return Array.from(table.tBodies[0].rows).filter((r) => r.offsetParent !== null).length;
    })()`);
    expect(visible).toBe(1);
  });

  it('renders the verdict at the top of a non-trivial page', async () => {
    expect(screenshot.subarray(1, 4).toString()).toBe('PNG');
    expect(screenshot.length).toBeGreaterThan(30_000);
    const verdict = await evaluate<{ text: string; top: number; visible: boolean }>(`(() => {
      const el = document.querySelector(".verdict-label");
      const box = el.getBoundingClientRect();
      return { text: el.textContent, top: box.top, visible: box.width > 0 && box.height > 0 };
    })()`);
    expect(verdict).toEqual({ text: 'FAIL', top: expect.any(Number), visible: true });
    expect(verdict.top).toBeLessThan(300);
    // The banner screenshot decoded (a broken image has naturalWidth 0).
    expect(await evaluate('document.images[0].complete && document.images[0].naturalWidth')).toBe(1366);
  });

  it('shows the before / accept / reject comparison with the payloads as text', async () => {
    await evaluate('document.querySelector("#site-1-page-1").scrollIntoView({ behavior: "instant" })');
    if (process.env['GDPR_SCAN_SCREENSHOT_DIR']) await writeFile(join(process.env['GDPR_SCAN_SCREENSHOT_DIR'], 'report-html-compare.png'), await page.screenshot());
    const rows = await evaluate<string[][]>(
      'Array.from(document.querySelectorAll("#site-1-page-1 table.compare")[0].tBodies[0].rows, (r) => Array.from(r.cells, (c) => c.textContent))',
    );
    expect(rows.map((r) => r[0])).toContain(`cdn${P_IMG}.test`);
    const facebook = rows.find((r) => r[0] === 'connect.facebook.net');
    expect(facebook?.slice(3)).toEqual(['yes', '✓', '✓', '–', 'before consent']);
  });
});
