import { rule } from '../../rules/tcf-consent-mismatch.js';
import { SITE, cookies, page, requests, site, tcf } from './evidence-builder.js';
import { ruleTester } from './rule-tester.js';
import { noAction } from '../helpers/consent-records.js';

const denied = tcf({ eventStatus: 'useractioncomplete', purposeConsents: [], vendorConsents: [] });

ruleTester(rule, {
  valid: [
    { name: 'no TCF data', site: site({ phases: { before: { requests: [requests.ga()] }, reject: { requests: [requests.ga({ afterConsent: true })] } } }), outcome: 'not-applicable', reason: /__tcfapi/ },
    { name: 'banner shown with empty consents', site: site({ phases: { before: { tcf: tcf({ eventStatus: 'cmpuishown', purposeConsents: [], vendorConsents: [] }) } } }), outcome: 'pass' },
    { name: 'tcloaded without consents', site: site({ phases: { before: { tcf: tcf({ eventStatus: 'tcloaded', purposeConsents: [], vendorConsents: [] }) } } }) },
    { name: 'GDPR does not apply according to the CMP', site: site({ phases: { before: { tcf: tcf({ eventStatus: 'tcloaded', gdprApplies: false, purposeConsents: [1], vendorConsents: [755] }) } } }) },
    { name: 'an undecodable string', site: site({ phases: { before: { tcf: tcf({ eventStatus: 'tcloaded', error: 'invalid TC string', purposeConsents: [1] }) } } }) },
    { name: 'refusal respected after reject', site: site({ phases: { reject: { tcf: denied, requests: [requests.ga({ afterConsent: false }), requests.gtm({ afterConsent: true })], cookies: [cookies.consent()] } } }) },
    { name: 'consents after accept', site: site({ phases: { accept: { tcf: tcf({ eventStatus: 'useractioncomplete', purposeConsents: [1, 2], vendorConsents: [755] }), requests: [requests.ga({ afterConsent: true })] } } }) },
    {
      name: 'allowlisted host and cookie after a recorded refusal',
      site: site({ phases: { reject: { tcf: denied, requests: [requests.metaPixel({ afterConsent: true })], cookies: [cookies.fbp()] } } }),
      config: { allowlist: { hosts: ['facebook.com'], cookies: ['_fbp'] } },
    },
    {
      name: 'reject click not made: no claim about the reject phase',
      site: site({ consent: { reject: noAction('no consent banner found') }, phases: { reject: { tcf: denied, requests: [requests.ga({ afterConsent: true })] } } }),
    },
  ],
  invalid: [
    {
      name: 'a choice recorded before any choice was made',
      site: site({
        pages: [
          page(`${SITE}/`, { before: { tcf: tcf({ eventStatus: 'tcloaded', purposeConsents: [1, 2, 3], vendorConsents: [755, 32] }) } }),
          page(`${SITE}/b`, { before: { tcf: tcf({ eventStatus: 'tcloaded', purposeConsents: [1, 2, 3], vendorConsents: [755, 32] }) } }),
        ],
      }),
      findings: [
        {
          outcome: 'fail',
          phase: 'before',
          pageUrl: `${SITE}/`,
          messageId: 'consentBeforeChoice',
          message: /recorded consent to purpose 1 \(store and access information on the device\) and consent for 2 vendors \(eventStatus tcloaded\) before the visitor made any choice/,
          evidence: ['TC string CPtestAAAAAAAAA.YAAAAAAAAAAA'],
        },
      ],
    },
    {
      name: 'banner shown with consents already set: needs review',
      site: site({ phases: { before: { tcf: tcf({ eventStatus: 'cmpuishown', purposeConsents: [1], vendorConsents: [] }) } } }),
      findings: [{ outcome: 'needs-review', messageId: 'preTicked', message: /already recorded consent to purpose 1 \(store and access information on the device\) before/ }],
    },
    {
      name: 'refusal recorded, yet trackers run',
      site: site({ phases: { reject: { tcf: denied, requests: [requests.metaPixel({ afterConsent: true })], cookies: [cookies.fbp()] } } }),
      findings: [
        {
          outcome: 'fail',
          phase: 'reject',
          messageId: 'trackedDespiteRefusal',
          message: /records the refusal, yet Meta Pixel \(Meta Platforms, Inc\.\) received 1 request and _fbp was on the device/,
          evidence: ['TC string CPtestAAAAAAAAA.YAAAAAAAAAAA', requests.metaPixel().url, '_fbp@.shop.example'],
        },
      ],
    },
  ],
});
