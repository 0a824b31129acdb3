import { rule } from '../../rules/consent-mode-default-granted.js';
import type { RequestRecord } from '../../src/model/evidence.js';
import { SITE, req, services, site } from './evidence-builder.js';
import { ruleTester } from './rule-tester.js';
import { noAction } from '../helpers/consent-records.js';

const hit = (gcs: string, extra: Partial<RequestRecord> = {}) => {
  const granted = (c: string) => (c === '1' ? 'granted' : 'denied') as 'granted' | 'denied';
  return req(`https://www.google-analytics.com/g/collect?v=2&tid=G-1&gcs=${gcs}&cid=1.2`, {
    type: 'ping',
    service: services.googleAnalytics,
    consentMode: { gcs, adStorage: granted(gcs[2]!), analyticsStorage: granted(gcs[3]!) },
    ...extra,
  });
};

ruleTester(rule, {
  valid: [
    { name: 'denied before consent', site: site({ phases: { before: { requests: [hit('G100')] } } }), outcome: 'pass' },
    { name: 'granted after accept', site: site({ phases: { accept: { requests: [hit('G111', { afterConsent: true })] } } }) },
    { name: 'granted in the reject phase before the click', site: site({ phases: { reject: { requests: [hit('G111', { afterConsent: false }), hit('G100', { afterConsent: true })] } } }) },
    { name: 'reject click not made', site: site({ consent: { reject: noAction('no consent banner found') }, phases: { reject: { requests: [hit('G111', { afterConsent: true })] } } }) },
    { name: 'allowlisted host', site: site({ phases: { before: { requests: [hit('G111')] } } }), config: { allowlist: { hosts: ['google-analytics.com'] } } },
    {
      name: 'a Google request without Consent Mode parameters',
      site: site({ phases: { before: { requests: [req('https://www.google-analytics.com/g/collect?v=2', { service: services.googleAnalytics })] } } }),
      outcome: 'not-applicable',
      reason: /Consent Mode/,
    },
  ],
  invalid: [
    {
      name: 'analytics_storage granted by default',
      site: site({ phases: { before: { requests: [hit('G101'), hit('G101')] } } }),
      findings: [
        {
          outcome: 'fail',
          phase: 'before',
          pageUrl: `${SITE}/`,
          messageId: 'grantedBeforeChoice',
          message: /^Google Consent Mode signalled analytics_storage as granted before the visitor made any choice: Google Analytics \(Google LLC\) received 2 requests saying so\.$/,
          evidence: [hit('G101').url],
        },
      ],
    },
    {
      name: 'granted after reject',
      site: site({ phases: { reject: { requests: [hit('G111', { afterConsent: true })] } } }),
      findings: [{ outcome: 'fail', phase: 'reject', messageId: 'grantedAfterReject', message: /ad_storage and analytics_storage as granted after the visitor clicked "reject all"/ }],
    },
  ],
});
