/** The four phases of a scan as the HTML report names, explains and colours them. */
import { PHASES, type Phase } from '../../model/evidence.js';
import type { Report } from '../../model/report.js';

export const PHASE_LABELS: Readonly<Record<Phase, string>> = {
  before: 'Before consent',
  accept: 'After “Accept all”',
  reject: 'After “Reject all”',
  withdraw: 'After withdrawing consent',
};

/** Column headings of the comparison tables. */
export const PHASE_SHORT: Readonly<Record<Phase, string>> = {
  before: 'Before',
  accept: 'Accept',
  reject: 'Reject',
  withdraw: 'Withdraw',
};

export const PHASE_EXPLANATIONS: Readonly<Record<Phase, string>> = {
  before: 'A first visit in a fresh browser; nobody has touched the consent banner.',
  accept: 'A first visit in a fresh browser, then a click on “accept all” on the banner.',
  reject: 'A first visit in a fresh browser, then a click on “reject all” on the banner.',
  withdraw: 'A first visit in a fresh browser, “accept all” on the banner, then the consent settings reopened the way a visitor would and consent withdrawn.',
};

/** CSS class suffix of each phase's chart colour (`.chart .s-<tone>` in report.css). */
export const PHASE_TONES: Readonly<Record<Phase, string>> = { before: 'before', accept: 'accept', reject: 'reject', withdraw: 'withdraw' };

/** The phases the plan asked for, in scan order; all of them when the report does not say. */
export function plannedPhases(report: Pick<Report, 'plan'>): Phase[] {
  return report.plan?.phases?.length ? PHASES.filter((p) => report.plan.phases.includes(p)) : [...PHASES];
}
