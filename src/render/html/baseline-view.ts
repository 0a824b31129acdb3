/** The comparison with a baseline report: counts, and the findings resolved since. */
import type { Report, Severity } from '../../model/report.js';
import { SEVERITY_LABELS } from './labels.js';
import { PHASE_LABELS } from './phases.js';
import type { RuleCatalog } from '../rule-catalog.js';

export interface ResolvedFindingView {
  siteUrl: string;
  ruleId: string;
  title: string;
  severityLabel: string;
  severity: Severity;
  pageUrl?: string;
  phaseLabel?: string;
  message: string;
}

export interface BaselineView {
  path: string;
  newCount: number;
  existingCount: number;
  resolvedCount: number;
  resolved: ResolvedFindingView[];
}

/** The baseline box; undefined when the report was not compared with one. A resolved rule's title is the report's, else its id. */
export function baselineView(report: Report, catalog: RuleCatalog): BaselineView | undefined {
  if (!report.baseline) return undefined;
  return {
    path: report.baseline.path,
    newCount: report.baseline.newFindings,
    existingCount: report.baseline.existingFindings,
    resolvedCount: report.baseline.resolved.length,
    resolved: report.baseline.resolved.map((r) => ({
      siteUrl: r.siteUrl,
      ruleId: r.ruleId,
      title: catalog.title(r.ruleId),
      severity: r.severity,
      severityLabel: SEVERITY_LABELS[r.severity] ?? String(r.severity),
      pageUrl: r.pageUrl,
      phaseLabel: r.phase ? PHASE_LABELS[r.phase] : undefined,
      message: r.message,
    })),
  };
}
