import { resolve } from 'node:path';
import { PHASES, type Phase } from '../model/evidence.js';
import { SEVERITIES, type FailOn } from '../model/report.js';
import { globToRegExp } from '../gather/discover/filter.js';
import { defaultConcurrency } from './concurrency.js';
import { resolveRuleConfig } from './config.js';
import { HostMapError, parseHostMapRule } from './host-map.js';
import { FORMATS, type ReportFormat, type ScanPlan } from './plan.js';
import { parseTarget } from './targets.js';

/** A mistake in what the user asked for: printed as one line, exit code 2. */
export class UsageError extends Error {}

/** Command-line options shared by `scan` and `demo`, as yargs parses them. */
export interface ScanArgs {
  urls: string[];
  out: string;
  format: string;
  phases: string;
  maxPages: number;
  depth?: number;
  include?: string[];
  exclude?: string[];
  ignoreRobots?: boolean;
  sitesFile?: string;
  urlsFile?: string;
  timeout: number;
  quietMs: number;
  maxWait: number;
  consentTimeout: number;
  /** --concurrency: sites at once; 0 or absent = chosen from cores and memory. */
  concurrency?: number;
  /** --site-timeout: time budget per site (ms); absent = derived from the page count. */
  siteTimeout?: number;
  browserPath?: string;
  browserArg: string[];
  headed: boolean;
  hostMap: string[];
  ignoreHttpsErrors: boolean;
  locale: string;
  userAgent?: string;
  failOn: string;
  config?: string;
  trackerDb?: string;
  filterList?: string[];
  /** --baseline: an earlier report.json; only findings it does not have fail the run. */
  baseline?: string;
  /** --include-values: show cookie values (truncated) in the reports. */
  includeValues?: boolean;
  /** --quiet: no progress and no summary on the console. */
  quiet?: boolean;
  /** --json: print report.json to stdout. */
  json?: boolean;
  /** --resume: reuse the sites an interrupted run in the same --out finished. */
  resume?: boolean;
  /** --save-evidence: write each site's evidence.json next to its report. */
  saveEvidence?: boolean;
}

/**
 * The plan from arguments alone, with the built-in rule defaults; `buildPlan` (build.ts) adds the
 * config file and optional classifiers, which need I/O.
 */
export function planFromArgs(args: ScanArgs): ScanPlan {
  return {
    sites: args.urls.map(parseTarget),
    phases: parsePhases(args.phases),
    maxPages: positiveInteger('--max-pages', args.maxPages, 1, 1000),
    maxDepth: positiveInteger('--depth', args.depth ?? 3, 0, 100),
    include: parseGlobs('--include', args.include),
    exclude: parseGlobs('--exclude', args.exclude),
    ignoreRobots: args.ignoreRobots === true,
    timeoutMs: positiveInteger('--timeout', args.timeout, 1000, 600_000),
    quietMs: positiveInteger('--quiet-ms', args.quietMs, 50, 60_000),
    maxWaitMs: positiveInteger('--max-wait', args.maxWait, 100, 600_000),
    consentTimeoutMs: positiveInteger('--consent-timeout', args.consentTimeout, 500, 120_000),
    concurrency: args.concurrency === undefined || args.concurrency === 0 ? defaultConcurrency() : positiveInteger('--concurrency', args.concurrency, 0, 64),
    ...(args.siteTimeout === undefined ? {} : { siteTimeoutMs: positiveInteger('--site-timeout', args.siteTimeout, 1000, 86_400_000) }),
    browser: { executablePath: args.browserPath, extraArgs: args.browserArg.map(String), headless: !args.headed },
    hostMap: parseHostMap(args.hostMap),
    ignoreHttpsErrors: args.ignoreHttpsErrors,
    locale: parseLocale(args.locale),
    userAgent: args.userAgent?.trim() || undefined,
    viewport: { width: 1366, height: 768 },
    outDir: resolve(args.out),
    formats: parseFormats(args.format),
    failOn: parseFailOn(args.failOn),
    ruleConfig: resolveRuleConfig({}),
    classifiers: [],
    includeValues: args.includeValues === true,
  };
}

function list(text: string): string[] {
  return String(text)
    .split(',')
    .map((item) => item.trim().toLowerCase())
    .filter(Boolean);
}

function parsePhases(text: string): Phase[] {
  const phases = list(text);
  const unknown = phases.filter((p) => !PHASES.includes(p as Phase));
  if (unknown.length) throw new UsageError(`--phases: unknown phase "${unknown[0]}" (choose from ${PHASES.join(', ')})`);
  if (phases.length === 0) throw new UsageError('--phases: name at least one phase');
  return PHASES.filter((p) => phases.includes(p));
}

function parseFormats(text: string): ReportFormat[] {
  const formats = list(text);
  const unknown = formats.filter((f) => !FORMATS.includes(f as ReportFormat));
  if (unknown.length) throw new UsageError(`--format: unknown format "${unknown[0]}" (available: ${FORMATS.join(', ')})`);
  return formats.length ? [...new Set(formats as ReportFormat[])] : ['json'];
}

function parseFailOn(text: string): FailOn {
  const value = String(text).trim().toLowerCase();
  if (value === 'none' || SEVERITIES.includes(value as never)) return value as FailOn;
  throw new UsageError(`--fail-on: "${text}" is not one of none, ${SEVERITIES.join(', ')}`);
}

function parseLocale(text: string): string {
  const value = String(text).trim();
  if (!/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/i.test(value)) throw new UsageError(`--locale: "${text}" is not a language tag like de-DE or fr`);
  return value;
}

function parseHostMap(rules: string[]) {
  try {
    return rules.map((rule) => parseHostMapRule(String(rule)));
  } catch (error) {
    if (error instanceof HostMapError) throw new UsageError(error.message);
    throw error;
  }
}

function parseGlobs(name: string, patterns: string[] | undefined): string[] {
  const list = (patterns ?? []).map(String).map((p) => p.trim()).filter(Boolean);
  for (const pattern of list) {
    try {
      globToRegExp(pattern);
    } catch (error) {
      throw new UsageError(`${name} "${pattern}": ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return list;
}

function positiveInteger(name: string, value: number, min: number, max: number): number {
  if (!Number.isFinite(value) || !Number.isInteger(value) || value < min || value > max) {
    throw new UsageError(`${name}: expected a whole number from ${min} to ${max}, got "${value}"`);
  }
  return value;
}
