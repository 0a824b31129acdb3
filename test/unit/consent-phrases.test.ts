import { describe, expect, it } from 'vitest';
import { classifyLabel, normalizeLabel } from '../../src/gather/consent/phrases.js';
import { bannersIn, bestControl, controlsOf } from '../../src/gather/consent/heuristics.js';

describe('normalizeLabel', () => {
  it('lower-cases, strips accents and decoration, straightens apostrophes', () => {
    expect(normalizeLabel('  ✓ Tout  Accepter → ')).toBe('tout accepter');
    expect(normalizeLabel('J’accepte!')).toBe("j'accepte");
    expect(normalizeLabel('Nur essenzielle\nCookies')).toBe('nur essenzielle cookies');
    expect(normalizeLabel('Accept & close')).toBe('accept and close');
  });
});

describe('classifyLabel', () => {
  const cases: Array<[string, string | null, number?]> = [
    ['Accept all', 'accept', 3],
    ['ACCEPT ALL COOKIES', 'accept', 3],
    ['Alle akzeptieren', 'accept', 3],
    ['Tout accepter', 'accept', 3],
    ['Aceptar todo', 'accept', 3],
    ['Accetta tutti', 'accept', 3],
    ['Alles accepteren', 'accept', 3],
    ['Akzeptieren', 'accept', 2],
    ["J'accepte", 'accept', 2],
    ['Got it', 'accept', 1],
    ['OK', 'accept', 1],
    ['Reject all', 'reject', 3],
    ['Alle ablehnen', 'reject', 3],
    ['Tout refuser', 'reject', 3],
    ['Rechazar todo', 'reject', 3],
    ['Rifiuta tutto', 'reject', 3],
    ['Alles weigeren', 'reject', 3],
    ['Decline', 'reject', 2],
    ['Nur notwendige Cookies', 'reject', 2],
    ['Continuer sans accepter', 'reject', 2],
    ['Alleen noodzakelijke cookies', 'reject', 2],
    // "accept" inside a refusal is a refusal, never an accept
    ['Accept only necessary', 'reject', 2],
    ['Accept necessary cookies', 'reject', 2],
    ["Don't accept", 'reject', 2],
    ['Aceptar solo las necesarias', 'reject', 2],
    // neither
    ['Manage preferences', null],
    ['Accept selected', null],
    ['Privacy policy', null],
    ['We accept all major credit cards and PayPal payments', null],
    ['', null],
  ];
  it.each(cases)('%s → %s', (label, kind, strength) => {
    const result = classifyLabel(label);
    if (kind === null) expect(result).toBeNull();
    else expect(result).toEqual({ kind, strength });
  });
});

describe('choosing a control', () => {
  it('prefers explicit wording and consent-named containers', () => {
    const container = (kind: 'consent-named' | 'fixed') => ({ kind, mentionsConsent: true, hasPrivacyLink: false, viewportShare: 0.2, shadowRoot: null });
    const banners = bannersIn('F', {
      containers: [container('consent-named'), container('fixed')],
      controls: [
        { index: 0, label: 'OK', tag: 'button', containerKind: 'consent-named', depth: 1, container: 0 },
        { index: 1, label: 'Accept all', tag: 'a', containerKind: 'fixed', depth: 3, container: 1 },
        { index: 2, label: 'Reject all', tag: 'button', containerKind: 'fixed', depth: 3, container: 1 },
        { index: 3, label: 'Settings', tag: 'button', containerKind: 'fixed', depth: 3, container: 1 },
      ],
      toggles: [],
      truncated: false,
    });
    const controls = controlsOf(banners);
    expect(controls.map((c) => c.index)).toEqual(expect.arrayContaining([0, 1, 2]));
    expect(bestControl(controls, 'accept')?.index).toBe(1);
    expect(bestControl(controls, 'reject')?.index).toBe(2);
  });
});
