/**
 * The withdraw phase against real Chromium and the fixture web: accept, reload, reopen the
 * consent settings the way a visitor would (a German footer link, an English floating icon, a
 * Klaro footer link, vanilla-cookieconsent's `data-cc` button), withdraw, visit again; and what
 * the two withdrawal rules conclude. Only the withdraw phase runs (it is the subject here).
 *
 * Run inside a loopback-only network namespace:
 *   unshare --net bash -c 'ip link set lo up; npx vitest run test/e2e/withdraw.test.ts'
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFixtureServer, type FixtureServer } from '../../fixtures/server/index.js';
import type { Report, SiteReport } from '../../src/model/report.js';
import { readReport, runCliCaptured } from '../helpers/cli.js';

const SITES = {
  moebel: 'https://www.widerruf-moebel.test/',
  sticky: 'https://www.sticky-consent.test/',
  klaro: 'https://www.klaro-shop.test/',
  cc: 'https://www.cc-news.test/',
} as const;

let server: FixtureServer;
const sites = new Map<string, SiteReport>();

beforeAll(async () => {
  server = await startFixtureServer();
  const out = mkdtempSync(join(tmpdir(), 'withdraw-'));
  await runCliCaptured([
    'scan', ...Object.values(SITES),
    '--phases', 'withdraw',
    '--max-pages', '3',
    '--concurrency', '2',
    '--format', 'json',
    '--host-map', `*=127.0.0.1:${server.port}`,
    '--ignore-https-errors',
    '--out', out,
  ]);
  const report: Report = await readReport(out);
  for (const site of report.sites) sites.set(site.url, site);
}, 300_000);

afterAll(() => server?.close());

const site = (url: string) => sites.get(url)!;
const outcome = (s: SiteReport, ruleId: string) => s.ruleResults?.find((r) => r.ruleId === ruleId)?.outcome;
const trackingAfter = (s: SiteReport) =>
  s.pages.flatMap((p) => p.phases.withdraw?.requests ?? []).filter((r) => r.afterConsent && r.service?.tracking);

describe('a German footer link "Datenschutzeinstellungen" that withdraws properly', () => {
  it('accepts, reopens the notice by its link, withdraws, and the record says so', () => {
    const s = site(SITES.moebel);
    expect(s.consent.withdrawAccept).toMatchObject({ done: true, verified: true });
    const withdrawal = s.consent.withdraw!;
    expect(withdrawal).toMatchObject({ via: 'page-control', control: 'Datenschutzeinstellungen', done: true, verified: true });
    expect(withdrawal.clicks.map((c) => c.role)).toEqual(['reopen', 'reject']);
    expect(withdrawal.records).toContainEqual({ kind: 'cookie', name: 'moebel_einwilligung', change: 'changed' });
  });

  it('visits the pages again, without tracking after the withdrawal: both rules pass', () => {
    const s = site(SITES.moebel);
    expect(s.pages.filter((p) => p.phases.withdraw?.status === 'ok').length).toBe(3);
    // Tags loaded between the accept and the withdrawal, never after it.
    expect(s.pages[0]!.phases.withdraw!.requests.some((r) => r.service?.tracking && !r.afterConsent)).toBe(true);
    expect(trackingAfter(s)).toEqual([]);
    expect(outcome(s, 'withdrawal-not-available')).toBe('pass');
    expect(outcome(s, 'withdrawal-ineffective')).toBe('pass');
  });
});

describe('a floating cookie icon whose withdrawal changes nothing', () => {
  it('reopens the notice by the icon (aria-label), clicks reject, and the tags keep loading', () => {
    const s = site(SITES.sticky);
    const withdrawal = s.consent.withdraw!;
    expect(withdrawal).toMatchObject({ via: 'page-control', control: 'Cookie settings', done: true });
    expect(withdrawal.records).toContainEqual({ kind: 'cookie', name: 'sc_consent', change: 'unchanged' });
    expect(trackingAfter(s).map((r) => r.host)).toContain('www.google-analytics.com');
    expect(outcome(s, 'withdrawal-not-available')).toBe('pass');
    const findings = s.findings.filter((f) => f.ruleId === 'withdrawal-ineffective');
    expect(findings.length).toBeGreaterThanOrEqual(1);
    expect(findings.every((f) => f.outcome === 'fail' && f.phase === 'withdraw')).toBe(true);
    expect(findings[0]!.evidence.some((e) => e.value.includes('google-analytics.com'))).toBe(true);
  });
});

describe.each([
  ['Klaro', SITES.klaro, 'klaro'],
  ['vanilla-cookieconsent', SITES.cc, 'cookieconsent-orestbida'],
])('%s with its own footer control', (_name, url, cmp) => {
  it('reopens the settings from the page, withdraws, and nothing tracks afterwards', () => {
    const s = site(url);
    expect(s.consent.cmp?.id).toBe(cmp);
    expect(s.consent.withdraw).toMatchObject({ via: 'page-control', done: true, verified: true });
    expect(trackingAfter(s)).toEqual([]);
    expect(outcome(s, 'withdrawal-not-available')).toBe('pass');
    expect(outcome(s, 'withdrawal-ineffective')).toBe('pass');
  });
});
