import { PHASES } from '../src/model/evidence.js';
import { cookieEvidence, cookieNamesInWords, cookiesFirstSeen, isTrackingCookie, isTrackingRequest, listInWords, groupByReceiver, requestEvidence, sitePageUrl, visibleRequests } from '../src/judge/rule-engine/helpers.js';
import { defineRule } from '../src/judge/rule-engine/define-rule.js';
import type { CookieRecord, FindingEvidence, RequestRecord } from '../src/judge/rule-engine/types.js';

const messages = {
  trackedWithoutBanner: 'No consent banner was found, yet {{what}}: visitors are tracked without being asked.',
  bannerMaybeMissed:
    'The scanner found no consent banner, yet {{what}}. The site shows signs of a consent manager ({{signs}}), so the banner may have been missed: check whether it appears.',
  detectionInconclusive:
    'The scanner found no consent banner, yet {{what}}. Its banner detection could not finish ({{why}}), so a banner may have been missed: check whether it appears.',
} as const;

/** Trackers or tracking cookies on a site where no consent banner was found. */
export const rule = defineRule({
  meta: {
    id: 'missing-consent-banner',
    title: 'Tracking without a consent banner',
    severity: 'high',
    references: ['ePrivacy Directive 2002/58/EC, Art. 5(3)', 'TDDDG §25', 'GDPR Art. 4(11)', 'GDPR Art. 7(1)', 'GDPR Recital 32'],
    rationale:
      'Consent must be given by a clear affirmative act, and the site must be able to show it was given. A site that tracks visitors without asking has no way to obtain or demonstrate consent; silence or continued browsing is not consent.',
    remediation:
      'Either remove the analytics, advertising and social tags, or add a consent manager that asks before they load and offers accepting and rejecting on equal terms.',
    checks:
      'Once per site: requests to known tracking services or analytics / marketing cookies in any phase, while the scanner found no consent banner (a consent control it clicked counts as one). When the page shows other signs of a consent manager (a CMP named from its fingerprints, a TCF API, a consent record cookie, requests to a consent-manager service), or the banner detection could not finish (the in-page scan timed out), the banner may just have been missed: needs-review instead of fail.',
  },
  messages,
  check(site, context) {
    // bannerFound also covers a banner the detection missed but a phase then clicked (mergeConsent).
    if (site.consent.bannerFound) return [];
    const requests: RequestRecord[] = [];
    const cookies: CookieRecord[] = [];
    const cmpSigns: string[] = [];
    if (site.consent.cmp) cmpSigns.push(`consent manager ${site.consent.cmp.name} detected (${site.consent.cmp.detectedBy.join(', ')})`);
    // Without a banner the withdraw phase sees only its start page as the before phase did: not counted twice.
    for (const phase of PHASES.filter((p) => p !== 'withdraw')) {
      for (const { evidence, cookies: newCookies } of cookiesFirstSeen(site, phase, context)) {
        const visible = visibleRequests(evidence, context);
        requests.push(...visible.filter(isTrackingRequest));
        cookies.push(...newCookies.filter(isTrackingCookie));
        if (evidence.tcf?.cmpPresent) cmpSigns.push('an IAB TCF API (__tcfapi) answered');
        for (const c of evidence.cookies) if (c.consentRecord) cmpSigns.push(`consent record cookie ${c.name}`);
        for (const r of visible) if (r.service?.category === 'consent-manager') cmpSigns.push(`requests to ${r.service.name}`);
      }
    }
    if (requests.length === 0 && cookies.length === 0) return [];
    // The same cookie in three phases is one cookie.
    const distinctCookies = [...new Map(cookies.map((c) => [`${c.name}@${c.domain}`, c])).values()];
    const receivers = groupByReceiver(requests).map((g) => g.label);
    const what: string[] = [];
    if (receivers.length > 0) what.push(`requests went to ${listInWords(receivers)}`);
    if (distinctCookies.length > 0) what.push(`analytics or marketing cookies were set (${cookieNamesInWords(distinctCookies)})`);
    const evidence: FindingEvidence[] = [
      { kind: 'consent', value: 'no consent banner found' },
      ...requests.map((r) => requestEvidence(r)),
      ...distinctCookies.map((c) => cookieEvidence(c)),
    ];
    const signs = [...new Set(cmpSigns)];
    if (site.consent.inconclusive) {
      // A detection that could not finish is never "no banner" (seen: banner scans timing out on a busy machine).
      return [
        {
          outcome: 'needs-review',
          pageUrl: sitePageUrl(site),
          messageId: 'detectionInconclusive',
          data: { what: what.join(' and '), why: site.consent.inconclusive },
          evidence: [...evidence, { kind: 'consent' as const, value: 'banner detection inconclusive', detail: site.consent.inconclusive }],
        },
      ];
    }
    if (signs.length > 0) {
      return [
        {
          outcome: 'needs-review',
          pageUrl: sitePageUrl(site),
          messageId: 'bannerMaybeMissed',
          data: { what: what.join(' and '), signs: listInWords(signs) },
          evidence: [...evidence, ...signs.map((s) => ({ kind: 'consent' as const, value: s }))],
        },
      ];
    }
    return [
      {
        outcome: 'fail',
        pageUrl: sitePageUrl(site),
        messageId: 'trackedWithoutBanner',
        data: { what: what.join(' and ') },
        evidence,
      },
    ];
  },
});
