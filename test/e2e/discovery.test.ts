/**
 * Page discovery on a 30-page site: links and sitemaps (fetched from Node through the host map),
 * robots.txt honoured, one page per URL template first, link loops and near-duplicate URLs
 * collapsed, and a violation three clicks deep found within --max-pages 10.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFixtureServer, type FixtureServer } from '../../fixtures/server/index.js';
import type { Report } from '../../src/model/report.js';
import { readReport, runCliCaptured } from '../helpers/cli.js';
import { THREE_PHASES } from '../helpers/scan-args.js';

let server: FixtureServer;
let report: Report;
let paths: string[];

beforeAll(async () => {
  server = await startFixtureServer();
  const out = mkdtempSync(join(tmpdir(), 'discovery-'));
  await runCliCaptured(['scan', 'https://www.big-blog.test/', '--phases', THREE_PHASES, '--max-pages', '10', '--format', 'json', '--host-map', `*=127.0.0.1:${server.port}`, '--ignore-https-errors', '--out', out]);
  report = await readReport(out);
  paths = report.sites[0].pages.map((p) => new URL(p.url).pathname);
}, 120_000);

afterAll(() => server?.close());

describe('page discovery', () => {
  it('visits ten pages, every phase the same ones', () => {
    expect(paths).toHaveLength(10);
    for (const page of report.sites[0].pages) expect(Object.keys(page.phases).sort()).toEqual(['accept', 'before', 'reject']);
  });

  it('honours robots.txt and reads it and the sitemaps through the host map, naming the tool', () => {
    expect(paths.some((p) => p.startsWith('/private/'))).toBe(false);
    const fetched = server.log.filter((r) => /^\/(robots\.txt|sitemap)/.test(r.path));
    expect(fetched.map((r) => r.path)).toEqual(expect.arrayContaining(['/robots.txt', '/sitemap-index.xml', '/sitemap-blog.xml']));
    for (const request of fetched) expect(request.userAgent).toMatch(/^gdpr-scan\//);
  });

  it('covers templates before repeating one: one blog post, one product, no tracking-parameter duplicates', () => {
    expect(paths.filter((p) => /^\/blog\/post-\d+\.html$/.test(p))).toHaveLength(1);
    expect(paths.filter((p) => /^\/products\/\d+\.html$/.test(p))).toHaveLength(1);
    expect(new Set(report.sites[0].pages.map((p) => p.url)).size).toBe(10);
    expect(report.sites[0].pages.every((p) => !p.url.includes('utm_') && !p.url.includes('#'))).toBe(true);
  });

  it('finds the violation that hides three clicks deep, and names that page', () => {
    expect(paths).toContain('/deep/level3.html');
    const embed = report.sites[0].findings.filter((f) => f.ruleId === 'embed-before-consent');
    expect(embed.map((f) => f.pageUrl)).toEqual(['https://www.big-blog.test/deep/level3.html']);
  });

  it('--urls-file visits exactly the listed pages, grouped by site; --sites-file adds sites', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lists-'));
    writeFileSync(join(dir, 'pages.txt'), '# pages to audit\nhttps://www.big-blog.test/\nhttps://www.big-blog.test/deep/level3.html  # the map page\n\nhttps://www.big-blog.test/about.html\n');
    writeFileSync(join(dir, 'sites.txt'), 'www.changing-shop.test\n');
    const out = mkdtempSync(join(tmpdir(), 'discovery-'));
    const run = await runCliCaptured([
      'scan', '--urls-file', join(dir, 'pages.txt'), '--sites-file', join(dir, 'sites.txt'), '--phases', 'before', '--max-pages', '1', '--format', 'json',
      '--host-map', `*=127.0.0.1:${server.port}`, '--ignore-https-errors', '--out', out,
    ]);
    const listed = await readReport(out);
    expect(run.err).not.toMatch(/\n\s+at /);
    expect(listed.sites.map((s) => s.url)).toEqual(['https://www.changing-shop.test/', 'https://www.big-blog.test/']);
    expect(listed.sites[1].pages.map((p) => new URL(p.url).pathname)).toEqual(['/', '/deep/level3.html', '/about.html']);
  }, 120_000);

  it('--ignore-robots and --exclude change what is discovered', async () => {
    const out = mkdtempSync(join(tmpdir(), 'discovery-'));
    await runCliCaptured([
      'scan', 'https://www.big-blog.test/', '--phases', 'before', '--max-pages', '30', '--ignore-robots', '--exclude', '/blog/**', '--format', 'json',
      '--host-map', `*=127.0.0.1:${server.port}`, '--ignore-https-errors', '--out', out,
    ]);
    const visited = (await readReport(out)).sites[0].pages.map((p) => new URL(p.url).pathname);
    expect(visited).toContain('/private/secret.html');
    expect(visited.some((p) => p.startsWith('/blog/'))).toBe(false);
  }, 120_000);
});
