import { defineRule } from '../src/judge/rule-engine/define-rule.js';
import { cookieEvidence, cookiesFirstSeen, listInWords, pagesIn, plural } from '../src/judge/rule-engine/helpers.js';
import type { CookieRecord, RuleFinding } from '../src/judge/rule-engine/types.js';

/** Default limit: 13 months, as the CNIL recommends for consent-based cookies. */
export const DEFAULT_MAX_DAYS = 395;

/** Chromium stores no cookie longer than 400 days: a cookie at the cap most likely asked for more. */
const CHROMIUM_CAP_DAYS = 400;

const messages = {
  consentBasedTooLong: '{{cookies}} {{live}} longer than {{maxDays}} days: {{list}}.',
  unknownPurposeTooLong: '{{cookies}} of unknown purpose {{live}} longer than {{maxDays}} days: {{list}}. If {{theyAre}} not strictly necessary, shorten the lifetime.',
} as const;

/** Consent-based cookies that live longer than 13 months. */
export const rule = defineRule({
  meta: {
    id: 'cookie-lifetime-excessive',
    title: 'Consent-based cookie lives too long',
    severity: 'medium',
    consentClicks: ['accept'],
    references: ['CNIL deliberations 2020-091 and 2020-092 (17 Sep 2020)', 'CJEU C-673/17 Planet49 (1 Oct 2019)'],
    rationale:
      'A cookie set on the strength of consent should not outlive that consent. The CNIL recommends at most 13 months for such cookies, after which the visitor must be asked again; identifiers kept for years allow tracking far beyond what the visitor agreed to.',
    remediation:
      'Set the expiry of analytics, marketing and functional cookies to 13 months or less (for Google Analytics: the cookie_expires setting), and renew consent when it runs out.',
    checks:
      'In the `accept` phase, where consent-based cookies exist: every cookie that is not strictly necessary and not the consent manager\'s own record, with a lifetime above `maxDays`. Cookies of unknown purpose over the limit are needs-review (low). Each cookie is reported once, on the first page where it appeared. When the accept click went through but nothing verified it, fails in that phase are needs-review, and no finding there is needs-review rather than a pass.',
    options: {
      maxDays: { type: 'integer', minimum: 1, maximum: 3650, default: DEFAULT_MAX_DAYS, description: 'Longest accepted lifetime in days (395 = 13 months).' },
    },
  },
  messages,
  appliesTo: (site) => pagesIn(site, 'accept').length > 0 || 'no accept phase ran',
  check(site, context) {
    const { maxDays } = context.options;
    const findings: RuleFinding<typeof messages>[] = [];
    const tooLong = (c: CookieRecord) => c.lifetimeDays !== null && c.lifetimeDays > maxDays && c.consentRecord !== true;
    const capNote = (c: CookieRecord) =>
      c.lifetimeDays !== null && c.lifetimeDays >= CHROMIUM_CAP_DAYS - 1 ? `at Chromium's ${CHROMIUM_CAP_DAYS}-day cap: the site probably asked for longer` : undefined;
    const describe = (cookies: CookieRecord[]) => {
      const named = listInWords(cookies.map((c) => `${c.name} (${Math.round(c.lifetimeDays ?? 0)} days)`), 4);
      const capped = cookies.some((c) => capNote(c) !== undefined);
      return `${named}${capped ? `; Chromium stores no cookie longer than ${CHROMIUM_CAP_DAYS} days, so the site probably asked for even longer` : ''}`;
    };
    for (const { page, cookies } of cookiesFirstSeen(site, 'accept', context)) {
      const consentBased = cookies.filter((c) => tooLong(c) && (c.category === 'analytics' || c.category === 'marketing' || c.category === 'functional'));
      const unknown = cookies.filter((c) => tooLong(c) && c.category === 'unknown');
      if (consentBased.length > 0) {
        findings.push({
          outcome: 'fail',
          phase: 'accept',
          pageUrl: page.url,
          messageId: 'consentBasedTooLong',
          data: { cookies: plural(consentBased.length, 'consent-based cookie'), live: consentBased.length === 1 ? 'lives' : 'live', maxDays, list: describe(consentBased) },
          evidence: consentBased.map((c) => cookieEvidence(c, capNote(c))),
        });
      }
      if (unknown.length > 0) {
        findings.push({
          outcome: 'needs-review',
          severity: 'low',
          phase: 'accept',
          pageUrl: page.url,
          messageId: 'unknownPurposeTooLong',
          data: { cookies: plural(unknown.length, 'cookie'), live: unknown.length === 1 ? 'lives' : 'live', maxDays, list: describe(unknown), theyAre: unknown.length === 1 ? 'it is' : 'they are' },
          evidence: unknown.map((c) => cookieEvidence(c, capNote(c))),
        });
      }
    }
    return findings;
  },
});
