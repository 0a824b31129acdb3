/**
 * The banner measurement end to end: the new banner fixtures (and www.settings-first.test's
 * pre-ticked switches) scanned once in real Chromium; the measured numbers must be sane and the
 * banner rules must conclude what fixtures/expectations.json says, twins included.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFixtureServer, type FixtureServer } from '../../fixtures/server/index.js';
import { boxArea, controlFor, type BannerDesign } from '../../src/model/banner.js';
import type { SiteReport } from '../../src/model/report.js';
import { readReport, runCliCaptured } from '../helpers/cli.js';
import { THREE_PHASES } from '../helpers/scan-args.js';

const SITES = {
  smallLink: 'https://www.kleiner-link.test/',
  wall: 'https://www.muro-cookie.test/',
  twin: 'https://www.equo-banner.test/',
  noLink: 'https://www.sans-lien.test/',
  preticked: 'https://www.settings-first.test/',
};
const BANNER_RULES = ['reject-harder-than-accept', 'preticked-consent', 'cookie-wall', 'banner-without-privacy-link'];

let server: FixtureServer;
const sites = new Map<string, SiteReport>();

beforeAll(async () => {
  server = await startFixtureServer();
  const out = mkdtempSync(join(tmpdir(), 'banner-design-'));
  const run = await runCliCaptured(['scan', ...Object.values(SITES), '--max-pages', '1', '--phases', THREE_PHASES, '--format', 'json', '--host-map', `*=127.0.0.1:${server.port}`, '--ignore-https-errors', '--out', out]);
  expect(run.code, run.err).toBeLessThan(2);
  for (const site of (await readReport(out)).sites) sites.set(site.url, site);
}, 300_000);

afterAll(() => server?.close());

function designOf(url: string): BannerDesign {
  const site = sites.get(url);
  const design = site?.consent.bannerDesign;
  // On failure, say what the scan saw instead.
  expect(design, `${url}: ${site ? JSON.stringify({ error: site.error, detections: site.consent.detections, errors: site.errors.map((e) => e.message) }) : `not in the report (${[...sites.keys()].join(', ')})`}`).toBeDefined();
  return design!;
}

/** The banner rules' outcomes on a site: rule id → fail / needs-review, for the rules with findings. */
function bannerFindings(url: string): Record<string, string> {
  const findings = (sites.get(url)?.findings ?? []).filter((f) => BANNER_RULES.includes(f.ruleId));
  return Object.fromEntries(findings.map((f) => [f.ruleId, f.outcome]));
}

describe('the first layer as measured', () => {
  it('measures a small grey reject link next to a big accept button (German)', () => {
    const design = designOf(SITES.smallLink);
    const site = sites.get(SITES.smallLink)!;
    const accept = controlFor(design, 'accept', site.consent.accept)!;
    const reject = controlFor(design, 'reject', site.consent.reject)!;
    expect(design.language).toBe('de');
    expect(design.controlsLanguage).toBe('de');
    expect(accept).toMatchObject({ label: 'Alle akzeptieren', kind: 'button', tag: 'button', fontSizePx: 20, fontWeight: 700 });
    expect(reject).toMatchObject({ label: 'Ablehnen', kind: 'link', tag: 'a', fontSizePx: 11 });
    expect(boxArea(accept.box)).toBeGreaterThan(8 * boxArea(reject.box));
    expect(accept.textContrast).toBeGreaterThanOrEqual(4.5);
    expect(reject.textContrast).toBeLessThan(2.5);
    expect(reject.prominence).toBe(1);
    expect(design.privacyLinks.map((l) => l.text)).toEqual(['Datenschutzerklärung']);
    // Boxes are in the viewport: the bottom bar ends at its bottom edge.
    expect(design.box!.y + design.box!.height).toBeLessThanOrEqual(design.viewport.height + 1);
    expect(design.pageBehind).toMatchObject({ pointsBlocked: 0 });
  });

  it('measures the wall: an overlay over the whole page, scrolling locked (Italian)', () => {
    const design = designOf(SITES.wall);
    expect(design.language).toBe('it');
    expect(design.controls.filter((c) => c.role === 'reject')).toEqual([]);
    const behind = design.pageBehind!;
    expect(behind.pointsTested).toBeGreaterThan(20);
    expect(behind.pointsBlocked).toBe(behind.pointsTested);
    expect(behind.scrollLocked).toBe(true);
    expect(behind.scrollDetail).toMatch(/overflow hidden/);
  });

  it('measures the twin the same way, with an equal reject and its switches off', () => {
    const design = designOf(SITES.twin);
    const site = sites.get(SITES.twin)!;
    const accept = controlFor(design, 'accept', site.consent.accept)!;
    const reject = controlFor(design, 'reject', site.consent.reject)!;
    expect(reject.kind).toBe('button');
    expect(boxArea(reject.box)).toBe(boxArea(accept.box));
    expect(reject.textContrast).toBe(accept.textContrast);
    expect(design.pageBehind).toMatchObject({ scrollLocked: true });
    expect(design.pageBehind!.pointsBlocked).toBe(design.pageBehind!.pointsTested);
    expect(design.settingsLayer).toMatchObject({ opened: true, via: { role: 'settings', label: 'Personalizza', layer: 1 } });
    expect(design.settingsLayer!.toggles.map((t) => [t.label, t.checked, t.necessary])).toEqual([
      ['Necessari (sempre attivi)', true, true],
      ['Statistiche', false, false],
      ['Marketing', false, false],
    ]);
  });

  it('finds no privacy link in a banner that has none, though the footer has one (French)', () => {
    const design = designOf(SITES.noLink);
    expect(design.language).toBe('fr');
    expect(design.privacyLinks).toEqual([]);
    expect(design.controls.map((c) => c.role)).toEqual(['accept', 'reject']);
  });

  it('reads pre-ticked switches from the settings layer, opened once without saving', () => {
    const layer = designOf(SITES.preticked).settingsLayer!;
    expect(layer.via).toMatchObject({ role: 'settings', label: 'Settings' });
    expect(layer.toggles.filter((t) => t.checked && !t.necessary).map((t) => t.label)).toEqual(['Statistics (Google Analytics)', 'Marketing (Meta pixel)']);
    // Opening the layer in the before phase saved nothing: no consent cookie before consent.
    const before = sites.get(SITES.preticked)!.pages[0]!.phases.before!;
    expect(before.cookies.map((c) => c.name)).not.toContain('sf_consent');
  });
});

describe('the banner rules on the fixtures', () => {
  it.each([
    [SITES.smallLink, { 'reject-harder-than-accept': 'fail' }],
    [SITES.wall, { 'cookie-wall': 'fail' }],
    [SITES.twin, {}],
    [SITES.noLink, { 'banner-without-privacy-link': 'fail' }],
    [SITES.preticked, { 'preticked-consent': 'fail', 'reject-harder-than-accept': 'fail' }],
  ])('%s', (url, expected) => {
    expect(bannerFindings(url)).toEqual(expected);
  });

  it('puts the measured numbers into the finding', () => {
    const finding = sites.get(SITES.smallLink)!.findings!.find((f) => f.ruleId === 'reject-harder-than-accept')!;
    expect(finding.message).toMatch(/"Ablehnen" is a text link while "Alle akzeptieren" is a button/);
    expect(finding.evidence.map((e) => e.value)).toEqual(expect.arrayContaining([expect.stringMatching(/^reject "Ablehnen": link \(<a>\), \d+×\d+ px = \d+ px², font 11 px/)]));
  });
});
