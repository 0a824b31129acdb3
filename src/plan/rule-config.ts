import type { ResolvedRuleConfig, ResolvedRuleSettings } from '../judge/rule-engine/engine.js';
import { RULE_IDS, type RuleId } from '../judge/rule-engine/types.js';
import { RULES } from '../../rules/index.js';
import type { UserConfig } from './config-types.js';

/** Every rule's settings (the user's entries over the rules' defaults) and the allowlists. */
export function resolveRuleConfig(user: UserConfig): ResolvedRuleConfig {
  const rules = {} as Record<RuleId, ResolvedRuleSettings>;
  for (const id of RULE_IDS) {
    const meta = RULES[id].meta;
    const defaults = Object.fromEntries(Object.entries(meta.options ?? {}).map(([k, v]) => [k, v.default]));
    const entry = user.rules?.[id];
    if (entry === undefined) rules[id] = { enabled: true, severity: meta.severity, options: defaults };
    else if (entry === 'off') rules[id] = { enabled: false, severity: meta.severity, options: defaults };
    else if (typeof entry === 'string') rules[id] = { enabled: true, severity: entry, options: defaults };
    else rules[id] = { enabled: entry.enabled ?? true, severity: entry.severity ?? meta.severity, options: { ...defaults, ...(entry.options ?? {}) } };
  }
  return {
    rules,
    allowlist: { hosts: [...(user.allowlist?.hosts ?? [])], cookies: [...(user.allowlist?.cookies ?? [])] },
  };
}
