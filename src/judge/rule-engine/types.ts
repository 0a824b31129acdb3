/**
 * The contract between the rule engine and the rule modules in rules/. A rule reads classified
 * evidence and returns findings; it never touches the browser, the file system or the network.
 * Rule modules are written with defineRule (define-rule.ts), which types their options and
 * messages; the engine sees every rule through the erased `Rule` below.
 */
import type { ClassifiedSite, CookieRecord, Phase, RequestRecord } from '../../model/evidence.js';
import type { Finding, FindingEvidence, RuleDescription, Severity } from '../../model/report.js';
import type { MessageRef, MessageTemplates } from './messages.js';
import type { OptionsSchema, OptionValue } from './options.js';

/**
 * Every rule id and their union, derived from the registry (rules/index.ts): a rule module added
 * there is a rule id. Public API: never rename one without an alias.
 */
export { RULE_IDS, type RuleId } from '../../../rules/index.js';

/**
 * Documentation of a rule, shown by `gdpr-scan rules`, in the README and in reports: the report's
 * RuleDescription (title, default severity, references, rationale, remediation, checks) with the
 * id as a literal type and the rule's option schema; the engine adds the doc page path.
 */
export type RuleMeta<Id extends string = string, Options extends OptionsSchema = OptionsSchema> = Omit<RuleDescription, 'id' | 'docPath'> & {
  id: Id;
  /** Options the rule reads from its config entry: type, bounds, default and description of each. */
  options?: Options;
  /**
   * The consent clicks whose effect the rule's verdict stands on: when such a click went through
   * but nothing verified it, the engine turns the rule's fails in that phase into needs-review and
   * a pass into needs-review with the reason (src/judge/rule-engine/unverified-clicks.ts).
   */
  consentClicks?: readonly ('accept' | 'reject')[];
};

/** What a rule sees besides the site: the user's allowlists and this rule's options. */
export interface RuleContext<Options = Readonly<Record<string, OptionValue>>> {
  /** Host names (or `*.example.com` patterns) the user allows; their requests are ignored. */
  isAllowedHost(host: string): boolean;
  /** Cookie names (or `name*` prefixes) the user allows. */
  isAllowedCookie(cookie: Pick<CookieRecord, 'name' | 'domain'>): boolean;
  /** This rule's options: user config over the defaults in meta.options, validated by the engine. */
  options: Options;
}

/** The parts of a finding a rule decides; the engine adds ruleId, severity, references and the message text. */
export type RuleFindingFields = Omit<Finding, 'ruleId' | 'severity' | 'references' | 'message' | 'messageId' | 'fingerprint' | 'baseline'> & {
  /** A rule may lower its default severity for a case (e.g. a DPF-certified recipient). */
  severity?: Severity;
};

/** A finding as a rule returns it: its fields plus the id of one of its messages and that message's data. */
export type RuleFinding<Messages extends MessageTemplates = MessageTemplates> = RuleFindingFields & MessageRef<Messages>;

/** Why a rule has nothing to judge on a site (e.g. "no reject phase ran"); becomes the not-applicable result's reason. */
export type NotApplicableReason = string;

/** A rule as the engine runs it, whatever its options and messages. */
export interface Rule {
  readonly meta: RuleMeta;
  /** Message templates by message id; findings name one of them. */
  readonly messages: MessageTemplates;
  /**
   * true when the site gives the rule something to judge, else the reason it does not (the rule
   * is then not run: outcome not-applicable, no findings). Absent: the rule always applies.
   */
  appliesTo?(site: ClassifiedSite): true | NotApplicableReason;
  check(site: ClassifiedSite, context: RuleContext): RuleFinding[];
}

export type { ClassifiedSite, CookieRecord, Finding, FindingEvidence, Phase, RequestRecord, Severity };
