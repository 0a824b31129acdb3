import { rule } from '../../rules/insecure-transport.js';
import type { ClassifiedSite, FormRecord, HttpProbe, PageTransport } from '../../src/model/evidence.js';
import { SITE, page, req, site } from './evidence-builder.js';
import { ruleTester } from './rule-tester.js';

const YEAR = 31_536_000;
const secure = (path = '/', extra: Partial<PageTransport> = {}): PageTransport => ({
  documentUrl: `${SITE}${path}`,
  hsts: { raw: `max-age=${YEAR}`, maxAge: YEAR, includeSubDomains: false, preload: false },
  forms: [],
  ...extra,
});
const form = (action: string, extra: Partial<FormRecord> = {}): FormRecord => ({ action, method: 'post', hasPassword: false, hasEmail: false, fields: 1, ...extra });
const redirects: HttpProbe = { url: 'http://shop.example/', status: 301, location: `${SITE}/`, redirectsToHttps: true, reason: `HTTP 301 to ${SITE}/` };
const withProbe = (s: ClassifiedSite, httpProbe: HttpProbe): ClassifiedSite => ({ ...s, transport: { httpProbe } });
const mixed = (url: string, kind: 'blockable' | 'optionally-blockable', failure?: string) =>
  req(url, { type: kind === 'blockable' ? 'script' : 'image', mixedContent: kind, ...(failure ? { failure, status: undefined } : {}) });

ruleTester(rule, {
  valid: [
    { name: 'HTTPS everywhere: HSTS, https form actions, the http: origin redirects', site: withProbe(site({ phases: { before: { transport: secure('/', { forms: [form(`${SITE}/login`, { hasPassword: true })] }) } } }), redirects), outcome: 'pass' },
    { name: 'a relative form action on an HTTPS page (resolved to https: by the collector)', site: site({ phases: { before: { transport: secure('/', { forms: [form(`${SITE}/search`, { method: 'get' })] }) } } }) },
    {
      name: 'an optionally-blockable image Chromium upgraded to https: is no mixed content',
      site: site({ phases: { before: { transport: secure(), requests: [req('https://img.example/a.gif', { type: 'image', mixedContent: 'optionally-blockable' })] } } }),
    },
    {
      name: 'the http: probe got no usable answer: nothing to tell, no finding',
      site: withProbe(site({ phases: { before: { transport: secure() } } }), { url: 'http://shop.example/', redirectsToHttps: null, reason: 'connection refused: nothing is served over plain HTTP' }),
    },
    { name: 'HSTS of exactly the minimum', site: site({ phases: { before: { transport: secure('/', { hsts: { raw: 'max-age=15552000', maxAge: 15_552_000, includeSubDomains: true, preload: false } }) } } }) },
    { name: 'an allowlisted form target', site: site({ phases: { before: { transport: secure('/', { forms: [form('http://forms.partner.example/x', { hasEmail: true })] }) } } }), config: { allowlist: { hosts: ['forms.partner.example'] } } },
    { name: 'an older scan without transport evidence', site: site({ phases: { before: {} } }), outcome: 'not-applicable', reason: /no transport evidence/ },
  ],
  invalid: [
    {
      name: 'a page over plain HTTP with a password form posting to http:',
      site: site({ pages: [page('http://shop.example/login', { before: { transport: { documentUrl: 'http://shop.example/login', forms: [form('http://shop.example/login', { hasPassword: true, fields: 2 })] } } })] }),
      findings: [
        {
          outcome: 'fail',
          messageId: 'plainHttpPage',
          phase: 'before',
          pageUrl: 'http://shop.example/login',
          message: [/served over plain HTTP \(http:\/\/shop\.example\/login\)/, /A form with a password field sends what is typed into it to http:\/\/shop\.example\/login over plain HTTP/],
          evidence: ['http://shop.example/login'],
        },
      ],
    },
    {
      name: 'an HTTPS page whose newsletter form posts to http:',
      site: site({ phases: { before: { transport: secure('/', { forms: [form('http://news.shop.example/subscribe', { hasEmail: true })] }) } } }),
      findings: [{ outcome: 'fail', messageId: 'formPersonalData', message: /an e-mail field sends what is typed into it to http:\/\/news\.shop\.example\/subscribe/, evidence: ['http://news.shop.example/subscribe'] }],
    },
    {
      name: 'a search form posting to http: without personal fields is needs-review',
      site: site({ phases: { before: { transport: secure('/', { forms: [form('http://shop.example/search', { method: 'get' })] }) } } }),
      findings: [{ outcome: 'needs-review', severity: 'medium', messageId: 'formOverHttp', message: /A form \(1 field\)/ }],
    },
    {
      name: 'mixed content loaded, blockable and optionally-blockable',
      site: site({ phases: { before: { transport: secure(), requests: [mixed('http://cdn.example/lib.js', 'blockable'), mixed('http://cdn.example/logo.gif', 'optionally-blockable')] } } }),
      findings: [{ outcome: 'fail', messageId: 'mixedContentLoaded', message: /loaded 2 resources over plain HTTP \(mixed content: blockable and optionally-blockable\)/, evidence: ['http://cdn.example/lib.js', 'http://cdn.example/logo.gif'] }],
    },
    {
      name: 'passive mixed content only is medium',
      site: site({ phases: { accept: { transport: secure(), requests: [mixed('http://ads.example/pixel.gif', 'optionally-blockable')] } } }),
      findings: [{ outcome: 'fail', severity: 'medium', phase: 'accept', messageId: 'mixedContentLoaded' }],
    },
    {
      name: 'mixed content Chromium blocked is needs-review, each URL once per page',
      site: site({ phases: { before: { transport: secure(), requests: [mixed('http://cdn.example/lib.js', 'blockable', 'blocked:mixed-content')] }, accept: { transport: secure(), requests: [mixed('http://cdn.example/lib.js', 'blockable', 'blocked:mixed-content')] } } }),
      findings: [{ outcome: 'needs-review', severity: 'low', phase: 'before', messageId: 'mixedContentBlocked', message: /asked for 1 resource over plain HTTP, which Chromium blocked/, evidence: ['http://cdn.example/lib.js'] }],
    },
    {
      name: 'the http: origin serves the page instead of redirecting',
      site: withProbe(site({ phases: { before: { transport: secure() } } }), { url: 'http://shop.example/', status: 200, redirectsToHttps: false, reason: 'HTTP 200: the page is served over plain HTTP' }),
      findings: [{ outcome: 'fail', severity: 'medium', phase: null, pageUrl: `${SITE}/`, messageId: 'noHttpsRedirect', message: /http:\/\/shop\.example\/ does not redirect to HTTPS \(HTTP 200/, evidence: ['http://shop.example/'] }],
    },
    {
      name: 'no HSTS on the HTTPS pages: one needs-review per host',
      site: site({ pages: [page(`${SITE}/`, { before: { transport: secure('/', { hsts: undefined }) } }), page(`${SITE}/about`, { before: { transport: secure('/about', { hsts: { raw: 'max-age=0', maxAge: 0, includeSubDomains: false, preload: false } }) } })] }),
      findings: [{ outcome: 'needs-review', severity: 'low', pageUrl: `${SITE}/`, messageId: 'noHsts', message: /shop\.example send no Strict-Transport-Security header \(all 2 pages seen\)/, evidence: [`${SITE}/`, `${SITE}/about`] }],
    },
    {
      name: 'a short HSTS max-age, with the threshold configurable',
      site: site({ phases: { before: { transport: secure('/', { hsts: { raw: 'max-age=86400', maxAge: 86_400, includeSubDomains: false, preload: false } }) } } }),
      config: { rules: { 'insecure-transport': { options: { minHstsMaxAgeDays: 7 } } } },
      findings: [{ outcome: 'needs-review', severity: 'low', messageId: 'shortHsts', message: /lasts 1 day \(max-age=86400\), less than 7 days/ }],
    },
  ],
});
