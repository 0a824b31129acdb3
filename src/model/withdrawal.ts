/**
 * The withdraw phase as evidence (GDPR Art. 7(3)): after "accept all", how the consent settings
 * were reached again (a control on the page, else the CMP's own API), what the withdrawal
 * clicked, the independent signals that proved it, and what became of the consent records.
 * Names and claims only, never cookie or storage values.
 */
import type { ConsentClick, ConsentSignal } from './consent.js';

/** How the consent settings were reached again: a control on the page a visitor can use, the CMP's JavaScript API (a visitor cannot call it), or not at all. */
export type ReopenVia = 'page-control' | 'cmp-api' | 'none';

/** One first-party consent record (cookie or web storage key) as the withdrawal left it; names only, never values. */
export interface ConsentRecordChange {
  /** Where the record lives. */
  kind: 'cookie' | 'localStorage' | 'sessionStorage';
  /** Cookie name or storage key. */
  name: string;
  /** created, changed (its value differs), unchanged (the value the accept left), or removed by the withdrawal. */
  change: 'created' | 'changed' | 'unchanged' | 'removed';
}

/** What one source of the consent state claimed right before and right after the withdrawal, in words. */
export interface ConsentClaim {
  /** The source: a CMP's own state (its id, e.g. "klaro"), "tcf" or "consent-mode". */
  source: string;
  /** Its claim before the withdrawal (after the accept), e.g. "accepted", "10 purpose consents", "ad_storage granted, analytics_storage granted". */
  before: string;
  /** Its claim after the withdrawal. */
  after: string;
  /** The claim after the withdrawal still says consent was given. */
  stillConsented: boolean;
}

/**
 * The withdrawal of the withdraw phase: how the settings were reopened, what was clicked there,
 * and whether independent signals proved the refusal, like ConsentActionRecord.
 */
export interface WithdrawalRecord {
  /** How the consent settings were reached again. */
  via: ReopenVia;
  /** Visible label (or aria-label / title) of the page control that reopened the settings (via page-control). */
  control?: string;
  /** The CMP API call that reopened the settings (via cmp-api), e.g. "klaro.show()". */
  api?: string;
  /** Reopen controls found on the page after the reload (labels, at most 10), best first. */
  candidates: string[];
  /** Reopen calls of the CMP APIs the page offered (e.g. "Cookiebot.renew()"), whether used or not. */
  apis: string[];
  /** How the settings were looked for and what happened, in one or two sentences. */
  reopenDetail: string;
  /** Why the withdrawal was not attempted: no banner on the start page, or the accept could not be done. Nothing more was visited then. */
  skipped?: string;
  /** The refusal's clicks on the reopened layer went through; says nothing about their effect, see `verified`. */
  done: boolean;
  /** Independent signals confirmed the refusal's effect and none contradicted it (see `signals`). */
  verified: boolean;
  /** The independent checks made after the refusal, confirming or contradicting it. */
  signals: ConsentSignal[];
  /** Why the withdrawal counts as verified or not, in one sentence. */
  verification: string;
  /** Every click of the withdrawal, in order: the reopen click (role reopen), then the refusal on the reopened layer. */
  clicks: ConsentClick[];
  /** The refusal on the reopened layer: its own reject control (first-layer), or its toggles switched off and saved (second-layer). */
  path?: 'first-layer' | 'second-layer';
  /** First-party consent records (names the CMP table knows, or consent-like names) before vs after the withdrawal. */
  records: ConsentRecordChange[];
  /** What the CMP state, the TCF string and Consent Mode claimed before and after the withdrawal. */
  claims: ConsentClaim[];
  /** Why the withdrawal failed or what became of the reopened layer. */
  detail?: string;
}
