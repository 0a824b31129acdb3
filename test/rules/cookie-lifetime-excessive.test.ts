import { rule } from '../../rules/cookie-lifetime-excessive.js';
import { SITE, cookie, cookies, page, site } from './evidence-builder.js';
import { ruleTester } from './rule-tester.js';

ruleTester(rule, {
  valid: [
    {
      name: 'consent-based cookies within 13 months, session cookies',
      site: site({ phases: { accept: { cookies: [cookies.fbp(), cookie('_gid', { category: 'analytics', lifetimeDays: 1 }), cookie('s', { category: 'marketing', lifetimeDays: null })] } } }),
    },
    {
      name: 'necessary cookies and the consent record may live longer',
      site: site({ phases: { accept: { cookies: [cookies.session({ lifetimeDays: 730 }), cookies.consent({ lifetimeDays: 730 }), cookie('cmp', { category: 'marketing', consentRecord: true, lifetimeDays: 730 })] } } }),
    },
    { name: 'only the accept phase is judged', site: site({ phases: { before: { cookies: [cookies.ga()] }, reject: { cookies: [cookies.ga()] } } }), outcome: 'not-applicable', reason: /no accept phase/ },
    { name: 'a higher limit in the config', site: site({ phases: { accept: { cookies: [cookies.ga()] } } }), config: { rules: { 'cookie-lifetime-excessive': { options: { maxDays: 400 } } } } },
    { name: 'allowlisted cookie', site: site({ phases: { accept: { cookies: [cookies.ga()] } } }), config: { allowlist: { cookies: ['_ga'] } } },
  ],
  invalid: [
    {
      name: '_ga at the 400-day cap',
      site: site({ phases: { accept: { cookies: [cookies.ga(), cookies.fbp()] } } }),
      findings: [
        {
          outcome: 'fail',
          phase: 'accept',
          pageUrl: `${SITE}/`,
          messageId: 'consentBasedTooLong',
          message: [/^1 consent-based cookie lives longer than 395 days: _ga \(400 days\)/, /Chromium stores no cookie longer than 400 days/],
          evidence: ['_ga@.shop.example'],
        },
      ],
    },
    {
      name: 'a functional cookie over a configured limit, and an unknown one for review',
      site: site({ phases: { accept: { cookies: [cookie('lang', { category: 'functional', lifetimeDays: 200 }), cookie('xid', { category: 'unknown', lifetimeDays: 365 })] } } }),
      config: { rules: { 'cookie-lifetime-excessive': { options: { maxDays: 180 } } } },
      findings: [
        { outcome: 'fail', messageId: 'consentBasedTooLong', message: /longer than 180 days: lang \(200 days\)\.$/, evidence: ['lang@.shop.example'] },
        { outcome: 'needs-review', severity: 'low', messageId: 'unknownPurposeTooLong', message: /^1 cookie of unknown purpose lives longer than 180 days: xid \(365 days\)\. If it is not/, evidence: ['xid@.shop.example'] },
      ],
    },
    {
      name: 'each cookie once, on the first page where it appeared',
      site: site({
        pages: [
          page(`${SITE}/`, { accept: { cookies: [cookies.ga()] } }),
          page(`${SITE}/b`, { accept: { cookies: [cookies.ga(), cookie('_uetvid', { category: 'marketing', lifetimeDays: 390.5 }), cookie('IDE', { domain: '.doubleclick.net', category: 'marketing', lifetimeDays: 396 })] } }),
        ],
      }),
      findings: [
        { outcome: 'fail', messageId: 'consentBasedTooLong', pageUrl: `${SITE}/`, evidence: ['_ga@.shop.example'] },
        { outcome: 'fail', messageId: 'consentBasedTooLong', pageUrl: `${SITE}/b`, evidence: ['IDE@.doubleclick.net'] },
      ],
    },
  ],
});
