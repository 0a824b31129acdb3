import { rule } from '../../rules/missing-consent-banner.js';
import { SITE, cookie, cookies, noBanner, requests, site, tcf } from './evidence-builder.js';
import { ruleTester } from './rule-tester.js';
import { cmpIdentity } from '../helpers/consent-records.js';

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
    {
      name: 'a consent manager named from its fingerprints: the banner may have been missed',
      site: site({ consent: { ...noBanner, cmp: cmpIdentity('Cookiebot', { detectedBy: ['global', 'cookie'] }) }, phases: { before: { requests: [requests.ga()] } } }),
      findings: [{ outcome: 'needs-review', messageId: 'bannerMaybeMissed', message: /consent manager Cookiebot detected \(global, cookie\)/, evidenceIncludes: ['consent manager Cookiebot detected (global, cookie)'] }],
    },
    {
      name: 'the banner detection could not finish: needs review, never "no banner"',
      site: site({ consent: { ...noBanner, inconclusive: 'the in-page banner scan timed out' }, phases: { before: { requests: [requests.ga()] } } }),
      findings: [
        {
          outcome: 'needs-review',
          messageId: 'detectionInconclusive',
          message: /could not finish \(the in-page banner scan timed out\)/,
          evidence: ['no consent banner found', requests.ga().url, 'banner detection inconclusive'],
        },
      ],
    },
  ],
});
