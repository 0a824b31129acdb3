/**
 * The withdraw phase in the HTML report's consent section: how the consent settings were
 * reached again (a control on the page, the CMP's API, or not at all), the accept before it,
 * every click of the withdrawal, what became of the consent records and claims, and the
 * signals that verified it, in the same shape as the accept and reject steps (ActionView).
 * Plain text: the templates escape it (labels and details come from the website).
 */
import type { ConsentEvidence } from '../../model/evidence.js';
import type { WithdrawalRecord } from '../../model/withdrawal.js';
import { clickVerdict } from '../consent-facts.js';
import type { ActionView, ClickView, SignalView } from './consent-view.js';
import type { InfoRow } from './info-row.js';
import { CLICK_ROLE_LABELS, HEURISTIC_PATH_LABELS, labelOf, SIGNAL_LABELS } from './labels.js';

const VIA_LABELS: Readonly<Record<WithdrawalRecord['via'], string>> = {
  'page-control': 'a control on the page',
  'cmp-api': "only the CMP's JavaScript API (a visitor cannot call it)",
  none: 'not at all: nothing reopened the consent settings',
};

const CHANGE_LABELS: Readonly<Record<WithdrawalRecord['records'][number]['change'], string>> = {
  created: 'created',
  changed: 'changed',
  unchanged: 'unchanged (as the accept left it)',
  removed: 'removed',
};

/** The withdrawal as one more consent step; none when the withdraw phase did not run. */
export function withdrawalActions(c: ConsentEvidence | undefined): ActionView[] {
  const w = c?.withdraw;
  if (!w) return [];
  const label = 'Withdraw consent';
  const facts: InfoRow[] = [];
  if (c?.withdrawAccept) facts.push({ label: 'Accepted first', value: clickVerdict(c.withdrawAccept), tone: c.withdrawAccept.verified ? undefined : 'warn' });
  if (w.skipped) {
    facts.push({ label: 'Not attempted', value: w.skipped, tone: 'muted' });
    return [{ choice: 'withdraw', label, outcome: 'not attempted', tone: 'muted', unverified: false, facts, clicks: [], noClicks: 'Nothing to withdraw; no further page was visited in this phase.', signals: [] }];
  }
  facts.push({ label: 'Settings reopened by', value: labelOf(VIA_LABELS, w.via), tone: w.via === 'page-control' ? 'good' : w.via === 'cmp-api' ? 'warn' : 'bad' });
  if (w.control) facts.push({ label: 'Reopen control', value: `“${w.control}”` });
  if (w.api) facts.push({ label: 'CMP API called', value: w.api });
  facts.push({ label: 'How it was looked for', value: w.reopenDetail, tone: 'muted' });
  if (w.candidates.length > 0) facts.push({ label: 'Reopen controls found', value: w.candidates.map((x) => `“${x}”`).join(', '), tone: 'muted' });
  if (w.apis.length > 0) facts.push({ label: 'CMP APIs offered', value: w.apis.join(', '), tone: 'muted' });
  if (w.path) facts.push({ label: 'Path', value: labelOf(HEURISTIC_PATH_LABELS, w.path) });
  if (w.via !== 'none') facts.push({ label: 'Verified', value: `${w.verified ? 'yes' : 'no'}: ${w.verification}`, tone: w.verified ? 'good' : w.done ? 'bad' : 'muted' });
  for (const r of w.records) facts.push({ label: `Consent record (${r.kind})`, value: `“${r.name}” ${labelOf(CHANGE_LABELS, r.change)}` });
  for (const claim of w.claims) facts.push({ label: `Claim of ${claim.source}`, value: `${claim.before} → ${claim.after}`, tone: claim.stillConsented ? 'bad' : 'good' });
  if (w.detail && w.detail !== w.reopenDetail) facts.push({ label: 'Detail', value: w.detail, tone: 'muted' });
  const clicks = w.clicks.map((click, i): ClickView => ({
    number: i + 1,
    role: labelOf(CLICK_ROLE_LABELS, click.role),
    label: click.label,
    layer: click.role === 'reopen' ? 'on the page' : click.layer === 2 ? 'second layer' : 'reopened layer',
    trust: click.trusted ? 'trusted click' : 'script click (untrusted)',
    trusted: click.trusted,
    ...(click.frameUrl ? { frameUrl: click.frameUrl } : {}),
  }));
  const signals = w.signals.map((s): SignalView => ({ kind: labelOf(SIGNAL_LABELS, s.kind), confirms: s.confirms, verdict: s.confirms ? 'confirms' : 'contradicts', detail: s.detail }));
  const outcome = w.via === 'none' ? 'settings not found' : !w.done ? 'not done' : w.verified ? 'done, verified' : 'done, NOT verified';
  return [
    {
      choice: 'withdraw',
      label,
      outcome,
      tone: w.done && w.verified ? 'good' : 'bad',
      unverified: w.done && !w.verified,
      facts,
      clicks,
      ...(clicks.length === 0 ? { noClicks: 'No click was made.' } : {}),
      signals,
    },
  ];
}
