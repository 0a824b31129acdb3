import { dirname, relative, resolve } from 'node:path';
import { loadFilterListClassifier, loadGhosteryClassifier } from '../judge/classify/loaders.js';
import type { Report } from '../model/report.js';
import { loadBaseline } from '../finish/baseline.js';
import { ConfigError } from './config-errors.js';
import { loadConfig } from './config-load.js';
import type { ScanOptionsConfig, UserConfig } from './config-types.js';
import { resolveRuleConfig } from './rule-config.js';
import { camelCase, flagName, SCAN_OPTION_KEYS, SCAN_OPTIONS, type ScanOptionSpec } from './scan-options.js';
import { readUrlList, UrlListError } from '../gather/discover/lists.js';
import { siteOf } from '../util/party.js';
import { commandLineConsentSteps, planFromArgs, UsageError, type ScanArgs } from './from-args.js';
import { configSiteSources, siteLineSource, withConsentSteps, type ConsentStepSource } from './consent-steps.js';
import { parseTarget } from './targets.js';
import type { ScanPlan, SiteTarget } from './plan.js';

/** Short options and the camelCase option they stand for, from the option table (`o` -> `out`). */
export const OPTION_ALIASES: Readonly<Record<string, string>> = Object.fromEntries(
  SCAN_OPTIONS.flatMap((option: ScanOptionSpec) => (option.alias ? [[option.alias, camelCase(option.flag)]] : [])),
);

/**
 * Which options the user typed, as a set of camelCase names, parsed from the raw argv (not from
 * yargs' result, which cannot tell a default from a typed value): `--max-pages 3`,
 * `--max-pages=3`, `--maxPages 3`, `--no-headed` (-> headed) and short aliases (`-o dir`). Stops
 * at `--`. Values and positionals are ignored.
 */
export function explicitOptions(argv: readonly string[], aliases: Readonly<Record<string, string>> = OPTION_ALIASES): Set<string> {
  const names = new Set<string>();
  for (const token of argv) {
    if (token === '--') break;
    const long = /^--([^=]+)(=[\s\S]*)?$/.exec(token);
    if (long) {
      let name = long[1]!;
      if (long[2] === undefined && name.startsWith('no-')) name = name.slice(3);
      names.add(camelCase(name));
      continue;
    }
    const short = /^-([A-Za-z]+)/.exec(token);
    if (short) {
      for (const letter of short[1]!) {
        const name = aliases[letter];
        if (name) names.add(name);
      }
    }
  }
  return names;
}

/**
 * What the command line explicitly set: raw argv (parsed with explicitOptions), or an already
 * computed set of camelCase option names (e.g. the demo adds the options it forces itself).
 * Undefined: every option present in the parsed args counts as typed (then the config's `scan`
 * object only fills options that have no default).
 */
export type ExplicitOptions = readonly string[] | ReadonlySet<string>;

function typedSet(args: ScanArgs, explicit: ExplicitOptions | undefined): ReadonlySet<string> {
  if (explicit === undefined) {
    return new Set(Object.entries(args).filter(([, value]) => value !== undefined).map(([key]) => key));
  }
  return explicit instanceof Set ? explicit : explicitOptions(explicit as readonly string[]);
}

const asList = (value: string | string[]): string[] => (Array.isArray(value) ? value : [value]);

/** A config value in the shape yargs would have produced; relative paths resolved against `baseDir`. */
function argFromConfig(key: keyof ScanOptionsConfig, value: NonNullable<ScanOptionsConfig[keyof ScanOptionsConfig]>, baseDir: string): unknown {
  switch (key) {
    case 'format':
    case 'phases':
      return Array.isArray(value) ? value.join(',') : value;
    case 'browserArg':
    case 'hostMap':
    case 'include':
    case 'exclude':
      return asList(value as string | string[]);
    case 'filterList':
      return asList(value as string | string[]).map((path) => resolve(baseDir, path));
    case 'out':
    case 'baseline':
    case 'sitesFile':
    case 'urlsFile':
      return resolve(baseDir, value as string);
    case 'browserPath':
      // A bare name ("chromium") is left alone; a path is relative to the config file.
      return /[\\/]/.test(value as string) ? resolve(baseDir, value as string) : value;
    default:
      return value;
  }
}

/** The arguments after the config file: typed on the command line > config `scan` > CLI default. */
export interface MergedArgs {
  args: ScanArgs;
  /** Options whose value came from the config file. */
  fromConfig: Set<keyof ScanOptionsConfig>;
}

/**
 * Merges the config file's `scan` object into the parsed arguments: an option the user typed
 * wins, then the config file, then the command line's default. Lists are replaced, not
 * concatenated (a typed --host-map replaces the config's hostMap). `configPath` anchors the
 * config's relative paths.
 */
export function mergeScanArgs(args: ScanArgs, config: UserConfig, explicit?: ExplicitOptions, configPath?: string): MergedArgs {
  const typed = typedSet(args, explicit);
  const baseDir = configPath ? dirname(configPath) : process.cwd();
  const merged: Record<string, unknown> = { ...args };
  const fromConfig = new Set<keyof ScanOptionsConfig>();
  for (const key of SCAN_OPTION_KEYS) {
    const value = config.scan?.[key];
    if (value === undefined || typed.has(key)) continue;
    merged[key] = argFromConfig(key, value, baseDir);
    fromConfig.add(key);
  }
  return { args: merged as unknown as ScanArgs, fromConfig };
}

/** Settings of the CLI run that are not part of the ScanPlan (yet). */
export interface CliSettings {
  /** Baseline report to compare with: as typed (relative to the working directory) or, from the config file, absolute. */
  baseline?: string;
  /** Show cookie values (truncated) in the reports. */
  includeValues: boolean;
  /** No progress and no summary on the console. */
  quiet: boolean;
  /** Print report.json to stdout (then stdout carries only the JSON). */
  json: boolean;
  /** Continue an interrupted run in the same --out, reusing the sites it finished. */
  resume: boolean;
  /** Write each site's raw evidence (evidence.json) next to its report, for `gdpr-scan audit`. */
  saveEvidence: boolean;
}

/**
 * --baseline, --include-values, --quiet, --json, --resume and --save-evidence after the config file (typed > config >
 * default). `configPath` (from loadConfig) anchors a relative `scan.baseline` path.
 */
export function resolveCliSettings(args: ScanArgs, config: UserConfig, argv?: ExplicitOptions, configPath?: string): CliSettings {
  const { args: merged } = mergeScanArgs(args, config, argv, configPath);
  const baseline = merged.baseline?.trim();
  return {
    ...(baseline ? { baseline } : {}),
    includeValues: Boolean(merged.includeValues),
    quiet: Boolean(merged.quiet),
    json: Boolean(merged.json),
    resume: Boolean(merged.resume),
    saveEvidence: Boolean(merged.saveEvidence),
  };
}

/** Everything the scan command needs before it starts. */
export interface ScanSetup {
  plan: ScanPlan;
  cli: CliSettings;
  /** The baseline report, read and checked before the scan starts (so a bad path fails in a second, not after the scan). */
  baselineReport?: Report;
}

/** "--max-pages: expected ..." -> "gdpr-scan.config.json: scan.maxPages: expected ..." when the value came from the config. */
function relabel(error: UsageError, fromConfig: ReadonlySet<string>, label: string): UsageError {
  const match = /^--[a-z-]+/.exec(error.message);
  if (!match) return error;
  const key = [...fromConfig].find((k) => flagName(k) === match[0]);
  return key ? new UsageError(`${label}: scan.${key}${error.message.slice(match[0].length)}`) : error;
}

/**
 * The complete plan and CLI settings: the config file (explicit --config, else one found in the
 * working directory), merged with the arguments (typed on the command line > config `scan` >
 * default; pass the raw argv as `argv` so typed options can be told from defaults), then the
 * optional classifiers and the baseline report. Every problem is a UsageError: one line, exit 2.
 */
export async function buildScanSetup(args: ScanArgs, cwd = process.cwd(), argv?: ExplicitOptions): Promise<ScanSetup> {
  let loaded: { path?: string; config: UserConfig };
  try {
    loaded = await loadConfig(args.config, cwd);
  } catch (error) {
    if (error instanceof ConfigError) throw new UsageError(error.message);
    throw error;
  }
  const { args: merged, fromConfig } = mergeScanArgs(args, loaded.config, argv, loaded.path);
  let fromArgs: ScanPlan;
  try {
    fromArgs = planFromArgs(merged);
  } catch (error) {
    if (error instanceof UsageError && loaded.path) throw relabel(error, fromConfig, relative(cwd, loaded.path) || loaded.path);
    throw error;
  }
  const configLabel = loaded.path ? relative(cwd, loaded.path) || loaded.path : 'config';
  const fromConfigSites = configSiteSources(loaded.config.sites, configLabel);
  const commandLine = commandLineConsentSteps(merged);
  // Consent steps per site: its --sites-file line, the config's entry for its URL, then for its host, then the command line's.
  const listed: SiteListing[] = [...fromArgs.sites.map((site) => ({ site })), ...(await sitesFromFiles(merged))];
  const sites = listed.map(({ site, own }) =>
    withConsentSteps(site, [own, ...(site.url ? fromConfigSites(site.url) : []), commandLine]),
  );
  if (sites.length === 0) throw new UsageError('name at least one site: a URL, --sites-file or --urls-file');
  const classifiers = [...fromArgs.classifiers];
  if (merged.trackerDb !== undefined) {
    if (merged.trackerDb !== 'ghostery') throw new UsageError(`--tracker-db: "${merged.trackerDb}" is not supported (available: ghostery)`);
    classifiers.push(await loadOrExplain(() => loadGhosteryClassifier()));
  }
  const filterLists = (merged.filterList ?? []).map(String);
  if (filterLists.length) classifiers.push(await loadOrExplain(() => loadFilterListClassifier(filterLists)));
  // The plan is complete here and not changed afterwards (ScanPlan is read-only).
  const plan: ScanPlan = {
    ...fromArgs,
    sites,
    ruleConfig: resolveRuleConfig(loaded.config),
    ...(loaded.path !== undefined ? { configPath: loaded.path } : {}),
    classifiers,
  };
  const cli = resolveCliSettings(args, loaded.config, argv, loaded.path);
  const baselineReport = cli.baseline !== undefined ? await loadBaseline(cli.baseline, cwd) : undefined;
  return { plan, cli, ...(baselineReport ? { baselineReport } : {}) };
}

/**
 * The complete plan (see buildScanSetup, which also returns the CLI settings and the baseline).
 * Without `argv`, every option present in `args` counts as typed.
 */
export async function buildPlan(args: ScanArgs, cwd = process.cwd(), argv?: ExplicitOptions): Promise<ScanPlan> {
  return (await buildScanSetup(args, cwd, argv)).plan;
}

/** A site as listed, with the consent steps its --sites-file line gives. */
interface SiteListing {
  site: SiteTarget;
  own?: ConsentStepSource;
}

/**
 * --sites-file: one site per line, a plain URL or a JSON object with the site's own consent steps
 * (`own`). --urls-file: explicit pages; URLs of one site (registrable domain) become one site
 * whose first URL is the start page and the rest its pages, in order.
 */
async function sitesFromFiles(args: ScanArgs): Promise<SiteListing[]> {
  const targets: SiteListing[] = [];
  try {
    if (args.sitesFile) {
      for (const entry of await readUrlList(args.sitesFile, { objects: true })) {
        const own = entry.fields ? siteLineSource(entry.fields, `${args.sitesFile}:${entry.line}`) : undefined;
        targets.push({ site: parseTarget(entry.url), ...(own ? { own } : {}) });
      }
    }
    if (args.urlsFile) {
      const bySite = new Map<string, SiteTarget>();
      for (const entry of await readUrlList(args.urlsFile)) {
        const target = parseTarget(entry.url);
        if (!target.url) {
          targets.push({ site: target });
          continue;
        }
        const site = siteOf(new URL(target.url).hostname);
        const existing = bySite.get(site);
        if (existing) existing.pages!.push(target.url);
        else {
          const fresh: SiteTarget = { ...target, pages: [] };
          bySite.set(site, fresh);
          targets.push({ site: fresh });
        }
      }
    }
  } catch (error) {
    if (error instanceof UrlListError) throw new UsageError(error.oneLine());
    throw error;
  }
  return targets;
}

async function loadOrExplain<T>(load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message.split('\n')[0] : String(error));
  }
}
