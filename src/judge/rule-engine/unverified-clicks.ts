/**
 * Precision first for verdicts that stand on a consent click: when the scanner clicked "accept
 * all" or "reject all" but no independent signal proved the site took the choice, a rule's `fail`
 * in that phase becomes `needs-review` with the reason, and a rule that found nothing there
 * cannot pass silently either (what the site does after the choice may not have been observed).
 * Rules name the clicks they stand on in `meta.consentClicks`.
 */
import type { ConsentActionRecord, Phase } from '../../model/evidence.js';
import type { Finding } from '../../model/report.js';
import type { ClassifiedSite } from './types.js';
import { asClause } from '../../util/text.js';

export type ConsentChoice = 'accept' | 'reject';

/** A click that went through but that nothing verified, with the reason in words; undefined when verified or not made. */
export function unverifiedClick(site: ClassifiedSite, choice: ConsentChoice): string | undefined {
  const action: ConsentActionRecord | undefined = site.consent[choice];
  if (!action || !action.done || action.verified) return undefined;
  return action.verification;
}

/** The finding, downgraded to needs-review when it is a fail in the phase of an unverified click the rule stands on. */
export function downgradeUnverified(finding: Finding, site: ClassifiedSite, clicks: readonly ConsentChoice[]): Finding {
  if (finding.outcome !== 'fail' || !isChoice(finding.phase) || !clicks.includes(finding.phase)) return finding;
  const why = unverifiedClick(site, finding.phase);
  if (why === undefined) return finding;
  return { ...finding, outcome: 'needs-review', message: `${finding.message} Needs review: the scanner's "${finding.phase} all" click could not be verified (${asClause(why)}).` };
}

/** Why a rule with no finding in the phase of an unverified click cannot pass; undefined when it can. */
export function unverifiedPassReason(site: ClassifiedSite, clicks: readonly ConsentChoice[], findings: readonly Finding[]): string | undefined {
  for (const choice of clicks) {
    const why = unverifiedClick(site, choice);
    if (why === undefined || findings.some((f) => f.phase === choice)) continue;
    return `the "${choice} all" click could not be verified (${asClause(why)}), so what the site does after that choice may not have been observed`;
  }
  return undefined;
}

function isChoice(phase: Phase | undefined): phase is ConsentChoice {
  return phase === 'accept' || phase === 'reject';
}
