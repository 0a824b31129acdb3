import { rule } from '../../rules/missing-consent-banner.js';
import { SITE, cookie, cookies, noBanner, requests, site, tcf } from './evidence-builder.js';
import { ruleTester } from './rule-tester.js';

ruleTester(rule, {
  valid: [
    { name: 'a banner was found', site: site({ phases: { before: { requests: [requests.ga()], cookies: [cookies.ga()] } } }), outcome: 'pass' },
    {
      name: 'no banner, but no tracking either (CDN, fonts, necessary cookies, cookieless first-party analytics)',
      site: site({ consent: noBanner, phases: { before: { requests: [requests.cdn(), requests.fontsCss(), requests.firstParty('/stats.js')], cookies: [cookies.session()] } } }),
    },
    { name: 'no banner, unknown third party and unknown cookie only', site: site({ consent: noBanner, phases: { before: { requests: [requests.unknownThirdParty()], cookies: [cookie('x')] } } }) },
    {
      name: 'allowlisted tracker',
      site: site({ consent: noBanner, phases: { before: { requests: [requests.ga()] } } }),
      config: { allowlist: { hosts: ['google-analytics.com'] } },
    },
  ],
  invalid: [
    {
      name: 'tracking without any banner',
      site: site({ consent: noBanner, phases: { before: { requests: [requests.ga()], cookies: [cookies.ga()] }, accept: { cookies: [cookies.ga()] } } }),
      findings: [
        {
          outcome: 'fail',
          phase: null,
          pageUrl: `${SITE}/`,
          messageId: 'trackedWithoutBanner',
          message: [/^No consent banner was found/, /Google Analytics \(Google LLC\)/, /\(_ga\)/],
          evidence: ['no consent banner found', requests.ga().url, '_ga@.shop.example'],
        },
      ],
    },
    {
      name: 'signs of a consent manager: the banner may have been missed',
      site: site({ consent: noBanner, phases: { before: { requests: [requests.metaPixel()], tcf: tcf({ eventStatus: 'cmpuishown' }) } } }),
      findings: [{ outcome: 'needs-review', messageId: 'bannerMaybeMissed', message: /__tcfapi/, evidenceIncludes: ['an IAB TCF API (__tcfapi) answered'] }],
    },
  ],
});
