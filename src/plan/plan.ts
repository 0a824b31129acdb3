import type { Phase } from '../model/evidence.js';
import type { FailOn, PlanSummary } from '../model/report.js';
import type { ServiceClassifier } from '../judge/classify/index.js';
import type { ResolvedRuleConfig } from '../judge/rule-engine/engine.js';
import type { DeviceDescriptor } from '../gather/browser/devices.js';
import type { HostMapRule } from './host-map.js';

/**
 * The clicks that give or refuse consent on a site whose banner is not recognised automatically
 * (--consent-accept, --consent-reject, per site in --sites-file or the config's `sites`): CSS
 * selectors, clicked in order, each matched in the document, in every open and closed shadow root
 * and in every frame (the first visible match).
 */
export interface ConsentSteps {
  /** Steps of the accept phase, in order (empty: none given). */
  accept: string[];
  /** Steps of the reject phase, in order (empty: none given). */
  reject: string[];
}

/** One site to scan, as the user named it; `error` when the input itself is unusable. */
export interface SiteTarget {
  input: string;
  url?: string;
  error?: string;
  /** Pages to visit after the start page, from --urls-file: visited in this order, no discovery. */
  pages?: string[];
  /** The site's own consent clicks, when any were given (its own, else the command line's); absent: automatic detection only. */
  consentSteps?: ConsentSteps;
}

/** Report formats this version can write. */
export const FORMATS = ['json', 'html', 'md', 'sarif', 'junit'] as const;
export type ReportFormat = (typeof FORMATS)[number];

/** The fields of a plan; use ScanPlan, which is read-only. */
interface ScanPlanFields {
  sites: readonly SiteTarget[];
  phases: Phase[];
  maxPages: number;
  /** Link distance from the start page that discovery may follow (start page = 0). */
  maxDepth: number;
  /** Path globs a discovered page must match (any), and must not match (none); see src/gather/discover/filter.ts. */
  include: string[];
  exclude: string[];
  /** Discover pages robots.txt disallows too. */
  ignoreRobots: boolean;
  /** Navigation timeout per page load. */
  timeoutMs: number;
  /** Network quiet window that counts as settled. */
  quietMs: number;
  /** Upper bound on each wait for quiet. */
  maxWaitMs: number;
  /** Upper bound on waiting for a consent banner to be detected, and on clicking it. */
  consentTimeoutMs: number;
  /** Sites scanned at once (pages within a site stay in order). */
  concurrency: number;
  /** Time budget of one site, all phases; absent: derived from the page count (see siteBudgetMs). */
  siteTimeoutMs?: number;
  browser: {
    /** Explicit executable (--browser-path); found automatically when absent. */
    executablePath?: string;
    extraArgs: string[];
    headless: boolean;
  };
  hostMap: HostMapRule[];
  ignoreHttpsErrors: boolean;
  locale: string;
  /** Overrides the device's user agent (--user-agent). */
  userAgent?: string;
  /**
   * The device every profile emulates (--device, --viewport already applied): viewport, pixel
   * ratio, mobile and touch emulation, and its user agent (absent: desktop Chrome of the browser's
   * version; a device's Chrome version is replaced by the browser's at launch).
   */
  device: DeviceDescriptor;
  outDir: string;
  formats: ReportFormat[];
  failOn: FailOn;
  /** Rules after the config file: enabled, severities, options, allowlists. */
  ruleConfig: ResolvedRuleConfig;
  /** The config file that was read, if any. */
  configPath?: string;
  /** Classifiers consulted after the built-in knowledge base (--tracker-db, --filter-list). */
  classifiers: readonly ServiceClassifier[];
  /** Keep cookie values, truncated (--include-values); off by default: values are personal data. */
  includeValues?: boolean;
}

/** Everything a scan needs, validated, and never changed once built (the compiler refuses it). Nothing after the plan reads argv. */
export type ScanPlan = Readonly<ScanPlanFields>;

export function summarisePlan(plan: ScanPlan, userAgent: string): PlanSummary {
  return {
    urls: plan.sites.map((site) => site.url ?? site.input),
    phases: plan.phases,
    maxPages: plan.maxPages,
    locale: plan.locale,
    userAgent,
    timeoutMs: plan.timeoutMs,
    quietMs: plan.quietMs,
    maxWaitMs: plan.maxWaitMs,
    failOn: plan.failOn,
    hostMap: plan.hostMap.map((rule) => rule.source),
    ignoreHttpsErrors: plan.ignoreHttpsErrors,
    maxDepth: plan.maxDepth,
    include: plan.include,
    exclude: plan.exclude,
    ignoreRobots: plan.ignoreRobots,
    includeValues: plan.includeValues === true,
    concurrency: plan.concurrency,
    device: { name: plan.device.name, viewport: { ...plan.device.viewport }, deviceScaleFactor: plan.device.deviceScaleFactor, isMobile: plan.device.isMobile, hasTouch: plan.device.hasTouch },
  };
}
