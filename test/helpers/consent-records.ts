/**
 * Consent step records as tests write them: a click that nothing verified, one that signals
 * proved, nothing done, and a CMP identity. Every builder gives a complete record of today's shape;
 * `extra` overrides any field.
 */
import type { CmpIdentity, ConsentSignal } from '../../src/model/consent.js';
import type { AutoconsentActionRecord, HeuristicActionRecord, NoActionRecord, SelectorActionRecord } from '../../src/model/evidence.js';
import type { WithdrawalRecord } from '../../src/model/withdrawal.js';

type Choice = 'accept' | 'reject';

/** The banner closed and the CMP wrote its record: what proves a click in most tests. */
export const CONFIRMING_SIGNALS: readonly ConsentSignal[] = [
  { kind: 'banner-gone', confirms: true, detail: 'the banner was removed' },
  { kind: 'consent-record', confirms: true, detail: 'cookie CookieConsent written' },
];

/** What an unverified click's `verification` says in tests. */
export const UNVERIFIED_REASON = 'the banner stayed and no consent record was written';

/** Nothing was clicked. */
export function noAction(detail: string, extra: Partial<NoActionRecord> = {}): NoActionRecord {
  return { method: 'none', done: false, verified: false, signals: [], verification: 'nothing was clicked', clicks: [], detail, ...extra };
}

/** Autoconsent's rule `rule` acted and signals proved it (it makes no clicks the scanner sees). */
export function autoconsentAction(rule: string, extra: Partial<AutoconsentActionRecord> = {}): AutoconsentActionRecord {
  return { method: 'autoconsent', done: true, rule, verified: true, signals: [...CONFIRMING_SIGNALS], verification: 'the banner closed and the CMP recorded the choice', clicks: [], ...extra };
}

/** The heuristics clicked `clickedText` on the first layer and signals proved it. */
export function heuristicAction(choice: Choice, clickedText: string, extra: Partial<HeuristicActionRecord> = {}): HeuristicActionRecord {
  return {
    method: 'heuristic',
    done: true,
    clickedText,
    path: 'first-layer',
    verified: true,
    signals: [...CONFIRMING_SIGNALS],
    verification: 'the banner closed and the CMP recorded the choice',
    clicks: [{ role: choice, label: clickedText, layer: 1, trusted: true }],
    ...extra,
  };
}

/** The user's selectors were clicked, one step each, and signals proved it. */
export function selectorAction(selectors: string[], extra: Partial<SelectorActionRecord> = {}): SelectorActionRecord {
  return {
    method: 'selector',
    done: true,
    selectors,
    verified: true,
    signals: [...CONFIRMING_SIGNALS],
    verification: 'the banner closed and the CMP recorded the choice',
    clicks: selectors.map((selector) => ({ role: 'step' as const, label: selector, layer: 1, trusted: true, selector })),
    ...extra,
  };
}

/** The same record, its click gone through but proved by nothing (by default: the banner stayed). */
export function unverified<T extends AutoconsentActionRecord | HeuristicActionRecord | SelectorActionRecord>(
  record: T,
  reason = UNVERIFIED_REASON,
  signals: ConsentSignal[] = [{ kind: 'banner-gone', confirms: false, detail: 'the banner is still shown' }],
): T {
  return { ...record, verified: false, signals, verification: reason };
}

/** A CMP named from its fingerprints. */
export function cmpIdentity(name: string, extra: Partial<CmpIdentity> = {}): CmpIdentity {
  return { id: name.toLowerCase().replace(/[^a-z0-9]+/g, '-'), name, vendor: `${name} vendor`, detectedBy: ['global', 'dom'], ...extra };
}

/** A withdrawal through a footer link, its refusal verified by a changed consent record. */
export function withdrawalRecord(extra: Partial<WithdrawalRecord> = {}): WithdrawalRecord {
  return {
    via: 'page-control',
    control: 'Cookie settings',
    candidates: ['Cookie settings'],
    apis: [],
    reopenDetail: '"Cookie settings" on the page reopened the consent settings',
    done: true,
    verified: true,
    signals: [...CONFIRMING_SIGNALS],
    verification: 'the banner closed and the CMP recorded the choice',
    clicks: [
      { role: 'reopen', label: 'Cookie settings', layer: 1, trusted: true },
      { role: 'reject', label: 'Reject all', layer: 1, trusted: true },
    ],
    path: 'first-layer',
    records: [{ kind: 'cookie', name: 'CookieConsent', change: 'changed' }],
    claims: [],
    ...extra,
  };
}
