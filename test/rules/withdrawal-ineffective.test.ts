import { rule } from '../../rules/withdrawal-ineffective.js';
import { SITE, cookies, page, requests, site } from './evidence-builder.js';
import { ruleTester } from './rule-tester.js';
import { withdrawalRecord } from '../helpers/consent-records.js';

const withdrawn = withdrawalRecord();
const unverifiedWithdrawal = withdrawalRecord({ verified: false, signals: [], verification: 'Nothing confirmed the click: the banner is still shown and no consent record, TCF or Consent Mode change appeared.' });

ruleTester(rule, {
  valid: [
    { name: 'nothing tracks after the withdrawal', site: site({ consent: { withdraw: withdrawn }, phases: { withdraw: { requests: [requests.firstParty(), requests.ga({ afterConsent: false })] } } }), outcome: 'pass' },
    { name: 'no withdraw phase', site: site({ phases: { accept: { requests: [requests.ga({ afterConsent: true })] } } }), outcome: 'not-applicable', reason: /^no withdraw phase ran$/ },
    {
      name: 'the settings could not be reopened: left to withdrawal-not-available',
      site: site({ consent: { withdraw: withdrawalRecord({ via: 'none', done: false, verified: false, clicks: [] }) }, phases: { withdraw: { requests: [requests.ga({ afterConsent: true })] } } }),
      outcome: 'not-applicable',
      reason: /withdrawal-not-available/,
    },
    {
      name: 'the refusal could not be clicked',
      site: site({ consent: { withdraw: withdrawalRecord({ done: false, verified: false, detail: 'the settings layer has no control to save the choice' }) }, phases: { withdraw: { requests: [requests.ga({ afterConsent: true })] } } }),
      outcome: 'not-applicable',
      reason: /could not be done \(the settings layer has no control/,
    },
    {
      name: 'allowlisted host',
      site: site({ consent: { withdraw: withdrawn }, phases: { withdraw: { requests: [requests.ga({ afterConsent: true })] } } }),
      config: { allowlist: { hosts: ['www.google-analytics.com'] } },
    },
    {
      name: 'claims that say refused',
      site: site({ consent: { withdraw: withdrawalRecord({ claims: [{ source: 'tcf', before: '10 purpose consents', after: '0 purpose consents', stillConsented: false }] }) } }),
    },
  ],
  invalid: [
    {
      name: 'tags keep loading after a verified withdrawal, on a later page too, with the cookies left as evidence',
      site: site({
        consent: { withdraw: withdrawn },
        pages: [
          page(`${SITE}/`, { withdraw: { requests: [requests.ga({ afterConsent: true })], cookies: [cookies.ga(), cookies.consent()] } }),
          page(`${SITE}/about`, { withdraw: { requests: [requests.metaPixel({ afterConsent: true })] } }),
        ],
      }),
      findings: [
        { outcome: 'fail', phase: 'withdraw', pageUrl: `${SITE}/`, messageId: 'trackedAfterWithdrawal', message: [/^Google Analytics \(Google LLC\) received 1 request/, /withdrew consent in the reopened settings \("Cookie settings"\)/], evidence: [requests.ga().url, '_ga@.shop.example'] },
        { outcome: 'fail', phase: 'withdraw', pageUrl: `${SITE}/about`, messageId: 'trackedAfterWithdrawal' },
      ],
    },
    {
      name: 'an unverified withdrawal: needs review with the reason',
      site: site({ consent: { withdraw: unverifiedWithdrawal }, phases: { withdraw: { requests: [requests.ga({ afterConsent: true })] } } }),
      findings: [{ outcome: 'needs-review', phase: 'withdraw', messageId: 'unverifiedWithdrawal', message: [/nothing verified the withdrawal \(nothing confirmed the click/] }],
    },
    {
      name: 'Consent Mode and the CMP still say granted',
      site: site({
        consent: {
          withdraw: withdrawalRecord({
            claims: [
              { source: 'consent-mode', before: 'ad_storage granted, analytics_storage granted', after: 'ad_storage granted, analytics_storage granted', stillConsented: true },
              { source: 'klaro', before: 'accepted', after: 'accepted', stillConsented: true },
            ],
          }),
        },
      }),
      findings: [{ outcome: 'fail', phase: 'withdraw', messageId: 'stillClaimsConsent', message: [/consent-mode \(ad_storage granted/, /klaro \(accepted\)/], evidence: ['consent-mode: ad_storage granted, analytics_storage granted', 'klaro: accepted', 'reopen: page-control', 'reopen candidate: Cookie settings', 'click (reopen): Cookie settings', 'click (reject): Reject all'] }],
    },
    {
      name: 'the consent record unchanged and only the banner closing: needs review',
      site: site({ consent: { withdraw: withdrawalRecord({ signals: [{ kind: 'banner-gone', confirms: true, detail: 'the banner is no longer shown' }], records: [{ kind: 'cookie', name: 'shop_consent', change: 'unchanged' }] }) } }),
      findings: [{ outcome: 'needs-review', phase: 'withdraw', messageId: 'recordUnchanged', message: [/"shop_consent"/], evidence: ['shop_consent', 'reopen: page-control', 'reopen candidate: Cookie settings', 'click (reopen): Cookie settings', 'click (reject): Reject all'] }],
    },
  ],
});
