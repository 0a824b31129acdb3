import { describe, expect, it } from 'vitest';
import { planFromArgs, UsageError, type ScanArgs } from '../../src/plan/from-args.js';
import { scanArgs } from '../helpers/scan-args.js';

const base: ScanArgs = scanArgs(['https://shop.test/'], 'out', { maxPages: 3, locale: 'de-DE' });

describe('plan from arguments', () => {
  it('builds a plan with phases in canonical order', () => {
    const plan = planFromArgs({ ...base, phases: 'reject, before', hostMap: ['*=127.0.0.1:9'] });
    expect(plan.phases).toEqual(['before', 'reject']);
    expect(plan.hostMap[0]).toMatchObject({ pattern: '*', port: 9 });
    expect(plan.locale).toBe('de-DE');
    expect(plan.sites[0].url).toBe('https://shop.test/');
  });

  it('reports usage mistakes as UsageError with one clear line', () => {
    const cases: Array<[Partial<ScanArgs>, RegExp]> = [
      [{ phases: 'before,later' }, /--phases: unknown phase "later"/],
      [{ phases: ' , ' }, /at least one phase/],
      [{ format: 'pdf' }, /--format: unknown format "pdf"/],
      [{ failOn: 'severe' }, /--fail-on/],
      [{ locale: 'german!' }, /--locale/],
      [{ maxPages: 0 }, /--max-pages/],
      [{ timeout: Number.NaN }, /--timeout/],
      [{ hostMap: ['nonsense'] }, /--host-map/],
      [{ concurrency: -1 }, /--concurrency: expected a whole number from 0 to 64/],
      [{ concurrency: 1.5 }, /--concurrency/],
      [{ siteTimeout: 10 }, /--site-timeout: expected a whole number from 1000/],
    ];
    for (const [override, message] of cases) {
      expect(() => planFromArgs({ ...base, ...override })).toThrow(UsageError);
      expect(() => planFromArgs({ ...base, ...override })).toThrow(message);
    }
  });

  it('takes --concurrency and --site-timeout; 0 or nothing picks the concurrency from the machine', () => {
    expect(planFromArgs({ ...base, concurrency: 3, siteTimeout: 60_000 })).toMatchObject({ concurrency: 3, siteTimeoutMs: 60_000 });
    const auto = planFromArgs(base);
    expect(auto.concurrency).toBeGreaterThanOrEqual(1);
    expect(auto.siteTimeoutMs).toBeUndefined();
    expect(planFromArgs({ ...base, concurrency: 0 }).concurrency).toBe(auto.concurrency);
  });

  it('keeps bad URLs as site errors so the other sites are still scanned', () => {
    const plan = planFromArgs({ ...base, urls: ['file:///x', 'https://ok.test'] });
    expect(plan.sites[0].error).toMatch(/unsupported scheme/);
    expect(plan.sites[1].url).toBe('https://ok.test/');
  });
});
