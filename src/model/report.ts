/**
 * The JSON report (report.json): a versioned contract that dashboards and CI pipelines rely on.
 * Documented by reports/report.schema.json; bump REPORT_SCHEMA_VERSION on any breaking change.
 */
import type { ClassifiedSite, Phase, ScanError } from './evidence.js';

export const REPORT_SCHEMA_VERSION = '1.1.0';

export type Severity = 'low' | 'medium' | 'high' | 'critical';
export const SEVERITIES: readonly Severity[] = ['low', 'medium', 'high', 'critical'];
/** Order of severities, higher is worse. Compare with `severityRank[a] >= severityRank[b]`. */
export const severityRank: Readonly<Record<Severity, number>> = { low: 1, medium: 2, high: 3, critical: 4 };
/** `none` never fails the run. */
export type FailOn = Severity | 'none';

/** The cookie a piece of evidence is about: the cookie's identity (never its value). */
export interface FindingEvidenceCookie {
  name: string;
  /** As the browser reported it, e.g. ".shop.example". */
  domain: string;
  path: string;
}

/** One piece of evidence behind a finding: a request, a cookie, a storage key or a fact. */
export interface FindingEvidence {
  kind: 'request' | 'cookie' | 'storage' | 'consent' | 'other';
  /** The request URL, cookie "name@domain", storage key, ... */
  value: string;
  detail?: string;
  /** Cookie evidence only: the cookie's name, domain and path (`value` stays the display text). Absent in older reports. */
  cookie?: FindingEvidenceCookie;
}

/** A rule's verdict on one site, page and phase. */
export interface Finding {
  ruleId: string;
  severity: Severity;
  /** `fail`: a violation; `needs-review`: the rule could not decide, a person must look. */
  outcome: 'fail' | 'needs-review';
  phase?: Phase;
  pageUrl?: string;
  /**
   * Which of the rule's messages this is (e.g. "tooLong"): stable across wording changes, unlike
   * `message`. Absent in reports made before message ids.
   */
  messageId?: string;
  message: string;
  evidence: FindingEvidence[];
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
  fingerprint: string;
  siteUrl: string;
  ruleId: string;
  severity: Severity;
  phase?: Phase;
  pageUrl?: string;
  message: string;
}

/** Comparison with an earlier report (--baseline). */
export interface BaselineComparison {
  /** The baseline report file, as given. */
  path: string;
  newFindings: number;
  existingFindings: number;
  resolved: ResolvedFinding[];
}

/** What was asked for, as recorded in the report (no secrets, no argv). */
export interface PlanSummary {
  urls: string[];
  phases: Phase[];
  maxPages: number;
  locale: string;
  userAgent: string;
  timeoutMs: number;
  quietMs: number;
  maxWaitMs: number;
  failOn: FailOn;
  hostMap: string[];
  ignoreHttpsErrors: boolean;
  /** Discovery settings (absent in reports of versions before batches). */
  maxDepth?: number;
  include?: string[];
  exclude?: string[];
  ignoreRobots?: boolean;
  /** Cookie values were recorded (truncated). */
  includeValues?: boolean;
  /** Sites scanned at once. */
  concurrency?: number;
}

/**
 * What one rule concluded on one site. `fail` / `needs-review`: it has findings of that outcome
 * (fail wins); `pass`: it looked and found nothing; `not-applicable`: the site gave it nothing to
 * judge (no reject phase, no TCF CMP, ...); `disabled`: switched off in the config.
 */
export type RuleOutcome = 'fail' | 'needs-review' | 'pass' | 'not-applicable' | 'disabled';

/** One rule's result on one site. */
export interface RuleResult {
  ruleId: string;
  /** The rule's title when it ran. */
  title: string;
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

export interface SiteReport extends ClassifiedSite {
  findings: Finding[];
  /** Every rule of the run and what it concluded on this site; absent in reports before schema 1.1. */
  ruleResults?: RuleResult[];
}

export interface ReportSummary {
  sites: number;
  /** Sites that could not be scanned at all. */
  sitesWithErrors: number;
  pages: number;
  requests: number;
  thirdPartyRequests: number;
  cookies: number;
  findingsBySeverity: Record<Severity, number>;
  /** 0: nothing at or above fail-on; 1: findings at or above it; 2: the scan could not run. */
  exitCode: 0 | 1 | 2;
}

export interface Report {
  schemaVersion: string;
  tool: { name: string; version: string };
  startedAt: string;
  finishedAt: string;
  /** Chromium version that did the scan. */
  browser?: { version: string };
  plan: PlanSummary;
  /** The rules this run judged with (enabled or not), in the order they ran; absent in reports before schema 1.1. */
  rules?: RuleDescription[];
  sites: SiteReport[];
  /** Errors not tied to one site (e.g. the browser could not start). */
  errors: ScanError[];
  /** Present when the run stopped before every site was scanned (Ctrl-C); `gdpr-scan scan --resume` finishes it. */
  incomplete?: { reason: 'interrupted'; pendingSites: string[] };
  /** Present when the scan was compared with a baseline report; then only new findings fail the run. */
  baseline?: BaselineComparison;
  summary: ReportSummary;
}
