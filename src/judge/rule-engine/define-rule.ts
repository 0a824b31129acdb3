/**
 * defineRule: how a rule module is written. The id stays a literal type (the registry derives
 * RuleId from it), the options' types follow from their schema, and a finding can only name a
 * message the rule declares, with the data its placeholders need.
 */
import type { ClassifiedSite } from '../../model/evidence.js';
import type { MessageTemplates } from './messages.js';
import type { OptionsSchema, OptionValues } from './options.js';
import type { NotApplicableReason, Rule, RuleContext, RuleFinding, RuleMeta } from './types.js';

/** A rule module as written, before the engine erases its types. */
export interface RuleDefinition<Id extends string, Options extends OptionsSchema, Messages extends MessageTemplates> {
  meta: RuleMeta<Id, Options>;
  /** Message templates by message id, e.g. `{ tooLong: '{{cookies}} live longer than {{maxDays}} days.' }`. */
  messages: Messages;
  /** true, or why the site gives the rule nothing to judge (then it is not run). */
  appliesTo?(site: ClassifiedSite): true | NotApplicableReason;
  check(site: ClassifiedSite, context: RuleContext<OptionValues<Options>>): RuleFinding<Messages>[];
}

/** A rule with its id, options and messages still typed; usable wherever a `Rule` is. */
export interface DefinedRule<Id extends string, Options extends OptionsSchema, Messages extends MessageTemplates>
  extends Rule,
    RuleDefinition<Id, Options, Messages> {
  readonly meta: RuleMeta<Id, Options>;
  readonly messages: Messages;
  check(site: ClassifiedSite, context: RuleContext<OptionValues<Options>>): RuleFinding<Messages>[];
}

/**
 * Declares a rule module:
 *
 *     export const rule = defineRule({
 *       meta: { id: 'cookie-lifetime-excessive', ..., options: { maxDays: { type: 'integer', minimum: 1, default: 395, description: '...' } } },
 *       messages: { tooLong: '{{count}} cookies live longer than {{maxDays}} days.' },
 *       check(site, context) { context.options.maxDays; // number
 *         return [{ outcome: 'fail', messageId: 'tooLong', data: { count: 2, maxDays: 395 }, evidence: [] }]; },
 *     });
 *
 * Returns the definition itself: the engine reads it as a `Rule`.
 */
export function defineRule<const Id extends string, const Options extends OptionsSchema = {}, const Messages extends MessageTemplates = MessageTemplates>(
  definition: RuleDefinition<Id, Options, Messages>,
): DefinedRule<Id, Options, Messages> {
  return definition as DefinedRule<Id, Options, Messages>;
}
