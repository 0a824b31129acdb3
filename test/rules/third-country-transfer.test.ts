import { rule } from '../../rules/third-country-transfer.js';
import { SITE, cookie, cookies, req, requests, services, site } from './evidence-builder.js';
import { ruleTester } from './rule-tester.js';

const yandex = (query = '?browser-info=x&page-url=y&_ym_uid=1&uid=1700000000123456') => req(`https://mc.yandex.ru/watch/123${query}`, { type: 'image', service: services.yandexMetrica });

ruleTester(rule, {
  valid: [
    { name: 'an EEA organisation', site: site({ phases: { before: { requests: [req('https://www.etracker.de/c?cid=1234567', { service: services.etracker })] } } }) },
    { name: 'an adequacy country (NZ)', site: site({ phases: { before: { requests: [req('https://x.matomo.cloud/matomo.php?uid=1234567', { service: services.matomoCloud })] } } }) },
    { name: 'country unknown', site: site({ phases: { before: { requests: [req('https://ads.mystery.example/p?uid=1234567', { service: services.unknownCountryTracker })] } } }) },
    { name: 'no identifier: no query id, no cookie', site: site({ phases: { before: { requests: [yandex('?page-url=y'), req('https://www.facebook.com/tr/?id=123&ev=PageView', { service: services.metaPixel })] } } }) },
    { name: 'a short flag value is not an identifier', site: site({ phases: { before: { requests: [yandex('?uid=1')] } } }) },
    { name: 'not a tracker (fonts, CDN)', site: site({ phases: { before: { requests: [requests.fontsCss(), requests.cdn()], cookies: [cookie('NID', { domain: '.googleapis.com', category: 'marketing' })] } } }) },
    { name: 'after accept', site: site({ phases: { accept: { requests: [yandex()] } } }) },
    { name: 'allowlisted host', site: site({ phases: { before: { requests: [yandex()] } } }), config: { allowlist: { hosts: ['yandex.ru'] } } },
  ],
  invalid: [
    {
      name: 'Yandex (RU) with an identifier parameter',
      site: site({ phases: { before: { requests: [yandex()] } } }),
      findings: [
        {
          outcome: 'fail',
          severity: 'medium',
          phase: 'before',
          pageUrl: `${SITE}/`,
          messageId: 'uncoveredTransfer',
          message: [/^Identifiers were sent before consent to Yandex LLC \(RU\) through Yandex Metrica, outside the EEA\./, /Yandex LLC is not covered by an EU adequacy decision/],
          evidence: [yandex().url],
        },
      ],
    },
    {
      name: 'a DPF-certified US organisation: lowered to low',
      site: site({ phases: { before: { requests: [requests.ga()] } } }),
      findings: [{ outcome: 'fail', severity: 'low', messageId: 'certifiedTransfer', message: [/Google LLC \(US, certified under the EU-US Data Privacy Framework\)/, /Data Privacy Framework covers the transfer/] }],
    },
    {
      name: 'a cookie on the service domain counts as an identifier',
      site: site({ phases: { before: { requests: [req('https://analytics.tiktok.com/api/v2/pixel', { service: services.tiktokPixel })], cookies: [cookie('_ttp', { domain: '.tiktok.com', category: 'marketing' }), cookies.ga()] } } }),
      findings: [{ outcome: 'fail', severity: 'medium', messageId: 'uncoveredTransfer', message: /ByteDance Ltd\. \(CN\)/, evidence: ['https://analytics.tiktok.com/api/v2/pixel', '_ttp@.tiktok.com'] }],
    },
    {
      name: 'an embed that sends its own cookie (Google Maps with NID) counts too',
      site: site({
        phases: {
          before: {
            requests: [req('https://www.google.com/maps/embed?pb=x', { type: 'document', service: { name: 'Google Maps', organization: 'Google LLC', category: 'embedded-content', country: 'US', dpf: true, tracking: false, source: 'builtin' } })],
            cookies: [cookie('NID', { domain: '.google.com', category: 'marketing' })],
          },
        },
      }),
      findings: [{ outcome: 'fail', severity: 'low', message: /Google LLC \(US, certified under the EU-US Data Privacy Framework\) through Google Maps/, evidence: ['https://www.google.com/maps/embed?pb=x', 'NID@.google.com'] }],
    },
    {
      name: 'certified and uncertified together: the worse severity',
      site: site({ phases: { before: { requests: [requests.ga(), yandex()] } } }),
      config: { rules: { 'third-country-transfer': 'high' } },
      findings: [{ outcome: 'fail', severity: 'high', messageId: 'uncoveredTransfer' }],
    },
    {
      name: 'a user severity override keeps the DPF step down',
      site: site({ phases: { before: { requests: [requests.ga()] } } }),
      config: { rules: { 'third-country-transfer': 'high' } },
      findings: [{ outcome: 'fail', severity: 'medium', messageId: 'certifiedTransfer' }],
    },
  ],
});
