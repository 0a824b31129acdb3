/**
 * --device in real Chromium against the offline fixture web: a scan with `--device mobile`
 * records the phone it emulated and sends its user agent (with the browser's own Chrome version),
 * and a profile built from that plan is a phone to the page: its viewport, pixel ratio and touch.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFixtureServer, type FixtureServer } from '../../fixtures/server/index.js';
import { deviceUserAgent } from '../../src/gather/browser/devices.js';
import { findBrowser } from '../../src/gather/browser/find-browser.js';
import { launchBrowser, type ScanBrowser } from '../../src/gather/browser/profile.js';
import { chromiumHostResolverRules } from '../../src/plan/host-map.js';
import { planFromArgs } from '../../src/plan/from-args.js';
import type { Report } from '../../src/model/report.js';
import { validateReport } from '../../src/model/validate.js';
import { readReport, runCliCaptured, type CliRun } from '../helpers/cli.js';
import { scanArgs } from '../helpers/scan-args.js';

const SITE = 'https://www.no-banner.test/';
let server: FixtureServer;
let run: CliRun;
let report: Report;
let browser: ScanBrowser | undefined;

beforeAll(async () => {
  server = await startFixtureServer();
  const out = mkdtempSync(join(tmpdir(), 'scan-device-'));
  run = await runCliCaptured(['scan', SITE, '--device', 'mobile', '--phases', 'before', '--max-pages', '1', '--host-map', `*=127.0.0.1:${server.port}`, '--ignore-https-errors', '--out', out]);
  report = await readReport(out);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('--device mobile', () => {
  it('records the emulated phone in the report and sends its user agent with the browser\'s Chrome version', () => {
    // The site tracks without a banner: findings, exit 1.
    expect(run.code).toBe(1);
    expect(validateReport(report)).toEqual([]);
    expect(report.plan.device).toEqual({ name: 'Pixel 7', viewport: { width: 412, height: 839 }, deviceScaleFactor: 2.625, isMobile: true, hasTouch: true });
    const major = report.browser!.version.split('.')[0];
    expect(report.plan.userAgent).toMatch(new RegExp(`^Mozilla/5\\.0 \\(Linux; Android \\d+; Pixel 7\\) .* Chrome/${major}\\.0\\.0\\.0 Mobile Safari/537\\.36$`));
    // The browser's requests (robots.txt and sitemaps, if fetched, come from Node with the tool's own user agent).
    const served = server.requestsTo('www.no-banner.test').filter((request) => !request.userAgent?.startsWith('gdpr-scan/'));
    expect(served.length).toBeGreaterThan(0);
    for (const request of served) expect(request.userAgent).toBe(report.plan.userAgent);
    expect(run.out).toMatch(/device: Pixel 7 \(412×839 at 2\.625x, mobile, touch\)/);
  });

  it('is a phone to the page: mobile viewport, pixel ratio, touch points, coarse pointer', async () => {
    const plan = planFromArgs(scanArgs([SITE], 'out', { device: 'mobile', hostMap: [`*=127.0.0.1:${server.port}`] }));
    browser = await launchBrowser({ executablePath: findBrowser().executablePath, headless: true, hostResolverRules: chromiumHostResolverRules(plan.hostMap), extraArgs: [] });
    const { viewport, deviceScaleFactor, isMobile, hasTouch } = plan.device;
    const profile = await browser.newProfile({ ignoreHttpsErrors: true, locale: 'en-US', userAgent: deviceUserAgent(plan.device, browser.version), viewport, deviceScaleFactor, isMobile, hasTouch });
    const page = await profile.newPage();
    await page.goto(SITE, 15_000);
    const { result } = await page.cdp.send('Runtime.evaluate', {
      expression: `({ width: innerWidth, ratio: devicePixelRatio, touch: navigator.maxTouchPoints, coarse: matchMedia('(pointer: coarse)').matches, ua: navigator.userAgent })`,
      returnByValue: true,
    });
    expect(result.value).toEqual({ width: 412, ratio: 2.625, touch: expect.any(Number), coarse: true, ua: deviceUserAgent(plan.device, browser.version) });
    expect((result.value as { touch: number }).touch).toBeGreaterThan(0);
    await profile.close();
  }, 60_000);
});
