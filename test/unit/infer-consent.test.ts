import { describe, expect, it } from 'vitest';
import type { ConsentDetection, ConsentObservation } from '../../src/model/evidence.js';
import { inferConsent } from '../../src/judge/consent.js';

const missed: ConsentDetection = { cmp: null, bannerFound: false, rejectOnFirstLayer: null, acceptOnFirstLayer: null, detectedBy: null };
const outcome = (phase: ConsentObservation['phase'], extra: Partial<ConsentObservation> = {}): ConsentObservation => ({ phase, detection: missed, ...extra });
const mergeConsent = (observations: ConsentObservation[]) => inferConsent(observations);

describe('the consent evidence of a site, inferred from its phases', () => {
  it('takes a banner and its first layer as any phase saw them', () => {
    const seen: ConsentDetection = { cmp: 'Klaro', bannerFound: true, rejectOnFirstLayer: true, acceptOnFirstLayer: true, detectedBy: 'autoconsent' };
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

  it('records a phase whose start page never loaded as not done, and keeps the screenshot', () => {
    const consent = inferConsent([{ phase: 'before' }, { phase: 'accept' }], 'data:image/jpeg;base64,AA');
    expect(consent.accept).toEqual({ done: false, method: 'none', detail: 'the start page could not be loaded' });
    expect(consent.reject).toBeUndefined();
    expect(consent.bannerScreenshot).toBe('data:image/jpeg;base64,AA');
  });
});
