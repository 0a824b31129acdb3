/**
 * The `rules` block of the config file's JSON Schema, derived from the rule modules: one entry per
 * rule id, each with the rule's own options. src/plan/config.ts puts it into the config schema,
 * so a new rule module is configurable without touching the schema file.
 */
import { SEVERITIES, type Severity } from '../../model/report.js';
import { ALL_RULES } from '../../../rules/index.js';
import { optionJsonSchema, type OptionJsonSchema } from './options.js';
import type { Rule } from './types.js';

/** The JSON Schema of one rule's entry: `"off"`, a severity, or `{ enabled, severity, options }`. */
export interface RuleEntrySchema {
  description: string;
  if: { type: 'string' };
  then: { enum: Array<'off' | Severity> };
  else: {
    type: 'object';
    additionalProperties: false;
    properties: {
      enabled: { description: string; type: 'boolean' };
      severity: { description: string; enum: Severity[] };
      options: { description: string; type: 'object'; additionalProperties: false; properties: Record<string, OptionJsonSchema> };
    };
  };
}

/** The JSON Schema of the config file's `rules` object. */
export interface RulesConfigSchema {
  description: string;
  type: 'object';
  additionalProperties: false;
  properties: Record<string, RuleEntrySchema>;
}

/** The schema of one rule's config entry, with its options. */
export function ruleEntrySchema(rule: Rule): RuleEntrySchema {
  const options = Object.entries(rule.meta.options ?? {});
  return {
    description: `${rule.meta.title}. "off", a severity, or an object with enabled, severity and options.`,
    if: { type: 'string' },
    then: { enum: ['off', ...SEVERITIES] },
    else: {
      type: 'object',
      additionalProperties: false,
      properties: {
        enabled: { description: 'false switches the rule off.', type: 'boolean' },
        severity: { description: "Replaces the rule's default severity.", enum: [...SEVERITIES] },
        options: {
          description: options.length > 0 ? `Options of ${rule.meta.id}.` : 'This rule has no options.',
          type: 'object',
          additionalProperties: false,
          properties: Object.fromEntries(options.map(([name, option]) => [name, optionJsonSchema(option)])),
        },
      },
    },
  };
}

/** The config file's `rules` object: an entry per rule of `rules` (default: the registry), no other keys. */
export function rulesConfigSchema(rules: readonly Rule[] = ALL_RULES): RulesConfigSchema {
  return {
    description: 'Per rule: "off", a severity (low, medium, high, critical), or { enabled, severity, options }.',
    type: 'object',
    additionalProperties: false,
    properties: Object.fromEntries(rules.map((rule) => [rule.meta.id, ruleEntrySchema(rule)])),
  };
}
