/**
 * Words for the report's enumerations, as the HTML report (and the portfolio index) shows them.
 * Every table is a Record over its whole union, so the compiler refuses a value without a label.
 */
import type { CookieRecord, ServiceCategory } from '../../model/evidence.js';
import type { FailOn, FindingEvidence, RuleOutcome, Severity } from '../../model/report.js';

export const SEVERITY_LABELS: Readonly<Record<Severity, string>> = {
  critical: 'Critical',
  high: 'High',
  medium: 'Medium',
  low: 'Low',
};

/** The --fail-on threshold in words, for the verdict and the facts. */
export const FAIL_ON_LABELS: Readonly<Record<FailOn, string>> = {
  none: 'none (findings never fail the run)',
  low: 'low or higher',
  medium: 'medium or higher',
  high: 'high or higher',
  critical: 'critical only',
};

export const CATEGORY_LABELS: Readonly<Record<ServiceCategory | 'unknown', string>> = {
  advertising: 'Advertising',
  analytics: 'Analytics',
  social: 'Social media',
  'session-replay': 'Session replay',
  'customer-interaction': 'Customer interaction',
  'tag-manager': 'Tag manager',
  cdn: 'CDN',
  'consent-manager': 'Consent manager',
  fonts: 'Fonts',
  'embedded-content': 'Embedded content',
  payment: 'Payment',
  security: 'Security',
  other: 'Other',
  unknown: 'Unknown',
};

export const COOKIE_CATEGORY_LABELS: Readonly<Record<CookieRecord['category'], string>> = {
  necessary: 'Necessary',
  functional: 'Functional',
  analytics: 'Analytics',
  marketing: 'Marketing',
  unknown: 'Unknown',
};

export const EVIDENCE_KIND_LABELS: Readonly<Record<FindingEvidence['kind'], string>> = {
  request: 'Request',
  cookie: 'Cookie',
  storage: 'Storage',
  consent: 'Consent',
  other: 'Other',
};

/** How a consent button was found and clicked. */
export const METHOD_LABELS: Readonly<Record<'autoconsent' | 'heuristic' | 'none', string>> = {
  autoconsent: 'CMP rule (autoconsent)',
  heuristic: 'text heuristics',
  none: 'none',
};

/** What a rule concluded on a site, in the "rules checked" list. */
export const RULE_OUTCOME_LABELS: Readonly<Record<RuleOutcome, string>> = {
  fail: 'failed',
  'needs-review': 'needs review',
  pass: 'passed',
  'not-applicable': 'not applicable',
  disabled: 'disabled',
};

/** A service category in words; a category this version does not know is shown as written. */
export function categoryLabel(category: ServiceCategory | undefined): string {
  return CATEGORY_LABELS[category ?? 'unknown'] ?? String(category);
}
