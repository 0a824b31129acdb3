import { describe, expect, it } from 'vitest';
import { runRules } from '../../src/judge/rule-engine/engine.js';
import { resolveRuleConfig } from '../../src/plan/config.js';
import { RULES } from '../../rules/index.js';
import type { ConsentActionRecord } from '../../src/model/evidence.js';
import { SITE, cookies, requests, site } from '../rules/evidence-builder.js';

const heuristic = (verified: boolean, phase: 'accept' | 'reject'): ConsentActionRecord => ({
  method: 'heuristic',
  done: true,
  clickedText: phase === 'accept' ? 'Accept all' : 'Reject all',
  path: 'first-layer',
  verified,
  signals: verified ? [{ kind: 'banner-gone', confirms: true, detail: 'the banner closed' }] : [{ kind: 'banner-gone', confirms: false, detail: 'the banner is still shown' }],
  verification: verified ? 'The banner closed after the click.' : 'Nothing confirmed the click: the banner is still shown.',
  clicks: [{ role: phase, label: phase === 'accept' ? 'Accept all' : 'Reject all', layer: 1, trusted: true }],
});

const config = resolveRuleConfig({});
const trackedAfterReject = { phases: { reject: { requests: [{ ...requests.ga(), afterConsent: true }], cookies: [cookies.ga()] } } };

describe('verdicts that stand on an unverified consent click', () => {
  it('fail when the reject click was verified', () => {
    const verified = site({ ...trackedAfterReject, consent: { reject: heuristic(true, 'reject') } });
    const { findings } = runRules(verified, config, [RULES['tracking-after-reject']]);
    expect(findings.map((f) => f.outcome)).toEqual(['fail']);
  });

  it('become needs-review with the reason when nothing verified it', () => {
    const unverified = site({ ...trackedAfterReject, consent: { reject: heuristic(false, 'reject') } });
    const { findings, results } = runRules(unverified, config, [RULES['tracking-after-reject']]);
    expect(findings.map((f) => f.outcome)).toEqual(['needs-review']);
    expect(findings[0]!.message).toContain('could not be verified (nothing confirmed the click: the banner is still shown)');
    expect(results[0]).toMatchObject({ outcome: 'needs-review' });
  });

  it('never pass silently: a rule that found nothing after an unverified accept is needs-review with the reason', () => {
    const unverified = site({ phases: { accept: { cookies: [cookies.session()] } }, consent: { accept: heuristic(false, 'accept') } });
    const { findings, results } = runRules(unverified, config, [RULES['cookie-lifetime-excessive']]);
    expect(findings).toEqual([]);
    expect(results[0]).toMatchObject({ outcome: 'needs-review' });
    expect(results[0]!.reason).toMatch(/^the "accept all" click could not be verified/);
    const verified = site({ phases: { accept: { cookies: [cookies.session()] } }, consent: { accept: heuristic(true, 'accept') } });
    expect(runRules(verified, config, [RULES['cookie-lifetime-excessive']]).results[0]).toMatchObject({ outcome: 'pass' });
  });

  it('leave rules that do not stand on the click alone', () => {
    const unverified = site({ phases: { before: { requests: [requests.ga()] } }, consent: { accept: heuristic(false, 'accept'), reject: heuristic(false, 'reject') } });
    const { findings } = runRules(unverified, config, [RULES['tracking-before-consent']]);
    expect(findings.map((f) => [f.outcome, f.pageUrl])).toEqual([['fail', `${SITE}/`]]);
  });
});
