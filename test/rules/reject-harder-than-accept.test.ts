import { rule } from '../../rules/reject-harder-than-accept.js';
import { heuristicAction, unverified } from '../helpers/consent-records.js';
import { control, design, greyLink } from './banner-builder.js';
import { SITE, noBanner, site } from './evidence-builder.js';
import { ruleTester, run } from './rule-tester.js';
import { describe, expect, it } from 'vitest';

const acceptButton = control('accept', 'Accept all', { box: { x: 24, y: 700, width: 200, height: 48 } });
/** Accept on the first layer, one click; reject through the settings layer: settings, two switches, save. */
const acceptClick = heuristicAction('accept', 'Accept all');
const rejectFirstLayer = heuristicAction('reject', 'Reject all');
const rejectSecondLayer = heuristicAction('reject', 'Save choices', {
  path: 'second-layer',
  clicks: [
    { role: 'settings', label: 'Settings', layer: 1, trusted: true },
    { role: 'toggle-off', label: 'Statistics', layer: 2, trusted: true },
    { role: 'toggle-off', label: 'Marketing', layer: 2, trusted: true },
    { role: 'save', label: 'Save choices', layer: 2, trusted: true },
  ],
});
const withDesign = (d: ReturnType<typeof design>, extra: Parameters<typeof site>[0]['consent'] = {}) =>
  site({ consent: { accept: acceptClick, reject: rejectFirstLayer, bannerDesign: d, bannerScreenshot: 'data:image/jpeg;base64,AA', ...extra } });

ruleTester(rule, {
  valid: [
    { name: 'equal buttons, one click each', site: withDesign(design()), outcome: 'pass' },
    { name: 'no banner', site: site({ consent: noBanner }), outcome: 'not-applicable', reason: /no consent banner/ },
    { name: 'no design measured (older evidence)', site: site({}), outcome: 'not-applicable', reason: /not measured/ },
    {
      name: 'an outlined secondary reject with readable text: prominence is off by default',
      site: withDesign(design({ controls: [acceptButton, control('reject', 'Reject all', { box: { x: 240, y: 700, width: 180, height: 48 }, color: '#333333', background: '#ffffff', textContrast: 12.63, prominence: 1 })] })),
      outcome: 'pass',
    },
    {
      name: 'clicks made by autoconsent are not compared',
      site: withDesign(design({ controls: [acceptButton] }), { rejectOnFirstLayer: false, accept: { ...acceptClick, method: 'autoconsent', rule: 'Klaro', clicks: [], selfTest: true } as never, reject: rejectSecondLayer }),
      outcome: 'pass',
    },
    { name: 'switched off', site: withDesign(design({ controls: [acceptButton, greyLink('reject', 'Reject')] })), config: { rules: { 'reject-harder-than-accept': 'off' } }, outcome: 'disabled' },
  ],
  invalid: [
    {
      name: 'reject a small grey text link next to a big accept button',
      site: withDesign(design({ controls: [acceptButton, greyLink('reject', 'Reject')] }), { reject: heuristicAction('reject', 'Reject') }),
      findings: [
        {
          outcome: 'fail',
          messageId: 'harder',
          pageUrl: `${SITE}/`,
          message: [/"Reject" is a text link while "Accept all" is a button/, /9600 px², 9.1 times the 1050 px²/, /contrast of 2.32:1, below 4.5:1/],
          evidenceIncludes: [
            'accept "Accept all": button (<button>), 200×48 px = 9600 px², font 16 px, weight 400, text contrast 12.63:1 (#ffffff on #333333), prominence against the banner 12.63:1',
            'reject "Reject": link (<a>), 70×15 px = 1050 px², font 12 px, weight 400, text contrast 2.32:1 (#aaaaaa on #ffffff), prominence against the banner 1:1',
            'clicks to accept: 1; clicks to reject: 1',
          ],
        },
      ],
    },
    {
      name: 'reject takes more clicks (through the settings layer)',
      site: withDesign(design({ controls: [acceptButton, control('settings', 'Settings')] }), { rejectOnFirstLayer: false, reject: rejectSecondLayer }),
      findings: [{ outcome: 'fail', messageId: 'harder', message: /rejecting took 4 clicks, accepting 1/, evidenceIncludes: ['clicks to accept: 1; clicks to reject: 4'] }],
    },
    {
      name: 'area ratio as an option',
      site: withDesign(design({ controls: [acceptButton, control('reject', 'Reject all', { box: { x: 240, y: 700, width: 140, height: 44 } })] })),
      config: { rules: { 'reject-harder-than-accept': { options: { minAreaRatio: 1.5 } } } },
      findings: [{ outcome: 'fail', messageId: 'harder', message: /1.6 times the 6160 px² of "Reject all" \(limit 1.5×\)/ }],
    },
    {
      name: 'prominence check when switched on',
      site: withDesign(design({ controls: [acceptButton, control('reject', 'Reject all', { box: { x: 240, y: 700, width: 200, height: 48 }, color: '#333333', background: '#ffffff', prominence: 1 })] })),
      config: { rules: { 'reject-harder-than-accept': { options: { minProminenceRatio: 3 } } } },
      findings: [{ outcome: 'fail', messageId: 'harder', message: /stands out 12.63:1 against the banner, "Reject all" 1:1/ }],
    },
    {
      name: 'unreadable colours: needs review',
      site: withDesign(design({ controls: [acceptButton, control('reject', 'Reject all', { box: { x: 240, y: 700, width: 200, height: 48 }, color: null, background: null, textContrast: null, prominence: null })] })),
      findings: [{ outcome: 'needs-review', messageId: 'unclear', message: /text colours of accept or reject could not be read/ }],
    },
    {
      name: 'a reject on the first layer the measurement did not find: needs review',
      site: withDesign(design({ controls: [acceptButton] }), { rejectOnFirstLayer: true }),
      findings: [{ outcome: 'needs-review', messageId: 'unclear', message: /measurement found none to compare/ }],
    },
    {
      name: 'banner not measured: needs review with the reason',
      site: withDesign(design({ text: '', controls: [], privacyLinks: [], unmeasured: ['the banner could not be measured: in-page call timed out'] })),
      findings: [{ outcome: 'needs-review', messageId: 'unclear', message: /in-page call timed out/ }],
    },
    {
      name: 'equal buttons but the reject click was not verified: the pass is needs-review',
      site: withDesign(design(), { reject: unverified(rejectFirstLayer) }),
      findings: [],
    },
  ],
});

describe('reject-harder-than-accept on unverified clicks', () => {
  it('does not pass silently when the reject click was not verified', () => {
    const { findings, result } = run(rule, withDesign(design(), { reject: unverified(rejectFirstLayer) }));
    expect(findings).toEqual([]);
    expect(result.outcome).toBe('needs-review');
    expect(result.reason).toMatch(/"reject all" click could not be verified/);
  });
});
