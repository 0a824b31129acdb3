import { describe, expect, it } from 'vitest';
import type { BannerDetection } from '../../src/gather/consent/index.js';
import { mergeConsent } from '../../src/gather/site.js';
import type { PhaseOutcome } from '../../src/gather/phase.js';

const missed: BannerDetection = { cmp: null, bannerFound: false, rejectOnFirstLayer: null, acceptOnFirstLayer: null, detectedBy: null };
const outcome = (phase: PhaseOutcome['phase'], extra: Partial<PhaseOutcome> = {}): PhaseOutcome => ({ phase, pages: [], errors: [], detection: missed, ...extra });

describe('the consent evidence of a site, merged from its phases', () => {
  it('takes a banner and its first layer as any phase saw them', () => {
    const seen: BannerDetection = { cmp: 'Klaro', bannerFound: true, rejectOnFirstLayer: true, acceptOnFirstLayer: true, detectedBy: 'autoconsent' };
    const consent = mergeConsent([outcome('before'), outcome('accept', { detection: seen, action: { done: true, method: 'autoconsent', cmp: 'Klaro' } })]);
    expect(consent).toMatchObject({ cmp: 'Klaro', bannerFound: true, rejectOnFirstLayer: true, acceptOnFirstLayer: true });
  });

  it('counts a clicked consent control as a banner, and a heuristic click as proof of its first-layer control', () => {
    // Seen on a busy machine: the banner in a cross-site iframe was not ready at detection time,
    // but the accept and reject phases then found and clicked it.
    const consent = mergeConsent([
      outcome('before'),
      outcome('accept', { action: { done: true, method: 'heuristic', clickedText: 'Tout accepter', detail: 'trusted click' } }),
      outcome('reject', { action: { done: true, method: 'heuristic', clickedText: 'Tout refuser', detail: 'trusted click' } }),
    ]);
    expect(consent).toMatchObject({ bannerFound: true, acceptOnFirstLayer: true, rejectOnFirstLayer: true });
  });

  it('infers nothing about the first layer from autoconsent, which may go through a settings layer', () => {
    const consent = mergeConsent([outcome('reject', { action: { done: true, method: 'autoconsent', cmp: 'Some CMP' } })]);
    expect(consent).toMatchObject({ bannerFound: true, rejectOnFirstLayer: null, acceptOnFirstLayer: null });
  });

  it('says no banner when nothing was seen and nothing clicked', () => {
    const consent = mergeConsent([outcome('before'), outcome('reject', { action: { done: false, method: 'none', detail: 'no consent banner found' } })]);
    expect(consent).toMatchObject({ bannerFound: false, rejectOnFirstLayer: null });
  });
});
