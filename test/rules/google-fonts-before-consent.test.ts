import { rule } from '../../rules/google-fonts-before-consent.js';
import { SITE, req, requests, services, site } from './evidence-builder.js';
import { ruleTester } from './rule-tester.js';

ruleTester(rule, {
  valid: [
    { name: 'self-hosted fonts', site: site({ phases: { before: { requests: [requests.firstParty('/fonts/roboto.woff2', { type: 'font' })] } } }), outcome: 'pass' },
    { name: 'fonts from another CDN', site: site({ phases: { before: { requests: [req('https://fonts.bunny.net/css?family=roboto', { type: 'stylesheet', service: { ...services.jsdelivr, name: 'Bunny Fonts', organization: 'BunnyWay d.o.o.', category: 'fonts', country: 'SI' } })] } } }) },
    { name: 'Google Fonts after accepting', site: site({ phases: { accept: { requests: [requests.fontsCss({ afterConsent: true })] } } }) },
    { name: 'allowlisted', site: site({ phases: { before: { requests: [requests.fontsCss(), requests.fontFile()] } } }), config: { allowlist: { hosts: ['fonts.googleapis.com', 'fonts.gstatic.com'] } } },
  ],
  invalid: [
    {
      name: 'CSS and font files from Google before consent',
      site: site({ phases: { before: { requests: [requests.fontsCss(), requests.fontFile(), requests.fontFile()] } } }),
      findings: [
        {
          outcome: 'fail',
          phase: 'before',
          pageUrl: `${SITE}/`,
          messageId: 'fontsBeforeChoice',
          message: [/loaded 3 files from Google Fonts \(fonts\.googleapis\.com and fonts\.gstatic\.com\)/, /IP address to Google/],
          evidence: [requests.fontsCss().url, requests.fontFile().url],
        },
      ],
    },
    {
      name: 'recognised by host name even when unclassified',
      site: site({ phases: { before: { requests: [req('https://fonts.gstatic.com/s/a.woff2', { type: 'font' })] } } }),
      findings: [{ outcome: 'fail', messageId: 'fontsBeforeChoice' }],
    },
  ],
});
