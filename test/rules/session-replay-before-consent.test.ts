import { rule } from '../../rules/session-replay-before-consent.js';
import { SITE, req, requests, services, site } from './evidence-builder.js';
import { ruleTester } from './rule-tester.js';

ruleTester(rule, {
  valid: [
    { name: 'analytics is not session replay', site: site({ phases: { before: { requests: [requests.ga()] } } }), outcome: 'pass' },
    { name: 'no before phase ran', site: site({ phases: { accept: { requests: [requests.hotjar({ afterConsent: true })] } } }), outcome: 'not-applicable' },
    { name: 'session replay after accepting', site: site({ phases: { accept: { requests: [requests.hotjar({ afterConsent: true })] } } }) },
    { name: 'allowlisted', site: site({ phases: { before: { requests: [requests.hotjar()] } } }), config: { allowlist: { hosts: ['hotjar.com'] } } },
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
  ],
});
