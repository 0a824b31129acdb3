import { describe, expect, it } from 'vitest';
import { deviceUserAgent } from '../../src/gather/browser/devices.js';
import { desktopUserAgent } from '../../src/gather/browser/find-browser.js';
import { planFromArgs, UsageError, type ScanArgs } from '../../src/plan/from-args.js';
import { summarisePlan } from '../../src/plan/plan.js';
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
      [{ timeout: Number.NaN }, /^--timeout: expected a whole number from \d+ to \d+, got text that is not a number$/],
      [{ hostMap: ['nonsense'] }, /--host-map/],
      [{ concurrency: -1 }, /--concurrency: expected a whole number from 1 to 64/],
      [{ concurrency: 1.5 }, /--concurrency/],
      [{ siteTimeout: 10 }, /--site-timeout: expected a whole number from 1000/],
    ];
    for (const [override, message] of cases) {
      expect(() => planFromArgs({ ...base, ...override })).toThrow(UsageError);
      expect(() => planFromArgs({ ...base, ...override })).toThrow(message);
    }
  });

  it('takes --concurrency and --site-timeout; nothing picks the concurrency from the machine, 0 is refused', () => {
    expect(planFromArgs({ ...base, concurrency: 3, siteTimeout: 60_000 })).toMatchObject({ concurrency: 3, siteTimeoutMs: 60_000 });
    const auto = planFromArgs(base);
    expect(auto.concurrency).toBeGreaterThanOrEqual(1);
    expect(auto.siteTimeoutMs).toBeUndefined();
    expect(() => planFromArgs({ ...base, concurrency: 0 })).toThrow(/^--concurrency: expected a whole number from 1 to 64, got "0"$/);
  });

  it('keeps bad URLs as site errors so the other sites are still scanned', () => {
    const plan = planFromArgs({ ...base, urls: ['file:///x', 'https://ok.test'] });
    expect(plan.sites[0].error).toMatch(/unsupported scheme/);
    expect(plan.sites[1].url).toBe('https://ok.test/');
  });
});

describe('--device and --viewport', () => {
  it('desktop is the default: 1366×768, no mobile or touch emulation, the user agent derived at launch', () => {
    expect(planFromArgs(base).device).toEqual({ name: 'desktop', viewport: { width: 1366, height: 768 }, deviceScaleFactor: 1, isMobile: false, hasTouch: false });
    expect(planFromArgs({ ...base, device: 'Desktop' }).device.name).toBe('desktop');
    expect(deviceUserAgent(planFromArgs(base).device, '156.0.8078.108')).toBe(desktopUserAgent('156.0.8078.108'));
  });

  it('mobile is a Pixel 7, its user agent carrying the browser\'s Chrome version', () => {
    const { device } = planFromArgs({ ...base, device: 'mobile' });
    expect(device).toMatchObject({ name: 'Pixel 7', viewport: { width: 412, height: 839 }, deviceScaleFactor: 2.625, isMobile: true, hasTouch: true });
    expect(device.userAgent).toMatch(/Android .*Pixel 7.* Chrome\/\d+[.\d]* Mobile Safari/);
    const sent = deviceUserAgent(device, '156.0.8078.108');
    expect(sent).toMatch(/ Chrome\/156\.0\.0\.0 Mobile Safari\/537\.36$/);
    expect(sent.replace(/Chrome\/[\d.]+/, '')).toBe(device.userAgent!.replace(/Chrome\/[\d.]+/, ''));
  });

  it('takes any name of Playwright\'s registry, in any case; Safari user agents stay as they are', () => {
    const { device } = planFromArgs({ ...base, device: 'iphone 15' });
    expect(device).toMatchObject({ name: 'iPhone 15', isMobile: true, hasTouch: true });
    expect(deviceUserAgent(device, '156.0.1.1')).toBe(device.userAgent);
    expect(planFromArgs({ ...base, device: ' Galaxy S9+ ' }).device.name).toBe('Galaxy S9+');
  });

  it('--viewport replaces the device\'s viewport; --user-agent its user agent', () => {
    const plan = planFromArgs({ ...base, device: 'mobile', viewport: '390x700', userAgent: 'Custom/1.0' });
    expect(plan.device).toMatchObject({ name: 'Pixel 7', viewport: { width: 390, height: 700 }, isMobile: true });
    expect(plan.userAgent).toBe('Custom/1.0');
    expect(planFromArgs({ ...base, viewport: '1280X720' }).device.viewport).toEqual({ width: 1280, height: 720 });
    expect(summarisePlan(plan, 'Custom/1.0').device).toEqual({ name: 'Pixel 7', viewport: { width: 390, height: 700 }, deviceScaleFactor: 2.625, isMobile: true, hasTouch: true });
  });

  it('an unknown device or a bad viewport is a one-line usage error naming valid devices', () => {
    const message = (override: Partial<ScanArgs>): string => {
      try {
        planFromArgs({ ...base, ...override });
      } catch (error) {
        expect(error).toBeInstanceOf(UsageError);
        return (error as Error).message;
      }
      throw new Error('expected a UsageError');
    };
    expect(message({ device: 'nokia 3310' })).toBe('--device: unknown device "nokia 3310"; use desktop, mobile or a Playwright device name such as "Pixel 7", "iPhone 15", "Galaxy S9+", "iPad Mini"');
    expect(message({ device: 'pixel7' })).toMatch(/^--device: unknown device "pixel7" \(did you mean "Pixel 7"\?\); use desktop, mobile/);
    expect(message({ device: 'nokia 3310' })).not.toContain('\n');
    expect(message({ viewport: 'wide' })).toBe('--viewport: expected WIDTHxHEIGHT in CSS pixels (each from 100 to 10000), like 1280x720, got "wide"');
    expect(message({ viewport: '50x50' })).toMatch(/^--viewport: /);
  });
});

describe('--consent-accept and --consent-reject', () => {
  it('give every site the steps, in order, trimmed', () => {
    const plan = planFromArgs({ ...base, urls: ['https://a.test/', 'https://b.test/'], consentAccept: ['#more', ' .banner > button[data-x="ok"] '], consentReject: ['#reject'] });
    for (const site of plan.sites) expect(site.consentSteps).toEqual({ accept: ['#more', '.banner > button[data-x="ok"]'], reject: ['#reject'] });
    expect(planFromArgs({ ...base, consentReject: ['#no'] }).sites[0].consentSteps).toEqual({ accept: [], reject: ['#no'] });
  });

  it('none given: no steps; a site that is no URL gets none', () => {
    expect(planFromArgs(base).sites[0]).not.toHaveProperty('consentSteps');
    expect(planFromArgs({ ...base, urls: ['file:///x'], consentAccept: ['#a'] }).sites[0]).not.toHaveProperty('consentSteps');
  });

  it('rejects empty and malformed selectors in one line', () => {
    const cases: Array<[Partial<ScanArgs>, string]> = [
      [{ consentAccept: [''] }, '--consent-accept: an empty selector'],
      [{ consentReject: ['#ok', '   '] }, '--consent-reject[1]: an empty selector'],
      [{ consentAccept: ['button[data-x="1"'] }, '--consent-accept: "button[data-x="1"" has an unclosed "["'],
      [{ consentAccept: ['a)'] }, '--consent-accept: "a)" has an unmatched ")"'],
      [{ consentAccept: ['[title="x]'] }, '--consent-accept: "[title="x]" has an unclosed "'],
      [{ consentAccept: ['#banner >'] }, '--consent-accept: "#banner >" starts or ends with a combinator or comma'],
    ];
    for (const [override, expected] of cases) {
      expect(() => planFromArgs({ ...base, ...override }), expected).toThrow(UsageError);
      expect(() => planFromArgs({ ...base, ...override })).toThrow(expected);
    }
    // What looks odd but is CSS: escapes, pseudo-classes with arguments, attribute values with brackets.
    expect(planFromArgs({ ...base, consentAccept: ['#cookie\\:accept', 'li:nth-child(2n+1) > a', '[aria-label="OK (all)"]', ':is(a, b)'] }).sites[0].consentSteps?.accept).toHaveLength(4);
  });
});
