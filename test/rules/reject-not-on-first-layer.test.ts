import { rule } from '../../rules/reject-not-on-first-layer.js';
import { SITE, noBanner, site } from './evidence-builder.js';
import { ruleTester } from './rule-tester.js';

ruleTester(rule, {
  valid: [
    { name: 'accept and reject on the first layer', site: site({}) },
    { name: 'no banner', site: site({ consent: noBanner }) },
    { name: 'neither control classified', site: site({ consent: { acceptOnFirstLayer: null, rejectOnFirstLayer: null } }) },
    { name: 'no accept on the first layer either', site: site({ consent: { acceptOnFirstLayer: false, rejectOnFirstLayer: false } }) },
    { name: 'switched off', site: site({ consent: { rejectOnFirstLayer: false } }), config: { rules: { 'reject-not-on-first-layer': { enabled: false } } } },
  ],
  invalid: [
    {
      name: 'accept all but no reject all on the first layer',
      site: site({ consent: { rejectOnFirstLayer: false, reject: { done: true, method: 'heuristic', clickedText: 'Settings' } } }),
      findings: [
        {
          outcome: 'fail',
          phase: null,
          pageUrl: `${SITE}/`,
          message: /offers "accept all" on its first layer but no way to reject all there/,
          evidence: ['accept all on first layer: yes', 'reject all on first layer: no', 'reject click: done (heuristic)'],
        },
      ],
    },
    {
      name: 'reject option unknown: needs review',
      site: site({ consent: { rejectOnFirstLayer: null } }),
      findings: [{ outcome: 'needs-review', message: /could not tell/ }],
    },
    { name: 'severity override', site: site({ consent: { rejectOnFirstLayer: false } }), config: { rules: { 'reject-not-on-first-layer': 'high' } }, findings: [{ outcome: 'fail', severity: 'high' }] },
  ],
});
