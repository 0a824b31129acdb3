/**
 * Data-driven rule tests in the manner of ESLint's RuleTester: `valid` cases must give no finding,
 * `invalid` ones exactly the findings listed, each best named by its messageId. Rules run through
 * the engine, so severity overrides, allowlists, grouping, message rendering and references are
 * part of what is tested.
 */
import { describe, expect, it } from 'vitest';
import type { ClassifiedSite } from '../../src/model/evidence.js';
import type { Finding, RuleResult, Severity } from '../../src/model/report.js';
import { resolveRuleConfig, type UserConfig } from '../../src/plan/config.js';
import { effectiveSeverity, runRules } from '../../src/judge/rule-engine/engine.js';
import type { Rule } from '../../src/judge/rule-engine/types.js';

/** The message ids a rule declares (string for a rule only known as `Rule`). */
export type MessageIdOf<R extends Rule> = keyof R['messages'] & string;

export interface ValidCase {
  name: string;
  site: ClassifiedSite;
  config?: UserConfig;
  /** The rule's result on the site, when the case is about it: it looked and passed, or had nothing to judge. */
  outcome?: Extract<RuleResult['outcome'], 'pass' | 'not-applicable' | 'disabled'>;
  /** Must match the result's reason (with outcome not-applicable). */
  reason?: RegExp;
}

export interface ExpectedFinding<MessageId extends string = string> {
  outcome: Finding['outcome'];
  /** The message the finding must carry. */
  messageId?: MessageId;
  severity?: Severity;
  phase?: Finding['phase'] | null;
  pageUrl?: string;
  /** Every pattern must match the message: for wording a case pins (numbers, names), else prefer messageId. */
  message?: RegExp | RegExp[];
  /** Exactly these evidence values, in order (when given). */
  evidence?: string[];
  /** These evidence values among others. */
  evidenceIncludes?: string[];
}

export interface InvalidCase<MessageId extends string = string> extends Omit<ValidCase, 'outcome' | 'reason'> {
  findings: ExpectedFinding<MessageId>[];
}

/** Runs one rule alone on a site, with an optional user config: its findings and its result. */
export function run(rule: Rule, site: ClassifiedSite, config: UserConfig = {}): { findings: Finding[]; result: RuleResult } {
  const { findings, results, errors } = runRules(site, resolveRuleConfig(config), [rule]);
  expect(errors).toEqual([]);
  return { findings, result: results[0]! };
}

/** Runs one rule alone on a site, with an optional user config. */
export function check(rule: Rule, site: ClassifiedSite, config: UserConfig = {}): Finding[] {
  return run(rule, site, config).findings;
}

export function ruleTester<R extends Rule>(rule: R, cases: { valid: ValidCase[]; invalid: InvalidCase<MessageIdOf<R>>[] }): void {
  describe(rule.meta.id, () => {
    describe('valid', () => {
      for (const c of cases.valid) {
        it(c.name, () => {
          const { findings, result } = run(rule, c.site, c.config);
          expect(findings).toEqual([]);
          expect(result.outcome).toEqual(c.outcome ?? expect.stringMatching(/^(pass|not-applicable|disabled)$/));
          if (c.reason) expect(result.reason).toMatch(c.reason);
        });
      }
    });
    describe('invalid', () => {
      for (const c of cases.invalid) {
        it(c.name, () => {
          const findings = check(rule, c.site, c.config);
          expect(findings.map((f) => `${f.outcome} ${f.phase ?? '-'} ${f.pageUrl}`)).toHaveLength(c.findings.length);
          c.findings.forEach((want, i) => {
            const got = findings[i]!;
            expect(got.ruleId).toBe(rule.meta.id);
            expect(got.references).toEqual(rule.meta.references);
            expect(got.outcome).toBe(want.outcome);
            expect(got.severity).toBe(want.severity ?? rule.meta.severity);
            if (want.phase !== undefined) expect(got.phase).toBe(want.phase ?? undefined);
            if (want.pageUrl !== undefined) expect(got.pageUrl).toBe(want.pageUrl);
            expect(Object.keys(rule.messages), 'the finding names one of the rule\'s messages').toContain(got.messageId);
            if (want.messageId !== undefined) expect(got.messageId).toBe(want.messageId);
            expect(got.message, 'every placeholder is filled').not.toMatch(/\{\{\w+\}\}/);
            for (const pattern of [want.message ?? []].flat()) expect(got.message).toMatch(pattern);
            if (want.evidence) expect(got.evidence.map((e) => e.value)).toEqual(want.evidence);
            if (want.evidenceIncludes) expect(got.evidence.map((e) => e.value)).toEqual(expect.arrayContaining(want.evidenceIncludes));
            expect(got.message.length).toBeGreaterThan(20);
          });
        });
      }
    });
    // Every violation also proves the two config switches a user has for this rule.
    describe('configuration', () => {
      for (const c of cases.invalid) {
        it(`${c.name}: switched off in the config, nothing is reported`, () => {
          expect(check(rule, c.site, withRuleSetting(c.config, rule, { enabled: false }))).toEqual([]);
        });
        if (configuredSeverity(c.config, rule) !== undefined) continue;
        const override: Severity = rule.meta.severity === 'critical' ? 'low' : 'critical';
        it(`${c.name}: a severity override to ${override} applies (a finding the rule lowered stays lowered)`, () => {
          const findings = check(rule, c.site, withRuleSetting(c.config, rule, { severity: override }));
          expect(findings).toHaveLength(c.findings.length);
          findings.forEach((got, i) => {
            const lowered = c.findings[i]!.severity;
            expect(got.severity).toBe(effectiveSeverity(rule.meta.severity, override, lowered));
          });
        });
      }
    });
  });
}

type RuleSettingObject = { enabled?: boolean; severity?: Severity; options?: Record<string, number | string | boolean> };

/** The case's config with this rule's setting changed, keeping its options. */
/** The rule's entry in the case's config. */
function settingOf(config: UserConfig | undefined, rule: Rule): unknown {
  return (config?.rules as Partial<Record<string, unknown>> | undefined)?.[rule.meta.id];
}

function withRuleSetting(config: UserConfig | undefined, rule: Rule, change: RuleSettingObject): UserConfig {
  const current = settingOf(config, rule);
  const base: RuleSettingObject = typeof current === 'object' && current !== null ? { ...(current as RuleSettingObject) } : {};
  return { ...config, rules: { ...config?.rules, [rule.meta.id]: { ...base, ...change } } } as UserConfig;
}

function configuredSeverity(config: UserConfig | undefined, rule: Rule): Severity | undefined {
  const current = settingOf(config, rule);
  if (typeof current === 'string') return current === 'off' ? undefined : (current as Severity);
  return (current as RuleSettingObject | undefined)?.severity;
}
