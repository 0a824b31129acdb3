/**
 * How a batch shares the machine: sites of different hosts run side by side up to --concurrency,
 * sites on one host name take turns (politeness), and the report keeps the order asked for
 * whatever order the sites finish in.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFixtureServer, type FixtureServer } from '../../fixtures/server/index.js';
import { scan } from '../../src/pipeline/scan.js';
import type { Report } from '../../src/model/report.js';
import { planFromArgs } from '../../src/plan/from-args.js';
import { scanArgs } from '../helpers/scan-args.js';

let server: FixtureServer;
let report: Report;
const spans = new Map<string, { start: number; end: number }>();
const SITES = ['https://www.cdn-clinic.test/', 'https://www.cdn-clinic.test/team.html', 'https://www.osano-cc.test/', 'https://www.klaro-shop.test/'];

beforeAll(async () => {
  server = await startFixtureServer();
  const plan = planFromArgs(
    scanArgs(SITES, mkdtempSync(join(tmpdir(), 'concurrency-')), {
      phases: 'before,reject',
      maxPages: 1,
      concurrency: 3,
      hostMap: [`*=127.0.0.1:${server.port}`],
      ignoreHttpsErrors: true,
    }),
  );
  report = await scan(plan, {
    hooks: {
      onSiteStart: ({ url }) => void spans.set(url, { start: performance.now(), end: Infinity }),
      onSiteDone: ({ url }) => void (spans.get(url)!.end = performance.now()),
    },
  });
}, 120_000);

afterAll(() => server?.close());

const overlap = (a: string, b: string): boolean => {
  const [x, y] = [spans.get(a)!, spans.get(b)!];
  return x.start < y.end && y.start < x.end;
};

describe('a batch sharing one browser', () => {
  it('runs sites of different hosts side by side', () => {
    expect(overlap(SITES[0]!, SITES[2]!)).toBe(true);
    expect(overlap(SITES[0]!, SITES[3]!) || overlap(SITES[1]!, SITES[3]!)).toBe(true);
  });

  it('lets sites on one host name take turns', () => {
    expect(overlap(SITES[0]!, SITES[1]!)).toBe(false);
  });

  it('reports the sites in the order asked, each scanned', () => {
    expect(report.sites.map((s) => s.url)).toEqual(SITES);
    for (const site of report.sites) expect(site.error, site.url).toBeUndefined();
    expect(report.plan.concurrency).toBe(3);
  });
});
