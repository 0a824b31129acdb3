import { defineRule } from '../src/judge/rule-engine/define-rule.js';
import { pagesIn, receivedInWords, requestEvidence, visibleRequests } from '../src/judge/rule-engine/helpers.js';
import type { RuleFinding } from '../src/judge/rule-engine/types.js';

const messages = {
  recordingBeforeChoice: 'Session recording started before the visitor made any choice: {{receivers}}.',
} as const;

/** Session recording services loaded before consent. */
export const rule = defineRule({
  meta: {
    id: 'session-replay-before-consent',
    title: 'Session replay before consent',
    severity: 'high',
    references: ['ePrivacy Directive 2002/58/EC, Art. 5(3)', 'TDDDG §25', 'GDPR Art. 6(1)(a)', 'EDPB Guidelines 2/2023 on the technical scope of Art. 5(3) ePrivacy Directive'],
    rationale:
      'Session replay tools record what a visitor does on the page (mouse movements, clicks, scrolling, often typed text) and send it to the provider. This is among the most intrusive forms of tracking and can capture personal data typed into forms; it needs consent before it starts.',
    remediation:
      'Start the session replay script (Hotjar, Microsoft Clarity, FullStory, Mouseflow, ...) only after the visitor consented, and mask form fields and personal data in the tool\'s settings.',
    checks:
      'In the `before` phase: any request to a service classified as session replay.',
  },
  messages,
  appliesTo: (site) => pagesIn(site, 'before').length > 0 || 'no before phase ran',
  check(site, context) {
    const findings: RuleFinding<typeof messages>[] = [];
    for (const { page, evidence } of pagesIn(site, 'before')) {
      const requests = visibleRequests(evidence, context).filter((r) => r.service?.category === 'session-replay');
      if (requests.length === 0) continue;
      findings.push({
        outcome: 'fail',
        phase: 'before',
        pageUrl: page.url,
        messageId: 'recordingBeforeChoice',
        data: { receivers: receivedInWords(requests) },
        evidence: requests.map((r) => requestEvidence(r)),
      });
    }
    return findings;
  },
});
