import { describe, expect, it } from 'vitest';
import { blockedBy, rule } from '../../rules/cookie-wall.js';
import { heuristicAction, noAction, unverified } from '../helpers/consent-records.js';
import { blockedPage, control, design } from './banner-builder.js';
import { SITE, noBanner, site } from './evidence-builder.js';
import { ruleTester } from './rule-tester.js';
import type { ClassifiedSite, ConsentActionRecord } from '../../src/model/evidence.js';

/** A wall: the page blocked, only accept (or "subscribe") on the first layer. */
const wallDesign = design({ controls: [control('accept', 'Accept and continue')], pageBehind: blockedPage });
function wall(reject: ConsentActionRecord | undefined): ClassifiedSite {
  const built = site({ consent: { rejectOnFirstLayer: false, bannerDesign: wallDesign, bannerScreenshot: 'data:image/jpeg;base64,AA' } });
  if (reject) built.consent.reject = reject;
  else delete built.consent.reject;
  return built;
}

ruleTester(rule, {
  valid: [
    { name: 'page usable behind the banner', site: site({ consent: { bannerDesign: design() } }), outcome: 'pass' },
    { name: 'page blocked, but reject on the first layer (the compliant twin)', site: site({ consent: { bannerDesign: design({ pageBehind: blockedPage }) } }), outcome: 'pass' },
    {
      name: 'page blocked, reject on the first layer, its click unverified: still no wall',
      site: site({ consent: { bannerDesign: design({ pageBehind: blockedPage }), reject: unverified(heuristicAction('reject', 'Reject all')) } }),
      outcome: 'pass',
    },
    { name: 'page blocked, refused and verified on the second layer', site: wall(heuristicAction('reject', 'Save choices', { path: 'second-layer' })), outcome: 'pass' },
    { name: 'overlay, but the page scrolls and nothing is inert', site: site({ consent: { rejectOnFirstLayer: false, bannerDesign: design({ controls: [control('accept', 'OK')], pageBehind: { ...blockedPage, scrollLocked: false } }) } }), outcome: 'pass' },
    { name: 'no banner', site: site({ consent: noBanner }), outcome: 'not-applicable', reason: /no consent banner/ },
    { name: 'page behind not measured', site: site({ consent: { bannerDesign: design({ pageBehind: undefined }) } }), outcome: 'not-applicable', reason: /not measured/ },
  ],
  invalid: [
    {
      name: 'blocked page, only accept, the reject phase found no refusal',
      site: wall(noAction('banner found but no reject or settings control recognised')),
      findings: [
        {
          outcome: 'fail',
          phase: 'reject',
          pageUrl: `${SITE}/`,
          messageId: 'wall',
          message: /blocks the page \(an overlay covers 32 of 32 points outside the banner; scrolling is locked\) and offers no way to refuse/,
          evidenceIncludes: ['page behind: an overlay covers 32 of 32 points outside the banner; scrolling is locked', 'reject phase: no refusal found'],
        },
      ],
    },
    {
      name: 'the reject click was not verified: needs review',
      site: wall(unverified(heuristicAction('reject', 'Close'))),
      findings: [{ outcome: 'needs-review', phase: 'reject', messageId: 'rejectUnknown', message: /clicked "Close", but nothing verified the refusal/ }],
    },
    {
      name: 'no reject phase ran: needs review',
      site: wall(undefined),
      findings: [{ outcome: 'needs-review', messageId: 'rejectUnknown', message: /reject phase did not run/ }],
    },
    {
      name: 'severity as authorities differ',
      site: wall(noAction('no reject')),
      config: { rules: { 'cookie-wall': 'medium' } },
      findings: [{ outcome: 'fail', severity: 'medium', messageId: 'wall' }],
    },
  ],
});

describe('blockedBy', () => {
  it('needs the share of blocked points and a lock', () => {
    expect(blockedBy(blockedPage, 0.5)).toMatch(/32 of 32/);
    expect(blockedBy({ ...blockedPage, pointsBlocked: 10 }, 0.5)).toBeUndefined();
    expect(blockedBy({ ...blockedPage, pointsTested: 0, pointsBlocked: 0 }, 0.5)).toBeUndefined();
    expect(blockedBy({ ...blockedPage, scrollLocked: null }, 0.5)).toMatch(/32 of 32/);
    expect(blockedBy({ ...blockedPage, scrollLocked: false, inert: ['1 element with the inert attribute'] }, 0.5)).toMatch(/inert attribute/);
  });
});
