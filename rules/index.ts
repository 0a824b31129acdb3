/**
 * The rule registry: the one list of rule modules. Rule ids (RuleId, RULE_IDS), RULES and the
 * config file's `rules` schema (rulesConfigSchema) all follow from it. The order is the order
 * `gdpr-scan rules` and the reports list the rules in. The meta-test (test/rules/meta.test.ts)
 * fails for a rules/*.ts file missing here, and for a rule without doc page or test file.
 */
import type { Rule } from '../src/judge/rule-engine/types.js';
import { rule as consentModeDefaultGranted } from './consent-mode-default-granted.js';
import { rule as cookieLifetimeExcessive } from './cookie-lifetime-excessive.js';
import { rule as embedBeforeConsent } from './embed-before-consent.js';
import { rule as fingerprintingBeforeConsent } from './fingerprinting-before-consent.js';
import { rule as formDataLeak } from './form-data-leak.js';
import { rule as googleFontsBeforeConsent } from './google-fonts-before-consent.js';
import { rule as insecureTransport } from './insecure-transport.js';
import { rule as missingConsentBanner } from './missing-consent-banner.js';
import { rule as rejectNotOnFirstLayer } from './reject-not-on-first-layer.js';
import { rule as sessionReplayBeforeConsent } from './session-replay-before-consent.js';
import { rule as tcfConsentMismatch } from './tcf-consent-mismatch.js';
import { rule as thirdCountryTransfer } from './third-country-transfer.js';
import { rule as trackingAfterReject } from './tracking-after-reject.js';
import { rule as trackingBeforeConsent } from './tracking-before-consent.js';
import { rule as withdrawalIneffective } from './withdrawal-ineffective.js';
import { rule as withdrawalNotAvailable } from './withdrawal-not-available.js';
import { rule as rejectHarderThanAccept } from './reject-harder-than-accept.js';
import { rule as pretickedConsent } from './preticked-consent.js';
import { rule as cookieWall } from './cookie-wall.js';
import { rule as bannerWithoutPrivacyLink } from './banner-without-privacy-link.js';

/** Every rule module, with its literal id type kept. */
const MODULES = [
  trackingBeforeConsent,
  trackingAfterReject,
  missingConsentBanner,
  rejectNotOnFirstLayer,
  cookieLifetimeExcessive,
  googleFontsBeforeConsent,
  embedBeforeConsent,
  consentModeDefaultGranted,
  tcfConsentMismatch,
  thirdCountryTransfer,
  sessionReplayBeforeConsent,
  insecureTransport,
  withdrawalNotAvailable,
  withdrawalIneffective,
  rejectHarderThanAccept,
  pretickedConsent,
  cookieWall,
  bannerWithoutPrivacyLink,
  fingerprintingBeforeConsent,
  formDataLeak,
] as const;

/** A rule id. Public API: never rename one without an alias. */
export type RuleId = (typeof MODULES)[number]['meta']['id'];

/** Every rule, in registry order (the order `gdpr-scan rules` lists them). */
export const ALL_RULES: readonly Rule[] = MODULES;

/** Every rule id, in registry order. */
export const RULE_IDS: readonly RuleId[] = MODULES.map((rule) => rule.meta.id);

/** The rules by id (complete by construction: built from the same list as RuleId). */
export const RULES: Readonly<Record<RuleId, Rule>> = Object.fromEntries(MODULES.map((rule): [RuleId, Rule] => [rule.meta.id, rule])) as Record<RuleId, Rule>;
