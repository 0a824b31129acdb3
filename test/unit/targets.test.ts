import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseUrlList } from '../../src/gather/discover/lists.js';
import { buildPlan } from '../../src/plan/build.js';
import { UsageError, type ScanArgs } from '../../src/plan/from-args.js';
import { flagName } from '../../src/plan/scan-options.js';
import { parseTarget } from '../../src/plan/targets.js';
import { scanArgs } from '../helpers/scan-args.js';

describe('scan targets', () => {
  it('accepts http(s) URLs and bare hosts', () => {
    expect(parseTarget('https://www.shop.com/de/')).toEqual({ input: 'https://www.shop.com/de/', url: 'https://www.shop.com/de/' });
    expect(parseTarget('shop.com')).toMatchObject({ url: 'https://shop.com/' });
    expect(parseTarget('shop.com:8443/x')).toMatchObject({ url: 'https://shop.com:8443/x' });
    expect(parseTarget('http://localhost:3000')).toMatchObject({ url: 'http://localhost:3000/' });
  });

  it('turns unusable input into a site error, not an exception', () => {
    expect(parseTarget('file:///etc/passwd').error).toMatch(/unsupported scheme "file"/);
    expect(parseTarget('javascript:alert(1)').error).toMatch(/unsupported scheme "javascript"/);
    expect(parseTarget('data:text/html,hi').error).toMatch(/unsupported scheme "data"/);
    expect(parseTarget('https://').error).toMatch(/not a valid URL/);
    expect(parseTarget('ht tp://x').error).toBeDefined();
    expect(parseTarget('').error).toMatch(/empty/);
    expect(parseTarget('https://user:pw@shop.com').error).toMatch(/credentials/);
    expect(parseTarget('garbage').error).toMatch(/"garbage" does not name a website/);
    expect(parseTarget('http://intranet/').error).toMatch(/does not name a website/);
    expect(parseTarget('http://[::1]:8080/')).toMatchObject({ url: 'http://[::1]:8080/' });
    expect(parseTarget('shop.example.')).toMatchObject({ url: 'https://shop.example./' });
  });
});

describe('--sites-file lines: a URL, or a JSON object with the site\'s consent steps', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'gdpr-scan-sites-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  const sitesFile = async (lines: string[]): Promise<string> => {
    const path = join(dir, 'sites.txt');
    await writeFile(path, lines.join('\n'));
    return path;
  };
  const planOf = async (path: string, overrides: Partial<ScanArgs> = {}) =>
    buildPlan(scanArgs([], 'out', { sitesFile: path, ...overrides }), dir, ['--sites-file', path, ...Object.keys(overrides).map(flagName)]);

  it('reads JSON lines next to plain ones: a ` #` comment after the object, a `#` inside it is the selector\'s', () => {
    const text = [
      '# clients',
      'https://plain.test/',
      '{"url": "https://shadow.test/", "consentAccept": ["#more", "#banner #accept-all"], "consentReject": ["#more", "#reject"]}  # custom banner',
      '  {"url": "only-reject.test", "consentReject": "#no"}',
    ].join('\n');
    expect(parseUrlList(text, 'sites.txt', { objects: true })).toEqual([
      { url: 'https://plain.test/', line: 2 },
      { url: 'https://shadow.test/', line: 3, fields: { consentAccept: ['#more', '#banner #accept-all'], consentReject: ['#more', '#reject'] } },
      { url: 'https://only-reject.test/', line: 4, fields: { consentReject: '#no' } },
    ]);
    // --urls-file (no `objects`) takes URLs only.
    expect(() => parseUrlList('{"url": "https://a.test/"}', 'pages.txt')).toThrow(/^pages\.txt:1: one URL a line expected/);
  });

  it('gives each site its own steps; the command line\'s fill in what a line leaves out', async () => {
    const path = await sitesFile([
      'https://plain.test/',
      '{"url": "https://shadow.test/", "consentAccept": ["#more", "#banner #accept-all"], "consentReject": ["#more", "#reject"]}',
      '{"url": "https://only-reject.test/", "consentReject": "#no"}',
      '{"url": "https://none.test/", "consentAccept": []}',
    ]);
    const plan = await planOf(path, { consentAccept: ['#cli-accept'] });
    expect(plan.sites.map((site) => [site.url, site.consentSteps])).toEqual([
      ['https://plain.test/', { accept: ['#cli-accept'], reject: [] }],
      ['https://shadow.test/', { accept: ['#more', '#banner #accept-all'], reject: ['#more', '#reject'] }],
      ['https://only-reject.test/', { accept: ['#cli-accept'], reject: ['#no'] }],
      ['https://none.test/', undefined],
    ]);
    // Without the flag, plain lines have no steps.
    expect((await planOf(path)).sites[0]).not.toHaveProperty('consentSteps');
  });

  it('a bad JSON line is a one-line usage error naming the file and the line', async () => {
    const cases: Array<[string, RegExp]> = [
      ['{"url": "https://a.test/", consentAccept: ["#a"]}', /^.*sites\.txt:2: not a JSON object: .+$/],
      ['{"consentAccept": ["#a"]}', /^.*sites\.txt:2: a JSON line needs "url": "https:\/\/…"$/],
      ['{"url": "ftp://a.test/"}', /^.*sites\.txt:2: unsupported scheme "ftp"/],
      ['{"url": "https://a.test/", "consentAcept": ["#a"]}', /^.*sites\.txt:2: unknown key "consentAcept" \(a line's object may have url, consentAccept, consentReject\)$/],
      ['{"url": "https://a.test/", "consentAccept": [""]}', /^.*sites\.txt:2: consentAccept: an empty selector$/],
      ['{"url": "https://a.test/", "consentReject": [3]}', /^.*sites\.txt:2: consentReject: expected CSS selectors as strings, got 3$/],
    ];
    for (const [line, expected] of cases) {
      const path = await sitesFile(['https://ok.test/', line]);
      const error = await planOf(path).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error, line).toBeInstanceOf(UsageError);
      expect((error as Error).message, line).toMatch(expected);
      expect((error as Error).message).not.toContain('\n');
    }
  });
});
