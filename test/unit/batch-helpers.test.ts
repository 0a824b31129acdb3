import { describe, expect, it } from 'vitest';
import { defaultConcurrency } from '../../src/plan/concurrency.js';
import { siteSlugs } from '../../src/finish/site-slug.js';
import { untilAborted } from '../../src/util/async.js';

const GiB = 1024 ** 3;

describe('default concurrency', () => {
  it('is one and a half sites per core, bounded by free memory and a ceiling, never below 1', () => {
    expect(defaultConcurrency({ cpus: 2, freeMemoryBytes: 20 * GiB })).toBe(3);
    expect(defaultConcurrency({ cpus: 1, freeMemoryBytes: 20 * GiB })).toBe(2);
    expect(defaultConcurrency({ cpus: 16, freeMemoryBytes: 3 * GiB })).toBe(4);
    expect(defaultConcurrency({ cpus: 64, freeMemoryBytes: 256 * GiB })).toBe(8);
    expect(defaultConcurrency({ cpus: 4, freeMemoryBytes: 0.2 * GiB })).toBe(1);
  });
});

describe('per-site report folders', () => {
  it('are readable, safe and unique, and the same list always gives the same names', () => {
    const sites = [
      'https://www.shop.test/',
      'https://www.shop.test/de/',
      'https://www.shop.test:8443/',
      'https://WWW.Shop.test/',
      'not a url <script>',
      'https://blog.test/a/../b?x=1#frag',
      '../../etc/passwd',
      '',
    ];
    const slugs = siteSlugs(sites);
    expect(slugs).toEqual(siteSlugs(sites));
    expect(slugs.slice(0, 4)).toEqual(['www.shop.test', 'www.shop.test-de', 'www.shop.test-8443', 'www.shop.test-2']);
    expect(new Set(slugs).size).toBe(slugs.length);
    for (const slug of slugs) {
      expect(slug).toMatch(/^[a-z0-9][a-z0-9.-]*$/);
      expect(slug).not.toContain('..');
      expect(slug.length).toBeLessThanOrEqual(80);
    }
    expect(slugs.at(-1)).toBe('site-8');
  });
});

describe('untilAborted', () => {
  it('settles like the promise while the signal stays quiet', async () => {
    await expect(untilAborted(Promise.resolve(7), new AbortController().signal)).resolves.toBe(7);
    await expect(untilAborted(Promise.reject(new Error('boom')), new AbortController().signal)).rejects.toThrow('boom');
  });

  it('rejects with the reason as soon as the signal aborts, and swallows the abandoned rejection', async () => {
    const controller = new AbortController();
    let rejectLater!: (error: Error) => void;
    const never = new Promise<number>((_, reject) => (rejectLater = reject));
    const raced = untilAborted(never, controller.signal);
    controller.abort(new Error('budget'));
    await expect(raced).rejects.toThrow('budget');
    rejectLater(new Error('late')); // Must not become an unhandled rejection (vitest would fail the run).
    await expect(untilAborted(Promise.resolve(1), controller.signal)).rejects.toThrow('budget');
  });
});

describe('the report of one site of a batch', () => {
  it('names only its own site and the host-map rules its traffic went through', async () => {
    const { siteReportOf } = await import('../../src/finish/site-report.js');
    const request = (host: string) => ({ url: `https://${host}/`, host, method: 'GET', type: 'script', isMainFrame: true, time: 0, afterConsent: false, firstParty: host.endsWith('a.test') });
    const site = {
      url: 'https://www.a.test/',
      consent: { cmp: null, bannerFound: false, rejectOnFirstLayer: null, acceptOnFirstLayer: null },
      pages: [{ url: 'https://www.a.test/', phases: { before: { status: 'ok' as const, requests: [request('www.a.test'), request('cdn.shared.test')], cookies: [], refusedCookies: [], storage: [], durationMs: 1 } } }],
      errors: [],
      durationMs: 1,
      findings: [],
    };
    const plan = {
      urls: ['https://www.a.test/', 'https://www.b.test/'], phases: ['before' as const], maxPages: 1, locale: 'en', userAgent: 'ua', timeoutMs: 1, quietMs: 1, maxWaitMs: 1, failOn: 'high' as const,
      hostMap: ['*.a.test=10.0.0.1', 'www.b.test=10.0.0.2:8443', 'cdn.*=10.0.0.3'], ignoreHttpsErrors: false,
    };
    const report = siteReportOf({ tool: { name: 'gdpr-scan', version: '0' }, startedAt: new Date(0), finishedAt: new Date(1), plan }, { site, rules: [] });
    expect(report.plan.urls).toEqual(['https://www.a.test/']);
    expect(report.plan.hostMap).toEqual(['*.a.test=10.0.0.1', 'cdn.*=10.0.0.3']);
    expect(report.sites).toHaveLength(1);
    expect(report.summary.sites).toBe(1);
  });
});
