import { rule } from '../../rules/banner-without-privacy-link.js';
import { control, design, greyLink } from './banner-builder.js';
import { SITE, noBanner, site } from './evidence-builder.js';
import { ruleTester } from './rule-tester.js';

const buttonsOnly = design({ controls: [control('accept', 'Alle akzeptieren'), control('reject', 'Alle ablehnen')], privacyLinks: [], text: 'Wir verwenden Cookies.', language: 'de' });

ruleTester(rule, {
  valid: [
    { name: 'a privacy policy link in the banner', site: site({ consent: { bannerDesign: design() } }), outcome: 'pass' },
    { name: 'no banner', site: site({ consent: noBanner }), outcome: 'not-applicable', reason: /no consent banner/ },
    { name: 'no design measured', site: site({}), outcome: 'not-applicable', reason: /not measured/ },
  ],
  invalid: [
    {
      name: 'buttons only, no link at all',
      site: site({ consent: { bannerDesign: buttonsOnly } }),
      findings: [{ outcome: 'fail', messageId: 'noLink', pageUrl: `${SITE}/`, evidence: ['banner text: "Wir verwenden Cookies."'] }],
    },
    {
      name: 'links, none recognisable: needs review',
      site: site({ consent: { bannerDesign: { ...buttonsOnly, controls: [...buttonsOnly.controls, greyLink('other', 'Mehr erfahren')] } } }),
      findings: [{ outcome: 'needs-review', messageId: 'noPrivacyLink', message: /1 link \("Mehr erfahren"\)/ }],
    },
    {
      name: 'banner not measured: needs review',
      site: site({ consent: { bannerDesign: design({ text: '', controls: [], privacyLinks: [], unmeasured: ["the banner's frame went away before it could be measured"] }) } }),
      findings: [{ outcome: 'needs-review', messageId: 'unmeasured', message: /frame went away/ }],
    },
  ],
});
