/**
 * The "rules checked" list of a site: every rule the scan ran with and what it concluded there
 * (failed, needs review, passed, not applicable, disabled), from the report's rule results. Reports
 * before schema 1.1 did not record them, so their sites have no such list.
 */
import type { RuleOutcome, SiteReport } from '../../model/report.js';
import { plural } from '../../util/text.js';
import { siteRuleResults, type RuleCatalog } from '../rule-catalog.js';
import { RULE_OUTCOME_LABELS } from './labels.js';

export interface RuleCheckView {
  ruleId: string;
  title: string;
  outcome: RuleOutcome;
  /** CSS class suffix: the outcome when it is one this version knows, else `unknown` (the report is read back from a file). */
  outcomeKey: RuleOutcome | 'unknown';
  outcomeLabel: string;
  /** Why the rule did not apply or could not run, as the report says. */
  reason?: string;
  findings: number;
}

export interface RulesCheckedView {
  /** e.g. "1 failed, 8 passed, 1 not applicable, 1 disabled". */
  summary: string;
  rules: RuleCheckView[];
}

/** The order outcomes are counted in the summary: what needs attention first. */
const OUTCOME_ORDER: readonly RuleOutcome[] = ['fail', 'needs-review', 'pass', 'not-applicable', 'disabled'];

/** The site's rules checked, in the order they ran; undefined when the report did not record rule results. */
export function rulesCheckedView(site: SiteReport, catalog: RuleCatalog): RulesCheckedView | undefined {
  if (!site.ruleResults) return undefined;
  const rules = siteRuleResults(site, catalog).map((r): RuleCheckView => ({
    ruleId: r.ruleId,
    title: r.title || catalog.title(r.ruleId),
    outcome: r.outcome,
    outcomeKey: Object.hasOwn(RULE_OUTCOME_LABELS, r.outcome) ? r.outcome : 'unknown',
    outcomeLabel: Object.hasOwn(RULE_OUTCOME_LABELS, r.outcome) ? RULE_OUTCOME_LABELS[r.outcome] : String(r.outcome),
    reason: r.reason,
    findings: r.findings,
  }));
  const summary = OUTCOME_ORDER.map((outcome) => ({ outcome, n: rules.filter((r) => r.outcome === outcome).length }))
    .filter(({ n }) => n > 0)
    .map(({ outcome, n }) => `${n} ${RULE_OUTCOME_LABELS[outcome]}`)
    .join(', ');
  return { summary: summary ? `${plural(rules.length, 'rule')}: ${summary}` : 'no rule ran', rules };
}
