/**
 * The verdict banner and the counts by severity. The verdict is the verdict module's exit code
 * for the threshold the report is rendered with, so the HTML badge, the exit code and the other
 * formats never disagree; this module only puts it in words.
 */
import type { FailOn, Report, Severity } from '../../model/report.js';
import { exitCodeOfReport, SEVERITIES_WORST_FIRST } from '../../finish/verdict.js';
import { plural } from '../../util/text.js';
import { FAIL_ON_LABELS, SEVERITY_LABELS } from './labels.js';

export interface VerdictView {
  kind: 'pass' | 'fail' | 'error';
  label: string;
  explanation: string;
}

export interface SeverityCountView {
  severity: Severity;
  label: string;
  count: number;
  anchor: string;
}

/** PASS, FAIL or "Could not run", explained against `failOn`; `failTotal` is the number of `fail` findings. */
export function verdictOf(report: Report, failOn: FailOn, failTotal: number): VerdictView {
  const code = exitCodeOfReport(report, failOn);
  if (code === 2) {
    return {
      kind: 'error',
      label: 'Could not run',
      explanation: 'The scan could not run: no site could be scanned, so this report proves nothing either way. See the errors below.',
    };
  }
  if (code === 1) {
    return {
      kind: 'fail',
      label: 'FAIL',
      explanation: report.baseline
        ? `New findings at or above the threshold (${FAIL_ON_LABELS[failOn]}) appeared since the baseline.`
        : `Findings at or above the threshold (${FAIL_ON_LABELS[failOn]}) were found.`,
    };
  }
  const explanation =
    failOn === 'none'
      ? failTotal > 0
        ? `No threshold was set (--fail-on none), so the run passes although ${plural(failTotal, 'finding')} below ${failTotal === 1 ? 'needs' : 'need'} attention.`
        : 'No threshold was set (--fail-on none); no finding was made.'
      : report.baseline
        ? `No new finding at or above the threshold (${FAIL_ON_LABELS[failOn]}) since the baseline.`
        : `No finding at or above the threshold (${FAIL_ON_LABELS[failOn]}).`;
  return { kind: 'pass', label: 'PASS', explanation };
}

/** The report's `fail` findings per severity, worst first, each linking its group. */
export function severityCounts(report: Report): SeverityCountView[] {
  return SEVERITIES_WORST_FIRST.map((severity) => ({
    severity,
    label: SEVERITY_LABELS[severity],
    count: report.summary?.findingsBySeverity?.[severity] ?? 0,
    anchor: `severity-${severity}`,
  }));
}
