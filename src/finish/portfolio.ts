/**
 * The portfolio index of a batch scan (index.json; contract in src/model/portfolio.ts, schema in
 * reports/index.schema.json): one ranked entry per site with counts, verdict and links to the
 * site's own reports. Pure: it reads site reports that already carry their findings and never
 * computes a finding; the CLI writes the files.
 */
import type { ConsentActionRecord, ConsentEvidence } from '../model/evidence.js';
import {
  PORTFOLIO_SCHEMA_VERSION,
  type PortfolioClick,
  type PortfolioConsent,
  type PortfolioEntry,
  type PortfolioFileLink,
  type PortfolioIndex,
  type PortfolioLinks,
  type PortfolioRuleCount,
  type PortfolioSiteStatus,
  type PortfolioSummary,
  type SeverityCounts,
} from '../model/portfolio.js';
import { SEVERITIES, type FailOn, type Finding, type PlanSummary, type Severity, type SiteReport } from '../model/report.js';
import { failingFindings, severityRank, SEVERITIES_WORST_FIRST } from './verdict.js';

export interface PortfolioSiteInput {
  /** The site as the user named it. */
  url: string;
  /** scanned: a report exists (site.error may still be set when the site could not be loaded => treat as error); pending: not scanned in this run (interrupted). */
  status: 'scanned' | 'pending';
  /** The site's report, present when scanned. */
  site?: SiteReport;
  /** Folder of the site's reports relative to the index, POSIX separators, e.g. "sites/www.shop.test". */
  reportDir?: string;
  /** File names written there, e.g. ["report.json", "report.html"]. */
  reportFiles?: string[];
  /** Reused from an earlier interrupted run (--resume). */
  resumed?: boolean;
  /**
   * The site's report was compared with a baseline (its Report.baseline is set), so only `new`
   * findings gate. When omitted it is inferred: a baseline comparison (compareFindings) marks every finding.
   */
  baselineCompared?: boolean;
}

export interface PortfolioInput {
  tool: { name: string; version: string };
  startedAt: Date;
  finishedAt: Date;
  /** False while the batch is still running or after it was interrupted (index is rewritten as each site finishes). */
  complete: boolean;
  interrupted?: boolean;
  plan: PlanSummary;
  failOn: FailOn;
  sites: PortfolioSiteInput[];
}

/** Severities from the worst down: the order of ranking keys and of rule lists. */
const WORST_FIRST = SEVERITIES_WORST_FIRST;

function zeroCounts(): SeverityCounts {
  return Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as SeverityCounts;
}

/**
 * A relative href we build ourselves: each segment percent-encoded, so a slug with ":" (a port)
 * can never read as a URL scheme. A dir that is absolute, climbs out ("..") or uses backslashes is
 * a bug in the caller, not data to escape: it throws.
 */
function relativeHref(dir: string, file: string): string {
  const segments = dir.split('/').filter((s) => s !== '' && s !== '.');
  if (dir.startsWith('/') || dir.includes('\\') || segments.includes('..') || segments.length === 0) {
    throw new Error(`portfolio: reportDir must be a relative POSIX path below the index, got ${JSON.stringify(dir)}`);
  }
  if (file === '' || file === '.' || file === '..' || /[/\\]/.test(file)) {
    throw new Error(`portfolio: report file must be a plain file name, got ${JSON.stringify(file)}`);
  }
  return [...segments, file].map(encodeURIComponent).join('/');
}

function linksOf(input: PortfolioSiteInput): PortfolioLinks | undefined {
  if (input.reportDir === undefined || !input.reportFiles?.length) return undefined;
  const dir = input.reportDir;
  const files: PortfolioFileLink[] = input.reportFiles.map((name) => ({ name, href: relativeHref(dir, name) }));
  // A person opens the HTML; without it the JSON is still the full report.
  const primary = files.find((f) => f.name === 'report.html') ?? files.find((f) => f.name === 'report.json') ?? files[0];
  return { dir, files, ...(primary ? { primary } : {}) };
}

/** Rules with `fail` findings: worst severity first, then most findings, then rule id (stable output). */
function failedRules(fails: readonly Finding[]): PortfolioRuleCount[] {
  const byRule = new Map<string, PortfolioRuleCount>();
  for (const f of fails) {
    const entry = byRule.get(f.ruleId);
    if (!entry) byRule.set(f.ruleId, { ruleId: f.ruleId, severity: f.severity, count: 1 });
    else {
      entry.count += 1;
      if (severityRank[f.severity] > severityRank[entry.severity]) entry.severity = f.severity;
    }
  }
  return [...byRule.values()].sort(
    (a, b) => severityRank[b.severity] - severityRank[a.severity] || b.count - a.count || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0),
  );
}

/** One entry, rank not yet known (0). */
function entryOf(input: PortfolioSiteInput, failOn: FailOn): PortfolioEntry {
  const site = input.status === 'scanned' ? input.site : undefined;
  const findings = site?.findings ?? [];
  const fails = findings.filter((f) => f.outcome === 'fail');
  const findingsBySeverity = zeroCounts();
  for (const f of fails) findingsBySeverity[f.severity] += 1;
  const needsReview = findings.length - fails.length;
  const worstSeverity = WORST_FIRST.find((s) => findingsBySeverity[s] > 0) ?? null;

  // Same gate as a single-site scan (verdict.ts).
  const baselineCompared = input.baselineCompared ?? findings.some((f) => f.baseline !== undefined);
  const gatingFindings = failingFindings(findings, { failOn, baselineCompared }).length;

  let status: PortfolioSiteStatus;
  let error: string | undefined;
  if (input.status === 'pending') status = 'pending';
  else if (!site || site.error !== undefined) {
    status = 'error';
    error = site?.error ?? 'No report was produced for this site.';
  } else status = fails.length > 0 ? 'fail' : needsReview > 0 ? 'needs-review' : 'pass';
  const hasResult = status !== 'error' && status !== 'pending';

  const links = linksOf(input);
  const finalUrl = site?.finalUrl;
  return {
    rank: 0,
    url: input.url,
    ...(finalUrl !== undefined ? { finalUrl } : {}),
    status,
    ...(error !== undefined ? { error } : {}),
    verdict: hasResult ? (gatingFindings > 0 ? 'fail' : 'pass') : null,
    gatingFindings: hasResult ? gatingFindings : 0,
    baselineCompared,
    findingsBySeverity,
    needsReview,
    worstSeverity,
    failedRules: failedRules(fails),
    pages: site?.pages.length ?? 0,
    ...(site && hasResult ? { consent: portfolioConsent(site.consent) } : {}),
    ...(site ? { durationMs: site.durationMs } : {}),
    ...(input.resumed ? { resumed: true } : {}),
    ...(links ? { links } : {}),
  };
}

/** The site's consent banner for the index: the CMP by name, and whether each click was verified. */
function portfolioConsent(consent: ConsentEvidence): PortfolioConsent {
  const clickOf = (action: ConsentActionRecord): PortfolioClick => ({ done: action.done, verified: action.verified, verification: action.verification });
  return {
    cmp: consent.cmp?.name ?? null,
    bannerFound: consent.bannerFound,
    rejectOnFirstLayer: consent.rejectOnFirstLayer,
    ...(consent.accept ? { accept: clickOf(consent.accept) } : {}),
    ...(consent.reject ? { reject: clickOf(consent.reject) } : {}),
  };
}

/*
 * The ranking, worst first, so the client reads from the top what to fix first:
 *   1. sites with `fail` findings, by (critical, high, medium, low) counts compared
 *      lexicographically, descending: one critical outranks any number of high findings, because
 *      severity says how grave a violation is and counts only how widespread; then by
 *      needs-review count;
 *   2. sites with needs-review findings only, most first (a person must still look at them);
 *   3. passing sites;
 *   4. sites that could not be scanned (no result, but the client must know);
 *   5. pending sites (not scanned yet in this run).
 * Ties keep the input order, i.e. the order the user listed the sites in: Array.prototype.sort is
 * stable, and the index is the last key anyway, so the output never depends on the engine.
 */
const GROUP: Readonly<Record<PortfolioSiteStatus, number>> = { fail: 0, 'needs-review': 1, pass: 2, error: 3, pending: 4 };

function compareEntries(a: { entry: PortfolioEntry; index: number }, b: { entry: PortfolioEntry; index: number }): number {
  const byGroup = GROUP[a.entry.status] - GROUP[b.entry.status];
  if (byGroup !== 0) return byGroup;
  // Error and pending sites have no result to compare: input order only.
  if (a.entry.status !== 'error' && a.entry.status !== 'pending') {
    for (const s of WORST_FIRST) {
      const diff = b.entry.findingsBySeverity[s] - a.entry.findingsBySeverity[s];
      if (diff !== 0) return diff;
    }
    const byReview = b.entry.needsReview - a.entry.needsReview;
    if (byReview !== 0) return byReview;
  }
  return a.index - b.index;
}

function summarizePortfolio(entries: readonly PortfolioEntry[]): PortfolioSummary {
  const count = (status: PortfolioSiteStatus) => entries.filter((e) => e.status === status).length;
  const findingsBySeverity = zeroCounts();
  for (const e of entries) for (const s of SEVERITIES) findingsBySeverity[s] += e.findingsBySeverity[s];
  const failing = count('fail');
  const needsReview = count('needs-review');
  const passing = count('pass');
  return {
    sites: entries.length,
    scanned: failing + needsReview + passing,
    failing,
    failingGate: entries.filter((e) => e.verdict === 'fail').length,
    passing,
    needsReview,
    errors: count('error'),
    pending: count('pending'),
    findingsBySeverity,
  };
}

/** Builds the index: entries ranked worst first (see the ranking above), totals, run state. */
export function buildPortfolioIndex(input: PortfolioInput): PortfolioIndex {
  const ranked = input.sites
    .map((site, index) => ({ entry: entryOf(site, input.failOn), index }))
    .sort(compareEntries)
    .map(({ entry }, i) => ({ ...entry, rank: i + 1 }));
  return {
    schemaVersion: PORTFOLIO_SCHEMA_VERSION,
    tool: { name: input.tool.name, version: input.tool.version },
    startedAt: input.startedAt.toISOString(),
    finishedAt: input.finishedAt.toISOString(),
    complete: input.complete,
    ...(input.interrupted ? { interrupted: true } : {}),
    failOn: input.failOn,
    plan: input.plan,
    summary: summarizePortfolio(ranked),
    sites: ranked,
  };
}

/** The index as JSON: 2-space indentation, trailing newline (like report.json). */
export function renderPortfolioJson(index: PortfolioIndex): string {
  return `${JSON.stringify(index, null, 2)}\n`;
}
