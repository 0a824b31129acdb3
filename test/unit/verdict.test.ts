import { describe, expect, it } from 'vitest';
import type { FailOn, Finding, Severity } from '../../src/model/report.js';
import {
  couldNotRun,
  exitCodeOf,
  failingFindings,
  failsGate,
  gatingFindings,
  reachesThreshold,
  severityRank,
  SEVERITIES_WORST_FIRST,
  worseOf,
} from '../../src/finish/verdict.js';

const finding = (severity: Severity, outcome: Finding['outcome'] = 'fail', baseline?: Finding['baseline']): Finding => ({
  ruleId: 'test-rule', severity, outcome, message: 'm', evidence: [], references: [], ...(baseline ? { baseline } : {}),
});
const exitCodeFor = (findings: Finding[], failOn: FailOn) => exitCodeOf([{ findings }], { failOn, baselineCompared: false });

describe('severity order', () => {
  it('orders severities', () => {
    expect(severityRank.low).toBeLessThan(severityRank.medium);
    expect(severityRank.medium).toBeLessThan(severityRank.high);
    expect(severityRank.high).toBeLessThan(severityRank.critical);
    expect(SEVERITIES_WORST_FIRST).toEqual(['critical', 'high', 'medium', 'low']);
    expect(worseOf('low', 'high')).toBe('high');
    expect(worseOf('critical', 'medium')).toBe('critical');
  });

  it('compares with the threshold; none never reaches', () => {
    expect(reachesThreshold('high', 'high')).toBe(true);
    expect(reachesThreshold('medium', 'high')).toBe(false);
    expect(reachesThreshold('critical', 'none')).toBe(false);
  });
});

describe('exit code', () => {
  it('fails at or above the threshold, counting only outcome fail', () => {
    expect(exitCodeFor([finding('high')], 'high')).toBe(1);
    expect(exitCodeFor([finding('critical')], 'high')).toBe(1);
    expect(exitCodeFor([finding('medium')], 'high')).toBe(0);
    expect(exitCodeFor([finding('low')], 'low')).toBe(1);
    expect(exitCodeFor([finding('critical', 'needs-review')], 'low')).toBe(0);
    expect(exitCodeFor([finding('critical')], 'none')).toBe(0);
    expect(exitCodeFor([], 'low')).toBe(0);
  });

  it('is 2 when not one site could be scanned, whatever the findings', () => {
    expect(exitCodeOf([], { failOn: 'low', baselineCompared: false })).toBe(2);
    expect(exitCodeOf([{ error: 'down', findings: [finding('critical')] }], { failOn: 'low', baselineCompared: false })).toBe(2);
    expect(exitCodeOf([{ error: 'down', findings: [] }, { findings: [finding('high')] }], { failOn: 'high', baselineCompared: false })).toBe(1);
    expect(couldNotRun([{ error: 'x' }, {}])).toBe(false);
  });

  it('with a baseline, only new findings fail', () => {
    const gate = { failOn: 'high' as const, baselineCompared: true };
    const known = finding('critical', 'fail', 'existing');
    const fresh = finding('high', 'fail', 'new');
    expect(failsGate(known, gate)).toBe(false);
    expect(failsGate(fresh, gate)).toBe(true);
    expect(failingFindings([known, fresh, finding('high', 'needs-review', 'new')], gate)).toEqual([fresh]);
    expect(gatingFindings([known, fresh], gate)).toEqual([fresh]);
    expect(exitCodeOf([{ findings: [known] }], gate)).toBe(0);
  });
});
