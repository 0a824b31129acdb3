/**
 * The options of `gdpr-scan scan` and `demo`, in one table. Everything else that lists them is
 * derived from it: the yargs options (src/cli/options.ts), the typed arguments (ScanArgs), the
 * `scan` block of the config file's schema (config-schema.ts) with its keys, the README's option
 * table (scan-options-docs.ts) and the tests' defaults. The order is the order of `--help`.
 */
import { PHASES } from '../model/evidence.js';
import { SEVERITIES } from '../model/report.js';

/** How yargs parses an option; `array` is a repeatable string option. */
export type ScanOptionType = 'string' | 'number' | 'boolean' | 'array';

/** One option of `scan` and `demo`. */
export interface ScanOptionSpec {
  /** The long flag without dashes, kebab-case (`max-pages`); its camelCase form names the argument and the config key. */
  readonly flag: string;
  readonly type: ScanOptionType;
  /** yargs' default; absent: the option is undefined unless given (the code decides). */
  readonly default?: string | number | boolean | readonly string[];
  /** The `--help` text. */
  readonly describe: string;
  /** A one-letter short form (`-o`). */
  readonly alias?: string;
  /**
   * ScanArgs requires it. Code that builds arguments by hand (tests, bench) must give these; the
   * others may be left out (planFromArgs falls back to the default).
   */
  readonly required?: true;
  /** False: not allowed in the config file's `scan` block. */
  readonly inConfig?: false;
  /** A comma-separated list in one string (`format`, `phases`): the config file also takes an array. */
  readonly commaList?: true;
  /** The accepted values (of each item, for a comma list): the config schema's enum. */
  readonly choices?: readonly string[];
  /** Whole numbers from min to max, checked by planFromArgs and by the config schema. */
  readonly range?: readonly [min: number, max: number];
  /** The config file may not give an empty string (a repeatable option: an empty item). */
  readonly nonEmpty?: true;
  /** The README's row: how the value is written, the default as people read it, the meaning (Markdown). */
  readonly readme: { readonly value?: string; readonly default?: string; readonly meaning: string };
}

const FAIL_ON_CHOICES = ['none', ...SEVERITIES] as const;

/** The table. `as const` keeps each entry's literal flag and type, from which ScanArgs is derived. */
export const SCAN_OPTIONS = [
  {
    flag: 'out',
    alias: 'o',
    type: 'string',
    default: 'gdpr-scan-report',
    required: true,
    nonEmpty: true,
    describe: 'Directory for the reports',
    readme: { value: 'DIR', meaning: 'where `report.json` is written' },
  },
  {
    flag: 'format',
    type: 'string',
    default: 'json,html',
    required: true,
    commaList: true,
    describe: 'Report formats, comma-separated: json, html, md, sarif, junit',
    readme: {
      value: 'LIST',
      meaning:
        'any of `json`, `html` (self-contained, for people), `md` (pull-request comment), `sarif` (SARIF 2.1.0, code-scanning dashboards), `junit` (JUnit XML, any CI)',
    },
  },
  {
    flag: 'phases',
    type: 'string',
    default: 'before,accept,reject,withdraw',
    required: true,
    commaList: true,
    choices: PHASES,
    describe: 'Consent phases to run: before, accept, reject, withdraw',
    readme: { value: 'LIST', meaning: 'which phases to run (`withdraw`: accept, reopen the consent settings, withdraw, visit again; drop it for a quicker scan)' },
  },
  {
    flag: 'max-pages',
    type: 'number',
    default: 10,
    required: true,
    range: [1, 1000],
    describe: 'Pages per site: the start page, then same-site pages found by links and sitemaps, one per URL template first',
    readme: { value: 'N', meaning: 'pages per site: the start page, then same-site pages found by links and sitemaps, one per URL template first' },
  },
  {
    flag: 'depth',
    type: 'number',
    default: 3,
    range: [0, 100],
    describe: 'How many clicks from the start page discovery may go',
    readme: { value: 'N', meaning: 'how many clicks from the start page discovery may go' },
  },
  {
    flag: 'include',
    type: 'array',
    default: [],
    describe: "Only discover pages whose path matches (glob, e.g. '/blog/**'; repeatable)",
    readme: { value: 'GLOB', meaning: 'only discover pages whose path matches (`/blog/**`; repeatable)' },
  },
  {
    flag: 'exclude',
    type: 'array',
    default: [],
    describe: "Never discover pages whose path matches (glob, e.g. '*.pdf'; repeatable)",
    readme: { value: 'GLOB', meaning: 'never discover pages whose path matches (`*.pdf`; repeatable)' },
  },
  {
    flag: 'sites-file',
    type: 'string',
    describe: 'File with one site URL per line (# comments allowed)',
    readme: { value: 'FILE', meaning: 'more sites, one URL per line (`#` comments allowed)' },
  },
  {
    flag: 'urls-file',
    type: 'string',
    describe: 'File with the exact pages to visit, one URL per line (no discovery)',
    readme: { value: 'FILE', meaning: "the exact pages to visit, one URL per line; each site's first URL is its start page; no discovery, every listed page visited" },
  },
  {
    flag: 'ignore-robots',
    type: 'boolean',
    default: false,
    describe: 'Discover pages robots.txt disallows too',
    readme: { meaning: 'also discover pages robots.txt disallows (robots.txt is respected by default)' },
  },
  {
    flag: 'timeout',
    type: 'number',
    default: 30_000,
    required: true,
    range: [1000, 600_000],
    describe: 'Page load timeout (ms)',
    readme: { value: 'MS', meaning: 'page load timeout' },
  },
  {
    flag: 'quiet-ms',
    type: 'number',
    default: 500,
    required: true,
    range: [50, 60_000],
    describe: 'Network quiet time that counts as settled (ms)',
    readme: { value: 'MS', meaning: 'network quiet time that counts as "settled"' },
  },
  {
    flag: 'max-wait',
    type: 'number',
    default: 8_000,
    required: true,
    range: [100, 600_000],
    describe: 'Upper bound of each wait for a quiet network (ms)',
    readme: { value: 'MS', meaning: 'upper bound of each wait for a quiet network' },
  },
  {
    flag: 'consent-timeout',
    type: 'number',
    default: 6_000,
    required: true,
    range: [500, 120_000],
    describe: 'Upper bound to find and click the consent banner (ms)',
    readme: { value: 'MS', meaning: 'upper bound to detect the banner, and to click it' },
  },
  {
    flag: 'consent-accept',
    type: 'array',
    default: [],
    nonEmpty: true,
    describe: 'CSS selector to click to accept when no banner is recognised (repeatable: the steps in order; pierces shadow roots and frames)',
    readme: {
      value: 'SELECTOR',
      meaning:
        'the steps to **accept** when no banner is recognised automatically: CSS selectors clicked in order, each matched in the document, in every open and closed shadow root and in every frame (the first visible match); repeatable; per site in `--sites-file` or the config file\'s `sites`',
    },
  },
  {
    flag: 'consent-reject',
    type: 'array',
    default: [],
    nonEmpty: true,
    describe: 'CSS selector to click to reject when no banner is recognised (repeatable: the steps in order; pierces shadow roots and frames)',
    readme: { value: 'SELECTOR', meaning: 'the steps to **reject**, as `--consent-accept`' },
  },
  {
    flag: 'concurrency',
    type: 'number',
    range: [1, 64],
    describe: 'Sites scanned at once (default: from the cores and free memory)',
    readme: { value: 'N', default: '1.5 per core, within free memory (max 8)', meaning: 'sites scanned at once; pages within a site stay in order' },
  },
  {
    flag: 'site-timeout',
    type: 'number',
    range: [1000, 86_400_000],
    describe: 'Time budget per site, all phases and pages (ms; default: from --max-pages and --timeout)',
    readme: {
      value: 'MS',
      default: 'from `--max-pages` and `--timeout`',
      meaning: 'time budget of one site, all phases: when it runs out the site stops, the pages finished so far are kept, and an error (stage `budget`) says so',
    },
  },
  {
    flag: 'resume',
    type: 'boolean',
    default: false,
    describe: 'Continue an interrupted run in the same --out: reuse the sites it finished',
    readme: { meaning: "continue an interrupted run in the same `--out`: sites it finished are reused (their saved `evidence.json` judged again with today's rules and config, as `gdpr-scan audit` does), the rest are scanned" },
  },
  {
    flag: 'browser-path',
    type: 'string',
    nonEmpty: true,
    describe: "Chromium/Chrome executable (else $GDPR_SCAN_CHROMIUM, Playwright's, or a system one)",
    readme: { value: 'PATH', meaning: 'Chromium/Chrome executable' },
  },
  {
    flag: 'browser-arg',
    type: 'array',
    default: [],
    required: true,
    describe: 'Extra Chromium switch (repeatable)',
    readme: { value: 'ARG', meaning: 'extra Chromium switch (repeatable; `--disable-features` lists are merged)' },
  },
  {
    flag: 'headed',
    type: 'boolean',
    default: false,
    required: true,
    describe: 'Show the browser window',
    readme: { meaning: 'show the browser window' },
  },
  {
    flag: 'host-map',
    type: 'array',
    default: [],
    required: true,
    describe: "Map host names to an address: PATTERN=ADDRESS[:PORT], e.g. '*.shop.com=10.0.0.5:8443' (repeatable)",
    readme: { value: 'PATTERN=ADDRESS[:PORT]', meaning: 'send matching host names elsewhere (repeatable, `*` wildcard)' },
  },
  {
    flag: 'ignore-https-errors',
    type: 'boolean',
    default: false,
    required: true,
    describe: 'Accept invalid TLS certificates (staging servers)',
    readme: { meaning: 'accept invalid certificates' },
  },
  {
    flag: 'locale',
    type: 'string',
    default: 'en-US',
    required: true,
    nonEmpty: true,
    describe: 'Browser language (Accept-Language, navigator.language)',
    readme: { value: 'TAG', meaning: 'browser language: `Accept-Language` and `navigator.language` (banners follow it)' },
  },
  {
    flag: 'device',
    type: 'string',
    default: 'desktop',
    nonEmpty: true,
    describe: `Device to emulate: desktop, mobile (a Pixel 7) or a Playwright device name, e.g. 'iPhone 15' (viewport, pixel ratio, touch, user agent)`,
    readme: {
      value: 'NAME',
      meaning:
        '`desktop` (1366×768, desktop Chrome), `mobile` (Playwright\'s Pixel 7: 412×839, touch, Android Chrome) or any name of Playwright\'s device registry (`"iPhone 15"`, `"Galaxy S9+"`; any case): viewport, pixel ratio, mobile and touch emulation and user agent; the Chrome version in the user agent is the browser\'s own',
    },
  },
  {
    flag: 'viewport',
    type: 'string',
    nonEmpty: true,
    describe: "Viewport WIDTHxHEIGHT in CSS pixels, e.g. '1280x720' (default: the device's)",
    readme: { value: 'WIDTHxHEIGHT', default: "the device's", meaning: 'viewport in CSS pixels (`1280x720`), over the device\'s' },
  },
  {
    flag: 'user-agent',
    type: 'string',
    nonEmpty: true,
    describe: "User agent (default: the device's, with the browser's Chrome version)",
    readme: { value: 'UA', default: "the device's", meaning: "user agent string, over the device's" },
  },
  {
    flag: 'fail-on',
    type: 'string',
    default: 'high',
    required: true,
    choices: FAIL_ON_CHOICES,
    describe: 'Exit 1 when a finding is at or above: none, low, medium, high, critical',
    readme: { value: 'SEVERITY', meaning: 'exit 1 when a finding is at or above `none`/`low`/`medium`/`high`/`critical`' },
  },
  {
    flag: 'config',
    type: 'string',
    // A config file cannot name another one.
    inConfig: false,
    describe: 'Config file (rules, severities, allowlists); default: gdpr-scan.config.json in the working directory',
    readme: {
      value: 'FILE',
      default: '`gdpr-scan.config.json` if present',
      meaning: 'rules on/off, severities, rule options, allowlists, and any scan option (its `scan` block; flags typed on the command line win)',
    },
  },
  {
    flag: 'tracker-db',
    type: 'string',
    choices: ['ghostery'],
    describe: 'Also classify with an optional, user-installed tracker database: ghostery',
    readme: { value: 'ghostery', meaning: "also classify with Ghostery's tracker database (user-installed; see Classification)" },
  },
  {
    flag: 'baseline',
    type: 'string',
    nonEmpty: true,
    describe: 'Earlier report.json: fail only on findings it does not have (new / still present / resolved in every format)',
    readme: { value: 'FILE', meaning: 'an earlier `report.json`: only findings it does not have fail the run; every format lists new, still present and resolved findings' },
  },
  {
    flag: 'include-values',
    type: 'boolean',
    default: false,
    describe: 'Record cookie values, truncated (they are personal data: off by default)',
    readme: { meaning: 'record cookie values, truncated to 32 characters (they are personal data)' },
  },
  {
    flag: 'quiet',
    alias: 'q',
    type: 'boolean',
    default: false,
    describe: 'No progress and no summary; errors only',
    readme: { meaning: 'no progress and no summary; errors only' },
  },
  {
    flag: 'json',
    type: 'boolean',
    default: false,
    describe: 'Print report.json to stdout (nothing else goes to stdout)',
    readme: { meaning: 'print `report.json` to stdout (and nothing else)' },
  },
  {
    flag: 'filter-list',
    type: 'array',
    default: [],
    describe: 'EasyList/EasyPrivacy-syntax filter list file to classify unknown hosts (repeatable)',
    readme: { value: 'FILE', meaning: 'also classify with an EasyList/EasyPrivacy-syntax list (repeatable)' },
  },
  {
    flag: 'save-evidence',
    type: 'boolean',
    default: false,
    describe: "Write each site's raw evidence (evidence.json) next to its report, for `gdpr-scan audit`",
    readme: { meaning: "write each site's raw evidence (`evidence.json`) next to its report, for `gdpr-scan audit`" },
  },
] as const satisfies readonly ScanOptionSpec[];

type Table = (typeof SCAN_OPTIONS)[number];

/** "max-pages" -> "maxPages", as a type. */
export type CamelCase<S extends string> = S extends `${infer Head}-${infer Tail}` ? `${Head}${Capitalize<CamelCase<Tail>>}` : S;

/** The parsed value of an option of a type. */
type ValueOf<T extends ScanOptionType> = T extends 'string' ? string : T extends 'number' ? number : T extends 'boolean' ? boolean : string[];

/** What a default of an option type must be (a frozen list is fine). */
type DefaultOf<T extends ScanOptionType> = T extends 'array' ? readonly string[] : ValueOf<T>;

/** The flags whose default does not fit their type; the line below makes the compiler refuse any. */
type MistypedDefaults = { [E in Table as E extends { default: infer D } ? (D extends DefaultOf<E['type']> ? never : E['flag']) : never]: E };
const defaultsFitTheirTypes: keyof MistypedDefaults extends never ? true : never = true;
void defaultsFitTheirTypes;

/** The camelCase name of every option: the property of ScanArgs and the key in the config file. */
export type ScanOptionKey = CamelCase<Table['flag']>;

/**
 * The options as yargs parses them, derived from the table: `required` entries are required
 * properties, the rest optional.
 */
export type ScanOptionValues = { -readonly [E in Table as E extends { required: true } ? CamelCase<E['flag']> : never]: ValueOf<E['type']> } & {
  -readonly [E in Table as E extends { required: true } ? never : CamelCase<E['flag']>]?: ValueOf<E['type']>;
};

/** The options the config file's `scan` block may hold. */
export type ConfigScanOptionKey = CamelCase<Exclude<Table, { inConfig: false }>['flag']>;

/** "max-pages" -> "maxPages". */
export function camelCase(flag: string): string {
  return flag.replace(/-+([a-zA-Z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** "maxPages" -> "--max-pages", to name the command-line twin of a scan option or config key. */
export function flagName(key: string): string {
  return `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}

/** The table entry of an option, by its camelCase key. */
export function scanOption(key: ScanOptionKey): ScanOptionSpec {
  return SCAN_OPTIONS.find((option) => camelCase(option.flag) === key)!;
}

/** Every option's default by camelCase key (options without a default are absent). */
export const SCAN_OPTION_DEFAULTS = Object.fromEntries(
  SCAN_OPTIONS.filter((option) => 'default' in option).map((option) => [camelCase(option.flag), option.default]),
) as unknown as { readonly [E in Table as E extends { default: unknown } ? CamelCase<E['flag']> : never]: DefaultOf<E['type']> };

/**
 * Scan arguments as the command line's defaults give them, without the URLs: a fresh copy each
 * time (lists included), for the library, the bench and tests that build a plan directly.
 */
export function defaultScanArgs(): ScanOptionValues {
  return Object.fromEntries(Object.entries(SCAN_OPTION_DEFAULTS).map(([key, value]) => [key, Array.isArray(value) ? [...value] : value])) as unknown as ScanOptionValues;
}

/** The keys of the config file's `scan` block, in table order. */
export const SCAN_OPTION_KEYS = SCAN_OPTIONS.filter((option) => !('inConfig' in option && option.inConfig === false)).map((option) =>
  camelCase(option.flag),
) as ConfigScanOptionKey[];

/** How the config file writes an option: lists also as arrays, choices as their literal values. */
type ConfigValueOf<E extends Table> = E extends { commaList: true }
  ? string | string[]
  : E['type'] extends 'array'
    ? string | string[]
    : E extends { choices: readonly (infer C)[] }
      ? C
      : ValueOf<E['type']>;

/**
 * The `scan` block of the config file, derived from the table: the command-line options of
 * `scan` and `demo` in camelCase (all optional). format and phases may be a comma-separated
 * string or an array; the repeatable options one string or an array.
 */
export type ScanOptionsConfig = { -readonly [E in Exclude<Table, { inConfig: false }> as CamelCase<E['flag']>]?: ConfigValueOf<E> };
