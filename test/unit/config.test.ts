import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RULES } from '../../rules/index.js';
import { buildPlan, buildScanSetup, explicitOptions, resolveCliSettings } from '../../src/plan/build.js';
import { ConfigError, configSchema, didYouMean, flagName, loadConfig, resolveRuleConfig, SCAN_OPTION_KEYS, validateConfig } from '../../src/plan/config.js';
import { UsageError, type ScanArgs } from '../../src/plan/from-args.js';
import { RULE_IDS } from '../../src/judge/rule-engine/types.js';
import { scanArgs } from '../helpers/scan-args.js';
import { rulesConfigSchema } from '../../src/judge/rule-engine/config-schema.js';
import fileSchema from '../../src/plan/config.schema.json' with { type: 'json' };

/** The lines of the ConfigError `fn` throws. */
function problems(fn: () => unknown): string[] {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  throw new Error('expected a ConfigError');
}

describe('config validation', () => {
  it('accepts the documented shapes', () => {
    const config = {
      $schema: './config.schema.json',
      rules: {
        'tracking-before-consent': 'critical',
        'google-fonts-before-consent': 'off',
        'cookie-lifetime-excessive': { severity: 'low', options: { maxDays: 180 } },
        'embed-before-consent': { enabled: false },
      },
      allowlist: { hosts: ['cdn.example.com', '*.example.org'], cookies: ['_ga', '_hj*', 'sess@example.com', 'pref*@*.example.com'] },
    };
    expect(validateConfig(config, 'c.json')).toEqual(config);
    expect(validateConfig({}, 'c.json')).toEqual({});
  });

  it('says in one line which severity is wrong', () => {
    expect(problems(() => validateConfig({ rules: { 'cookie-lifetime-excessive': { severity: 'severe' } } }, 'gdpr-scan.config.json'))).toEqual([
      'gdpr-scan.config.json: rules.cookie-lifetime-excessive.severity must be one of low, medium, high, critical',
    ]);
  });

  it('explains the short form of a rule entry', () => {
    expect(problems(() => validateConfig({ rules: { 'tracking-before-consent': 'warn' } }, 'c.json'))).toEqual([
      'c.json: rules.tracking-before-consent must be "off", one of low, medium, high, critical, or an object with enabled, severity and options',
    ]);
    expect(problems(() => validateConfig({ rules: { 'tracking-before-consent': 2 } }, 'c.json'))).toHaveLength(1);
  });

  it('rejects unknown rule ids with a suggestion', () => {
    const lines = problems(() => validateConfig({ rules: { 'cookie-lifetime': 'off', 'traking-before-consent': 'low' } }, 'c.json'));
    expect(lines).toEqual([
      `c.json: rules.cookie-lifetime is not a rule id (did you mean "cookie-lifetime-excessive"?); run 'gdpr-scan rules' for the list`,
      `c.json: rules.traking-before-consent is not a rule id (did you mean "tracking-before-consent"?); run 'gdpr-scan rules' for the list`,
    ]);
  });

  it('rejects unknown keys, settings and options with suggestions', () => {
    expect(problems(() => validateConfig({ rule: {} }, 'c.json'))[0]).toMatch(/^c\.json: unknown setting "rule" \(did you mean "rules"\?\)/);
    expect(problems(() => validateConfig({ rules: { 'tracking-before-consent': { sevrity: 'low' } } }, 'c.json'))[0]).toMatch(
      /rules\.tracking-before-consent\.sevrity is not a rule setting \(did you mean "severity"\?\)/,
    );
    expect(problems(() => validateConfig({ rules: { 'cookie-lifetime-excessive': { options: { maxDay: 30 } } } }, 'c.json'))[0]).toMatch(
      /options\.maxDay is not an option of cookie-lifetime-excessive \(did you mean "maxDays"\?\)/,
    );
    expect(problems(() => validateConfig({ rules: { 'tracking-before-consent': { options: { x: 1 } } } }, 'c.json'))[0]).toMatch(/has no options/);
  });

  it('checks option values and allowlist patterns', () => {
    expect(problems(() => validateConfig({ rules: { 'cookie-lifetime-excessive': { options: { maxDays: 0 } } } }, 'c.json'))).toEqual([
      'c.json: rules.cookie-lifetime-excessive.options.maxDays must be at least 1',
    ]);
    expect(problems(() => validateConfig({ rules: { 'cookie-lifetime-excessive': { options: { maxDays: '30' } } } }, 'c.json'))).toEqual([
      'c.json: rules.cookie-lifetime-excessive.options.maxDays must be an integer',
    ]);
    expect(problems(() => validateConfig({ allowlist: { hosts: ['https://cdn.example.com/'] } }, 'c.json'))[0]).toMatch(
      /^c\.json: allowlist\.hosts\[0\] "https:\/\/cdn\.example\.com\/" is not a host pattern/,
    );
    expect(problems(() => validateConfig({ allowlist: { cookies: ['a b'] } }, 'c.json'))[0]).toMatch(/allowlist\.cookies\[0\] "a b" is not a cookie pattern/);
    expect(problems(() => validateConfig({ allowlist: { hosts: 'example.com' } }, 'c.json'))).toEqual(['c.json: allowlist.hosts must be an array']);
    expect(problems(() => validateConfig([], 'c.json'))).toEqual(['c.json: the file must be an object']);
  });

  it('reports every problem, one line each', () => {
    const lines = problems(() => validateConfig({ rules: { nope: 'off', 'tracking-before-consent': { severity: 'x' } }, allowlist: { hosts: [1] } }, 'c.json'));
    expect(lines).toHaveLength(3);
    for (const line of lines) expect(line).not.toContain('\n');
  });

  it('suggests only plausible names', () => {
    expect(didYouMean('maxday', ['maxDays'])).toBe('maxDays');
    expect(didYouMean('banana', [...RULE_IDS])).toBeUndefined();
  });

  it('takes its rules block from the rule modules; the published file is generated from them', () => {
    expect(configSchema.properties.rules).toEqual(rulesConfigSchema());
    // The file editors read holds the same derived block (regenerated by `npm run docs:options`).
    expect(fileSchema.properties.rules).toEqual(rulesConfigSchema());
  });

  it('has a schema entry for every rule and every rule option', () => {
    const ruleProps = configSchema.properties.rules.properties as Record<string, { else?: { properties: { options: { properties: Record<string, { type: string }> } } } }>;
    expect(Object.keys(ruleProps).sort()).toEqual([...RULE_IDS].sort());
    for (const id of RULE_IDS) {
      const options = RULES[id].meta.options ?? {};
      const schemaOptions = ruleProps[id]?.else?.properties.options.properties ?? {};
      expect(Object.keys(schemaOptions).sort(), `options of ${id} in src/plan/config.schema.json`).toEqual(Object.keys(options).sort());
      for (const [name, option] of Object.entries(options)) {
        const type = schemaOptions[name]!.type;
        expect(type === 'integer' || type === 'number' ? 'number' : type, `type of ${id}.${name}`).toBe(typeof option.default);
      }
    }
  });
});

describe('loadConfig', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'gdpr-scan-config-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('returns an empty config when no file exists', async () => {
    expect(await loadConfig(undefined, dir)).toEqual({ config: {} });
  });

  it('finds gdpr-scan.config.json or .gdpr-scanrc.json in the working directory', async () => {
    await writeFile(join(dir, '.gdpr-scanrc.json'), JSON.stringify({ rules: { 'tracking-before-consent': 'off' } }));
    expect(await loadConfig(undefined, dir)).toEqual({ path: join(dir, '.gdpr-scanrc.json'), config: { rules: { 'tracking-before-consent': 'off' } } });
    await writeFile(join(dir, 'gdpr-scan.config.json'), '{}');
    await expect(loadConfig(undefined, dir)).rejects.toThrow(/gdpr-scan\.config\.json and \.gdpr-scanrc\.json both exist/);
  });

  it('loads an explicit file relative to cwd, and names it in errors', async () => {
    await writeFile(join(dir, 'ci.json'), JSON.stringify({ rules: { 'cookie-lifetime-excessive': { severity: 'severe' } } }));
    await expect(loadConfig('ci.json', dir)).rejects.toThrow('ci.json: rules.cookie-lifetime-excessive.severity must be one of low, medium, high, critical');
    await expect(loadConfig('missing.json', dir)).rejects.toThrow(ConfigError);
    await expect(loadConfig('missing.json', dir)).rejects.toThrow('missing.json: config file not found');
  });

  it('reports broken JSON with its place', async () => {
    await writeFile(join(dir, 'gdpr-scan.config.json'), '{\n  "rules": {,}\n}');
    await expect(loadConfig(undefined, dir)).rejects.toThrow(/^gdpr-scan\.config\.json: not valid JSON \(line 2, column \d+\)/);
  });
});

describe('resolveRuleConfig', () => {
  it('fills every rule with its defaults', () => {
    const resolved = resolveRuleConfig({});
    expect(Object.keys(resolved.rules).sort()).toEqual([...RULE_IDS].sort());
    expect(resolved.rules['tracking-before-consent']).toEqual({ enabled: true, severity: 'high', options: {} });
    expect(resolved.rules['cookie-lifetime-excessive'].options).toEqual({ maxDays: 395 });
    expect(resolved.allowlist).toEqual({ hosts: [], cookies: [] });
  });

  it('applies off, a severity and the long form', () => {
    const resolved = resolveRuleConfig({
      rules: {
        'tracking-before-consent': 'off',
        'google-fonts-before-consent': 'critical',
        'cookie-lifetime-excessive': { severity: 'low', options: { maxDays: 30 } },
        'embed-before-consent': { enabled: false, severity: 'high' },
      },
      allowlist: { hosts: ['a.com'] },
    });
    expect(resolved.rules['tracking-before-consent'].enabled).toBe(false);
    expect(resolved.rules['google-fonts-before-consent']).toMatchObject({ enabled: true, severity: 'critical' });
    expect(resolved.rules['cookie-lifetime-excessive']).toEqual({ enabled: true, severity: 'low', options: { maxDays: 30 } });
    expect(resolved.rules['embed-before-consent']).toMatchObject({ enabled: false, severity: 'high' });
    expect(resolved.allowlist).toEqual({ hosts: ['a.com'], cookies: [] });
  });
});

describe('config: scan options', () => {
  const defaults: ScanArgs = scanArgs(['https://shop.test/'], 'gdpr-scan-report');
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'gdpr-scan-config-scan-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  const writeConfig = (config: unknown, name = 'gdpr-scan.config.json') => writeFile(join(dir, name), JSON.stringify(config));
  const emptyDir = async () => {
    const empty = join(dir, 'empty');
    await mkdir(empty, { recursive: true });
    return empty;
  };

  it('accepts every scan option in the documented shapes, and has one for every CLI option', () => {
    const scan = {
      out: 'reports',
      format: ['json'],
      phases: 'before,reject',
      maxPages: 3,
      depth: 2,
      include: ['/blog/**'],
      exclude: '*.pdf',
      ignoreRobots: false,
      sitesFile: 'sites.txt',
      urlsFile: 'pages.txt',
      timeout: 20_000,
      quietMs: 300,
      maxWait: 5_000,
      consentTimeout: 4_000,
      consentAccept: ['#accept'],
      consentReject: '#reject',
      concurrency: 2,
      siteTimeout: 120_000,
      resume: true,
      saveEvidence: true,
      browserPath: '/usr/bin/chromium',
      browserArg: '--disable-gpu',
      headed: false,
      hostMap: ['*.shop.test=127.0.0.1:8443'],
      ignoreHttpsErrors: true,
      locale: 'de-DE',
      device: 'mobile',
      viewport: '390x844',
      userAgent: 'Mozilla/5.0 Test',
      failOn: 'medium',
      trackerDb: 'ghostery',
      filterList: ['easyprivacy.txt'],
      baseline: 'main/report.json',
      includeValues: true,
      quiet: true,
      json: false,
    };
    expect(validateConfig({ scan }, 'c.json')).toEqual({ scan });
    expect([...SCAN_OPTION_KEYS].sort()).toEqual(Object.keys(scan).sort());
    expect(flagName('ignoreHttpsErrors')).toBe('--ignore-https-errors');
  });

  it('says in one line what is wrong with a scan option', () => {
    const cases: Array<[Record<string, unknown>, string | RegExp]> = [
      [{ maxPages: 0 }, 'c.json: scan.maxPages must be at least 1'],
      [{ maxPages: '3' }, 'c.json: scan.maxPages must be an integer'],
      [{ timeout: 10_000_000 }, 'c.json: scan.timeout must be at most 600000'],
      [{ headed: 'yes' }, 'c.json: scan.headed must be true or false'],
      [{ failOn: 'severe' }, 'c.json: scan.failOn must be one of none, low, medium, high, critical'],
      [{ phases: ['before', 'later'] }, 'c.json: scan.phases[1] must be one of before, accept, reject, withdraw'],
      [{ format: 3 }, 'c.json: scan.format must be a comma-separated string or an array of strings'],
      [{ hostMap: { a: 1 } }, 'c.json: scan.hostMap must be a string or an array of strings'],
      [{ out: '' }, 'c.json: scan.out must not be empty'],
      [{ 'max-pages': 3 }, /^c\.json: scan\.max-pages is not a scan option \(did you mean "maxPages"\?\)/],
      [{ maxPage: 3 }, /^c\.json: scan\.maxPage is not a scan option \(did you mean "maxPages"\?\)/],
      [{ config: 'other.json' }, 'c.json: scan.config: a config file cannot name another one; use --config on the command line'],
    ];
    for (const [scan, expected] of cases) {
      const lines = problems(() => validateConfig({ scan }, 'c.json'));
      expect(lines, JSON.stringify(scan)).toHaveLength(1);
      if (typeof expected === 'string') expect(lines[0]).toBe(expected);
      else expect(lines[0]).toMatch(expected);
    }
    expect(problems(() => validateConfig({ scan: [] }, 'c.json'))).toEqual(['c.json: scan must be an object']);
    expect(problems(() => validateConfig({ scna: {} }, 'c.json'))[0]).toMatch(/unknown setting "scna" \(did you mean "scan"\?\); the file may have scan, rules, allowlist and sites/);
  });

  it('explicitOptions: long, --name=value, --no-name, camelCase and short aliases; values and positionals ignored', () => {
    const typed = explicitOptions(['scan', 'https://a.test/', '--max-pages', '3', '--format=json', '--no-headed', '--quietMs', '200', '-o', 'dir', '--quiet', '--', '--locale']);
    expect([...typed].sort()).toEqual(['format', 'headed', 'maxPages', 'out', 'quiet', 'quietMs']);
    expect(explicitOptions(['-o=out'])).toEqual(new Set(['out']));
    expect(explicitOptions(['--max-pages', '-1'])).toEqual(new Set(['maxPages']));
  });

  it('merges: a typed flag beats the config, which beats the default', async () => {
    await writeConfig({ scan: { maxPages: 3, locale: 'de-DE', failOn: 'medium', phases: ['before'], format: 'json', headed: true, out: 'reports' } });
    const argv = ['scan', 'https://shop.test/', '--locale', 'fr-FR', '--no-headed'];
    const plan = await buildPlan({ ...defaults, locale: 'fr-FR' }, dir, argv);
    expect(plan.maxPages).toBe(3); // config over default
    expect(plan.failOn).toBe('medium');
    expect(plan.phases).toEqual(['before']);
    expect(plan.locale).toBe('fr-FR'); // typed over config
    expect(plan.browser.headless).toBe(true); // --no-headed typed over headed: true
    expect(plan.outDir).toBe(join(dir, 'reports')); // relative to the config file
    expect(plan.configPath).toBe(join(dir, 'gdpr-scan.config.json'));

    // A typed value equal to the default still wins: only typing counts, not the value.
    const typedDefault = await buildPlan({ ...defaults }, dir, ['scan', 'https://shop.test/', '--max-pages', '10']);
    expect(typedDefault.maxPages).toBe(10);
    // Without the config file: the defaults.
    const plain = await buildPlan({ ...defaults }, await emptyDir(), []);
    expect(plain.maxPages).toBe(10);
  });

  it('without argv, every option in the args counts as typed (the config fills only what is missing)', async () => {
    await writeConfig({ scan: { maxPages: 3, userAgent: 'From config' } });
    const plan = await buildPlan({ ...defaults }, dir);
    expect(plan.maxPages).toBe(10);
    expect(plan.userAgent).toBe('From config');
    // An explicit set of names instead of argv (the demo forces some options itself).
    const forced = await buildPlan({ ...defaults, maxPages: 5 }, dir, new Set(['maxPages']));
    expect(forced.maxPages).toBe(5);
    expect(forced.userAgent).toBe('From config');
  });

  it('lists from the config are replaced, not extended, by typed flags', async () => {
    await writeConfig({ scan: { hostMap: '*=127.0.0.1:8443', browserArg: ['--disable-gpu', '--mute-audio'] } });
    const fromConfig = await buildPlan({ ...defaults }, dir, []);
    expect(fromConfig.hostMap.map((r) => r.source)).toEqual(['*=127.0.0.1:8443']);
    expect(fromConfig.browser.extraArgs).toEqual(['--disable-gpu', '--mute-audio']);
    const typed = await buildPlan({ ...defaults, hostMap: ['*.a.test=10.0.0.1'] }, dir, ['--host-map', '*.a.test=10.0.0.1']);
    expect(typed.hostMap.map((r) => r.source)).toEqual(['*.a.test=10.0.0.1']);
  });

  it('names the config setting when a config value is rejected later', async () => {
    await writeConfig({ scan: { phases: 'before,later', hostMap: ['nonsense'], locale: 'german!' } }, 'ci.json');
    await expect(buildPlan({ ...defaults, config: 'ci.json' }, dir, [])).rejects.toThrow('ci.json: scan.phases: unknown phase "later"');
    await writeConfig({ scan: { hostMap: ['nonsense'] } }, 'ci.json');
    await expect(buildPlan({ ...defaults, config: 'ci.json' }, dir, [])).rejects.toThrow(/^ci\.json: scan\.hostMap "nonsense": expected PATTERN=ADDRESS/);
    // The same mistake typed on the command line is named as the flag.
    await expect(buildPlan({ ...defaults, config: 'ci.json', hostMap: ['bad'] }, dir, ['--host-map', 'bad'])).rejects.toThrow(/^--host-map "bad"/);
    await writeConfig({ scan: { maxPages: 0 } }, 'ci.json');
    await expect(buildPlan({ ...defaults, config: 'ci.json' }, dir, [])).rejects.toThrow(UsageError);
    await expect(buildPlan({ ...defaults, config: 'ci.json' }, dir, [])).rejects.toThrow('ci.json: scan.maxPages must be at least 1');
  });

  it('resolveCliSettings: baseline, includeValues, quiet, json, resume and saveEvidence after the config', async () => {
    expect(resolveCliSettings({ ...defaults }, {}, [])).toEqual({ includeValues: false, quiet: false, json: false, resume: false, saveEvidence: false });
    const config = { scan: { baseline: 'main/report.json', includeValues: true, quiet: true, json: true, resume: true, saveEvidence: true } };
    expect(resolveCliSettings({ ...defaults }, config, [], join(dir, 'gdpr-scan.config.json'))).toEqual({
      baseline: join(dir, 'main', 'report.json'),
      includeValues: true,
      quiet: true,
      json: true,
      resume: true,
      saveEvidence: true,
    });
    expect(resolveCliSettings({ ...defaults, baseline: 'b.json', quiet: false, resume: false }, config, ['--baseline', 'b.json', '--no-quiet', '--no-resume'])).toEqual({
      baseline: 'b.json',
      includeValues: true,
      quiet: false,
      json: true,
      resume: false,
      saveEvidence: true,
    });
    expect(resolveCliSettings({ ...defaults, saveEvidence: false }, config, ['--no-save-evidence']).saveEvidence).toBe(false);
  });

  it('buildScanSetup reads the baseline before the scan and fails early on a bad one', async () => {
    await writeConfig({ scan: { baseline: 'missing/report.json', quiet: true } });
    await expect(buildScanSetup({ ...defaults }, dir, [])).rejects.toThrow(/^--baseline .*missing\/report\.json: file not found$/);
    const setup = await buildScanSetup({ ...defaults }, await emptyDir(), ['--json']);
    expect(setup.cli).toEqual({ includeValues: false, quiet: false, json: false, resume: false, saveEvidence: false });
    expect(setup.baselineReport).toBeUndefined();
  });
});

describe('config: consent steps per site', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'gdpr-scan-config-sites-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  const writeConfig = (config: unknown) => writeFile(join(dir, 'gdpr-scan.config.json'), JSON.stringify(config));

  it('accepts a `sites` map by site URL or host name, and says in one line what is wrong with it', () => {
    const sites = { 'https://www.a.test/': { consentAccept: ['#a'], consentReject: '#x' }, 'b.test': { consentReject: [] } };
    expect(validateConfig({ sites }, 'c.json')).toEqual({ sites });
    const cases: Array<[unknown, string | RegExp]> = [
      [{ 'a.test': { consentAcept: ['#a'] } }, 'c.json: sites["a.test"].consentAcept is not a setting a site may have (did you mean "consentAccept"?); use consentAccept and consentReject'],
      [{ 'a.test': { consentAccept: [''] } }, 'c.json: sites["a.test"].consentAccept[0] must not be empty'],
      [{ 'a.test': { consentReject: 3 } }, 'c.json: sites["a.test"].consentReject must be a string or an array of strings'],
      [{ 'a.test': ['#a'] }, 'c.json: sites["a.test"] must be an object with consentAccept and consentReject'],
      [{ '': {} }, 'c.json: sites has an empty key; use a site URL or host name'],
    ];
    for (const [value, expected] of cases) {
      const lines = problems(() => validateConfig({ sites: value }, 'c.json'));
      expect(lines, JSON.stringify(value)).toHaveLength(1);
      if (typeof expected === 'string') expect(lines[0]).toBe(expected);
      else expect(lines[0]).toMatch(expected);
    }
  });

  it('precedence, each list on its own: a --sites-file line > the site URL entry > the host entry > the command line > scan block', async () => {
    await writeConfig({
      scan: { consentAccept: ['#scan-accept'], consentReject: ['#scan-reject'] },
      sites: {
        'https://www.a.test/': { consentAccept: ['#url-a'] },
        'WWW.A.TEST': { consentAccept: ['#host-a'], consentReject: [] },
        'b.test': { consentAccept: '#host-b' },
        'c.test': { consentAccept: ['#config-c'], consentReject: ['#config-c-reject'] },
      },
    });
    const sitesFile = join(dir, 'sites.txt');
    await writeFile(sitesFile, '{"url": "https://c.test/", "consentAccept": ["#line-c"]}\n');
    const urls = ['https://www.a.test', 'https://www.a.test/other', 'https://b.test/', 'https://d.test/'];
    const args = scanArgs(urls, 'out', { sitesFile, consentReject: ['#cli-reject'] });
    const plan = await buildPlan(args, dir, ['scan', ...urls, '--sites-file', sitesFile, '--consent-reject', '#cli-reject']);
    expect(Object.fromEntries(plan.sites.map((site) => [site.url, site.consentSteps]))).toEqual({
      'https://www.a.test/': { accept: ['#url-a'], reject: [] }, // the URL entry's accept; the host entry's (empty) reject
      'https://www.a.test/other': { accept: ['#host-a'], reject: [] },
      'https://b.test/': { accept: ['#host-b'], reject: ['#cli-reject'] }, // typed --consent-reject over the scan block
      'https://d.test/': { accept: ['#scan-accept'], reject: ['#cli-reject'] },
      'https://c.test/': { accept: ['#line-c'], reject: ['#config-c-reject'] }, // the line over the config
    });
  });

  it('a `sites` key that is no site, or a selector the schema lets through but is broken, is a usage error naming the file', async () => {
    await writeConfig({ sites: { 'ftp://a.test/': { consentAccept: '#a' } } });
    await expect(buildPlan(scanArgs(['https://a.test/'], 'out'), dir, [])).rejects.toThrow(
      'gdpr-scan.config.json: sites["ftp://a.test/"]: not a site URL (https://www.shop.example/) or host name (www.shop.example)',
    );
    await writeConfig({ sites: { 'www.a.test/path': {} } });
    await expect(buildPlan(scanArgs(['https://a.test/'], 'out'), dir, [])).rejects.toThrow(/sites\["www\.a\.test\/path"\]: not a site URL/);
    await writeConfig({ sites: { 'a.test': { consentAccept: ['#ok', 'button[x'] } } });
    await expect(buildPlan(scanArgs(['https://a.test/'], 'out'), dir, [])).rejects.toThrow('gdpr-scan.config.json: sites["a.test"].consentAccept[1]: "button[x" has an unclosed "["');
    await writeConfig({ scan: { consentReject: '#banner >' } });
    await expect(buildPlan(scanArgs(['https://a.test/'], 'out'), dir, [])).rejects.toThrow('gdpr-scan.config.json: scan.consentReject: "#banner >" starts or ends with a combinator or comma');
  });
});
