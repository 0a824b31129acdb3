/**
 * Data-driven rule tests in the manner of ESLint's RuleTester: `valid` cases must give no finding,
 * `invalid` ones exactly the findings listed. Rules run through the engine, so severity
 * overrides, allowlists, grouping and references are part of what is tested.
 */
import { describe, expect, it } from 'vitest';
import type { ClassifiedSite } from '../../src/model/evidence.js';
import type { Finding, Severity } from '../../src/model/report.js';
import { resolveRuleConfig, type UserConfig } from '../../src/plan/config.js';
import { effectiveSeverity, runRules } from '../../src/judge/rule-engine/engine.js';
import type { Rule } from '../../src/judge/rule-engine/types.js';

export interface ValidCase {
  name: string;
  site: ClassifiedSite;
  config?: UserConfig;
}

export interface ExpectedFinding {
  outcome: Finding['outcome'];
  severity?: Severity;
  phase?: Finding['phase'] | null;
  pageUrl?: string;
  /** Every pattern must match the message. */
  message?: RegExp | RegExp[];
  /** Exactly these evidence values, in order (when given). */
  evidence?: string[];
  /** These evidence values among others. */
  evidenceIncludes?: string[];
}

export interface InvalidCase extends ValidCase {
  findings: ExpectedFinding[];
}

/** Runs one rule alone on a site, with an optional user config. */
export function check(rule: Rule, site: ClassifiedSite, config: UserConfig = {}): Finding[] {
  const { findings, errors } = runRules(site, resolveRuleConfig(config), [rule]);
  expect(errors).toEqual([]);
  return findings;
}

export function ruleTester(rule: Rule, cases: { valid: ValidCase[]; invalid: InvalidCase[] }): void {
  describe(rule.meta.id, () => {
    describe('valid', () => {
      for (const c of cases.valid) {
        it(c.name, () => {
          expect(check(rule, c.site, c.config)).toEqual([]);
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
function withRuleSetting(config: UserConfig | undefined, rule: Rule, change: RuleSettingObject): UserConfig {
  const current = config?.rules?.[rule.meta.id];
  const base: RuleSettingObject = typeof current === 'object' && current !== null ? { ...(current as RuleSettingObject) } : {};
  return { ...config, rules: { ...config?.rules, [rule.meta.id]: { ...base, ...change } } } as UserConfig;
}

function configuredSeverity(config: UserConfig | undefined, rule: Rule): Severity | undefined {
  const current = config?.rules?.[rule.meta.id];
  if (typeof current === 'string') return current === 'off' ? undefined : (current as Severity);
  return (current as RuleSettingObject | undefined)?.severity;
}
