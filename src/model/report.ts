/**
 * The JSON report (report.json): a versioned contract that dashboards and CI pipelines rely on.
 * Documented by reports/report.schema.json; bump REPORT_SCHEMA_VERSION on any breaking change.
 */
import type { ClassifiedSite, Phase, ScanError } from './evidence.js';

export const REPORT_SCHEMA_VERSION = '1.3.0';

/** Severity of a finding. */
export type Severity = 'low' | 'medium' | 'high' | 'critical';
export const SEVERITIES: readonly Severity[] = ['low', 'medium', 'high', 'critical'];
/** Order of severities, higher is worse. Compare with `severityRank[a] >= severityRank[b]`. */
export const severityRank: Readonly<Record<Severity, number>> = { low: 1, medium: 2, high: 3, critical: 4 };
/** Lowest severity of a `fail` finding that makes the run fail (exit code 1); `none` never fails the run. */
export type FailOn = Severity | 'none';

/** The cookie a piece of evidence is about: the cookie's identity (never its value). */
export interface FindingEvidenceCookie {
  /** The cookie's name. */
  name: string;
  /** As the browser reported it, e.g. ".shop.example". */
  domain: string;
  /** The cookie's path. */
  path: string;
}

/** One piece of evidence behind a finding: a request, a cookie, a storage key or a fact. */
export interface FindingEvidence {
  /** What the evidence is. */
  kind: 'request' | 'cookie' | 'storage' | 'consent' | 'other';
  /** The request URL, cookie "name@domain", storage key, ... */
  value: string;
  /** More detail. */
  detail?: string;
  /** Cookie evidence only: the cookie's name, domain and path (`value` stays the display text). Absent in older reports. */
  cookie?: FindingEvidenceCookie;
}

/** A rule's verdict on one site, page and phase. */
export interface Finding {
  /** Rule id: public API, never renamed without an alias. */
  ruleId: string;
  /** Severity of a finding. */
  severity: Severity;
  /**
   * `fail`: a violation; `needs-review`: the rule could not decide, a person must look. Only `fail`
   * counts for --fail-on.
   */
  outcome: 'fail' | 'needs-review';
  /** The phase the finding is about, when it is about one. */
  phase?: Phase;
  /** The page the finding is about, when it is about one. */
  pageUrl?: string;
  /**
   * Which of the rule's messages this is (e.g. "tooLong"): stable across wording changes, unlike
   * `message`. Absent in reports made before message ids.
   */
  messageId?: string;
  /** What was found, in one sentence. */
  message: string;
  /** The evidence behind the finding. */
  evidence: FindingEvidence[];
  /** Legal and guidance references, e.g. "ePrivacy Directive Art. 5(3)". */
  references: string[];
  /**
   * Stable identity across scans (rule, site, page path, phase, evidence key), robust to query
   * strings and ordering; set by the report stage. Baselines compare findings by it.
   */
  fingerprint?: string;
  /** With --baseline: `new` when the baseline did not have it, `existing` when it did. */
  baseline?: 'new' | 'existing';
}

/** A finding of the baseline report that the current scan no longer shows. */
export interface ResolvedFinding {
  /** Stable identity of the finding. */
  fingerprint: string;
  /** The site it was found on. */
  siteUrl: string;
  /** Rule id. */
  ruleId: string;
  /** Severity in the baseline. */
  severity: Severity;
  /** Phase it was seen in. */
  phase?: Phase;
  /** Page it was seen on. */
  pageUrl?: string;
  /** What the baseline said. */
  message: string;
}

/** Comparison with an earlier report (--baseline). */
export interface BaselineComparison {
  /** The baseline report file, as given. */
  path: string;
  /** Findings the baseline did not have. */
  newFindings: number;
  /** Findings the baseline had too. */
  existingFindings: number;
  /** Findings of the baseline that are gone. */
  resolved: ResolvedFinding[];
}

/** What was asked for, as recorded in the report (no secrets, no argv). */
export interface PlanSummary {
  /** Site URLs to scan. */
  urls: string[];
  /** Phases each site was visited in. */
  phases: Phase[];
  /** Maximum number of pages visited per site. */
  maxPages: number;
  /** Browser locale (Accept-Language / navigator.language), e.g. "de-DE". */
  locale: string;
  /** User agent string the browser sent. */
  userAgent: string;
  /** Navigation timeout per page, in milliseconds. */
  timeoutMs: number;
  /** How long the network must be quiet before a page counts as loaded, in milliseconds. */
  quietMs: number;
  /** Upper bound for waiting for a quiet network, in milliseconds. */
  maxWaitMs: number;
  /**
   * Lowest severity of a `fail` finding that makes the run fail (exit code 1); `none` never fails the
   * run.
   */
  failOn: FailOn;
  /** Host mappings (PATTERN=ADDRESS[:PORT]) applied to the browser and the tool's own requests. */
  hostMap: string[];
  /** Certificate errors were ignored. */
  ignoreHttpsErrors: boolean;
  /** Link distance from the start page that page discovery could follow. */
  maxDepth?: number;
  /** Path globs a discovered page had to match (--include). */
  include?: string[];
  /** Path globs a discovered page must not match (--exclude). */
  exclude?: string[];
  /** Pages robots.txt disallows were discovered too (--ignore-robots). */
  ignoreRobots?: boolean;
  /** Cookie values were recorded, truncated (--include-values). */
  includeValues?: boolean;
  /** Sites scanned at once. */
  concurrency?: number;
  /** The device the browser emulated (--device, --viewport). */
  device?: DeviceSummary;
}

/** A device as the browser emulated it: viewport, pixel ratio, mobile and touch emulation. */
export interface DeviceSummary {
  /** "desktop", or the name of a Playwright device ("Pixel 7"). */
  name: string;
  /** Layout viewport in CSS pixels. */
  viewport: {
    /** Width in CSS pixels. */
    width: number;
    /** Height in CSS pixels. */
    height: number;
  };
  /** CSS pixel ratio (window.devicePixelRatio). */
  deviceScaleFactor: number;
  /** Mobile emulation: the page's meta viewport is honoured, as on a phone. */
  isMobile: boolean;
  /** Touch events were on (navigator.maxTouchPoints > 0). */
  hasTouch: boolean;
}

/**
 * What one rule concluded on one site. `fail` / `needs-review`: it has findings of that outcome
 * (fail wins); `pass`: it looked and found nothing; `not-applicable`: the site gave it nothing to
 * judge (no reject phase, no TCF CMP, ...); `disabled`: switched off in the config.
 */
export type RuleOutcome = 'fail' | 'needs-review' | 'pass' | 'not-applicable' | 'disabled';

/** One rule's result on one site. */
export interface RuleResult {
  /** Rule id (public API). */
  ruleId: string;
  /** The rule's title when it ran. */
  title: string;
  /** What the rule concluded. */
  outcome: RuleOutcome;
  /** Number of this rule's findings on this site. */
  findings: number;
  /** Why the rule did not apply, or why it could not run (then outcome is needs-review and the site has a rule error). */
  reason?: string;
}

/** A rule as the report describes it: what renderers show, so they need no rule registry. */
export interface RuleDescription {
  /** Rule id (public API). */
  id: string;
  /** Short title. */
  title: string;
  /** The rule's default severity (a finding may carry another: user overrides, lowered cases). */
  severity: Severity;
  /** Legal references, e.g. "ePrivacy Directive 2002/58/EC, Art. 5(3)". */
  references: string[];
  /** Why it matters, in plain words. */
  rationale: string;
  /** How to fix it, in plain words. */
  remediation: string;
  /** What is checked: fails when / passes when. */
  checks: string;
  /** The rule's documentation page in the gdpr-scan repository, e.g. "rules/tracking-before-consent.md". */
  docPath: string;
}

/** Classified evidence and findings for one site. */
export interface SiteReport extends ClassifiedSite {
  /** The rules' verdicts on this site. */
  findings: Finding[];
  /** Every rule of the run and what it concluded on this site; absent in reports before schema 1.1. */
  ruleResults?: RuleResult[];
}

/** Spelled out rather than `Record<Severity, number>` so that each count carries its own TSDoc. */
export interface FindingsBySeverity {
  /** Low. */
  low: number;
  /** Medium. */
  medium: number;
  /** High. */
  high: number;
  /** Critical. */
  critical: number;
}

/** Totals over all sites. */
export interface ReportSummary {
  /** Sites asked for. */
  sites: number;
  /** Sites that could not be scanned at all. */
  sitesWithErrors: number;
  /** Pages visited, over all sites. */
  pages: number;
  /** Requests recorded, over all pages and phases. */
  requests: number;
  /** Requests to another registrable domain than the site's. */
  thirdPartyRequests: number;
  /** Distinct cookies (name, domain, path) per site, summed over sites. */
  cookies: number;
  /** Number of `fail` findings per severity (needs-review findings are not counted). */
  findingsBySeverity: FindingsBySeverity;
  /** 0: nothing at or above fail-on; 1: findings at or above it; 2: the scan could not run. */
  exitCode: 0 | 1 | 2;
}

/** One scan: what was asked, what was found per site, and a summary. */
export interface Report {
  /**
   * Version of this report format (semver). This schema describes version 1.3 (1.2: verified
   * consent clicks, the CMP named from its own fingerprints; 1.3 adds the withdraw phase, the banner
   * design, script behaviour, transport, legal links, typed form markers and shared identifiers, all
   * optional). Reports of 1.0 and 1.1 are read and validated after an upgrade that gives their
   * consent records the 1.2 shape (src/model/upgrade.ts); the version they were written with stays.
   */
  schemaVersion: string;
  /** The tool that wrote the report. */
  tool: {
    /** Tool name, e.g. "gdpr-scan". */
    name: string;
    /** Tool version. */
    version: string;
  };
  /** When the scan started (ISO 8601, UTC). */
  startedAt: string;
  /** When the scan finished (ISO 8601, UTC). */
  finishedAt: string;
  /** The browser that did the scan. */
  browser?: {
    /** Chromium version that did the scan. */
    version: string;
  };
  /** What was asked for, as recorded in the report (no secrets, no argv). */
  plan: PlanSummary;
  /**
   * The rules this run judged with (enabled or not), in the order they ran: what renderers show about
   * them, so a report renders as it was made. Absent in reports before schema 1.1.
   */
  rules?: RuleDescription[];
  /** One entry per site asked for, in the order given. */
  sites: SiteReport[];
  /** Errors not tied to one site (e.g. the browser could not start). */
  errors: ScanError[];
  /**
   * Present when the run stopped before every site was scanned (Ctrl-C); `gdpr-scan scan --resume`
   * with the same --out finishes it.
   */
  incomplete?: {
    /** Why the run is incomplete. */
    reason: 'interrupted';
    /** Sites asked for that were not scanned, as named. */
    pendingSites: string[];
  };
  /** Present when the scan was compared with a baseline report; then only new findings fail the run. */
  baseline?: BaselineComparison;
  /** Totals over all sites. */
  summary: ReportSummary;
}
