import { readFileSync } from 'node:fs';
import { describe, expect, expectTypeOf, it } from 'vitest';
import yargs from 'yargs';
import { withScanOptions } from '../../src/cli/options.js';
import { OPTION_ALIASES } from '../../src/plan/build.js';
import { configSchema, configSchemaFileText } from '../../src/plan/config-schema.js';
import type { ScanOptionsConfig } from '../../src/plan/config-types.js';
import type { ScanArgs } from '../../src/plan/from-args.js';
import { camelCase, SCAN_OPTION_DEFAULTS, SCAN_OPTION_KEYS, SCAN_OPTIONS, type ScanOptionKey } from '../../src/plan/scan-options.js';
import { README_MARKERS, readmeDefault, readmeName, withReadmeOptionsTable } from '../../src/plan/scan-options-docs.js';
import { scanArgs, THREE_PHASES } from '../helpers/scan-args.js';

const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const SCHEMA_FILE = readFileSync(new URL('../../src/plan/config.schema.json', import.meta.url), 'utf8');

/** The rows of the README's option table: [option, default, meaning] per row, header and rule left out. */
function readmeRows(): string[][] {
  const section = README.slice(README.indexOf(README_MARKERS.start) + README_MARKERS.start.length, README.indexOf(README_MARKERS.end));
  return section
    .split('\n')
    .filter((line) => line.startsWith('|'))
    .slice(2)
    .map((line) => line.split('|').slice(1, -1).map((cell) => cell.trim()));
}

describe('the option table', () => {
  it('is what yargs parses: every flag, its type, default and alias', async () => {
    const parsed = (await withScanOptions(yargs([])).parseAsync()) as Record<string, unknown>;
    for (const [key, value] of Object.entries(SCAN_OPTION_DEFAULTS)) expect(parsed[key], key).toEqual(value);
    for (const option of SCAN_OPTIONS) if (!('default' in option)) expect(parsed[camelCase(option.flag)], option.flag).toBeUndefined();
    const typed = (await withScanOptions(yargs(['-o', 'x', '-q', '--max-pages', '4', '--host-map', 'a=1.2.3.4', '--save-evidence'])).parseAsync()) as Record<string, unknown>;
    expect(typed).toMatchObject({ out: 'x', quiet: true, maxPages: 4, hostMap: ['a=1.2.3.4'], saveEvidence: true });
    expect(OPTION_ALIASES).toEqual({ o: 'out', q: 'quiet' });
  });

  it('parses --device, --viewport and the repeatable --consent-accept / --consent-reject, steps in order', async () => {
    const defaults = (await withScanOptions(yargs([])).parseAsync()) as Record<string, unknown>;
    expect(defaults).toMatchObject({ device: 'desktop', consentAccept: [], consentReject: [] });
    expect(defaults['viewport']).toBeUndefined();
    const argv = ['--device', 'iPhone 15', '--viewport', '390x700', '--consent-accept', '#more', '--consent-accept', '#accept-all', '--consent-reject=#reject'];
    const typed = (await withScanOptions(yargs(argv)).parseAsync()) as Record<string, unknown>;
    expect(typed).toMatchObject({ device: 'iPhone 15', viewport: '390x700', consentAccept: ['#more', '#accept-all'], consentReject: ['#reject'] });
    expectTypeOf<ScanArgs['consentAccept']>().toEqualTypeOf<string[] | undefined>();
    expectTypeOf<ScanArgs['device']>().toEqualTypeOf<string | undefined>();
    const scan = configSchema.properties.scan as { properties: Record<string, Record<string, unknown>> };
    expect(scan.properties['consentAccept']).toMatchObject({ then: { type: 'string', minLength: 1 }, else: { type: 'array', items: { type: 'string', minLength: 1 } } });
  });

  it('gives the config file every option but --config, with the constraints the command line checks', () => {
    expect(SCAN_OPTION_KEYS).toEqual(SCAN_OPTIONS.map((o) => camelCase(o.flag)).filter((key) => key !== 'config'));
    const scan = configSchema.properties.scan as { properties: Record<string, Record<string, unknown>> };
    expect(Object.keys(scan.properties)).toEqual(SCAN_OPTION_KEYS);
    expect(scan.properties['maxPages']).toMatchObject({ type: 'integer', minimum: 1, maximum: 1000 });
    expect(scan.properties['failOn']).toMatchObject({ enum: ['none', 'low', 'medium', 'high', 'critical'] });
    expect(scan.properties['saveEvidence']).toMatchObject({ type: 'boolean' });
  });

  it('is published as src/plan/config.schema.json (run `npm run docs:options` after changing the table)', () => {
    expect(SCHEMA_FILE).toBe(configSchemaFileText());
  });

  it("is the README's option table: the same options, defaults and meanings (run `npm run docs:options`)", () => {
    const rows = readmeRows();
    expect(rows.map((cells) => /`--([a-z-]+)/.exec(cells[0]!)?.[1])).toEqual(SCAN_OPTIONS.map((o) => o.flag));
    for (const [index, option] of SCAN_OPTIONS.entries()) {
      expect(rows[index], option.flag).toEqual([readmeName(option), readmeDefault(option), option.readme.meaning]);
    }
    expect(readmeDefault(SCAN_OPTIONS.find((o) => o.flag === 'max-pages')!)).toBe('`10`');
    expect(readmeDefault(SCAN_OPTIONS.find((o) => o.flag === 'headed')!)).toBe('off');
    expect(README).toBe(withReadmeOptionsTable(README));
  });

  it('gives the tests their defaults', () => {
    const args = scanArgs(['https://a.test/'], 'out');
    // Tests not about withdrawal scan three phases (THREE_PHASES); every other default is the table's.
    expect(args).toMatchObject({ ...SCAN_OPTION_DEFAULTS, urls: ['https://a.test/'], out: 'out', format: 'json', phases: THREE_PHASES });
    args.hostMap.push('changed=1.2.3.4');
    expect(SCAN_OPTION_DEFAULTS.hostMap).toEqual([]);
  });

  it('derives the types: ScanArgs and the config scan block have exactly the options of the table', () => {
    expectTypeOf<Exclude<keyof ScanArgs, 'urls'>>().toEqualTypeOf<ScanOptionKey>();
    expectTypeOf<keyof ScanOptionsConfig>().toEqualTypeOf<Exclude<ScanOptionKey, 'config'>>();
    expectTypeOf<ScanArgs['maxPages']>().toEqualTypeOf<number>();
    expectTypeOf<ScanArgs['saveEvidence']>().toEqualTypeOf<boolean | undefined>();
    expectTypeOf<ScanArgs['hostMap']>().toEqualTypeOf<string[]>();
    expectTypeOf<ScanOptionsConfig['failOn']>().toEqualTypeOf<'none' | 'low' | 'medium' | 'high' | 'critical' | undefined>();
    expectTypeOf<ScanOptionsConfig['format']>().toEqualTypeOf<string | string[] | undefined>();
  });
});
