import { rule } from '../../rules/preticked-consent.js';
import { design, necessaryToggle, settingsVia, toggle } from './banner-builder.js';
import { SITE, noBanner, site } from './evidence-builder.js';
import { ruleTester } from './rule-tester.js';

const withLayer = (settingsLayer: ReturnType<typeof design>['settingsLayer']) => site({ consent: { bannerDesign: design({ ...(settingsLayer ? { settingsLayer } : {}) }) } });

ruleTester(rule, {
  valid: [
    { name: 'every non-necessary switch off', site: withLayer(undefined), outcome: 'pass' },
    { name: 'only the locked necessary switch on', site: withLayer({ opened: true, via: settingsVia, toggles: [necessaryToggle] }), outcome: 'pass' },
    { name: 'a necessary switch that can be changed, on ("Essential" in German)', site: withLayer({ opened: true, toggles: [toggle('Notwendige Cookies', true, { necessary: true })] }), outcome: 'pass' },
    { name: 'no banner', site: site({ consent: noBanner }), outcome: 'not-applicable', reason: /no consent banner/ },
    { name: 'no settings layer looked at', site: site({ consent: { bannerDesign: { ...design(), settingsLayer: undefined } as never } }), outcome: 'not-applicable', reason: /not looked at/ },
    {
      name: 'no switch and no settings control on the banner',
      site: withLayer({ opened: false, toggles: [], unmeasured: 'the first layer has no settings control and shows no switch' }),
      outcome: 'not-applicable',
      reason: /no settings control/,
    },
  ],
  invalid: [
    {
      name: 'statistics and marketing switched on (Planet49)',
      site: withLayer({ opened: true, via: settingsVia, toggles: [necessaryToggle, toggle('Statistics (Google Analytics)', true), toggle('Marketing (Meta pixel)', true)] }),
      findings: [
        {
          outcome: 'fail',
          messageId: 'preticked',
          pageUrl: `${SITE}/`,
          message: /2 switches of the consent banner are switched on before the visitor acted: "Statistics \(Google Analytics\)" and "Marketing \(Meta pixel\)"/,
          evidence: [
            'settings layer opened with "Settings" (1 click, nothing saved)',
            'switch "Strictly necessary": on, cannot be changed',
            'switch "Statistics (Google Analytics)": on',
            'switch "Marketing (Meta pixel)": on',
          ],
        },
      ],
    },
    {
      name: 'a vendor switch on the first layer',
      site: withLayer({ opened: true, toggles: [toggle('YouTube', true)] }),
      findings: [{ outcome: 'fail', messageId: 'preticked', evidenceIncludes: ['switches shown on the first layer', 'switch "YouTube": on'] }],
    },
    {
      name: 'locked on without a necessary label: needs review',
      site: withLayer({ opened: true, via: settingsVia, toggles: [toggle('Legitimate interest', true, { disabled: true })] }),
      findings: [{ outcome: 'needs-review', messageId: 'lockedOn', message: /1 switch of the consent banner is switched on and cannot be switched off/ }],
    },
    {
      name: 'settings layer opened but no switch seen: needs review, never "no switches"',
      site: withLayer({ opened: false, via: settingsVia, toggles: [], unmeasured: 'the settings layer opened by "Settings": no switch showed within 2500 ms' }),
      findings: [{ outcome: 'needs-review', messageId: 'notSeen', message: /no switch showed within 2500 ms/ }],
    },
    {
      name: 'severity override',
      site: withLayer({ opened: true, toggles: [toggle('Marketing', true)] }),
      config: { rules: { 'preticked-consent': 'critical' } },
      findings: [{ outcome: 'fail', severity: 'critical', messageId: 'preticked' }],
    },
  ],
});
