/**
 * Builds test/fixtures-data/report-sample-1.1.json from the schema 1.0 sample: the same scan,
 * as a 1.1 report records it, with the rules it was judged with (`rules`) and what each rule
 * concluded on each site (`ruleResults`). Two rules did not run, so renderers can be tested on
 * them: `session-replay-before-consent` was disabled in the configuration, and
 * `tcf-consent-mismatch` was not applicable (no site has an IAB TCF CMP).
 *
 * Regenerate (after a change to the 1.0 sample or to the rules' descriptions):
 *   GDPR_SCAN_WRITE_FIXTURE=1 npx vitest run test/unit/report-sample-1.1.test.ts
 */
import type { Report, RuleDescription, RuleOutcome, RuleResult } from '../../src/model/report.js';

/** The rule switched off in the sample's configuration. */
export const DISABLED_RULE = 'session-replay-before-consent';
/** The rule that had nothing to judge on any site of the sample. */
export const NOT_APPLICABLE_RULE = 'tcf-consent-mismatch';
export const NOT_APPLICABLE_REASON = 'no IAB TCF CMP on the site';

/** The 1.1 sample from the 1.0 sample and the descriptions of the rules the run used, in run order. */
export function buildReportSample11(sample: Report, rules: readonly RuleDescription[]): Report {
  const report = structuredClone(sample);
  report.schemaVersion = '1.1.0';
  report.rules = rules.map((rule) => structuredClone(rule));
  for (const site of report.sites) {
    site.ruleResults = rules.map((rule): RuleResult => {
      const own = site.findings.filter((f) => f.ruleId === rule.id);
      const base = { ruleId: rule.id, title: rule.title, findings: own.length };
      if (rule.id === DISABLED_RULE) return { ...base, outcome: 'disabled' };
      if (rule.id === NOT_APPLICABLE_RULE && own.length === 0) return { ...base, outcome: 'not-applicable', reason: NOT_APPLICABLE_REASON };
      const outcome: RuleOutcome = own.some((f) => f.outcome === 'fail') ? 'fail' : own.length > 0 ? 'needs-review' : 'pass';
      return { ...base, outcome };
    });
  }
  // Key order as a 1.1 report writes it: rules before sites.
  const { sites, errors, incomplete, baseline, summary, ...head } = report;
  return { ...head, sites, errors, ...(incomplete ? { incomplete } : {}), ...(baseline ? { baseline } : {}), summary } as Report;
}
