import { describe, expect, it } from 'vitest';
import type { ConsentDetection, ConsentObservation } from '../../src/model/evidence.js';
import { inferConsent } from '../../src/judge/consent.js';
import { identifyCmp } from '../../src/judge/consent-manager.js';
import { autoconsentAction, heuristicAction, noAction } from '../helpers/consent-records.js';

const missed: ConsentDetection = { autoconsentRule: null, bannerFound: false, rejectOnFirstLayer: null, acceptOnFirstLayer: null, detectedBy: null };
const outcome = (phase: ConsentObservation['phase'], extra: Partial<ConsentObservation> = {}): ConsentObservation => ({ phase, detection: missed, ...extra });
const mergeConsent = (observations: ConsentObservation[]) => inferConsent(observations);

describe('the consent evidence of a site, inferred from its phases', () => {
  it('takes a banner and its first layer as any phase saw them', () => {
    const seen: ConsentDetection = { autoconsentRule: 'Klaro', bannerFound: true, rejectOnFirstLayer: true, acceptOnFirstLayer: true, detectedBy: 'autoconsent' };
    const consent = mergeConsent([outcome('before'), outcome('accept', { detection: seen, action: autoconsentAction('Klaro') })]);
    expect(consent).toMatchObject({ bannerFound: true, rejectOnFirstLayer: true, acceptOnFirstLayer: true });
  });

  it('counts a clicked consent control as a banner, and a heuristic first-layer click as proof of its control', () => {
    // Seen on a busy machine: the banner in a cross-site iframe was not ready at detection time,
    // but the accept and reject phases then found and clicked it.
    const consent = mergeConsent([
      outcome('before'),
      outcome('accept', { action: heuristicAction('accept', 'Tout accepter') }),
      outcome('reject', { action: heuristicAction('reject', 'Tout refuser') }),
    ]);
    expect(consent).toMatchObject({ bannerFound: true, acceptOnFirstLayer: true, rejectOnFirstLayer: true });
  });

  it('infers nothing about the first layer from a second-layer click', () => {
    const consent = mergeConsent([outcome('reject', { action: heuristicAction('reject', 'Save', { path: 'second-layer' }) })]);
    expect(consent).toMatchObject({ bannerFound: true, rejectOnFirstLayer: null });
  });

  it('infers nothing about the first layer from autoconsent, which may go through a settings layer', () => {
    const consent = mergeConsent([outcome('reject', { action: autoconsentAction('Some CMP') })]);
    expect(consent).toMatchObject({ bannerFound: true, rejectOnFirstLayer: null, acceptOnFirstLayer: null });
  });

  it('says no banner when nothing was seen and nothing clicked', () => {
    const consent = mergeConsent([outcome('before'), outcome('reject', { action: noAction('no consent banner found') })]);
    expect(consent).toMatchObject({ bannerFound: false, rejectOnFirstLayer: null });
    expect(consent.inconclusive).toBeUndefined();
  });

  it('says a detection that could not finish is inconclusive, not "no banner"', () => {
    const consent = mergeConsent([outcome('before', { detection: { ...missed, inconclusive: 'the in-page scan timed out' } }), outcome('reject', { action: noAction('no consent banner found') })]);
    expect(consent).toMatchObject({ bannerFound: false, inconclusive: 'the in-page scan timed out' });
  });

  it('records how each phase found the banner, in phase order', () => {
    const consent = mergeConsent([
      outcome('reject', { detection: { ...missed, bannerFound: true, detectedBy: 'structure', foundAfterMs: 900, shadowRoot: 'closed' } }),
      outcome('before', { detection: { ...missed, bannerFound: true, detectedBy: 'heuristic', frameUrl: 'https://cmp.test/' } }),
    ]);
    expect(consent.detections).toEqual([
      { phase: 'before', detectedBy: 'heuristic', frameUrl: 'https://cmp.test/' },
      { phase: 'reject', detectedBy: 'structure', foundAfterMs: 900, shadowRoot: 'closed' },
    ]);
  });

  it('names the CMP from the clues of every phase together (the fingerprint table decides), never from the action', () => {
    const clues = (globals: string[], autoconsentRules: string[]) => ({ globals, dom: [], autoconsentRules });
    const consent = mergeConsent([
      outcome('before', { detection: { ...missed, bannerFound: true, detectedBy: 'autoconsent', autoconsentRule: 'Klaro', clues: clues(['klaro'], ['Klaro']) } }),
      outcome('accept', { detection: { ...missed, bannerFound: true, detectedBy: 'autoconsent', autoconsentRule: 'Klaro', clues: clues(['klaro', 'klaroConfig'], ['Klaro']) }, action: autoconsentAction('a rule name no table has') }),
    ]);
    expect(consent.cmp).toEqual(identifyCmp({ clues: clues(['klaro', 'klaroConfig'], ['Klaro']), scriptUrls: [], cookieNames: [], storageKeys: [] }));
    expect(consent.cmp?.name).not.toBe('a rule name no table has');
  });

  it('records a phase whose start page never loaded as not done, and keeps the screenshot', () => {
    const consent = inferConsent([{ phase: 'before' }, { phase: 'accept' }], [], 'data:image/jpeg;base64,AA');
    expect(consent.accept).toEqual({ method: 'none', done: false, verified: false, signals: [], verification: 'nothing was clicked', clicks: [], detail: 'the start page could not be loaded' });
    expect(consent.reject).toBeUndefined();
    expect(consent.bannerScreenshot).toBe('data:image/jpeg;base64,AA');
  });
});
