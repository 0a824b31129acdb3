import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RULES } from '../../rules/index.js';
import { ConfigError, configSchema, didYouMean, loadConfig, resolveRuleConfig, validateConfig } from '../../src/plan/config.js';
import { RULE_IDS } from '../../src/rules/types.js';

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
