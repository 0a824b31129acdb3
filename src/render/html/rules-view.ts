/** The rules as the HTML report shows them. */
import { RULES } from '../../../rules/index.js';
import type { RuleId, RuleMeta } from '../../judge/rule-engine/types.js';

export function ruleMeta(ruleId: string): RuleMeta | undefined {
  return Object.hasOwn(RULES, ruleId) ? RULES[ruleId as RuleId].meta : undefined;
}

const ruleOrder = Object.keys(RULES);
export function ruleRank(id: string): number {
  const i = ruleOrder.indexOf(id);
  return i === -1 ? ruleOrder.length : i;
}
