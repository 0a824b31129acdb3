import { defineRule } from '../src/judge/rule-engine/define-rule.js';
import { hostIsOrUnder, listInWords, groupByReceiver, pagesIn, requestEvidence, visibleRequests } from '../src/judge/rule-engine/helpers.js';
import type { RequestRecord, RuleFinding } from '../src/judge/rule-engine/types.js';

/** Privacy-enhanced embeds that set no cookies before playback: not reported. */
const PRIVACY_ENHANCED_HOSTS = ['youtube-nocookie.com'];

/**
 * A third-party frame of an embedded-content service (video, map) or a social plugin. Scripts
 * and images of those services are not embeds by themselves; the frame document is what loads
 * the provider's page, cookies and trackers into the site.
 */
export function isEmbedFrame(r: RequestRecord): boolean {
  if (r.type !== 'document' || r.isMainFrame || r.firstParty || !r.service) return false;
  if (PRIVACY_ENHANCED_HOSTS.some((h) => hostIsOrUnder(r.host, h))) return false;
  return r.service.category === 'embedded-content' || r.service.category === 'social';
}

const messages = {
  embedBeforeChoice: 'The page embedded {{services}} in {{frames}} before the visitor made any choice; the provider can read its cookies and learns of the visit.',
} as const;

/** Videos, maps and social plugins embedded before consent. */
export const rule = defineRule({
  meta: {
    id: 'embed-before-consent',
    title: 'Third-party embeds loaded before consent',
    severity: 'medium',
    references: ['ePrivacy Directive 2002/58/EC, Art. 5(3)', 'TDDDG §25', 'CJEU C-40/17 Fashion ID (29 Jul 2019)', 'GDPR Art. 6(1)(a)'],
    rationale:
      'An embedded YouTube video, Vimeo player, Google Map or social plugin loads the provider\'s page in a frame, which reads and sets the provider\'s cookies and reports the visit. The site that embeds it is joint controller for that collection (CJEU Fashion ID) and needs consent first.',
    remediation:
      'Replace embeds with a click-to-load placeholder (a preview image and a notice; the frame loads only after the visitor clicks or consents), or use privacy-enhanced variants such as www.youtube-nocookie.com.',
    checks:
      'In the `before` phase: frame documents (resource type document, not the main frame) loaded from services classified as embedded content (YouTube, Vimeo, Google Maps, ...) or social plugins (Facebook, X, Instagram, ...). youtube-nocookie.com is not reported.',
  },
  messages,
  appliesTo: (site) => pagesIn(site, 'before').length > 0 || 'no before phase ran',
  check(site, context) {
    const findings: RuleFinding<typeof messages>[] = [];
    for (const { page, evidence } of pagesIn(site, 'before')) {
      const frames = visibleRequests(evidence, context).filter(isEmbedFrame);
      if (frames.length === 0) continue;
      const services = groupByReceiver(frames).map((g) => g.label);
      findings.push({
        outcome: 'fail',
        phase: 'before',
        pageUrl: page.url,
        messageId: 'embedBeforeChoice',
        data: { services: listInWords(services), frames: frames.length === 1 ? 'a frame' : 'frames' },
        evidence: frames.map((r) => requestEvidence(r)),
      });
    }
    return findings;
  },
});
