import { defineRule } from '../src/judge/rule-engine/define-rule.js';
import { hostIsOrUnder, listInWords, pagesIn, plural, requestEvidence, visibleRequests } from '../src/judge/rule-engine/helpers.js';
import type { RequestRecord, RuleFinding } from '../src/judge/rule-engine/types.js';

const GOOGLE_FONT_HOSTS = ['fonts.googleapis.com', 'fonts.gstatic.com'];

/** A request to Google's font service: by host name, or as classified (fonts by Google). */
export function isGoogleFontsRequest(r: RequestRecord): boolean {
  if (GOOGLE_FONT_HOSTS.some((h) => hostIsOrUnder(r.host, h))) return true;
  return r.service?.category === 'fonts' && /\bgoogle\b/i.test(r.service.organization);
}

const messages = {
  fontsBeforeChoice: "The page loaded {{files}} from Google Fonts ({{hosts}}) before the visitor made any choice; each request sends the visitor's IP address to Google.",
} as const;

/** Web fonts loaded from Google's servers before consent. */
export const rule = defineRule({
  meta: {
    id: 'google-fonts-before-consent',
    title: 'Google Fonts loaded from Google before consent',
    severity: 'medium',
    references: ['LG München I, 20 Jan 2022, 3 O 17493/20', 'GDPR Art. 6(1)'],
    rationale:
      'Every font request to Google\'s servers sends the visitor\'s IP address to Google. A German court (LG München I) held this unlawful without consent, since the fonts can be served from the site itself, and awarded damages.',
    remediation:
      'Host the font files on your own server (download them, serve them with @font-face from your domain) and remove the links to fonts.googleapis.com and fonts.gstatic.com, including those added by themes and plugins.',
    checks:
      'In the `before` phase: requests to fonts.googleapis.com or fonts.gstatic.com, or to a service classified as fonts by Google.',
  },
  messages,
  appliesTo: (site) => pagesIn(site, 'before').length > 0 || 'no before phase ran',
  check(site, context) {
    const findings: RuleFinding<typeof messages>[] = [];
    for (const { page, evidence } of pagesIn(site, 'before')) {
      const requests = visibleRequests(evidence, context).filter(isGoogleFontsRequest);
      if (requests.length === 0) continue;
      const hosts = [...new Set(requests.map((r) => r.host))];
      findings.push({
        outcome: 'fail',
        phase: 'before',
        pageUrl: page.url,
        messageId: 'fontsBeforeChoice',
        data: { files: plural(requests.length, 'file'), hosts: listInWords(hosts) },
        evidence: requests.map((r) => requestEvidence(r)),
      });
    }
    return findings;
  },
});
