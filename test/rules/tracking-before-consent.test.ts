import { rule } from '../../rules/tracking-before-consent.js';
import { SITE, cookie, cookies, page, requests, site } from './evidence-builder.js';
import { ruleTester } from './rule-tester.js';

ruleTester(rule, {
  valid: [
    { name: 'nothing loaded', site: site({ phases: { before: {} } }), outcome: 'pass' },
    { name: 'no before phase ran', site: site({ phases: { accept: { requests: [requests.ga({ afterConsent: true })] } } }), outcome: 'not-applicable', reason: /no before phase/ },
    {
      name: 'tag manager, CDN, fonts, unknown third parties and first-party requests are not tracking',
      site: site({ phases: { before: { requests: [requests.gtm(), requests.cdn(), requests.fontsCss(), requests.unknownThirdParty(), requests.firstParty()] } } }),
    },
    {
      name: 'necessary, functional, unknown and consent-record cookies',
      site: site({
        phases: {
          before: {
            cookies: [cookies.session(), cookies.consent(), cookie('lang', { category: 'functional' }), cookie('x', { category: 'unknown' }), cookie('cmp', { category: 'marketing', consentRecord: true })],
          },
        },
      }),
    },
    { name: 'trackers after accepting are fine', site: site({ phases: { accept: { requests: [requests.ga({ afterConsent: true })], cookies: [cookies.ga()] } } }) },
    {
      name: 'allowlisted host and cookie',
      site: site({ phases: { before: { requests: [requests.ga()], cookies: [cookies.ga()] } } }),
      config: { allowlist: { hosts: ['google-analytics.com'], cookies: ['_ga*@shop.example'] } },
    },
    { name: 'rule switched off', site: site({ phases: { before: { requests: [requests.ga()] } } }), config: { rules: { 'tracking-before-consent': 'off' } } },
  ],
  invalid: [
    {
      name: 'Google Analytics request and cookie before any choice',
      site: site({ phases: { before: { requests: [requests.gtm(), requests.ga(), requests.ga()], cookies: [cookies.ga(), cookies.session()] } } }),
      findings: [
        {
          outcome: 'fail',
          phase: 'before',
          pageUrl: `${SITE}/`,
          messageId: 'trackedBeforeChoice',
          message: [/^Google Analytics \(Google LLC\) received 2 requests/, /1 analytics or marketing cookie \(_ga\) was set/, /before the visitor made any consent choice/],
          evidence: [requests.ga().url, '_ga@.shop.example'],
        },
      ],
    },
    {
      name: 'a cookie is reported on the first page where it appeared only',
      site: site({
        pages: [
          page(`${SITE}/`, { before: { cookies: [cookies.fbp()] } }),
          page(`${SITE}/about`, { before: { requests: [requests.metaPixel()], cookies: [cookies.fbp()] } }),
        ],
      }),
      findings: [
        { outcome: 'fail', messageId: 'trackedBeforeChoice', pageUrl: `${SITE}/`, evidence: ['_fbp@.shop.example'] },
        { outcome: 'fail', messageId: 'trackedBeforeChoice', pageUrl: `${SITE}/about`, message: /^Meta Pixel/, evidence: [requests.metaPixel().url] },
      ],
    },
    {
      name: 'severity override',
      site: site({ phases: { before: { requests: [requests.metaPixel()] } } }),
      config: { rules: { 'tracking-before-consent': 'critical' } },
      findings: [{ outcome: 'fail', severity: 'critical' }],
    },
    {
      name: 'an allowlist removes only what it names',
      site: site({ phases: { before: { requests: [requests.ga(), requests.metaPixel()] } } }),
      config: { allowlist: { hosts: ['*.google-analytics.com'] } },
      findings: [{ outcome: 'fail', evidence: [requests.metaPixel().url] }],
    },
  ],
});
