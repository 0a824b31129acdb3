import { rule } from '../../rules/reject-not-on-first-layer.js';
import { SITE, noBanner, site } from './evidence-builder.js';
import { ruleTester } from './rule-tester.js';
import { heuristicAction } from '../helpers/consent-records.js';

/** Refused through the settings layer: open it, save with everything off. */
const secondLayerReject = heuristicAction('reject', 'Save choices', {
  path: 'second-layer',
  clicks: [
    { role: 'settings', label: 'Settings', layer: 1, trusted: true },
    { role: 'save', label: 'Save choices', layer: 2, trusted: true },
  ],
});

ruleTester(rule, {
  valid: [
    { name: 'accept and reject on the first layer', site: site({}), outcome: 'pass' },
    { name: 'no banner', site: site({ consent: noBanner }), outcome: 'not-applicable', reason: /no consent banner/ },
    { name: 'neither control classified', site: site({ consent: { acceptOnFirstLayer: null, rejectOnFirstLayer: null } }), outcome: 'not-applicable', reason: /accept control/ },
    { name: 'no accept on the first layer either', site: site({ consent: { acceptOnFirstLayer: false, rejectOnFirstLayer: false } }), outcome: 'pass' },
    { name: 'switched off', site: site({ consent: { rejectOnFirstLayer: false } }), config: { rules: { 'reject-not-on-first-layer': { enabled: false } } } },
  ],
  invalid: [
    {
      name: 'accept all but no reject all on the first layer',
      site: site({ consent: { rejectOnFirstLayer: false, reject: secondLayerReject } }),
      findings: [
        {
          outcome: 'fail',
          phase: null,
          pageUrl: `${SITE}/`,
          messageId: 'noRejectOnFirstLayer',
          message: /offers "accept all" on its first layer but no way to reject all there/,
          evidence: ['accept all on first layer: yes', 'reject all on first layer: no', 'reject click: done (heuristic, second-layer)'],
        },
      ],
    },
    {
      name: 'reject option unknown: needs review',
      site: site({ consent: { rejectOnFirstLayer: null } }),
      findings: [{ outcome: 'needs-review', messageId: 'rejectUnknown' }],
    },
    { name: 'severity override', site: site({ consent: { rejectOnFirstLayer: false } }), config: { rules: { 'reject-not-on-first-layer': 'high' } }, findings: [{ outcome: 'fail', severity: 'high', messageId: 'noRejectOnFirstLayer' }] },
  ],
});
