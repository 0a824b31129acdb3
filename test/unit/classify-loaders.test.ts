import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classifySite } from '../../src/judge/classify/index.js';
import { ghosteryServiceInfo, loadFilterListClassifier, loadGhosteryClassifier } from '../../src/judge/classify/loaders.js';
import type { SiteEvidence } from '../../src/model/evidence.js';

const req = (url: string, type = 'script') => ({ url, host: new URL(url).hostname, type, siteUrl: 'https://www.shop.example/' });

describe('filter-list classifier', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'gdpr-scan-filters-'));
    await writeFile(join(dir, 'easyprivacy.txt'), [
      '[Adblock Plus 2.0]',
      '! Title: test list',
      '||pixel.tracker.example^$third-party',
      '/collect/beacon.gif$image',
      '@@||pixel.tracker.example/allowed/*',
      'example.com##.cookie-banner',
    ].join('\n'));
    await writeFile(join(dir, 'ads.txt'), '||ads.example^\n');
    await writeFile(join(dir, 'cosmetic-only.txt'), 'example.com##.ad\n');
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('names the list and the rule that matched', async () => {
    const classify = await loadFilterListClassifier([join(dir, 'easyprivacy.txt'), join(dir, 'ads.txt')]);
    expect(classify(req('https://pixel.tracker.example/p.js'))).toEqual({
      name: 'easyprivacy.txt: ||pixel.tracker.example^$third-party', organization: 'unknown (filter list)', category: 'other', tracking: true, source: 'filter-list',
    });
    expect(classify(req('https://cdn.other.example/collect/beacon.gif', 'image'))?.name).toBe('easyprivacy.txt: /collect/beacon.gif$image');
    expect(classify(req('https://cdn.other.example/collect/beacon.gif', 'script'))).toBeUndefined();
    expect(classify(req('https://ads.example/banner.js'))?.name).toBe('ads.txt: ||ads.example^');
    // Exceptions (@@) win, as in the browser extension.
    expect(classify(req('https://pixel.tracker.example/allowed/x.js'))).toBeUndefined();
    // $third-party: not a match when the page is on the same site.
    expect(classify({ ...req('https://pixel.tracker.example/p.js'), siteUrl: 'https://www.tracker.example/' })).toBeUndefined();
    expect(classify(req('https://cdn.jsdelivr.net/npm/x.js'))).toBeUndefined();
  });

  it('fills gaps in classifySite but never overrides the built-in knowledge base', async () => {
    const classify = await loadFilterListClassifier([join(dir, 'ads.txt')]);
    const site: SiteEvidence = {
      url: 'https://www.shop.example/',
      startedAt: '2026-01-01T00:00:00.000Z',
    consentObservations: [],
      pages: [{ url: 'https://www.shop.example/', phases: { before: { status: 'ok', requests: [
        { url: 'https://ads.example/a.js', host: 'ads.example', method: 'GET', type: 'script', isMainFrame: true, time: 1, afterConsent: false },
        { url: 'https://www.googletagmanager.com/gtm.js', host: 'www.googletagmanager.com', method: 'GET', type: 'script', isMainFrame: true, time: 1, afterConsent: false },
      ], cookies: [], refusedCookies: [], storage: [], durationMs: 1 } } }],
      errors: [],
      durationMs: 1,
    };
    const requests = classifySite(site, 0, { extraClassifiers: [classify] }).pages[0]!.phases.before!.requests;
    expect(requests.map((r) => r.service?.source)).toEqual(['filter-list', 'builtin']);
  });

  it('fails with a one-line message naming the file', async () => {
    await expect(loadFilterListClassifier([join(dir, 'missing.txt')])).rejects.toThrow(`Cannot read filter list ${join(dir, 'missing.txt')}: no such file`);
    await expect(loadFilterListClassifier([dir])).rejects.toThrow(`Cannot read filter list ${dir}: is a directory`);
    await expect(loadFilterListClassifier([join(dir, 'cosmetic-only.txt')])).rejects.toThrow(/cosmetic-only\.txt contains no network filter rules/);
  });
});

describe('Ghostery tracker database classifier (optional, installed here as a devDependency)', () => {
  it('classifies known hosts with organisation and country', async () => {
    const classify = await loadGhosteryClassifier();
    expect(classify(req('https://www.google-analytics.com/g/collect?v=2', 'ping'))).toMatchObject({
      name: 'Google Analytics', organization: 'Google', category: 'analytics', country: 'US', tracking: true, source: 'ghostery',
    });
    expect(classify(req('https://static.hotjar.com/c/hotjar-1.js'))).toMatchObject({ organization: 'Hotjar', country: 'MT', tracking: true });
    expect(classify(req('https://www.shop-that-nobody-knows.example/x.js'))).toBeUndefined();
  }, 30_000);

  it('says how to install it, and why it is not bundled, when it is missing', async () => {
    const error = await loadGhosteryClassifier({ packageName: '@ghostery/trackerdb-not-installed' }).catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/npm install @ghostery\/trackerdb-not-installed/);
    expect((error as Error).message).toMatch(/CC BY-NC-SA 4\.0/);
    expect((error as Error).message).not.toMatch(/\n/);
  });

  it('maps Ghostery categories to ours', () => {
    const info = (category: string, name = 'X') => ghosteryServiceInfo({ pattern: { name, category }, organization: { name: 'Org', country: 'DE' } });
    expect(info('advertising')).toMatchObject({ category: 'advertising', tracking: true, country: 'DE' });
    expect(info('site_analytics').category).toBe('analytics');
    expect(info('social_media').category).toBe('social');
    expect(info('consent')).toMatchObject({ category: 'consent-manager', tracking: false });
    expect(info('hosting')).toMatchObject({ category: 'cdn', tracking: false });
    expect(info('utilities', 'Some Tag Manager')).toMatchObject({ category: 'tag-manager', tracking: false });
    expect(info('misc')).toMatchObject({ category: 'other', tracking: false });
    expect(info('something-new')).toMatchObject({ category: 'other', tracking: false });
    expect(ghosteryServiceInfo({ pattern: { name: 'Y', category: 'advertising' }, organization: null })).toEqual({
      name: 'Y', organization: 'unknown (Ghostery)', category: 'advertising', tracking: true, source: 'ghostery',
    });
  });
});
