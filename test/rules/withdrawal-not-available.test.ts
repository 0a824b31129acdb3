import { rule } from '../../rules/withdrawal-not-available.js';
import { SITE, noBanner, site } from './evidence-builder.js';
import { ruleTester } from './rule-tester.js';
import { withdrawalRecord } from '../helpers/consent-records.js';

const none = withdrawalRecord({
  via: 'none',
  control: undefined,
  candidates: [],
  apis: [],
  reopenDetail: 'no control to reopen the consent settings was found on the page; the page offers none of the known CMP reopen APIs',
  done: false,
  verified: false,
  signals: [],
  verification: 'nothing was clicked',
  clicks: [],
  records: [],
});
delete none.control;

ruleTester(rule, {
  valid: [
    { name: 'a footer link reopens the settings', site: site({ consent: { withdraw: withdrawalRecord() } }), outcome: 'pass' },
    { name: 'no withdraw phase', site: site({}), outcome: 'not-applicable', reason: /^no withdraw phase ran$/ },
    {
      name: 'no banner: nothing to withdraw',
      site: site({ consent: { ...noBanner, withdraw: { ...none, skipped: 'no consent banner was found on the start page' } } }),
      outcome: 'not-applicable',
      reason: /nothing to withdraw: no consent banner/,
    },
    {
      name: 'accept could not be done',
      site: site({ consent: { withdraw: { ...none, skipped: '"accept all" could not be done' } } }),
      outcome: 'not-applicable',
      reason: /could not be done/,
    },
  ],
  invalid: [
    {
      name: 'nothing reopens the settings: fail, with how it was looked for',
      site: site({ consent: { withdraw: none } }),
      findings: [
        {
          outcome: 'fail',
          phase: 'withdraw',
          pageUrl: `${SITE}/`,
          messageId: 'noWayBack',
          message: [/no way to reopen the consent settings/, /no control to reopen/, /as easy as giving it/],
          evidence: ['reopen: none'],
        },
      ],
    },
    {
      name: 'candidates that open nothing are listed',
      site: site({ consent: { withdraw: { ...none, candidates: ['Cookie policy settings'], reopenDetail: '"Cookie policy settings" opened no consent layer' } } }),
      findings: [{ outcome: 'fail', messageId: 'noWayBack', evidence: ['reopen: none', 'reopen candidate: Cookie policy settings'] }],
    },
    {
      name: 'only the CMP API reopens: needs review (a visitor cannot call an API)',
      site: site({ consent: { withdraw: withdrawalRecord({ via: 'cmp-api', control: undefined, api: 'klaro.show()', apis: ['klaro.show()'], candidates: [], reopenDetail: "no control to reopen the consent settings was found on the page; the CMP's API klaro.show() reopened the consent settings", clicks: [{ role: 'reject', label: 'Decline', layer: 1, trusted: true }] }) } }),
      findings: [{ outcome: 'needs-review', phase: 'withdraw', messageId: 'apiOnly', message: [/klaro\.show\(\)/, /a visitor cannot call/], evidence: ['reopen: cmp-api', 'CMP API: klaro.show()', 'click (reject): Decline'] }],
    },
  ],
});
