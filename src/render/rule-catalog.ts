/**
 * The rules as a report knows them, for every renderer: the report's own rule descriptions
 * (`report.rules`, schema 1.1 and later) and what each rule concluded on each site
 * (`site.ruleResults`). Renderers read rules only from here, never from this version's rule
 * registry, so a re-rendered report shows the rules it was judged with, and only those.
 *
 * Reports before schema 1.1 have neither: they are shown as they were made, with only the rules
 * their findings name and what the findings carry (rule id as title, the findings' references).
 */
import type { Finding, Report, RuleDescription, RuleOutcome, RuleResult, SiteReport } from '../model/report.js';

/** A rule as a renderer shows it. */
export interface CatalogRule {
  id: string;
  /** The report's title; the rule id when the report does not describe the rule. */
  title: string;
  /** The report's legal references, else those its findings carry (in order of appearance). */
  references: string[];
  /** The report's full description; absent for a rule that only findings name (reports before 1.1). */
  description?: RuleDescription;
}

/** The rules of one report, in order: its described rules as listed, then rules only findings name, in order of appearance. */
export interface RuleCatalog {
  rules: readonly CatalogRule[];
  /** The rule, or undefined for an id neither the report's rules nor its findings name. */
  get(ruleId: string): CatalogRule | undefined;
  /** The rule's title, or its id when the report does not describe it. */
  title(ruleId: string): string;
  /** Position for sorting in the report's rule order; ids the catalog does not know come last. */
  rank(ruleId: string): number;
}

function allFindings(report: Pick<Report, 'sites'>): Finding[] {
  return (report.sites ?? []).flatMap((site) => site.findings ?? []);
}

/** Builds the catalog of `report` (pure; cheap enough to build once per rendering). */
export function ruleCatalog(report: Pick<Report, 'rules' | 'sites'>): RuleCatalog {
  const byId = new Map<string, CatalogRule>();
  for (const description of report.rules ?? []) {
    if (!byId.has(description.id)) byId.set(description.id, { id: description.id, title: description.title, references: [...description.references], description });
  }
  for (const finding of allFindings(report)) {
    let rule = byId.get(finding.ruleId);
    if (!rule) {
      rule = { id: finding.ruleId, title: finding.ruleId, references: [] };
      byId.set(finding.ruleId, rule);
    }
    // Only an undescribed rule collects references from its findings: a described one has the report's.
    if (!rule.description) for (const reference of finding.references ?? []) if (!rule.references.includes(reference)) rule.references.push(reference);
  }
  const rules = [...byId.values()];
  const order = new Map(rules.map((rule, i) => [rule.id, i]));
  return {
    rules,
    get: (ruleId) => byId.get(ruleId),
    title: (ruleId) => byId.get(ruleId)?.title ?? ruleId,
    rank: (ruleId) => order.get(ruleId) ?? rules.length,
  };
}

/** A rule's outcome from its findings on a site: any fail wins, then needs-review, else pass. */
function outcomeOf(findings: readonly Finding[]): RuleOutcome {
  if (findings.some((f) => f.outcome === 'fail')) return 'fail';
  return findings.length > 0 ? 'needs-review' : 'pass';
}

/**
 * What each rule concluded on `site`: the site's recorded rule results, or, for a report before
 * schema 1.1, one result per catalog rule read from the site's findings. A rule with findings on
 * the site but no recorded result (a hand-edited report) is added, so no finding goes unshown.
 */
export function siteRuleResults(site: Pick<SiteReport, 'findings' | 'ruleResults'>, catalog: RuleCatalog): RuleResult[] {
  const findings = site.findings ?? [];
  const derived = (ruleId: string): RuleResult => {
    const own = findings.filter((f) => f.ruleId === ruleId);
    return { ruleId, title: catalog.title(ruleId), outcome: outcomeOf(own), findings: own.length };
  };
  if (!site.ruleResults) return catalog.rules.map((rule) => derived(rule.id));
  const results = [...site.ruleResults];
  const recorded = new Set(results.map((r) => r.ruleId));
  for (const finding of findings) {
    if (recorded.has(finding.ruleId)) continue;
    recorded.add(finding.ruleId);
    results.push(derived(finding.ruleId));
  }
  return results;
}
