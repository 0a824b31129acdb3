import { rule } from '../../rules/session-replay-before-consent.js';
import { SITE, activity, page, req, requests, services, site } from './evidence-builder.js';
import { ruleTester } from './rule-tester.js';

ruleTester(rule, {
  valid: [
    { name: 'analytics is not session replay', site: site({ phases: { before: { requests: [requests.ga()] } } }), outcome: 'pass' },
    { name: 'no before phase ran', site: site({ phases: { accept: { requests: [requests.hotjar({ afterConsent: true })] } } }), outcome: 'not-applicable' },
    { name: 'session replay after accepting', site: site({ phases: { accept: { requests: [requests.hotjar({ afterConsent: true })] } } }) },
    { name: 'allowlisted', site: site({ phases: { before: { requests: [requests.hotjar()] } } }), config: { allowlist: { hosts: ['hotjar.com'] } } },
    { name: 'a recorder that starts only after accepting', site: site({ phases: { before: {}, accept: { scriptActivity: [activity.recorder({ afterConsent: true })] } } }), outcome: 'pass' },
    {
      name: 'a first-party framework observing the page and listening to input, sending nothing to a third party',
      site: site({ phases: { before: { scriptActivity: [activity.recorder({ scriptUrl: `${SITE}/app.js`, sends: [{ host: 'shop.example', count: 4, bytes: 9000 }] })] } } }),
      outcome: 'pass',
    },
    {
      name: 'a third-party widget listening to clicks on the document only',
      site: site({ phases: { before: { scriptActivity: [activity.recorder({ replay: { documentObservers: 0, observesAttributes: false, observesCharacterData: false, listeners: ['click'] }, sends: [] })] } } }),
      outcome: 'pass',
    },
    { name: 'allowlisted recorder host', site: site({ phases: { before: { scriptActivity: [activity.recorder()] } } }), config: { allowlist: { hosts: ['cdn.visitlens.example'] } } },
  ],
  invalid: [
    {
      name: 'Hotjar and Clarity before consent',
      site: site({ phases: { before: { requests: [requests.hotjar(), req('https://www.clarity.ms/tag/abc', { service: services.clarity })] } } }),
      findings: [
        {
          outcome: 'fail',
          phase: 'before',
          pageUrl: `${SITE}/`,
          messageId: 'recordingBeforeChoice',
          message: /^Session recording started before the visitor made any choice: Hotjar \(Hotjar Ltd\) received 1 request and Microsoft Clarity \(Microsoft Corporation\) received 1 request\.$/,
        },
      ],
    },
    {
      name: 'Hotjar by host and by behaviour: one finding, by host',
      site: site({
        phases: {
          before: {
            requests: [requests.hotjar()],
            scriptActivity: [activity.recorder({ scriptUrl: 'https://static.hotjar.com/c/hotjar-123.js?sv=6', sends: [{ host: 'in.hotjar.com', count: 3, bytes: 20_000 }] })],
          },
        },
      }),
      findings: [{ outcome: 'fail', messageId: 'recordingBeforeChoice' }],
    },
    {
      name: 'a recorder on an unknown host, all four signals: fail with the batches',
      site: site({ phases: { before: { scriptActivity: [activity.recorder()] } } }),
      findings: [
        {
          outcome: 'fail',
          phase: 'before',
          pageUrl: `${SITE}/`,
          messageId: 'replayBehaviour',
          message:
            /^https:\/\/cdn\.visitlens\.example\/rec\.js \(third party\) recorded the visit before the visitor made any choice: it observed every change of the document, listened to typing and mouse movement, and sent 3 batches \(18406 bytes\) to ingest\.visitlens\.example\.$/,
          evidence: ['https://cdn.visitlens.example/rec.js', 'observesDocument', 'listensToInput', 'listensToMouse', 'batchedToThirdParty', 'ingest.visitlens.example'],
        },
      ],
    },
    {
      name: 'a self-hosted recorder uploading to a third party: fail',
      site: site({ phases: { before: { scriptActivity: [activity.recorder({ scriptUrl: `${SITE}/js/replay.js` })] } } }),
      findings: [{ outcome: 'fail', messageId: 'replayBehaviour', message: /^https:\/\/shop\.example\/js\/replay\.js \(first party\) recorded the visit/ }],
    },
    {
      name: 'a third-party script with the page signals but no uploads seen: needs-review',
      site: site({ phases: { before: { scriptActivity: [activity.recorder({ sends: [{ host: 'ingest.visitlens.example', count: 1, bytes: 300 }] })] } } }),
      findings: [
        {
          outcome: 'needs-review',
          messageId: 'replayLikeBehaviour',
          message: /^https:\/\/cdn\.visitlens\.example\/rec\.js \(third party\) behaved in part like a session recorder before the visitor made any choice \(observed every change of the document, listened to typing and listened to mouse movement; not seen: sent batched uploads to a third party\)\.$/,
        },
      ],
    },
    {
      name: 'the same recorder proven on one page and seen without its upload on another: one fail, no separate doubt',
      site: site({
        pages: [
          page(`${SITE}/`, { before: { scriptActivity: [activity.recorder()] } }),
          page(`${SITE}/mugs.html`, { before: { scriptActivity: [activity.recorder({ sends: [{ host: 'ingest.visitlens.example', count: 1, bytes: 300 }] })] } }),
        ],
      }),
      findings: [{ outcome: 'fail', pageUrl: `${SITE}/`, messageId: 'replayBehaviour' }],
    },
    {
      name: 'uploads and document observation but no mouse listener: needs-review',
      site: site({ phases: { before: { scriptActivity: [activity.recorder({ replay: { documentObservers: 1, observesAttributes: true, observesCharacterData: false, listeners: ['input'] } })] } } }),
      findings: [{ outcome: 'needs-review', messageId: 'replayLikeBehaviour', message: /not seen: listened to mouse movement\)\.$/ }],
    },
  ],
});
