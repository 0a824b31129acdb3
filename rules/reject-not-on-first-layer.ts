import { sitePageUrl } from '../src/judge/rule-engine/helpers.js';
import { defineRule } from '../src/judge/rule-engine/define-rule.js';
import type { ClassifiedSite, FindingEvidence } from '../src/judge/rule-engine/types.js';

const messages = {
  noRejectOnFirstLayer: 'The consent banner offers "accept all" on its first layer but no way to reject all there: refusing takes more effort than accepting.',
  rejectUnknown:
    'The consent banner offers "accept all" on its first layer; the scanner could not tell whether a "reject all" control is offered next to it. Check the banner.',
} as const;

/** The rule judges a banner's first layer: there must be a banner, and its accept control must have been classified. */
function appliesTo(site: ClassifiedSite): true | string {
  if (!site.consent.bannerFound) return 'no consent banner was found';
  if (site.consent.acceptOnFirstLayer === null) return "the scanner could not classify the banner's accept control";
  return true;
}

/** "Accept all" on the banner's first layer, but no "reject all" next to it. */
export const rule = defineRule({
  meta: {
    id: 'reject-not-on-first-layer',
    title: 'No reject option on the first layer of the banner',
    severity: 'medium',
    references: [
      'EDPB Cookie Banner Taskforce report (adopted 17 Jan 2023)',
      'CNIL deliberations 2020-091 and 2020-092 (17 Sep 2020)',
      'GDPR Art. 4(11)',
    ],
    rationale:
      'Consent is only freely given when refusing is as easy as accepting. Most European authorities consider a first layer that offers "accept all" but hides the refusal in settings an infringement; the CNIL fined Google and Facebook for exactly this.',
    remediation:
      'Put a "reject all" button on the first layer of the banner, next to "accept all", with the same prominence (size, colour, contrast). A link inside the text or a "settings" button is not enough.',
    checks:
      'Once per site, from what the scanner saw on the banner: an accept-all control on the first layer and no reject-all control there. When the scanner could not classify the controls (unknown), a banner with accept-all and an unknown reject option is needs-review.',
  },
  messages,
  appliesTo,
  check(site) {
    const { bannerFound, acceptOnFirstLayer, rejectOnFirstLayer, cmp } = site.consent;
    // No accept-all on the first layer: nothing is easier than refusing.
    if (!bannerFound || acceptOnFirstLayer !== true) return [];
    const evidence: FindingEvidence[] = [
      { kind: 'consent', value: 'accept all on first layer: yes', ...(cmp ? { detail: `consent manager: ${cmp.name}` } : {}) },
      { kind: 'consent', value: `reject all on first layer: ${rejectOnFirstLayer === false ? 'no' : 'unknown'}` },
    ];
    if (site.consent.reject) {
      const how = site.consent.reject;
      evidence.push({
        kind: 'consent',
        value: `reject click: ${how.done ? `done (${how.method}${how.method === 'heuristic' ? `, ${how.path}` : ''})` : 'not done'}`,
        ...(how.method === 'heuristic' && how.clickedText ? { detail: `clicked "${how.clickedText}"` } : how.detail ? { detail: how.detail } : {}),
      });
    }
    if (rejectOnFirstLayer === false) {
      return [
        {
          outcome: 'fail',
          pageUrl: sitePageUrl(site),
          messageId: 'noRejectOnFirstLayer',
          evidence,
        },
      ];
    }
    if (rejectOnFirstLayer === null) {
      return [
        {
          outcome: 'needs-review',
          pageUrl: sitePageUrl(site),
          messageId: 'rejectUnknown',
          evidence,
        },
      ];
    }
    return [];
  },
});
