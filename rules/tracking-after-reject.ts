import {
  cookieEvidence,
  cookieNamesInWords,
  cookiesFirstSeen,
  isTrackingCookie,
  isTrackingRequest,
  pagesIn,
  plural,
  receivedInWords,
  requestEvidence,
  sitePageUrl,
  visibleRequests,
} from '../src/judge/rule-engine/helpers.js';
import { defineRule } from '../src/judge/rule-engine/define-rule.js';
import type { ClassifiedSite, FindingEvidence, RuleFinding } from '../src/judge/rule-engine/types.js';

const messages = {
  trackedAfterReject: '{{what}} after the visitor clicked "reject all".',
  rejectNotClicked:
    'The scanner could not click a reject button{{why}}, so it cannot tell whether tracking stops after a refusal; trackers were active in that phase. Reject manually and check again.',
} as const;

/** The reject phase must have run, and there must have been a banner to reject on (no banner is missing-consent-banner's story). */
function appliesTo(site: ClassifiedSite): true | string {
  if (pagesIn(site, 'reject').length === 0) return 'no reject phase ran';
  if (!site.consent.bannerFound && site.consent.reject?.done !== true) return 'no consent banner was found, so there was nothing to reject';
  return true;
}

/** Trackers that keep going after the visitor clicked "reject all". */
export const rule = defineRule({
  meta: {
    id: 'tracking-after-reject',
    title: 'Tracking after the visitor rejected',
    severity: 'high',
    consentClicks: ['reject'],
    references: ['ePrivacy Directive 2002/58/EC, Art. 5(3)', 'TDDDG §25', 'GDPR Art. 6(1)(a)', 'GDPR Art. 4(11)'],
    rationale:
      'A visitor who rejects tracking has refused consent. Trackers that still load, or analytics and marketing cookies that stay on the device, process data against the visitor\'s explicit choice.',
    remediation:
      'Make sure the consent manager blocks every analytics, advertising and social tag when the visitor rejects, including on later pages, and delete analytics / marketing cookies that were set before the choice.',
    checks:
      'In the `reject` phase: requests to known tracking services that started after the reject click, and analytics or marketing cookies present at the end of the visit. Requests made before the click belong to the `before` phase story (rule tracking-before-consent). When the scanner could not click a reject button, the phase shows no real refusal: tracking seen there is reported as needs-review. When it clicked but no independent signal (banner gone, consent record, TCF, Consent Mode, CMP state) proved the refusal, findings are needs-review too, with the reason.',
  },
  messages,
  appliesTo,
  check(site, context) {
    const rejectDone = site.consent.reject?.done === true;
    const perPage = cookiesFirstSeen(site, 'reject', context).map(({ page, evidence, cookies }) => ({
      page,
      // Without a reject click, nothing happened "after" it: every tracker of the phase is suspect.
      requests: visibleRequests(evidence, context).filter((r) => isTrackingRequest(r) && (r.afterConsent || !rejectDone)),
      cookies: cookies.filter(isTrackingCookie),
    }));
    const evidenceOf = (p: (typeof perPage)[number]): FindingEvidence[] => [
      ...p.requests.map((r) => requestEvidence(r)),
      ...p.cookies.map((c) => cookieEvidence(c)),
    ];

    if (!rejectDone) {
      // Without tracking, there is nothing to doubt.
      const withTracking = perPage.filter((p) => p.requests.length > 0 || p.cookies.length > 0);
      if (withTracking.length === 0) return [];
      const detail = site.consent.reject?.detail;
      return [
        {
          outcome: 'needs-review',
          phase: 'reject',
          pageUrl: sitePageUrl(site),
          messageId: 'rejectNotClicked',
          data: { why: detail ? ` (${detail})` : '' },
          evidence: withTracking.flatMap(evidenceOf),
        },
      ];
    }

    const findings: RuleFinding<typeof messages>[] = [];
    for (const p of perPage) {
      if (p.requests.length === 0 && p.cookies.length === 0) continue;
      const parts: string[] = [];
      if (p.requests.length > 0) parts.push(receivedInWords(p.requests));
      if (p.cookies.length > 0) parts.push(`${plural(p.cookies.length, 'analytics or marketing cookie')} (${cookieNamesInWords(p.cookies)}) ${p.cookies.length === 1 ? 'was' : 'were'} still on the device`);
      findings.push({
        outcome: 'fail',
        phase: 'reject',
        pageUrl: p.page.url,
        messageId: 'trackedAfterReject',
        data: { what: parts.join(', and ') },
        evidence: evidenceOf(p),
      });
    }
    return findings;
  },
});
