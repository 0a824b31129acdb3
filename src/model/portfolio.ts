/**
 * The portfolio index of a batch scan (index.json): one entry per site, ranked by how bad its
 * findings are, with links to each site's own reports. It is what an agency hands to a client,
 * and what a dashboard reads to list many sites, so it is a versioned contract like report.json.
 * Documented by reports/index.schema.json; bump PORTFOLIO_SCHEMA_VERSION on any breaking change.
 */
import type { FailOn, PlanSummary, Severity } from './report.js';

export const PORTFOLIO_SCHEMA_VERSION = '1.1.0';

/**
 * What a site's findings amount to, whatever the threshold:
 * - `fail`: at least one finding with outcome `fail` (any severity, new or known);
 * - `needs-review`: no `fail` finding, at least one `needs-review` finding;
 * - `pass`: no finding at all;
 * - `error`: the site could not be scanned (its report says why);
 * - `pending`: not scanned in this run yet (the batch is running or was interrupted).
 */
export type PortfolioSiteStatus = 'fail' | 'pass' | 'needs-review' | 'error' | 'pending';

/**
 * Whether the site would fail a CI gate at the index's `failOn`, judged exactly like the exit
 * code of a single-site scan: `fail` when a gating finding (outcome `fail`, at or above
 * `failOn`, and with a baseline comparison only a `new` one) exists, else `pass`.
 */
export type PortfolioVerdict = 'fail' | 'pass';

/** A rule that failed on a site, with how often. */
export interface PortfolioRuleCount {
  /** The rule's id, e.g. "tracking-before-consent". */
  ruleId: string;
  /** The worst severity among this rule's `fail` findings on the site. */
  severity: Severity;
  /** Number of the rule's `fail` findings on the site. */
  count: number;
}

/** One consent click of a site, as its report judged it (the site report's `consent.accept` / `consent.reject`). */
export interface PortfolioClick {
  /** The click went through (says nothing about its effect, see `verified`). */
  done: boolean;
  /** Independent signals confirmed its effect and none contradicted it. */
  verified: boolean;
  /** Why it counts as verified or not, in one sentence. */
  verification: string;
}

/** What the scanner learnt about a site's consent banner (from the site report's `consent`). */
export interface PortfolioConsent {
  /** The consent manager's product name, as named from its own fingerprints (the site report's `consent.cmp.name`), or null. */
  cmp: string | null;
  /** A consent banner was seen. */
  bannerFound: boolean;
  /** A reject-all control was on the banner's first layer; null when it could not be determined. */
  rejectOnFirstLayer: boolean | null;
  /** The "accept all" click; absent when the accept phase did not run. */
  accept?: PortfolioClick;
  /** The "reject all" click; absent when the reject phase did not run. */
  reject?: PortfolioClick;
}

/** One report file of a site. */
export interface PortfolioFileLink {
  /** File name as written, e.g. "report.html". */
  name: string;
  /** Relative URL from the index to the file, percent-encoded per segment, e.g. "sites/www.shop.test/report.html". */
  href: string;
}

/** Where a site's reports are, relative to the index. */
export interface PortfolioLinks {
  /** Folder of the site's reports relative to the index, POSIX separators, e.g. "sites/www.shop.test". */
  dir: string;
  /** Every file written there, in the order given. */
  files: PortfolioFileLink[];
  /** The file a person should open: report.html when written, else report.json, else the first file. */
  primary?: PortfolioFileLink;
}

/** Number of `fail` findings per severity. */
export type SeverityCounts = Record<Severity, number>;

/** One site of the batch, as ranked in the index. */
export interface PortfolioEntry {
  /** Position in the ranking, 1 = the site that needs attention first. */
  rank: number;
  /** The site as the user named it. */
  url: string;
  /** Where the site's first page ended up after redirects, when known. */
  finalUrl?: string;
  /** What the site's findings amount to (see PortfolioSiteStatus). */
  status: PortfolioSiteStatus;
  /** Why the site could not be scanned; present exactly when status is `error`. */
  error?: string;
  /** The CI-gate verdict at the index's `failOn`; null when the site has no report to judge (error, pending). */
  verdict: PortfolioVerdict | null;
  /** Number of findings that gate (outcome `fail`, at or above `failOn`, new when compared with a baseline). */
  gatingFindings: number;
  /** The site's findings were compared with a baseline: only new findings gate. */
  baselineCompared: boolean;
  /** Number of `fail` findings per severity. */
  findingsBySeverity: SeverityCounts;
  /** Number of `needs-review` findings. */
  needsReview: number;
  /** The worst severity among the `fail` findings, null when there is none. */
  worstSeverity: Severity | null;
  /** Rules with `fail` findings: worst severity first, then most findings, then rule id. */
  failedRules: PortfolioRuleCount[];
  /** Pages scanned on the site (0 when not scanned). */
  pages: number;
  /** The consent banner; present when the site was scanned (not for error and pending sites). */
  consent?: PortfolioConsent;
  /** How long the site's scan took, in milliseconds; present when the site has a report. */
  durationMs?: number;
  /** The site's report was reused from an earlier, interrupted run (--resume). */
  resumed?: boolean;
  /** The site's own reports; absent when none was written (pending sites). */
  links?: PortfolioLinks;
}

/** Totals over the batch. `sites` = `scanned` + `errors` + `pending`; `scanned` = `failing` + `needsReview` + `passing`. */
export interface PortfolioSummary {
  /** Sites in the batch. */
  sites: number;
  /** Sites scanned with a result (status fail, needs-review or pass). */
  scanned: number;
  /** Sites with at least one `fail` finding (status `fail`). */
  failing: number;
  /** Sites whose verdict is `fail`: they would fail a CI gate at `failOn` (at most `failing`). */
  failingGate: number;
  /** Sites with no finding (status `pass`). */
  passing: number;
  /** Sites with `needs-review` findings only (status `needs-review`). */
  needsReview: number;
  /** Sites that could not be scanned (status `error`). */
  errors: number;
  /** Sites not scanned in this run yet (status `pending`). */
  pending: number;
  /** `fail` findings per severity, over all sites. */
  findingsBySeverity: SeverityCounts;
}

/** The portfolio index (index.json) of a batch scan. */
export interface PortfolioIndex {
  /** Version of this format (semver); reports/index.schema.json describes exactly this version. */
  schemaVersion: string;
  /** The tool that wrote the index. */
  tool: { name: string; version: string };
  /** When the batch started (ISO 8601, UTC). */
  startedAt: string;
  /** When the index was written: the end of the batch, or of the last finished site while it runs (ISO 8601, UTC). */
  finishedAt: string;
  /** Every site of the batch has a result (none is pending). False while the batch runs or after an interruption. */
  complete: boolean;
  /** The batch was interrupted; `--resume` continues it. Present only when true. */
  interrupted?: boolean;
  /** The threshold the verdicts are judged against. */
  failOn: FailOn;
  /** What was asked for. */
  plan: PlanSummary;
  /** Totals over the batch. */
  summary: PortfolioSummary;
  /** One entry per site, in rank order. */
  sites: PortfolioEntry[];
}
