/**
 * The rule registry. Typed as Record<RuleId, Rule> so the compiler refuses a rule id without a
 * module; the meta-test (test/rules/meta.test.ts) adds the doc page and the test file.
 */
import type { Rule, RuleId } from '../src/judge/rule-engine/types.js';
import { RULE_IDS } from '../src/judge/rule-engine/types.js';
import { rule as consentModeDefaultGranted } from './consent-mode-default-granted.js';
import { rule as cookieLifetimeExcessive } from './cookie-lifetime-excessive.js';
import { rule as embedBeforeConsent } from './embed-before-consent.js';
import { rule as googleFontsBeforeConsent } from './google-fonts-before-consent.js';
import { rule as missingConsentBanner } from './missing-consent-banner.js';
import { rule as rejectNotOnFirstLayer } from './reject-not-on-first-layer.js';
import { rule as sessionReplayBeforeConsent } from './session-replay-before-consent.js';
import { rule as tcfConsentMismatch } from './tcf-consent-mismatch.js';
import { rule as thirdCountryTransfer } from './third-country-transfer.js';
import { rule as trackingAfterReject } from './tracking-after-reject.js';
import { rule as trackingBeforeConsent } from './tracking-before-consent.js';

export const RULES: Readonly<Record<RuleId, Rule>> = {
  'tracking-before-consent': trackingBeforeConsent,
  'tracking-after-reject': trackingAfterReject,
  'missing-consent-banner': missingConsentBanner,
  'reject-not-on-first-layer': rejectNotOnFirstLayer,
  'cookie-lifetime-excessive': cookieLifetimeExcessive,
  'google-fonts-before-consent': googleFontsBeforeConsent,
  'embed-before-consent': embedBeforeConsent,
  'consent-mode-default-granted': consentModeDefaultGranted,
  'tcf-consent-mismatch': tcfConsentMismatch,
  'third-country-transfer': thirdCountryTransfer,
  'session-replay-before-consent': sessionReplayBeforeConsent,
};

/** Every rule, in the order of RULE_IDS (the order `gdpr-scan rules` lists them). */
export const ALL_RULES: readonly Rule[] = RULE_IDS.map((id) => RULES[id]);
