import { rule } from '../../rules/fingerprinting-before-consent.js';
import { SITE, activity, page, req, site } from './evidence-builder.js';
import { ruleTester } from './rule-tester.js';

const fpjs = { name: 'FingerprintJS', organization: 'FingerprintJS, Inc.', category: 'security' as const, country: 'US', tracking: false, source: 'builtin' as const };
const fpScriptRequest = req('https://openfpcdn.io/fingerprintjs/v3.4.2/fp.min.js', { service: fpjs });

ruleTester(rule, {
  valid: [
    { name: 'a chart library drawing text on canvases, never reading it back', site: site({ phases: { before: { scriptActivity: [activity.chartJs()] } } }), outcome: 'pass' },
    { name: 'no script activity recorded', site: site({ phases: { before: {} } }), outcome: 'pass' },
    { name: 'no before phase ran', site: site({ phases: { accept: { scriptActivity: [activity.fingerprintJs({ afterConsent: true })] } } }), outcome: 'not-applicable' },
    { name: 'fingerprinting only after accepting', site: site({ phases: { accept: { scriptActivity: [activity.fingerprintJs({ afterConsent: true })] } } }) },
    {
      name: 'an analytics tag reading a handful of properties',
      site: site({ phases: { before: { scriptActivity: [{ scriptUrl: `${SITE}/stats.js`, afterConsent: false, navigatorProperties: ['language', 'userAgent'], screenProperties: ['height', 'width'] }] } } }),
      outcome: 'pass',
    },
    {
      name: 'a small canvas read back (an emoji support check, 1×1 px)',
      site: site({
        phases: {
          before: {
            scriptActivity: [
              { scriptUrl: `${SITE}/emoji.js`, afterConsent: false, canvas: { textCalls: 2, distinctCharacters: 2, textStyles: ['#000000'], maxWidth: 1, maxHeight: 1, readbacks: [{ api: 'getImageData', width: 1, height: 1 }], readbackCount: 2, saveRestoreCalls: 0, canvasListeners: 0 } },
            ],
          },
        },
      }),
      outcome: 'pass',
    },
    { name: 'allowlisted host', site: site({ phases: { before: { scriptActivity: [activity.fingerprintJs()] } } }), config: { allowlist: { hosts: ['openfpcdn.io'] } } },
  ],
  invalid: [
    {
      name: 'FingerprintJS before consent: canvas, fonts, audio, WebGL, attributed to its organisation',
      site: site({ phases: { before: { requests: [fpScriptRequest], scriptActivity: [activity.fingerprintJs()] } } }),
      findings: [
        {
          outcome: 'fail',
          phase: 'before',
          pageUrl: `${SITE}/`,
          messageId: 'fingerprintedBeforeChoice',
          message:
            /^https:\/\/openfpcdn\.io\/fingerprintjs\/v3\.4\.2\/fp\.min\.js \(FingerprintJS \(FingerprintJS, Inc\.\), third party\) fingerprinted the browser before the visitor made any choice: canvas fingerprinting, font enumeration, audio fingerprinting, WebGL renderer query and a navigator \/ screen sweep\.$/,
          evidence: ['https://openfpcdn.io/fingerprintjs/v3.4.2/fp.min.js', 'canvas', 'canvas-font', 'audio', 'webgl', 'navigator-sweep'],
        },
      ],
    },
    {
      name: 'the same script fingerprinting in full on one page and only in part on another (a cached result): one fail, no separate doubt',
      site: site({
        pages: [
          page(`${SITE}/`, { before: { scriptActivity: [activity.fingerprintJs()] } }),
          page(`${SITE}/tables.html`, { before: { scriptActivity: [activity.fingerprintJs({ canvas: undefined, fonts: undefined, audio: undefined, webgl: undefined, highEntropyHints: undefined, navigatorProperties: ['deviceMemory', 'hardwareConcurrency', 'language', 'languages', 'platform', 'plugins', 'userAgent'], screenProperties: ['colorDepth', 'height', 'pixelDepth', 'width'] })] } }),
        ],
      }),
      findings: [{ outcome: 'fail', pageUrl: `${SITE}/`, messageId: 'fingerprintedBeforeChoice' }],
    },
    {
      name: 'a chart exported with toDataURL: text read back from an interactive canvas is needs-review',
      site: site({
        phases: {
          before: {
            scriptActivity: [activity.chartJs({ canvas: { ...activity.chartJs().canvas!, readbacks: [{ api: 'toDataURL', width: 640, height: 320 }], readbackCount: 1 } })],
          },
        },
      }),
      findings: [{ outcome: 'needs-review', messageId: 'partialBeforeChoice', message: /^https:\/\/shop\.example\/vendor\/chart\.umd\.js \(first party\) used canvas fingerprinting before/, evidenceIncludes: ['canvas (partial)'] }],
    },
    {
      name: 'an inline script sweeping 11 device properties and asking one high-entropy hint: needs-review',
      site: site({
        phases: {
          before: {
            scriptActivity: [
              {
                scriptUrl: `${SITE}/`,
                inline: true,
                afterConsent: false,
                navigatorProperties: ['deviceMemory', 'hardwareConcurrency', 'language', 'languages', 'platform', 'plugins', 'userAgent'],
                screenProperties: ['colorDepth', 'height', 'pixelDepth', 'width'],
                highEntropyHints: ['platformVersion'],
              },
            ],
          },
        },
      }),
      findings: [
        {
          outcome: 'needs-review',
          messageId: 'partialBeforeChoice',
          message: /^An inline script of the page used a navigator \/ screen sweep and high-entropy client hints before the visitor made any choice/,
          evidence: [`${SITE}/`, 'navigator-sweep (partial)', 'high-entropy-hints (partial)'],
        },
      ],
    },
    {
      name: 'minTechniques 3: audio and WebGL alone are needs-review',
      site: site({ phases: { before: { scriptActivity: [activity.fingerprintJs({ canvas: undefined, fonts: undefined, navigatorProperties: [], screenProperties: [] })] } } }),
      config: { rules: { 'fingerprinting-before-consent': { options: { minTechniques: 3 } } } },
      findings: [{ outcome: 'needs-review', messageId: 'partialBeforeChoice' }],
    },
  ],
});
