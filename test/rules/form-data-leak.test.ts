import { rule } from '../../rules/form-data-leak.js';
import type { FormTyping, MarkerMatch } from '../../src/model/leak.js';
import { SITE, page, req, site } from './evidence-builder.js';
import { ruleTester } from './rule-tester.js';

const typing: FormTyping = { fields: [{ field: 'email', value: 'GdprScan.k7m2x9qa@example.org', element: 'input[type=email][name=email]', recognisedBy: 'type' }], durationMs: 40 };
const sha256: MarkerMatch = { field: 'email', encoding: 'sha256-hex', normalised: true, where: 'url', matched: 'a'.repeat(64) };
const truncated: MarkerMatch = { ...sha256, matched: 'a'.repeat(16), truncated: true };
const plainBody: MarkerMatch = { field: 'phone', encoding: 'plain', normalised: true, where: 'body', matched: '447700900123' };
const pixel = (markers: MarkerMatch[], extra = {}) => req(`https://px.ads-pixel.test/tr?ev=Lead&ud[em]=${'a'.repeat(64)}`, { type: 'image', markers, ...extra });

ruleTester(rule, {
  valid: [
    { name: 'no field was typed into anywhere', site: site({ phases: { before: { requests: [pixel([sha256])] } } }), outcome: 'not-applicable' },
    { name: 'typed, nothing carried a marker', site: site({ phases: { before: { formTyping: typing, requests: [req('https://px.ads-pixel.test/tr?ev=PageView', { type: 'image' })] } } }), outcome: 'pass' },
    {
      name: 'the site\'s own validation request carries the e-mail',
      site: site({ phases: { before: { formTyping: typing, requests: [req(`${SITE}/api/validate?email=GdprScan.k7m2x9qa%40example.org`, { type: 'fetch', markers: [{ ...sha256, encoding: 'url-encoded', normalised: false }] })] } } }),
      outcome: 'pass',
    },
    { name: 'allowlisted host', site: site({ phases: { before: { formTyping: typing, requests: [pixel([sha256])] } } }), config: { allowlist: { hosts: ['ads-pixel.test'] } } },
  ],
  invalid: [
    {
      name: 'a pixel sends the SHA-256 of the lower-cased e-mail before any choice',
      site: site({ phases: { before: { formTyping: typing, requests: [pixel([sha256])] } } }),
      findings: [
        {
          outcome: 'fail',
          severity: 'high',
          phase: 'before',
          pageUrl: `${SITE}/`,
          messageId: 'leaked',
          message: /^The page sent the e-mail address typed into its form, never submitted, to third parties before the visitor made any consent choice: px\.ads-pixel\.test received 1 request\.$/,
        },
      ],
    },
    {
      name: 'after reject high, after accept medium, on every page it happens',
      site: site({
        pages: [
          page(`${SITE}/`, { reject: { formTyping: typing, requests: [pixel([sha256, plainBody], { afterConsent: true })] } }),
          page(`${SITE}/contact`, { accept: { formTyping: typing, requests: [pixel([sha256], { afterConsent: true })] } }),
        ],
      }),
      findings: [
        { outcome: 'fail', severity: 'high', phase: 'reject', pageUrl: `${SITE}/`, messageId: 'leaked', message: /e-mail address and phone number typed .* after the visitor rejected cookies/ },
        { outcome: 'fail', severity: 'medium', phase: 'accept', pageUrl: `${SITE}/contact`, messageId: 'leaked', message: /after the visitor accepted cookies/ },
      ],
    },
    {
      name: 'a reject phase whose click did not happen is without any choice: high, and says so',
      site: site({
        consent: { reject: { method: 'none', done: false, verified: false, signals: [], verification: 'nothing clicked', clicks: [], detail: 'no banner found' } },
        phases: { reject: { formTyping: typing, requests: [pixel([sha256])] } },
      }),
      findings: [{ outcome: 'fail', severity: 'high', phase: 'reject', messageId: 'leaked', message: /without any consent choice \(nothing was clicked in the reject phase\)/ }],
    },
    {
      name: 'only a truncated digest: needs review',
      site: site({ phases: { before: { formTyping: typing, requests: [pixel([truncated])] } } }),
      findings: [{ outcome: 'needs-review', phase: 'before', messageId: 'possibleLeak', message: /truncated digest is a likely but not a certain match/ }],
    },
  ],
});
