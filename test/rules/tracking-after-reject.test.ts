import { rule } from '../../rules/tracking-after-reject.js';
import { SITE, cookies, noBanner, page, requests, site } from './evidence-builder.js';
import { ruleTester } from './rule-tester.js';
import { heuristicAction, noAction, unverified, UNVERIFIED_REASON } from '../helpers/consent-records.js';

ruleTester(rule, {
  valid: [
    { name: 'nothing after reject', site: site({ phases: { reject: { requests: [requests.firstParty(), requests.gtm({ afterConsent: true })], cookies: [cookies.consent()] } } }), outcome: 'pass' },
    {
      name: 'trackers before the reject click belong to the before phase',
      site: site({ phases: { reject: { requests: [requests.ga({ afterConsent: false })] } } }),
    },
    { name: 'trackers after accept are fine', site: site({ phases: { accept: { requests: [requests.ga({ afterConsent: true })], cookies: [cookies.ga()] } } }), outcome: 'not-applicable', reason: /^no reject phase ran$/ },
    {
      name: 'no banner at all: left to missing-consent-banner',
      site: site({ consent: noBanner, phases: { reject: { requests: [requests.ga()], cookies: [cookies.ga()] } } }),
      outcome: 'not-applicable',
      reason: /no consent banner/,
    },
    { name: 'reject click failed but nothing tracks', site: site({ consent: { reject: noAction('no consent banner found') }, phases: { reject: { requests: [requests.cdn()] } } }) },
    {
      name: 'allowlisted',
      site: site({ phases: { reject: { requests: [requests.ga({ afterConsent: true })], cookies: [cookies.ga()] } } }),
      config: { allowlist: { hosts: ['www.google-analytics.com'], cookies: ['_ga'] } },
    },
  ],
  invalid: [
    {
      name: 'Google Analytics keeps going after reject, and its cookie stays',
      site: site({ phases: { reject: { requests: [requests.ga({ afterConsent: false }), requests.ga({ afterConsent: true })], cookies: [cookies.ga()] } } }),
      findings: [
        {
          outcome: 'fail',
          phase: 'reject',
          pageUrl: `${SITE}/`,
          messageId: 'trackedAfterReject',
          message: [/^Google Analytics \(Google LLC\) received 1 request/, /_ga/, /after the visitor clicked "reject all"/],
          evidence: [requests.ga().url, '_ga@.shop.example'],
        },
      ],
    },
    {
      name: 'a tracker on a later page after reject',
      site: site({ pages: [page(`${SITE}/`, { reject: {} }), page(`${SITE}/shop`, { reject: { requests: [requests.metaPixel({ afterConsent: true })] } })] }),
      findings: [{ outcome: 'fail', messageId: 'trackedAfterReject', pageUrl: `${SITE}/shop` }],
    },
    {
      name: 'reject click went through but nothing verified it: needs review, with the reason',
      site: site({
        consent: { reject: unverified(heuristicAction('reject', 'Reject all')) },
        phases: { reject: { requests: [requests.ga({ afterConsent: true })] } },
      }),
      findings: [
        {
          outcome: 'needs-review',
          phase: 'reject',
          messageId: 'trackedAfterReject',
          message: [/after the visitor clicked "reject all"/, new RegExp(`Needs review: the scanner's "reject all" click could not be verified \\(${UNVERIFIED_REASON}\\)`)],
        },
      ],
    },
    {
      name: 'reject click could not be made: needs review, never fail',
      site: site({
        consent: { reject: noAction('no reject button found') },
        phases: { reject: { requests: [requests.ga({ afterConsent: false })], cookies: [cookies.ga()] } },
      }),
      findings: [{ outcome: 'needs-review', phase: 'reject', messageId: 'rejectNotClicked', message: [/could not click a reject button \(no reject button found\)/], evidence: [requests.ga().url, '_ga@.shop.example'] }],
    },
  ],
});
