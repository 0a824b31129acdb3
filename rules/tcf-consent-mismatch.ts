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
  visibleRequests,
} from '../src/judge/rule-engine/helpers.js';
import { defineRule } from '../src/judge/rule-engine/define-rule.js';
import type { ClassifiedSite, FindingEvidence, RuleFinding } from '../src/judge/rule-engine/types.js';
import { PHASES, type TcfSnapshot } from '../src/model/evidence.js';

/** TCF purpose 1: store and/or access information on a device. */
const PURPOSE_STORAGE = 1;

function tcfEvidence(tcf: TcfSnapshot): FindingEvidence {
  const purposes = tcf.purposeConsents ?? [];
  const vendors = tcf.vendorConsents ?? [];
  const shownVendors = vendors.slice(0, 20).join(', ') + (vendors.length > 20 ? `, +${vendors.length - 20} more` : '');
  return {
    kind: 'consent',
    // A TC string encodes choices only, no identifier; it is kept whole so it can be decoded again.
    value: tcf.tcString ? `TC string ${tcf.tcString}` : 'TCF state without a TC string',
    detail: [
      `eventStatus ${tcf.eventStatus ?? 'unknown'}`,
      tcf.cmpId !== undefined ? `CMP id ${tcf.cmpId}` : '',
      `purpose consents: ${purposes.length > 0 ? purposes.join(', ') : 'none'}`,
      `vendor consents: ${vendors.length > 0 ? shownVendors : 'none'}`,
    ]
      .filter(Boolean)
      .join('; '),
  };
}

const messages = {
  consentBeforeChoice:
    "The site's TCF consent string recorded {{what}} (eventStatus {{eventStatus}}) before the visitor made any choice: vendors reading it act as if the visitor had agreed.",
  preTicked: "The consent banner was showing, yet the site's TCF consent string already recorded {{what}} before the visitor chose anything. Check for pre-ticked choices.",
  trackedDespiteRefusal: 'After "reject all", the site\'s own TCF consent string records the refusal, yet {{what}}.',
} as const;

/** Whether a TCF CMP answered (__tcfapi) in any phase: without one there is no consent string to compare. */
function tcfCmpSeen(site: ClassifiedSite): boolean {
  return PHASES.some((phase) => pagesIn(site, phase).some(({ evidence }) => evidence.tcf?.cmpPresent === true));
}

/** The site's IAB TCF consent string contradicts what the visitor did, or what the site does. */
export const rule = defineRule({
  meta: {
    id: 'tcf-consent-mismatch',
    title: 'IAB TCF consent string contradicts the visitor\'s choice',
    severity: 'high',
    consentClicks: ['reject'],
    references: ['GDPR Art. 7(1)', 'GDPR Recital 32', 'ePrivacy Directive 2002/58/EC, Art. 5(3)', 'IAB TCF v2.2 (technical signal)'],
    rationale:
      'With the IAB Transparency & Consent Framework, the consent manager passes the visitor\'s choices to every ad vendor in a TC string. A string that records consent before the visitor chose anything, or vendors that keep tracking after the string records a refusal, mean the consent the site relies on cannot be demonstrated.',
    remediation:
      'Configure the consent manager so that it records consents only after an explicit choice, and make sure tags respect the TC string: load vendors only when their purpose 1 and vendor consent are present (most ad tags do this when they read __tcfapi; hard-coded tags do not).',
    checks:
      'Uses the TCF state read through __tcfapi(\'addEventListener\', 2, ...). Fails when (a) in the `before` phase the TC string grants purpose 1 or any vendor consent while its eventStatus is not cmpuishown (a choice recorded that the visitor never made), or (b) in the `reject` phase after the reject click, the string denies purpose 1 or grants no vendor, yet trackers receive requests or analytics / marketing cookies are set. A banner shown (cmpuishown) with consents already set is needs-review (pre-ticked choices?). No TCF data, an undecodable string, or gdprApplies false: no finding. When the reject click went through but nothing verified it, fails in that phase are needs-review, and no finding there is needs-review rather than a pass.',
  },
  messages,
  appliesTo: (site) => tcfCmpSeen(site) || 'no IAB TCF consent manager (__tcfapi) answered',
  check(site, context) {
    const findings: RuleFinding<typeof messages>[] = [];

    // The CMP's state carries over from page to page: the same string is reported once, where it first appeared.
    const seenStrings = new Set<string>();
    for (const { page, evidence } of pagesIn(site, 'before')) {
      const tcf = evidence.tcf;
      if (!tcf?.tcString || tcf.error || tcf.gdprApplies === false || seenStrings.has(tcf.tcString)) continue;
      seenStrings.add(tcf.tcString);
      const purpose1 = tcf.purposeConsents?.includes(PURPOSE_STORAGE) === true;
      const vendors = tcf.vendorConsents?.length ?? 0;
      if (!purpose1 && vendors === 0) continue;
      const what = [purpose1 ? 'consent to purpose 1 (store and access information on the device)' : '', vendors > 0 ? `consent for ${plural(vendors, 'vendor')}` : '']
        .filter(Boolean)
        .join(' and ');
      if (tcf.eventStatus === 'cmpuishown') {
        findings.push({
          outcome: 'needs-review',
          phase: 'before',
          pageUrl: page.url,
          messageId: 'preTicked',
          data: { what },
          evidence: [tcfEvidence(tcf)],
        });
      } else {
        findings.push({
          outcome: 'fail',
          phase: 'before',
          pageUrl: page.url,
          messageId: 'consentBeforeChoice',
          data: { what, eventStatus: tcf.eventStatus ?? 'unknown' },
          evidence: [tcfEvidence(tcf)],
        });
      }
    }

    if (site.consent.reject?.done === true) {
      for (const { page, evidence, cookies } of cookiesFirstSeen(site, 'reject', context)) {
        const tcf = evidence.tcf;
        if (!tcf?.tcString || tcf.error || tcf.gdprApplies === false || tcf.purposeConsents === undefined) continue;
        const denies = !tcf.purposeConsents.includes(PURPOSE_STORAGE) || (tcf.vendorConsents !== undefined && tcf.vendorConsents.length === 0);
        if (!denies) continue;
        const requests = visibleRequests(evidence, context).filter((r) => r.afterConsent && isTrackingRequest(r));
        const trackingCookies = cookies.filter(isTrackingCookie);
        if (requests.length === 0 && trackingCookies.length === 0) continue;
        const parts: string[] = [];
        if (requests.length > 0) parts.push(receivedInWords(requests));
        if (trackingCookies.length > 0) parts.push(`${cookieNamesInWords(trackingCookies)} ${trackingCookies.length === 1 ? 'was' : 'were'} on the device`);
        findings.push({
          outcome: 'fail',
          phase: 'reject',
          pageUrl: page.url,
          messageId: 'trackedDespiteRefusal',
          data: { what: parts.join(' and ') },
          evidence: [tcfEvidence(tcf), ...requests.map((r) => requestEvidence(r)), ...trackingCookies.map((c) => cookieEvidence(c))],
        });
      }
    }
    return findings;
  },
});
