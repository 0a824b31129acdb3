/**
 * All five formats from a real scan, and the HTML report opened in Chromium: it shows the verdict,
 * findings, the banner screenshot and the before / accept / reject comparison, and a site whose
 * title, cookie names and storage keys carry script payloads cannot run anything in it.
 * `gdpr-scan report` renders the saved JSON again without a browser.
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as cheerio from 'cheerio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFixtureServer, type FixtureServer } from '../../fixtures/server/index.js';
import { findBrowser } from '../../src/gather/browser/find-browser.js';
import { launchBrowser, type ScanBrowser } from '../../src/gather/browser/profile.js';
import type { BrowserPage } from '../../src/gather/browser/types.js';
import type { Report } from '../../src/model/report.js';
import { readReport, runCliCaptured, type CliRun } from '../helpers/cli.js';
import { THREE_PHASES } from '../helpers/scan-args.js';

const SITES = ['https://www.tracking-mag.test/', 'https://www.hostile-names.test/'];
let server: FixtureServer;
let out: string;
let run: CliRun;
let report: Report;
let browser: ScanBrowser;
let page: BrowserPage;
const dialogs: string[] = [];

async function evaluate<T>(expression: string): Promise<T> {
  const result = await page.cdp.send('Runtime.evaluate', { expression, returnByValue: true });
  return result.result.value as T;
}

beforeAll(async () => {
  server = await startFixtureServer();
  out = mkdtempSync(join(tmpdir(), 'formats-'));
  run = await runCliCaptured([
    'scan', ...SITES, '--phases', THREE_PHASES, '--max-pages', '2', '--format', 'json,html,md,sarif,junit',
    '--host-map', `*=127.0.0.1:${server.port}`, '--ignore-https-errors', '--out', out,
  ]);
  report = await readReport(out);
  browser = await launchBrowser({ executablePath: findBrowser().executablePath, headless: true, extraArgs: [] });
  const profile = await browser.newProfile({ ignoreHttpsErrors: false, locale: 'en-US', userAgent: 'test', viewport: { width: 1366, height: 900 } });
  page = await profile.newPage(async (p) => {
    p.cdp.on('Page.javascriptDialogOpening', (e: { message: string }) => {
      dialogs.push(e.message);
      void p.cdp.send('Page.handleJavaScriptDialog', { accept: false }).catch(() => {});
    });
    await p.cdp.send('Page.enable');
  });
  await page.goto(pathToFileURL(join(out, 'report.html')).href, 10_000);
  await evaluate('new Promise((resolve) => setTimeout(resolve, 300))');
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('report formats from a real scan', () => {
  it('writes all five formats', () => {
    expect(run.code).toBe(1);
    for (const file of ['report.json', 'report.html', 'report.md', 'report.sarif', 'report.junit.xml']) expect(existsSync(join(out, file)), file).toBe(true);
    const sarif = JSON.parse(readFileSync(join(out, 'report.sarif'), 'utf8'));
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0].results.length).toBe(report.sites.reduce((n, s) => n + s.findings.length, 0));
    const junit = cheerio.load(readFileSync(join(out, 'report.junit.xml'), 'utf8'), { xml: true });
    expect(junit('testsuite').length).toBe(SITES.length);
    expect(junit('failure').length).toBeGreaterThan(0);
    // Rules come from the report: SARIF describes the report's rules, JUnit has a case per rule result.
    expect(sarif.runs[0].tool.driver.rules.map((r: { id: string }) => r.id)).toEqual(report.rules!.map((r) => r.id));
    junit('testsuite').each((i, suite) => {
      expect(junit(suite).children('testcase').length).toBe(report.sites[i]!.ruleResults!.length);
    });
    expect(readFileSync(join(out, 'report.md'), 'utf8')).toMatch(/tracking-before-consent/);
  });

  it('the HTML shows the verdict, findings, the banner screenshot and the phase comparison', async () => {
    expect(await evaluate<string>('document.querySelector(".verdict-label").textContent')).toMatch(/FAIL/);
    const text = await evaluate<string>('document.body.innerText');
    for (const ruleId of new Set(report.sites.flatMap((s) => s.findings.map((f) => f.ruleId)))) expect(text).toContain(ruleId);
    expect(report.sites[0].consent.bannerScreenshot).toMatch(/^data:image\/jpeg;base64,/);
    const images = await evaluate<Array<{ src: string; width: number }>>('Array.from(document.images, (i) => ({ src: i.src.slice(0, 23), width: i.naturalWidth }))');
    expect(images).toContainEqual({ src: 'data:image/jpeg;base64,', width: 1366 });
    expect(await evaluate<number>('document.querySelectorAll("table.compare").length')).toBeGreaterThanOrEqual(2);
    expect(await evaluate<number>('document.querySelectorAll("details.rules-checked").length')).toBe(SITES.length);
    expect(await evaluate<string>('document.querySelector("table.compare thead").innerText')).toMatch(/before[\s\S]*accept[\s\S]*reject/i);
  });

  it('a site with script payloads in its title, cookie names and storage keys runs nothing in the report', async () => {
    const hostile = report.sites.find((s) => s.url === 'https://www.hostile-names.test/')!;
    expect(hostile.pages[0].phases.before?.cookies.map((c) => c.name)).toContain('<script>window.__pwned');
    expect(dialogs).toEqual([]);
    expect(await evaluate('typeof window.__pwned')).toBe('undefined');
    expect(await evaluate('document.querySelectorAll("script").length')).toBe(1);
    expect(await evaluate('document.querySelectorAll("[onerror], [onload]").length')).toBe(0);
    // textContent: the storage tables sit in collapsed sections.
    const text = await evaluate<string>('document.body.textContent');
    expect(text).toContain('<script>window.__pwned');
    expect(text).toContain('"><img src=x onerror="window.__pwned=6">');
  });

  it('--json prints only the report on stdout; --quiet prints nothing', async () => {
    const args = ['scan', 'https://www.changing-shop.test/', '--phases', 'before', '--max-pages', '1', '--host-map', `*=127.0.0.1:${server.port}`, '--ignore-https-errors'];
    const asJson = await runCliCaptured([...args, '--json', '--out', mkdtempSync(join(tmpdir(), 'json-'))]);
    expect(asJson.code).toBe(0);
    expect(JSON.parse(asJson.out).sites[0].url).toBe('https://www.changing-shop.test/');
    const quiet = await runCliCaptured([...args, '--quiet', '--out', mkdtempSync(join(tmpdir(), 'quiet-'))]);
    expect(quiet.code).toBe(0);
    expect(quiet.out).toBe('');
    expect(quiet.err).toBe('');
  });

  it('gdpr-scan report renders the saved JSON again without a browser', async () => {
    const again = mkdtempSync(join(tmpdir(), 'rerender-'));
    const rerun = await runCliCaptured(['report', join(out, 'report.json'), '--format', 'md,sarif', '--out', again]);
    expect(rerun.code).toBe(1);
    expect(readFileSync(join(again, 'report.md'), 'utf8')).toBe(readFileSync(join(out, 'report.md'), 'utf8'));
    expect(existsSync(join(again, 'report.sarif'))).toBe(true);
    const lenient = await runCliCaptured(['report', join(out, 'report.json'), '--format', 'md', '--out', again, '--fail-on', 'none']);
    expect(lenient.code).toBe(0);
  });
});
