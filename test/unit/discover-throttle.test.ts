/** HostThrottle with real timers (delays kept small): one request per host at a time, paced; hosts independent. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_HOST_DELAY_MS, HostThrottle, MAX_CRAWL_DELAY_SECONDS, URGENT } from '../../src/gather/discover/throttle.js';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
/** Timers may fire a little early or late; allow a few ms of slack below the target. */
const SLACK = 5;

interface Span {
  name: string;
  start: number;
  end: number;
}

/** A task that records when it ran and takes `ms`. */
function recorder(spans: Span[]) {
  return (name: string, ms = 20) =>
    async (): Promise<string> => {
      const start = performance.now();
      await sleep(ms);
      spans.push({ name, start, end: performance.now() });
      return name;
    };
}

describe('HostThrottle', () => {
  it('runs one task per host at a time, in call order, with the pause between the end of one and the start of the next', async () => {
    const throttle = new HostThrottle({ delayMs: 60 });
    const spans: Span[] = [];
    const task = recorder(spans);
    const results = await Promise.all([
      throttle.schedule('https://a.test/robots.txt', task('1')),
      throttle.schedule('https://a.test/sitemap.xml', task('2')),
      throttle.schedule('http://a.test:8080/other.xml', task('3')), // same host name: same server
    ]);
    expect(results).toEqual(['1', '2', '3']);
    expect(spans.map((s) => s.name)).toEqual(['1', '2', '3']);
    for (let i = 1; i < spans.length; i++) expect(spans[i]!.start - spans[i - 1]!.end).toBeGreaterThanOrEqual(60 - SLACK);
  });

  it('lets an urgent request (robots.txt) pass queued background ones (sitemaps), still one at a time', async () => {
    const throttle = new HostThrottle({ delayMs: 20 });
    const spans: Span[] = [];
    const task = recorder(spans);
    await Promise.all([
      throttle.schedule('https://a.test/sitemap-1.xml', task('sitemap 1', 10)),
      throttle.schedule('https://a.test/sitemap-2.xml', task('sitemap 2', 10)),
      throttle.schedule('https://a.test/sitemap-3.xml', task('sitemap 3', 10)),
      throttle.schedule('https://a.test/robots.txt', task('robots', 10), URGENT),
    ]);
    // The first sitemap had already started; the robots.txt request goes next.
    expect(spans.map((s) => s.name)).toEqual(['sitemap 1', 'robots', 'sitemap 2', 'sitemap 3']);
    for (let i = 1; i < spans.length; i++) expect(spans[i]!.start - spans[i - 1]!.end).toBeGreaterThanOrEqual(20 - SLACK);
  });

  it('does not hold up other hosts', async () => {
    const throttle = new HostThrottle({ delayMs: 200 });
    const spans: Span[] = [];
    const task = recorder(spans);
    const started = performance.now();
    await Promise.all([
      throttle.schedule('https://a.test/1', task('a1', 40)),
      throttle.schedule('https://b.test/1', task('b1', 40)),
      throttle.schedule('https://c.test/1', task('c1', 40)),
    ]);
    // Side by side: one after another they would take 3 × 40 ms plus two 200 ms pauses.
    expect(performance.now() - started).toBeLessThan(300);
    const starts = spans.map((s) => s.start);
    expect(Math.max(...starts) - Math.min(...starts)).toBeLessThan(100);
  });

  it('a first request to a host goes out at once; a later one waits only what is left of the pause', async () => {
    const throttle = new HostThrottle({ delayMs: 200 });
    const first = performance.now();
    await throttle.schedule('https://a.test/', async () => undefined);
    const firstDone = performance.now();
    expect(firstDone - first).toBeLessThan(100);
    await sleep(120);
    const second = performance.now();
    const secondStart = await throttle.schedule('https://a.test/x', async () => performance.now());
    expect(secondStart - firstDone).toBeGreaterThanOrEqual(200 - SLACK);
    expect(secondStart - second).toBeLessThan(180); // not the whole pause again
  });

  it('a failing task rejects only its own promise and the next one still runs, after the pause', async () => {
    const throttle = new HostThrottle({ delayMs: 40 });
    const spans: Span[] = [];
    const failing = throttle.schedule('https://a.test/1', async () => {
      await sleep(10);
      spans.push({ name: 'fail', start: 0, end: performance.now() });
      throw new Error('boom');
    });
    const throwingAtOnce = throttle.schedule('https://a.test/2', () => {
      throw new Error('sync boom');
    });
    const next = throttle.schedule('https://a.test/3', recorder(spans)('ok', 5));
    await expect(failing).rejects.toThrow('boom');
    await expect(throwingAtOnce).rejects.toThrow('sync boom');
    await expect(next).resolves.toBe('ok');
    expect(spans[1]!.start - spans[0]!.end).toBeGreaterThanOrEqual(2 * 40 - SLACK);
  });

  it('honours Crawl-delay per host: longer than the default counts, shorter does not lower it', async () => {
    const throttle = new HostThrottle({ delayMs: 30, maxCrawlDelaySeconds: 1 });
    expect(throttle.setCrawlDelay('https://slow.test/robots.txt', 0.12)).toBe(120);
    expect(throttle.setCrawlDelay('https://fast.test/robots.txt', 0.001)).toBe(30);
    expect(throttle.setCrawlDelay('http://slow.test/robots.txt', 0.05)).toBe(120); // only ever grows
    expect(throttle.delayFor('https://slow.test/any')).toBe(120);
    expect(throttle.delayFor('https://other.test/')).toBe(30);
    const spans: Span[] = [];
    const task = recorder(spans);
    await Promise.all([throttle.schedule('https://slow.test/a', task('a', 5)), throttle.schedule('https://slow.test/b', task('b', 5))]);
    expect(spans[1]!.start - spans[0]!.end).toBeGreaterThanOrEqual(120 - SLACK);
  });

  it('caps Crawl-delay (5 s by default) and ignores invalid values', async () => {
    const byDefault = new HostThrottle();
    expect(DEFAULT_HOST_DELAY_MS).toBe(250);
    expect(MAX_CRAWL_DELAY_SECONDS).toBe(5);
    expect(byDefault.delayFor('https://a.test/')).toBe(250);
    expect(byDefault.setCrawlDelay('https://a.test/', 86_400)).toBe(5_000);
    for (const bad of [Number.NaN, -1, Number.POSITIVE_INFINITY]) expect(byDefault.setCrawlDelay('https://b.test/', bad)).toBe(250);
    expect(byDefault.setCrawlDelay('not a url', 3)).toBe(250);

    const small = new HostThrottle({ delayMs: 10, maxCrawlDelaySeconds: 0.08 });
    expect(small.setCrawlDelay('https://hostile.test/robots.txt', 3_600)).toBe(80);
    const spans: Span[] = [];
    const task = recorder(spans);
    const started = performance.now();
    await Promise.all([small.schedule('https://hostile.test/1', task('1', 5)), small.schedule('https://hostile.test/2', task('2', 5))]);
    expect(spans[1]!.start - spans[0]!.end).toBeGreaterThanOrEqual(80 - SLACK);
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it('keeps no state between instances (one per scan run)', async () => {
    const one = new HostThrottle({ delayMs: 1_000 });
    await one.schedule('https://a.test/', async () => undefined);
    const two = new HostThrottle({ delayMs: 1_000 });
    const started = performance.now();
    await two.schedule('https://a.test/', async () => undefined);
    expect(performance.now() - started).toBeLessThan(100);
  });

  it('runs a task for a URL without a host at once (it fails by itself)', async () => {
    const throttle = new HostThrottle({ delayMs: 1_000 });
    await expect(throttle.schedule('not a url', async () => 'ran')).resolves.toBe('ran');
  });
});
