import { defineRule } from '../src/judge/rule-engine/define-rule.js';
import { listInWords, plural, screenshotEvidence, sitePageUrl, unmeasuredReason } from '../src/judge/rule-engine/helpers.js';
import type { FindingEvidence } from '../src/judge/rule-engine/types.js';

const messages = {
  noLink: 'The consent banner has no link at all, so no link to a privacy policy or legal notice: the visitor is asked to consent without being told by whom and for what in detail.',
  noPrivacyLink: 'The consent banner has {{links}} ({{list}}), none of which the scanner recognises as a privacy policy or legal notice. Check that the banner links to the privacy policy.',
  unmeasured: 'The scanner could not read the links of the consent banner: {{reason}}.',
} as const;

/** No link to a privacy policy or legal notice inside the banner. */
export const rule = defineRule({
  meta: {
    id: 'banner-without-privacy-link',
    title: 'Consent banner without a link to the privacy policy',
    severity: 'low',
    references: ['GDPR Art. 12(1)', 'GDPR Art. 13(1)', 'GDPR Art. 7(2)', 'EDPB Guidelines 05/2020 on consent, §62-64 (informed consent)'],
    rationale:
      'Consent must be informed: before agreeing, the visitor must be able to learn who the controller is and what the data is used for (GDPR Art. 13, EDPB Guidelines 05/2020 §62-64). A banner usually does that through a link to the privacy policy (and, in Germany and Austria, the legal notice); without one, the information is not at hand when consent is asked.',
    remediation: 'Link the privacy policy (and the legal notice where one is required) from inside the banner, readable before any choice.',
    checks:
      'Once per site, on the banner as the plan\'s first phase measured it before any click: the links inside the banner (shadow roots and the banner\'s own iframe included) against the privacy-policy / legal-notice words of the phrase tables (26 languages), on their text and their href. Fails when the banner has no link at all; needs-review when it has links but none is recognisable, or when the banner could not be measured.',
  },
  messages,
  appliesTo(site) {
    if (!site.consent.bannerFound) return 'no consent banner was found';
    if (!site.consent.bannerDesign) return "the banner's design was not measured (evidence of an older version, or the first phase saw no banner)";
    return true;
  },
  check(site) {
    const design = site.consent.bannerDesign!;
    const pageUrl = sitePageUrl(site);
    const shot = screenshotEvidence(site);
    const notMeasured = unmeasuredReason(design);
    if (notMeasured) return [{ outcome: 'needs-review', pageUrl, messageId: 'unmeasured', data: { reason: notMeasured }, evidence: shot }];
    if (design.privacyLinks.length > 0) return [];
    // Links other than the banner's own buttons (an <a role=button> "Accept" is a button to the visitor).
    const links = design.controls.filter((c) => c.role === 'other' && (c.tag === 'a' || c.roleAttribute === 'link'));
    const evidence: FindingEvidence[] = [
      { kind: 'consent', value: `banner text: "${design.text.slice(0, 200)}${design.text.length > 200 ? '…' : ''}"`, ...(design.language ? { detail: `language ${design.language}` } : {}) },
      ...links.map((c): FindingEvidence => ({ kind: 'consent', value: `link "${c.label}"` })),
      ...shot,
    ];
    if (links.length === 0) return [{ outcome: 'fail', pageUrl, messageId: 'noLink', evidence }];
    return [{ outcome: 'needs-review', pageUrl, messageId: 'noPrivacyLink', data: { links: plural(links.length, 'link'), list: listInWords(links.map((c) => `"${c.label}"`), 4) }, evidence }];
  },
});
