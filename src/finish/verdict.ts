/**
 * The verdict: which findings fail a run, whether the run could run at all, and the exit code.
 * One home for these decisions; report assembly, baselines, the portfolio, the `report` command
 * and every renderer call it, so a CI gate, a JUnit file and an HTML badge can never disagree.
 *
 * The rules of the gate:
 *   - only outcome `fail` counts; `needs-review` never fails a run (precision first);
 *   - a finding counts when its severity is at or above `failOn`; `failOn: 'none'` never fails;
 *   - with a baseline comparison, only findings the baseline did not have (`baseline: 'new'`) count;
 *   - a run in which not one site could be scanned could not run: exit code 2, whatever it found.
 */
import { SEVERITIES, severityRank, type FailOn, type Finding, type Report, type Severity, type SiteReport } from '../model/report.js';

export { severityRank };

/** critical, high, medium, low. */
export const SEVERITIES_WORST_FIRST: readonly Severity[] = [...SEVERITIES].sort((a, b) => severityRank[b] - severityRank[a]);

/** For sorting worst first: negative when `a` is worse than `b`. */
export function worseFirst(a: Severity, b: Severity): number {
  return severityRank[b] - severityRank[a];
}

/** The worse of two severities. */
export function worseOf(a: Severity, b: Severity): Severity {
  return severityRank[b] > severityRank[a] ? b : a;
}

/** True when `severity` reaches the threshold; never for `failOn: 'none'`. */
export function reachesThreshold(severity: Severity, failOn: FailOn): boolean {
  return failOn !== 'none' && severityRank[severity] >= severityRank[failOn];
}

/** How findings are gated: the threshold, and whether only findings new since a baseline count. */
export interface Gate {
  failOn: FailOn;
  /** The run was compared with a baseline: only `baseline: 'new'` findings can fail it. */
  baselineCompared: boolean;
}

/** The gate a report was (or is re-)judged with: its plan's threshold unless another is given. */
export function gateOf(report: Pick<Report, 'plan' | 'baseline'>, failOn: FailOn = report.plan.failOn): Gate {
  return { failOn, baselineCompared: report.baseline !== undefined };
}

/** The findings that may fail the run: all of them, or with a baseline only the new ones (any outcome, any severity). */
export function gatingFindings(findings: readonly Finding[], gate: Pick<Gate, 'baselineCompared'>): Finding[] {
  return gate.baselineCompared ? findings.filter((f) => f.baseline === 'new') : [...findings];
}

/** True when this finding fails the run under `gate`. */
export function failsGate(finding: Finding, gate: Gate): boolean {
  return finding.outcome === 'fail' && reachesThreshold(finding.severity, gate.failOn) && (!gate.baselineCompared || finding.baseline === 'new');
}

/** The findings that fail the run under `gate`, in their order. */
export function failingFindings(findings: readonly Finding[], gate: Gate): Finding[] {
  return findings.filter((f) => failsGate(f, gate));
}

/** No site at all, or not one site scanned: the run could not run, whatever the findings say. */
export function couldNotRun(sites: readonly Pick<SiteReport, 'error'>[]): boolean {
  return sites.length === 0 || sites.every((site) => site.error !== undefined);
}

/** 2 when the run could not run, 1 when a finding fails the gate, else 0. */
export function exitCodeOf(sites: readonly Pick<SiteReport, 'error' | 'findings'>[], gate: Gate): 0 | 1 | 2 {
  if (couldNotRun(sites)) return 2;
  return sites.some((site) => site.findings.some((f) => failsGate(f, gate))) ? 1 : 0;
}

/** The exit code a report implies, for its own threshold or another one (`gdpr-scan report --fail-on`). */
export function exitCodeOfReport(report: Report, failOn: FailOn = report.plan.failOn): 0 | 1 | 2 {
  return exitCodeOf(report.sites, gateOf(report, failOn));
}
