import { defineRule } from '../src/judge/rule-engine/define-rule.js';
import { behaviourIn, hostIsOrUnder, isProvenElsewhere, listInWords, pagesIn, plural, receivedInWords, requestEvidence, provenScriptUrls, scriptEvidence, scriptLabel, visibleRequests } from '../src/judge/rule-engine/helpers.js';
import type { RuleFinding } from '../src/judge/rule-engine/types.js';
import type { ClassifiedSite, ReplayAssessment, ScriptBehaviour } from '../src/model/evidence.js';

const messages = {
  recordingBeforeChoice: 'Session recording started before the visitor made any choice: {{receivers}}.',
  replayBehaviour:
    '{{script}} recorded the visit before the visitor made any choice: it observed every change of the document, listened to typing and mouse movement, and sent {{batches}} to {{receivers}}.',
  replayLikeBehaviour: '{{script}} behaved in part like a session recorder before the visitor made any choice ({{signals}}; not seen: {{missing}}).',
} as const;

const SIGNALS: Array<[keyof ReplayAssessment, string]> = [
  ['observesDocument', 'observed every change of the document'],
  ['listensToInput', 'listened to typing'],
  ['listensToMouse', 'listened to mouse movement'],
  ['batchedToThirdParty', 'sent batched uploads to a third party'],
];

/** The script's sends to its replay receivers, from the page's raw activity. */
function batchesInWords(site: ClassifiedSite, b: ScriptBehaviour, replay: ReplayAssessment): string {
  const activities = site.pages.find((p) => p.url === b.pageUrl)?.phases[b.phase]?.scriptActivity ?? [];
  const sends = activities
    .filter((a) => a.scriptUrl === b.scriptUrl && !!a.inline === !!b.inline)
    .flatMap((a) => a.sends ?? [])
    .filter((s) => replay.receivers.includes(s.host));
  const count = sends.reduce((n, s) => n + s.count, 0);
  const bytes = sends.reduce((n, s) => n + s.bytes, 0);
  return count > 0 ? `${plural(count, 'batch', 'batches')} (${bytes} bytes)` : 'batches';
}

/** Session recording before consent: known replay services by host, unknown ones by behaviour. */
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
      'In the `before` phase: any request to a service classified as session replay (fail); and, by behaviour, any script (other than those services\' own) that observed DOM mutations on the whole document (subtree, with attributes or text), listened to input (input, keydown, keyup, change) and to mouse movement (mousemove, pointermove) on the document or window, and sent at least 2 requests with a body of at least 1024 bytes in all to one third-party host (fail). Three of these four signals, from a third-party script or with the uploads, are needs-review, unless the same script was proven a recorder on another page of the phase (one script, one verdict). Allowlisted hosts are ignored.',
  },
  messages,
  appliesTo: (site) => pagesIn(site, 'before').length > 0 || 'no before phase ran',
  check(site, context) {
    const findings: RuleFinding<typeof messages>[] = [];
    const knownHosts = new Map<string, string[]>();
    for (const { page, evidence } of pagesIn(site, 'before')) {
      const requests = visibleRequests(evidence, context).filter((r) => r.service?.category === 'session-replay');
      knownHosts.set(page.url, requests.map((r) => r.host));
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
    const behaviour = behaviourIn(site, 'before', context);
    const proven = provenScriptUrls(behaviour, (b) => b.replay?.replayLike === true);
    for (const [pageUrl, scripts] of behaviour) {
      for (const b of scripts) {
        const replay = b.replay;
        if (!replay) continue;
        // A known replay service already reported by host on this page: its script is that service.
        if (b.service?.category === 'session-replay' || (knownHosts.get(pageUrl) ?? []).some((h) => hostIsOrUnder(b.host, h) || replay.receivers.includes(h))) continue;
        const seen = SIGNALS.filter(([key]) => replay[key] === true);
        const evidence = [scriptEvidence(b), ...seen.map(([key, words]) => ({ kind: 'other' as const, value: key, detail: words })), ...replay.receivers.map((host) => ({ kind: 'other' as const, value: host, detail: 'received batched uploads' }))];
        if (replay.replayLike) {
          findings.push({
            outcome: 'fail',
            phase: 'before',
            pageUrl,
            messageId: 'replayBehaviour',
            data: { script: scriptLabel(b), batches: batchesInWords(site, b, replay), receivers: listInWords(replay.receivers) },
            evidence,
          });
        } else if (seen.length >= 3 && (!b.firstParty || replay.batchedToThirdParty) && !isProvenElsewhere(b, proven)) {
          findings.push({
            outcome: 'needs-review',
            phase: 'before',
            pageUrl,
            messageId: 'replayLikeBehaviour',
            data: { script: scriptLabel(b), signals: listInWords(seen.map(([, w]) => w), 4), missing: listInWords(SIGNALS.filter(([key]) => replay[key] !== true).map(([, w]) => w), 4) },
            evidence,
          });
        }
      }
    }
    return findings;
  },
});
