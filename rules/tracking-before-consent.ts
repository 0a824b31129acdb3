import { defineRule } from '../src/judge/rule-engine/define-rule.js';
import { cookieEvidence, cookieNamesInWords, cookiesFirstSeen, isTrackingCookie, isTrackingRequest, pagesIn, plural, receivedInWords, requestEvidence, visibleRequests } from '../src/judge/rule-engine/helpers.js';
import type { RuleFinding } from '../src/judge/rule-engine/types.js';

const messages = {
  trackedBeforeChoice: '{{what}} before the visitor made any consent choice.',
} as const;

/** Trackers contacted, or analytics / marketing cookies set, before the visitor made any choice. */
export const rule = defineRule({
  meta: {
    id: 'tracking-before-consent',
    title: 'Tracking before consent',
    severity: 'high',
    references: [
      'ePrivacy Directive 2002/58/EC, Art. 5(3)',
      'TDDDG §25',
      'GDPR Art. 6(1)(a)',
      'EDPB Guidelines 2/2023 on the technical scope of Art. 5(3) ePrivacy Directive',
    ],
    rationale:
      'Reading or storing information on a visitor\'s device for analytics or advertising needs prior consent. Trackers that load before the visitor answered the banner collect data without any consent.',
    remediation:
      'Load analytics, advertising and social tags only after the visitor accepted: let the consent manager block them (tag manager consent triggers, type="text/plain" scripts with a consent category) and set analytics / marketing cookies only after consent.',
    checks:
      'In the `before` phase (fresh profile, no click on the banner): every request to a known tracking service (advertising, analytics, social, session replay, customer interaction) and every analytics or marketing cookie. Tag managers, CDNs, fonts, consent managers and unknown third parties are not counted.',
  },
  messages,
  appliesTo: (site) => pagesIn(site, 'before').length > 0 || 'no before phase ran',
  check(site, context) {
    const findings: RuleFinding<typeof messages>[] = [];
    for (const { page, evidence, cookies } of cookiesFirstSeen(site, 'before', context)) {
      const requests = visibleRequests(evidence, context).filter(isTrackingRequest);
      const trackingCookies = cookies.filter(isTrackingCookie);
      if (requests.length === 0 && trackingCookies.length === 0) continue;
      const parts: string[] = [];
      if (requests.length > 0) parts.push(receivedInWords(requests));
      if (trackingCookies.length > 0) parts.push(`${plural(trackingCookies.length, 'analytics or marketing cookie')} (${cookieNamesInWords(trackingCookies)}) ${trackingCookies.length === 1 ? 'was' : 'were'} set`);
      findings.push({
        outcome: 'fail',
        phase: 'before',
        pageUrl: page.url,
        messageId: 'trackedBeforeChoice',
        data: { what: parts.join(', and ') },
        evidence: [...requests.map((r) => requestEvidence(r)), ...trackingCookies.map((c) => cookieEvidence(c))],
      });
    }
    return findings;
  },
});
