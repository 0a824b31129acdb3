/**
 * Words for the report's enumerations, as the HTML report (and the portfolio index) shows them.
 * Every table is a Record over its whole union, so the compiler refuses a value without a label.
 */
import type { CmpClueKind, ConsentClickRole, ConsentSignalKind } from '../../model/consent.js';
import type { BannerFinder, ConsentActionRecord, CookieRecord, HeuristicActionRecord, PhaseDetection, ServiceCategory } from '../../model/evidence.js';
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

/** How the consent step clicked (autoconsent's rule is this method's detail, never the CMP). */
export const METHOD_LABELS: Readonly<Record<ConsentActionRecord['method'], string>> = {
  autoconsent: 'autoconsent (its rule for the banner)',
  heuristic: 'the scanner’s heuristics',
  selector: 'your selectors (--consent-accept / --consent-reject)',
  none: 'nothing clicked',
};

/** Which way the heuristics went. */
export const HEURISTIC_PATH_LABELS: Readonly<Record<HeuristicActionRecord['path'], string>> = {
  'first-layer': 'first layer: one click on the banner',
  'second-layer': 'second layer: settings opened, switches turned, choice saved',
};

/** What found the banner in a phase. */
export const BANNER_FINDER_LABELS: Readonly<Record<BannerFinder, string>> = {
  autoconsent: 'autoconsent (a rule for its CMP)',
  heuristic: 'its words (the scanner’s phrase tables)',
  structure: 'its structure (a dialog or bar with consent buttons)',
  selector: 'your selectors',
};

/** What gave a CMP away. */
export const CMP_CLUE_LABELS: Readonly<Record<CmpClueKind, string>> = {
  autoconsent: 'an autoconsent rule',
  global: 'a JavaScript global',
  script: 'a script URL',
  dom: 'a DOM marker',
  cookie: 'a cookie',
  storage: 'a storage key',
  tcf: 'the TCF CMP id',
};

/** What a check after a click looked at. */
export const SIGNAL_LABELS: Readonly<Record<ConsentSignalKind, string>> = {
  'banner-gone': 'banner gone',
  'consent-record': 'consent record',
  tcf: 'IAB TCF string',
  'consent-mode': 'Google Consent Mode',
  'cmp-state': 'CMP state',
  'gated-tags': 'consent-gated tags',
  'self-test': 'autoconsent self-test',
};

/** What a click was for. */
export const CLICK_ROLE_LABELS: Readonly<Record<ConsentClickRole, string>> = {
  accept: 'accept',
  reject: 'reject',
  settings: 'open settings',
  'toggle-off': 'switch off',
  'toggle-on': 'switch on',
  save: 'save choice',
  step: 'selector step',
  reopen: 'reopen settings',
};

/** Where the banner was, when in a shadow root. */
export const SHADOW_ROOT_LABELS: Readonly<Record<NonNullable<PhaseDetection['shadowRoot']>, string>> = {
  open: 'in an open shadow root',
  closed: 'in a closed shadow root (reached through DevTools)',
};

/** What a rule concluded on a site, in the "rules checked" list. */
export const RULE_OUTCOME_LABELS: Readonly<Record<RuleOutcome, string>> = {
  fail: 'failed',
  'needs-review': 'needs review',
  pass: 'passed',
  'not-applicable': 'not applicable',
  disabled: 'disabled',
};

/** A label from one of the tables above; a value this version does not know (a report read back from a file) is shown as written. */
export function labelOf<K extends string>(table: Readonly<Record<K, string>>, value: K): string {
  return Object.hasOwn(table, value) ? table[value] : String(value);
}

/** A service category in words; a category this version does not know is shown as written. */
export function categoryLabel(category: ServiceCategory | undefined): string {
  return CATEGORY_LABELS[category ?? 'unknown'] ?? String(category);
}
