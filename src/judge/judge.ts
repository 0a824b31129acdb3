/**
 * Stage 2, judge: one site's raw evidence in, its verdicts out. Classifies requests and cookies,
 * infers the consent evidence, runs the rules and fingerprints the findings. No browser, disk or
 * network: saved evidence (`gdpr-scan audit`) is judged exactly as a fresh scan is.
 */
import type { SiteEvidence } from '../model/evidence.js';
import type { RuleDescription, SiteReport } from '../model/report.js';
import type { ResolvedRuleConfig } from './rule-engine/engine.js';
import { describeRule, runRules } from './rule-engine/engine.js';
import type { Rule } from './rule-engine/types.js';
import { ALL_RULES } from '../../rules/index.js';
import { classifySite, type ServiceClassifier } from './classify/index.js';
import { inferConsent } from './consent.js';
import { assessBehaviour } from './behaviour.js';
import { fingerprintFinding } from './fingerprint.js';

export interface JudgeOptions {
  /** Optional classifiers (tracker database, filter lists), consulted after the built-in knowledge base. */
  classifiers?: readonly ServiceClassifier[];
  /** The rules to run; default: every rule of the registry. */
  rules?: readonly Rule[];
}

/** A judged site, and the rules it was judged with (the report describes them). */
export interface JudgedSite {
  site: SiteReport;
  rules: RuleDescription[];
}

/**
 * Judges one site. `now` is the judge's clock: the reference time of cookie lifetimes when the
 * evidence does not say when it was gathered. Rule errors join the site's errors (stage 'rule').
 */
export function judge(evidence: SiteEvidence, ruleConfig: ResolvedRuleConfig, now: Date, options: JudgeOptions = {}): JudgedSite {
  const gatheredAt = Date.parse(evidence.startedAt);
  const visitTime = Math.round((Number.isFinite(gatheredAt) ? gatheredAt : now.getTime()) / 1000);
  const classified = { ...classifySite(evidence, visitTime, { extraClassifiers: options.classifiers ?? [] }), consent: inferConsent(evidence.consentObservations, evidence.pages, evidence.bannerScreenshot, evidence.bannerDesign) };
  const behaviour = assessBehaviour(classified);
  if (behaviour.length) Object.assign(classified, { behaviour });
  const rules = options.rules ?? ALL_RULES;
  const { findings, results, errors } = runRules(classified, ruleConfig, rules);
  for (const finding of findings) finding.fingerprint = fingerprintFinding(finding, classified.url);
  return {
    site: { ...classified, errors: [...classified.errors, ...errors], findings, ruleResults: results },
    rules: rules.map(describeRule),
  };
}
