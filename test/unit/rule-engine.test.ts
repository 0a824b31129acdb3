import { describe, expect, it } from 'vitest';
import { ALL_RULES, RULES } from '../../rules/index.js';
import type { FindingEvidence } from '../../src/model/report.js';
import { resolveRuleConfig } from '../../src/plan/config.js';
import { cookieAllowlist, hostAllowlist } from '../../src/judge/rule-engine/allowlist.js';
import { MAX_EVIDENCE_ITEMS, compactEvidence, effectiveSeverity, runRules } from '../../src/judge/rule-engine/engine.js';
import { trimUrl } from '../../src/judge/rule-engine/helpers.js';
import type { Rule, RuleFindingFields } from '../../src/judge/rule-engine/types.js';
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
    // No TCF CMP and no Consent Mode request on the good site: those two rules had nothing to judge.
    const notApplicable = new Set(['consent-mode-default-granted', 'tcf-consent-mismatch']);
    expect(clean.results.map((r) => r.outcome)).toEqual(ALL_RULES.map((r) => (notApplicable.has(r.meta.id) ? 'not-applicable' : 'pass')));
    const judged = runRules(bad, base).results;
    expect(judged.find((r) => r.ruleId === 'tracking-before-consent')).toMatchObject({ outcome: 'fail', title: RULES['tracking-before-consent'].meta.title });
    // The bad site has no reject phase: tracking-after-reject passed before not-applicable existed.
    expect(judged.find((r) => r.ruleId === 'tracking-after-reject')).toMatchObject({ outcome: 'not-applicable', findings: 0, reason: 'no reject phase ran' });
    expect(ALL_RULES).toHaveLength(11);
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
