/**
 * The consent table: every fixture site with a banner (fixtures/expectations.json, `consent`)
 * scanned twice, at concurrency 1 and at concurrency 4 (twice the cores of CI's machine), must
 * give the same answer both times and the answer its expectations name: banner found, the CMP
 * named by its own fingerprints, accept and reject verified (or, for the dead button, not) with at
 * least the named independent signals, the path reject took, the withdrawal (how the settings
 * were reopened, whether the refusal was proven) and the rule ids. The run at concurrency 4 is
 * the shared batch of the whole fixture web (test/helpers/fixture-web.ts, all four phases) plus
 * the sites of other devices; the run at concurrency 1 has the three classic phases (PHASES_AT).
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFixtureServer, type FixtureServer } from '../../fixtures/server/index.js';
import type { ConsentActionRecord } from '../../src/model/evidence.js';
import type { Report, SiteReport } from '../../src/model/report.js';
import { readReport, runCliCaptured } from '../helpers/cli.js';
import { BATCH_CONCURRENCY, fixtureWebScan } from '../helpers/fixture-web.js';

interface ClickExpectation {
  verified: boolean;
  /** Kinds that must be among the confirming signals. */
  signals: string[];
}

interface ConsentExpectation {
  bannerFound: boolean;
  cmp: string | null;
  accept?: ClickExpectation;
  reject?: ClickExpectation;
  rejectPath?: 'first-layer' | 'second-layer';
  /** The withdraw phase: how the settings were reopened and whether the refusal was proven. */
  withdraw?: { via: 'page-control' | 'cmp-api' | 'none'; verified: boolean };
  device?: string;
  language?: string;
}

interface Expectation {
  fail: string[];
  needsReview?: string[];
  consent?: ConsentExpectation;
}

const expectations = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../fixtures/expectations.json'), 'utf8')) as Record<string, Expectation>;
const table = Object.entries(expectations).filter((entry): entry is [string, Expectation & { consent: ConsentExpectation }] => /^https?:\/\//.test(entry[0]) && entry[1].consent !== undefined);
const byDevice = new Map<string, string[]>();
for (const [url, expected] of table) byDevice.set(expected.consent.device ?? 'desktop', [...(byDevice.get(expected.consent.device ?? 'desktop') ?? []), url]);

let server: FixtureServer;
const runs = new Map<number, Map<string, SiteReport>>();

/**
 * The phases of each run. The run at concurrency 4 has all four, so the withdrawal and the rule
 * ids are judged on it; the run at concurrency 1 checks that the three classic phases come out
 * the same under less load, without paying for a second withdraw phase per site (a fourth
 * profile per site on two cores).
 */
const PHASES_AT: Readonly<Record<number, string>> = { 1: 'before,accept,reject', 4: 'before,accept,reject,withdraw' };
const FULL_RUN = BATCH_CONCURRENCY;

async function scanTable(concurrency: number): Promise<Map<string, SiteReport>> {
  const sites = new Map<string, SiteReport>();
  for (const [device, urls] of byDevice) {
    // Desktop sites at concurrency 4: the shared batch already scanned them with these options (and more sites around them).
    if (concurrency === FULL_RUN && device === 'desktop') {
      const { report } = await fixtureWebScan();
      for (const site of report.sites) if (urls.includes(site.url)) sites.set(site.url, site);
      continue;
    }
    const out = mkdtempSync(join(tmpdir(), `consent-table-${concurrency}-`));
    await runCliCaptured([
      'scan', ...urls,
      '--device', device,
      '--max-pages', '10',
      '--concurrency', String(concurrency),
      '--phases', PHASES_AT[concurrency]!,
      '--format', 'json',
      '--host-map', `*=127.0.0.1:${server.port}`,
      '--ignore-https-errors',
      '--out', out,
    ]);
    const report: Report = await readReport(out);
    for (const site of report.sites) sites.set(site.url, site);
  }
  return sites;
}

beforeAll(async () => {
  server = await startFixtureServer();
  runs.set(4, await scanTable(4));
  runs.set(1, await scanTable(1));
}, 1_200_000);

afterAll(() => server?.close());

/**
 * What the table compares: the consent outcome and the rule ids, nothing timing-dependent. Which
 * mechanism clicked a first-layer button (autoconsent's rule or the heuristics, when autoconsent's
 * popup detection was not done in time) may vary with load; whether the click was made, proven,
 * and whether it took the settings layer must not.
 */
function outcomeOf(site: SiteReport, withWithdrawal = true) {
  const click = (action: ConsentActionRecord | undefined) =>
    action ? { done: action.done, verified: action.verified, secondLayer: action.method === 'heuristic' && action.path === 'second-layer', selector: action.method === 'selector' } : undefined;
  return {
    bannerFound: site.consent?.bannerFound,
    cmp: site.consent?.cmp?.id ?? null,
    accept: click(site.consent?.accept),
    reject: click(site.consent?.reject),
    ...(withWithdrawal ? { withdraw: site.consent?.withdraw ? { via: site.consent.withdraw.via, done: site.consent.withdraw.done, verified: site.consent.withdraw.verified } : undefined } : {}),
    failing: ruleIds(site, 'fail', withWithdrawal),
    reviewing: ruleIds(site, 'needs-review', withWithdrawal),
  };
}

/** The rule ids with findings of an outcome; without the withdraw phase's own rules for a comparison with a run that had none. */
function ruleIds(site: SiteReport, outcome: 'fail' | 'needs-review', withWithdrawal: boolean): string[] {
  const ids = site.findings.filter((f) => f.outcome === outcome && (withWithdrawal || f.phase !== 'withdraw')).map((f) => f.ruleId);
  return [...new Set(ids)].sort();
}

const confirming = (action: ConsentActionRecord | undefined) => (action?.signals ?? []).filter((s) => s.confirms).map((s) => s.kind);

describe.each(table)('%s', (url, expected) => {
  it('is the same at concurrency 1 and 4 (the phases both ran)', () => {
    expect(outcomeOf(runs.get(4)!.get(url)!, false)).toEqual(outcomeOf(runs.get(1)!.get(url)!, false));
  });

  it.each([1, 4])('finds the banner, names the CMP, and proves both clicks as expected (concurrency %i)', (concurrency) => {
    const site = runs.get(concurrency)!.get(url)!;
    expect(site.error).toBeUndefined();
    const { consent } = site;
    expect(consent?.bannerFound).toBe(expected.consent.bannerFound);
    expect(consent?.cmp?.id ?? null).toBe(expected.consent.cmp);
    for (const choice of ['accept', 'reject'] as const) {
      const want = expected.consent[choice];
      if (!want) continue;
      const action = consent?.[choice];
      expect({ choice, verified: action?.verified, verification: action?.verification }).toMatchObject({ choice, verified: want.verified });
      expect(confirming(action)).toEqual(expect.arrayContaining(want.signals));
    }
    // A click nothing verified never leaves a silent pass: the rules that stand on it say needs-review.
    if (expected.consent.accept?.verified === false) {
      expect(site.ruleResults?.find((r) => r.ruleId === 'cookie-lifetime-excessive')).toMatchObject({ outcome: 'needs-review', reason: expect.stringMatching(/"accept all" click could not be verified/) });
    }
    // The withdraw phase: reopened as the visitor would (or only by the CMP's API, or not at all), the refusal proven as named.
    if (expected.consent.withdraw && concurrency === FULL_RUN) {
      const withdrawal = consent?.withdraw;
      expect({ via: withdrawal?.via, verified: withdrawal?.verified, detail: withdrawal?.reopenDetail }).toMatchObject(expected.consent.withdraw);
    }
    // Autoconsent's own clicks are not seen; the path is asserted where the heuristics clicked.
    const reject = consent?.reject;
    if (expected.consent.rejectPath === 'second-layer') expect(reject?.method === 'heuristic' && reject.path).toBe('second-layer');
    if (expected.consent.rejectPath === 'first-layer' && reject?.method === 'heuristic') expect(reject.path).toBe('first-layer');
  });

  it('yields exactly the rule ids its expectations name', () => {
    const { failing, reviewing } = outcomeOf(runs.get(FULL_RUN)!.get(url)!);
    expect(failing).toEqual([...expected.fail].sort());
    // A rule that must fail may also have doubts elsewhere on the site (see expectations.json).
    for (const id of reviewing) expect([...(expected.needsReview ?? []), ...expected.fail]).toContain(id);
  });
});
