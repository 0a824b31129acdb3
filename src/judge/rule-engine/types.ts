/**
 * The contract between the rule engine and the rule modules in rules/. A rule reads classified
 * evidence and returns findings; it never touches the browser, the file system or the network.
 */
import type { ClassifiedSite, CookieRecord, Phase, RequestRecord } from '../../model/evidence.js';
import type { Finding, FindingEvidence, Severity } from '../../model/report.js';

/** Every rule id. Public API: never rename one without an alias. */
export const RULE_IDS = [
  'tracking-before-consent',
  'tracking-after-reject',
  'missing-consent-banner',
  'reject-not-on-first-layer',
  'cookie-lifetime-excessive',
  'google-fonts-before-consent',
  'embed-before-consent',
  'consent-mode-default-granted',
  'tcf-consent-mismatch',
  'third-country-transfer',
  'session-replay-before-consent',
] as const;
export type RuleId = (typeof RULE_IDS)[number];

/** Documentation of a rule, shown by `gdpr-scan rules`, in the README and in reports. */
export interface RuleMeta {
  id: RuleId;
  title: string;
  /** Default severity; users can override it. */
  severity: Severity;
  /** Legal references, e.g. "ePrivacy Directive 2002/58/EC, Art. 5(3)". */
  references: string[];
  /** Why it matters, in plain words. */
  rationale: string;
  /** How to fix it, in plain words. */
  remediation: string;
  /** What is checked: fails when / passes when. */
  checks: string;
  /** Options the rule reads from its config entry, with defaults. */
  options?: Record<string, { description: string; default: number | string | boolean }>;
}

/** What a rule sees besides the site: the user's allowlists and this rule's options. */
export interface RuleContext {
  /** Host names (or `*.example.com` patterns) the user allows; their requests are ignored. */
  isAllowedHost(host: string): boolean;
  /** Cookie names (or `name*` prefixes) the user allows. */
  isAllowedCookie(cookie: Pick<CookieRecord, 'name' | 'domain'>): boolean;
  /** This rule's options: user config over the defaults in meta.options. */
  options: Record<string, number | string | boolean>;
}

/** A finding as a rule returns it; the engine adds ruleId, severity and references. */
export type RuleFinding = Omit<Finding, 'ruleId' | 'severity' | 'references'> & {
  /** A rule may lower its default severity for a case (e.g. a DPF-certified recipient). */
  severity?: Severity;
};

export interface Rule {
  meta: RuleMeta;
  check(site: ClassifiedSite, context: RuleContext): RuleFinding[];
}

export type { ClassifiedSite, CookieRecord, Finding, FindingEvidence, Phase, RequestRecord, Severity };
