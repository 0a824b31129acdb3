/**
 * The findings section: findings grouped by severity (worst first), then "needs review", and
 * within a group by rule, so each rule's documentation is shown once above its cases.
 */
import type { Finding, Report, Severity, SiteReport } from '../../model/report.js';
import { SEVERITIES_WORST_FIRST } from '../../finish/verdict.js';
import { EVIDENCE_KIND_LABELS, SEVERITY_LABELS } from './labels.js';
import { PHASE_LABELS } from './phases.js';
import type { RuleCatalog } from '../rule-catalog.js';

export interface EvidenceView {
  kind: string;
  value: string;
  detail?: string;
}

export interface FindingView {
  anchor: string;
  ruleId: string;
  severity: Severity;
  severityLabel: string;
  needsReview: boolean;
  siteUrl: string;
  pageUrl?: string;
  phaseLabel?: string;
  message: string;
  evidence: EvidenceView[];
  references: string[];
  isNew: boolean;
  isExisting: boolean;
  fingerprint?: string;
}

/** Findings of one rule within one severity group: the rule's documentation once, then each case. */
export interface RuleBlockView {
  ruleId: string;
  title: string;
  rationale?: string;
  remediation?: string;
  references: string[];
  findings: FindingView[];
}

export interface FindingGroupView {
  key: Severity | 'needs-review';
  label: string;
  intro: string;
  anchor: string;
  count: number;
  rules: RuleBlockView[];
}

/** A finding with its site and its anchor in the page (`finding-<n>`, in report order). */
export interface LocatedFinding {
  finding: Finding;
  site: SiteReport;
  anchor: string;
}

/** Every finding of the report, numbered in report order. */
export function locateFindings(report: Report): LocatedFinding[] {
  const located: LocatedFinding[] = [];
  for (const site of report.sites ?? []) {
    for (const finding of site.findings ?? []) located.push({ finding, site, anchor: `finding-${located.length + 1}` });
  }
  return located;
}

function findingView(l: LocatedFinding): FindingView {
  const f = l.finding;
  return {
    anchor: l.anchor,
    ruleId: f.ruleId,
    severity: f.severity,
    severityLabel: SEVERITY_LABELS[f.severity] ?? String(f.severity),
    needsReview: f.outcome === 'needs-review',
    siteUrl: l.site.url,
    pageUrl: f.pageUrl,
    phaseLabel: f.phase ? PHASE_LABELS[f.phase] : undefined,
    message: f.message,
    evidence: (f.evidence ?? []).map((e) => ({ kind: EVIDENCE_KIND_LABELS[e.kind] ?? String(e.kind), value: e.value, detail: e.detail })),
    references: f.references ?? [],
    isNew: f.baseline === 'new',
    isExisting: f.baseline === 'existing',
    fingerprint: f.fingerprint,
  };
}

/**
 * Groups located findings by rule, in the report's rule order. Title, rationale and remediation
 * are the report's; a rule the report does not describe shows its id and its findings' references.
 */
function ruleBlocks(located: readonly LocatedFinding[], catalog: RuleCatalog): RuleBlockView[] {
  const byRule = new Map<string, LocatedFinding[]>();
  for (const l of located) {
    const list = byRule.get(l.finding.ruleId) ?? [];
    list.push(l);
    byRule.set(l.finding.ruleId, list);
  }
  return [...byRule.entries()]
    .sort(([a], [b]) => catalog.rank(a) - catalog.rank(b) || a.localeCompare(b))
    .map(([ruleId, list]) => {
      const description = catalog.get(ruleId)?.description;
      const references = [...new Set([...(description?.references ?? []), ...list.flatMap((l) => l.finding.references ?? [])])];
      return {
        ruleId,
        title: catalog.title(ruleId),
        rationale: description?.rationale,
        remediation: description?.remediation,
        references,
        // New findings first, then by site and page, as the report lists them.
        findings: list.map(findingView).sort((a, b) => Number(b.isNew) - Number(a.isNew)),
      };
    });
}

/** One group per severity with `fail` findings, worst first, then one for the needs-review ones. */
export function groupFindings(located: readonly LocatedFinding[], catalog: RuleCatalog): FindingGroupView[] {
  const groups: FindingGroupView[] = [];
  for (const severity of SEVERITIES_WORST_FIRST) {
    const list = located.filter((l) => l.finding.outcome === 'fail' && l.finding.severity === severity);
    if (list.length === 0) continue;
    groups.push({
      key: severity,
      label: `${SEVERITY_LABELS[severity]} severity`,
      intro: '',
      anchor: `severity-${severity}`,
      count: list.length,
      rules: ruleBlocks(list, catalog),
    });
  }
  const review = located.filter((l) => l.finding.outcome === 'needs-review');
  if (review.length > 0) {
    groups.push({
      key: 'needs-review',
      label: 'Needs review',
      intro:
        'The scanner could not decide these cases on its own. They do not fail the run, but a person should look at each one: they may be violations.',
      anchor: 'needs-review',
      count: review.length,
      rules: ruleBlocks(review, catalog),
    });
  }
  return groups;
}
