import { resolve } from 'node:path';
import { PHASES, type Phase } from '../model/evidence.js';
import { globToRegExp } from '../gather/discover/filter.js';
import { defaultConcurrency } from './concurrency.js';
import { parseSelectors, withConsentSteps, type ConsentStepSource } from './consent-steps.js';
import { resolveDevice } from './device.js';
import { parseFailOn } from './fail-on.js';
import { resolveRuleConfig } from './rule-config.js';
import { HostMapError, parseHostMapRule } from './host-map.js';
import { FORMATS, type ReportFormat, type ScanPlan } from './plan.js';
import { SCAN_OPTION_DEFAULTS, scanOption, type ScanOptionKey, type ScanOptionValues } from './scan-options.js';
import { parseTarget } from './targets.js';
import { UsageError } from './usage-error.js';

export { UsageError };

/** The arguments of `scan` and `demo` as yargs parses them: the site URLs, and every option of the table (scan-options.ts). */
export type ScanArgs = { urls: string[] } & ScanOptionValues;

/**
 * The plan from arguments alone, with the built-in rule defaults; `buildPlan` (build.ts) adds the
 * config file and optional classifiers, which need I/O.
 */
export function planFromArgs(args: ScanArgs): ScanPlan {
  const steps = commandLineConsentSteps(args);
  return {
    sites: args.urls.map((url) => withConsentSteps(parseTarget(url), [steps])),
    phases: parsePhases(args.phases),
    maxPages: wholeNumber('maxPages', args.maxPages),
    maxDepth: wholeNumber('depth', args.depth ?? SCAN_OPTION_DEFAULTS.depth),
    include: parseGlobs('--include', args.include),
    exclude: parseGlobs('--exclude', args.exclude),
    ignoreRobots: args.ignoreRobots === true,
    timeoutMs: wholeNumber('timeout', args.timeout),
    quietMs: wholeNumber('quietMs', args.quietMs),
    maxWaitMs: wholeNumber('maxWait', args.maxWait),
    consentTimeoutMs: wholeNumber('consentTimeout', args.consentTimeout),
    concurrency: args.concurrency === undefined ? defaultConcurrency() : wholeNumber('concurrency', args.concurrency),
    ...(args.siteTimeout === undefined ? {} : { siteTimeoutMs: wholeNumber('siteTimeout', args.siteTimeout) }),
    browser: { executablePath: args.browserPath, extraArgs: args.browserArg.map(String), headless: !args.headed },
    hostMap: parseHostMap(args.hostMap),
    ignoreHttpsErrors: args.ignoreHttpsErrors,
    locale: parseLocale(args.locale),
    userAgent: args.userAgent?.trim() || undefined,
    device: resolveDevice(args.device ?? SCAN_OPTION_DEFAULTS.device, args.viewport),
    outDir: resolve(args.out),
    formats: parseFormats(args.format),
    failOn: parseFailOn(args.failOn),
    ruleConfig: resolveRuleConfig({}),
    classifiers: [],
    includeValues: args.includeValues === true,
  };
}

/** --consent-accept / --consent-reject: the steps of every site that has none of its own. */
export function commandLineConsentSteps(args: Pick<ScanArgs, 'consentAccept' | 'consentReject'>): ConsentStepSource {
  return { accept: parseSelectors('--consent-accept', args.consentAccept ?? []), reject: parseSelectors('--consent-reject', args.consentReject ?? []) };
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

/** A number option within the range its table entry gives. */
function wholeNumber(key: ScanOptionKey, value: number): number {
  const option = scanOption(key);
  const [min, max] = option.range!;
  const name = `--${option.flag}`;
  // yargs reads "abc" as NaN: say what was wrong, not "NaN".
  if (Number.isNaN(value)) throw new UsageError(`${name}: expected a whole number from ${min} to ${max}, got text that is not a number`);
  if (!Number.isFinite(value) || !Number.isInteger(value) || value < min || value > max) {
    throw new UsageError(`${name}: expected a whole number from ${min} to ${max}, got "${value}"`);
  }
  return value;
}
