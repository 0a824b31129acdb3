import { describe, expect, expectTypeOf, it } from 'vitest';
import { ALL_RULES, RULES } from '../../rules/index.js';
import type { FindingEvidence } from '../../src/model/report.js';
import { resolveRuleConfig } from '../../src/plan/config.js';
import { cookieAllowlist, hostAllowlist } from '../../src/judge/rule-engine/allowlist.js';
import { MAX_EVIDENCE_ITEMS, compactEvidence, effectiveSeverity, runRules } from '../../src/judge/rule-engine/engine.js';
import { cookieEvidence, trimUrl } from '../../src/judge/rule-engine/helpers.js';
import { rulesConfigSchema } from '../../src/judge/rule-engine/config-schema.js';
import { defineRule } from '../../src/judge/rule-engine/define-rule.js';
import { placeholdersOf, renderMessage } from '../../src/judge/rule-engine/messages.js';
import { optionDefaults, optionProblems, type OptionValues } from '../../src/judge/rule-engine/options.js';
import { RULE_IDS, type Rule, type RuleFindingFields } from '../../src/judge/rule-engine/types.js';
import { SITE, cookies, noBanner, page, req, requests, services, site } from '../rules/evidence-builder.js';

/** A finding of the stand-in rule: its message text is given as is. */
type FakeFinding = RuleFindingFields & { message: string };

/** A stand-in rule with a real id, returning what it is given (through its one message, "{{text}}"). */
function fakeRule(id: Rule['meta']['id'], findings: FakeFinding[] | (() => FakeFinding[]), severity: Rule['meta']['severity'] = 'medium'): Rule {
  return {
    meta: { id, title: 'Fake', severity, references: ['ref A'], rationale: 'r', remediation: 'f', checks: 'c' },
    messages: { said: '{{text}}' },
    check: () => (typeof findings === 'function' ? findings() : findings).map(({ message, ...f }) => ({ ...f, messageId: 'said', data: { text: message } })),
  };
}

const base = resolveRuleConfig({});

describe('runRules', () => {
  it('turns a throwing rule into an error and runs the others', () => {
    const boom = fakeRule('tcf-consent-mismatch', () => {
      throw new Error('cannot read tcString');
    });
    const ok = fakeRule('embed-before-consent', [{ outcome: 'fail', phase: 'before', pageUrl: `${SITE}/`, message: 'embedded', evidence: [] }]);
    const { findings, errors } = runRules(site({}), base, [boom, ok]);
    expect(errors).toEqual([{ stage: 'rule', message: 'rule tcf-consent-mismatch failed: cannot read tcString', pageUrl: `${SITE}/` }]);
    expect(findings.map((f) => f.ruleId)).toEqual(['embed-before-consent']);
    expect(findings[0]).toMatchObject({ severity: 'medium', references: ['ref A'] });
  });

  it('skips disabled rules and applies severity overrides', () => {
    const f: FakeFinding[] = [{ outcome: 'fail', pageUrl: `${SITE}/`, message: 'm', evidence: [] }];
    const rules = [fakeRule('embed-before-consent', f), fakeRule('google-fonts-before-consent', f)];
    const config = resolveRuleConfig({ rules: { 'embed-before-consent': 'off', 'google-fonts-before-consent': 'critical' } });
    const { findings } = runRules(site({}), config, rules);
    expect(findings.map((x) => [x.ruleId, x.severity])).toEqual([['google-fonts-before-consent', 'critical']]);
  });

  it('passes the rule its options, the user config over the defaults', () => {
    let seen: unknown;
    const rule: Rule = { ...RULES['cookie-lifetime-excessive'], check: (_s, ctx) => ((seen = ctx.options), []) };
    // The rule judges the accept phase; without one it does not run (not-applicable).
    const accepted = site({ phases: { accept: {} } });
    runRules(accepted, base, [rule]);
    expect(seen).toEqual({ maxDays: 395 });
    runRules(accepted, resolveRuleConfig({ rules: { 'cookie-lifetime-excessive': { options: { maxDays: 30 } } } }), [rule]);
    expect(seen).toEqual({ maxDays: 30 });
  });

  it('groups findings per rule, page, phase and outcome, and deduplicates evidence', () => {
    const ev = (v: string): FindingEvidence => ({ kind: 'request', value: v });
    const rule = fakeRule('tracking-before-consent', [
      { outcome: 'fail', phase: 'before', pageUrl: `${SITE}/`, message: 'A.', evidence: [ev('https://t.example/c?id=1'), ev('https://t.example/c?id=2')] },
      { outcome: 'fail', phase: 'before', pageUrl: `${SITE}/`, message: 'B.', evidence: [ev('https://t.example/c?id=3'), ev('https://t.example/other')] },
      { outcome: 'needs-review', phase: 'before', pageUrl: `${SITE}/`, message: 'C.', evidence: [] },
      { outcome: 'fail', phase: 'reject', pageUrl: `${SITE}/`, message: 'D.', evidence: [] },
    ]);
    const { findings } = runRules(site({}), base, [rule]);
    expect(findings.map((f) => [f.outcome, f.phase, f.message])).toEqual([
      ['fail', 'before', 'A. B.'],
      ['needs-review', 'before', 'C.'],
      ['fail', 'reject', 'D.'],
    ]);
    expect(findings[0]!.evidence).toEqual([
      { kind: 'request', value: 'https://t.example/c?id=1', detail: '3 requests to this address' },
      { kind: 'request', value: 'https://t.example/other' },
    ]);
  });

  it('orders by severity, then rule id, then page visit order', () => {
    const at = (url: string): FakeFinding[] => [{ outcome: 'fail', pageUrl: url, message: 'm', evidence: [] }];
    const s = site({ pages: [page(`${SITE}/z`, {}), page(`${SITE}/a`, {})] });
    const rules = [
      fakeRule('google-fonts-before-consent', [...at(`${SITE}/a`), ...at(`${SITE}/z`)], 'medium'),
      fakeRule('embed-before-consent', at(`${SITE}/a`), 'medium'),
      fakeRule('session-replay-before-consent', at(`${SITE}/a`), 'high'),
    ];
    const { findings } = runRules(s, base, rules);
    expect(findings.map((f) => `${f.severity} ${f.ruleId} ${f.pageUrl}`)).toEqual([
      `high session-replay-before-consent ${SITE}/a`,
      `medium embed-before-consent ${SITE}/a`,
      `medium google-fonts-before-consent ${SITE}/z`,
      `medium google-fonts-before-consent ${SITE}/a`,
    ]);
  });

  it('runs the whole registry on a violating site and a compliant one', () => {
    const bad = site({
      consent: noBanner,
      phases: {
        before: { requests: [requests.ga(), requests.fontsCss(), requests.hotjar(), req('https://www.youtube.com/embed/x', { type: 'document', isMainFrame: false, service: services.youtube })], cookies: [cookies.ga()] },
        accept: { cookies: [cookies.ga()] },
      },
    });
    const { findings, errors } = runRules(bad, base);
    expect(errors).toEqual([]);
    expect(new Set(findings.map((f) => f.ruleId))).toEqual(
      new Set(['tracking-before-consent', 'missing-consent-banner', 'session-replay-before-consent', 'google-fonts-before-consent', 'embed-before-consent', 'third-country-transfer', 'cookie-lifetime-excessive']),
    );
    const good = site({
      phases: {
        before: { requests: [requests.firstParty(), requests.cdn(), requests.gtm()], cookies: [cookies.session(), cookies.consent()] },
        accept: { requests: [requests.ga({ afterConsent: true })], cookies: [cookies.fbp()] },
        reject: { requests: [requests.firstParty('/stats', { afterConsent: true })], cookies: [cookies.consent()] },
      },
    });
    const clean = runRules(good, base);
    expect(clean.findings).toEqual([]);
    expect(clean.errors).toEqual([]);
    // No TCF CMP and no Consent Mode request on the good site: those two rules had nothing to judge;
    // nor had the banner rules: hand-built evidence without a measured banner design.
    const notApplicable = new Set(['consent-mode-default-granted', 'tcf-consent-mismatch', 'reject-harder-than-accept', 'preticked-consent', 'cookie-wall', 'banner-without-privacy-link']);
    expect(clean.results.map((r) => r.outcome)).toEqual(ALL_RULES.map((r) => (notApplicable.has(r.meta.id) ? 'not-applicable' : 'pass')));
    const judged = runRules(bad, base).results;
    expect(judged.find((r) => r.ruleId === 'tracking-before-consent')).toMatchObject({ outcome: 'fail', title: RULES['tracking-before-consent'].meta.title });
    // The bad site has no reject phase: tracking-after-reject passed before not-applicable existed.
    expect(judged.find((r) => r.ruleId === 'tracking-after-reject')).toMatchObject({ outcome: 'not-applicable', findings: 0, reason: 'no reject phase ran' });
    expect(ALL_RULES).toHaveLength(15);
  });
});

describe('effectiveSeverity', () => {
  it('keeps a rule-lowered finding the same steps below the configured severity', () => {
    expect(effectiveSeverity('medium', 'medium', 'low')).toBe('low');
    expect(effectiveSeverity('medium', 'critical', 'low')).toBe('high');
    expect(effectiveSeverity('medium', 'low', 'low')).toBe('low');
    expect(effectiveSeverity('medium', 'high')).toBe('high');
    // A rule cannot raise its own severity.
    expect(effectiveSeverity('medium', 'medium', 'critical')).toBe('medium');
  });
});

describe('evidence', () => {
  it('is capped with a "+N more" item', () => {
    const items = Array.from({ length: 40 }, (_, i) => ({ kind: 'request' as const, value: `https://t.example/p${i}` }));
    const out = compactEvidence(items);
    expect(out).toHaveLength(MAX_EVIDENCE_ITEMS);
    expect(out.at(-1)).toEqual({ kind: 'other', value: '+16 more', detail: '16 more items of evidence not listed' });
  });

  it('describes a cookie structured (name, domain, path) with "name@domain" as its display text', () => {
    expect(cookieEvidence(cookies.ga())).toEqual({
      kind: 'cookie',
      value: '_ga@.shop.example',
      detail: 'analytics, Google Analytics (Google LLC), expires in 400 days',
      cookie: { name: '_ga', domain: '.shop.example', path: '/' },
    });
  });

  it('trims query strings to 200 characters and drops fragments', () => {
    const long = `https://t.example/c?${'a'.repeat(300)}#frag`;
    expect(trimUrl(long)).toBe(`https://t.example/c?${'a'.repeat(200)}…`);
    expect(trimUrl('https://t.example/c?x=1#f')).toBe('https://t.example/c?x=1');
  });
});

describe('allowlists', () => {
  it('matches hosts: example.com with subdomains, *.example.com subdomains only', () => {
    const allowed = hostAllowlist(['example.com', '*.cdn.test']);
    expect(allowed('example.com')).toBe(true);
    expect(allowed('www.Example.com')).toBe(true);
    expect(allowed('notexample.com')).toBe(false);
    expect(allowed('cdn.test')).toBe(false);
    expect(allowed('a.cdn.test')).toBe(true);
    expect(hostAllowlist([])('example.com')).toBe(false);
  });

  it('matches cookies by name, prefix and optional domain', () => {
    const allowed = cookieAllowlist(['_ga', '_hj*', 'sid@shop.example', 'pref*@*.shop.example']);
    expect(allowed({ name: '_ga', domain: '.any.test' })).toBe(true);
    expect(allowed({ name: '_ga_ABC', domain: '.any.test' })).toBe(false);
    expect(allowed({ name: '_hjSessionUser_1', domain: '.any.test' })).toBe(true);
    expect(allowed({ name: 'sid', domain: '.shop.example' })).toBe(true);
    expect(allowed({ name: 'sid', domain: 'www.shop.example' })).toBe(true);
    expect(allowed({ name: 'sid', domain: '.other.example' })).toBe(false);
    expect(allowed({ name: 'prefLang', domain: 'shop.example' })).toBe(false);
    expect(allowed({ name: 'prefLang', domain: 'www.shop.example' })).toBe(true);
  });
});

describe('rule results', () => {
  /** A rule that applies when `applies` says so and reports what it is given. */
  const ruleWith = (id: Rule['meta']['id'], findings: FakeFinding[], applies: true | string = true): Rule => ({ ...fakeRule(id, findings), appliesTo: () => applies });
  const at = (outcome: FakeFinding['outcome']): FakeFinding[] => [{ outcome, pageUrl: `${SITE}/`, message: `${outcome} finding`, evidence: [] }];

  it('are pass, fail, needs-review, not-applicable or disabled, one per rule in the order given', () => {
    const rules = [
      ruleWith('tracking-before-consent', []),
      ruleWith('tracking-after-reject', [...at('needs-review'), ...at('fail')]),
      ruleWith('missing-consent-banner', at('needs-review')),
      ruleWith('tcf-consent-mismatch', at('fail'), 'no IAB TCF consent manager answered'),
      ruleWith('embed-before-consent', at('fail')),
    ];
    const { findings, results, errors } = runRules(site({}), resolveRuleConfig({ rules: { 'embed-before-consent': 'off' } }), rules);
    expect(errors).toEqual([]);
    expect(results).toEqual([
      { ruleId: 'tracking-before-consent', title: 'Fake', outcome: 'pass', findings: 0 },
      { ruleId: 'tracking-after-reject', title: 'Fake', outcome: 'fail', findings: 2 },
      { ruleId: 'missing-consent-banner', title: 'Fake', outcome: 'needs-review', findings: 1 },
      { ruleId: 'tcf-consent-mismatch', title: 'Fake', outcome: 'not-applicable', findings: 0, reason: 'no IAB TCF consent manager answered' },
      { ruleId: 'embed-before-consent', title: 'Fake', outcome: 'disabled', findings: 0 },
    ]);
    // A rule that does not apply is not run: its findings never reach the report.
    expect(findings.map((f) => f.ruleId)).not.toContain('tcf-consent-mismatch');
  });

  it('are needs-review with the reason when a rule throws, also from appliesTo', () => {
    const broken: Rule = {
      ...fakeRule('reject-not-on-first-layer', []),
      appliesTo: () => {
        throw new Error('no consent evidence');
      },
    };
    const { results, errors } = runRules(site({}), base, [broken]);
    expect(results[0]).toEqual({ ruleId: 'reject-not-on-first-layer', title: 'Fake', outcome: 'needs-review', findings: 0, reason: 'rule reject-not-on-first-layer failed: no consent evidence' });
    expect(errors).toEqual([{ stage: 'rule', message: 'rule reject-not-on-first-layer failed: no consent evidence', pageUrl: `${SITE}/` }]);
  });

  it('say not-applicable for the registry rules with nothing to judge, with the reason', () => {
    const results = runRules(site({ consent: noBanner, phases: { before: {} } }), base).results;
    const outcome = (id: string) => results.find((r) => r.ruleId === id);
    expect(outcome('tracking-after-reject')).toMatchObject({ outcome: 'not-applicable', reason: 'no reject phase ran' });
    expect(outcome('reject-not-on-first-layer')).toMatchObject({ outcome: 'not-applicable', reason: 'no consent banner was found' });
    expect(outcome('tcf-consent-mismatch')).toMatchObject({ outcome: 'not-applicable', reason: 'no IAB TCF consent manager (__tcfapi) answered' });
    expect(outcome('consent-mode-default-granted')).toMatchObject({ outcome: 'not-applicable', reason: 'no Google request carried Consent Mode parameters' });
    expect(outcome('cookie-lifetime-excessive')).toMatchObject({ outcome: 'not-applicable', reason: 'no accept phase ran' });
    expect(outcome('tracking-before-consent')).toMatchObject({ outcome: 'pass' });
    expect(outcome('missing-consent-banner')).toMatchObject({ outcome: 'pass' });
  });
});

describe('messages', () => {
  const worded: Rule = {
    ...fakeRule('google-fonts-before-consent', []),
    messages: { loaded: 'The page loaded {{files}} from {{host}}.', plain: 'No placeholders.' },
    check: () => [
      { outcome: 'fail', pageUrl: `${SITE}/`, messageId: 'loaded', data: { files: '2 files', host: 'fonts.gstatic.com' }, evidence: [] },
      { outcome: 'needs-review', pageUrl: `${SITE}/`, messageId: 'plain', evidence: [] },
    ],
  };

  it('are rendered by the engine from the rule\'s templates, and the finding keeps the messageId', () => {
    const { findings } = runRules(site({}), base, [worded]);
    expect(findings.map((f) => [f.messageId, f.message])).toEqual([
      ['loaded', 'The page loaded 2 files from fonts.gstatic.com.'],
      ['plain', 'No placeholders.'],
    ]);
  });

  it('leave a placeholder without data as written, and an unknown messageId is a rule error', () => {
    expect(renderMessage('{{a}} and {{b}}', { a: 1 })).toBe('1 and {{b}}');
    expect(placeholdersOf('{{a}} and {{b}} and {{a}}')).toEqual(['a', 'b']);
    const unknown: Rule = { ...worded, check: () => [{ outcome: 'fail', messageId: 'gone', evidence: [] }] };
    const { results, errors } = runRules(site({}), base, [unknown]);
    expect(errors.map((e) => e.message)).toEqual(['rule google-fonts-before-consent failed: unknown messageId "gone"']);
    expect(results[0]!.outcome).toBe('needs-review');
  });
});

describe('rule options', () => {
  const limit = { type: 'integer', minimum: 1, maximum: 10, default: 5, description: 'A limit.' } as const;
  const mode = { type: 'string', enum: ['strict', 'lax'], default: 'strict', description: 'A mode.' } as const;

  it('are typed from their schema', () => {
    const rule = defineRule({
      meta: { id: 'typed-rule', title: 'Typed', severity: 'low', references: [], rationale: '', remediation: '', checks: '', options: { limit, mode, verbose: { type: 'boolean', default: false, description: 'More.' } } },
      messages: { said: '{{n}}' },
      check: () => [],
    });
    expectTypeOf(rule.meta.id).toEqualTypeOf<'typed-rule'>();
    expectTypeOf<Parameters<typeof rule.check>[1]['options']>().toEqualTypeOf<{ readonly limit: number; readonly mode: 'strict' | 'lax'; readonly verbose: boolean }>();
    expectTypeOf<OptionValues<{ ratio: { type: 'number'; default: 0.5; description: '' }; name: { type: 'string'; default: 'x'; description: '' } }>>().toEqualTypeOf<{
      readonly ratio: number;
      readonly name: string;
    }>();
    expect(optionDefaults(rule.meta.options ?? {})).toEqual({ limit: 5, mode: 'strict', verbose: false });
  });

  it('are checked against the schema, in the config file\'s words', () => {
    const schema = { limit, mode };
    expect(optionProblems(schema, { limit: 5, mode: 'lax' })).toEqual([]);
    expect(optionProblems(schema, { limit: 2.5, mode: 'loose', other: 1 })).toEqual(['limit must be an integer', 'mode must be one of strict, lax', 'other is not an option']);
    expect(optionProblems(schema, { limit: 0 })).toEqual(['limit must be at least 1']);
    expect(optionProblems(schema, { limit: 11 })).toEqual(['limit must be at most 10']);
    expect(optionProblems({ on: { type: 'boolean', default: true, description: '' } }, { on: 'yes' })).toEqual(['on must be true or false']);
  });

  it('that do not fit keep the rule from running: a rule error, result needs-review', () => {
    const rule = RULES['cookie-lifetime-excessive'];
    const config = resolveRuleConfig({});
    config.rules['cookie-lifetime-excessive'].options = { maxDays: '30' };
    const { findings, results, errors } = runRules(site({ phases: { accept: { cookies: [cookies.ga()] } } }), config, [rule]);
    expect(findings).toEqual([]);
    expect(errors.map((e) => e.message)).toEqual(['rule cookie-lifetime-excessive not run: invalid options: maxDays must be an integer']);
    expect(results[0]).toMatchObject({ outcome: 'needs-review', reason: errors[0]!.message });
  });
});

describe('rulesConfigSchema', () => {
  it('has an entry per registry rule, each with that rule\'s options', () => {
    const schema = rulesConfigSchema();
    expect(Object.keys(schema.properties)).toEqual([...RULE_IDS]);
    expect(schema.additionalProperties).toBe(false);
    expect(schema.properties['cookie-lifetime-excessive']!.else.properties.options.properties).toEqual({
      maxDays: { description: 'Longest accepted lifetime in days (395 = 13 months).', type: 'integer', minimum: 1, maximum: 3650, default: 395 },
    });
    expect(schema.properties['tracking-before-consent']!.else.properties.options).toMatchObject({ description: 'This rule has no options.', properties: {} });
    expect(schema.properties['tracking-before-consent']!.then.enum).toEqual(['off', 'low', 'medium', 'high', 'critical']);
  });

  it('follows the rules it is given: a new module is configurable without a schema edit', () => {
    const extra = defineRule({
      meta: { id: 'extra-rule', title: 'Extra', severity: 'low', references: [], rationale: '', remediation: '', checks: '', options: { mode: { type: 'string', enum: ['a', 'b'], default: 'a', description: 'Mode.' } } },
      messages: {},
      check: () => [],
    });
    expect(rulesConfigSchema([extra]).properties['extra-rule']!.else.properties.options.properties).toEqual({ mode: { description: 'Mode.', type: 'string', enum: ['a', 'b'], default: 'a' } });
  });
});
