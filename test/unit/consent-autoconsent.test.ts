import { describe, expect, it } from 'vitest';
import { AUTOCONSENT_CONFIG, isolatedWorldSource, parseAutoconsentMessage, rulesForFrame } from '../../src/gather/consent/autoconsent-messages.js';
import { AutoconsentState, POPUP_WAIT_MS, SECOND_ATTEMPT_GRACE_MS } from '../../src/gather/consent/autoconsent-state.js';

function report(lifecycle: string, findCmpAttempts: number) {
  return { type: 'report', instanceId: 'i', url: 'https://a.test/', mainFrame: true, state: { lifecycle, findCmpAttempts } } as any;
}

describe('autoconsent verdict', () => {
  it('is not settled before any instance reported', () => {
    expect(new AutoconsentState().settled(0)).toBe(false);
  });

  it('settles at once when a popup is found', () => {
    const state = new AutoconsentState();
    state.record(1, 'F', report('started', 1), 0);
    state.record(1, 'F', { type: 'cmpDetected', cmp: 'Klaro', url: '' }, 10);
    expect(state.settled(20)).toBe(false);
    state.record(1, 'F', { type: 'popupFound', cmp: 'Klaro', url: '' }, 30);
    expect(state.settled(30)).toBe(true);
    expect(state.detectedCmps).toEqual(['Klaro']);
  });

  it('settles when every frame found nothing on a second attempt (the third waits for a DOM mutation)', () => {
    const state = new AutoconsentState();
    state.record(1, 'main', report('started', 1), 0);
    state.record(2, 'child', report('nothingDetected', 21), 0);
    state.record(1, 'main', report('started', 2), 500);
    expect(state.settled(500 + SECOND_ATTEMPT_GRACE_MS - 1)).toBe(false);
    expect(state.settled(500 + SECOND_ATTEMPT_GRACE_MS)).toBe(true);
  });

  it('waits for the popup of a detected CMP, then gives up', () => {
    const state = new AutoconsentState();
    state.record(1, 'main', report('started', 2), 0);
    state.record(1, 'main', { type: 'cmpDetected', cmp: 'x', url: '' }, 100);
    expect(state.settled(5_000)).toBe(false);
    expect(state.settled(100 + POPUP_WAIT_MS)).toBe(true);
  });

  it('forgets instances of documents that went away', () => {
    const state = new AutoconsentState();
    state.record(1, 'main', report('nothingDetected', 21), 0);
    state.record(2, 'ad', report('started', 1), 0);
    expect(state.settled(10_000)).toBe(false);
    state.forget(2);
    expect(state.settled(10_000)).toBe(true);
  });
});

describe('autoconsent plumbing', () => {
  it('sends full rules (with opt-in steps) for accepting and compact rules otherwise', () => {
    const optIn = rulesForFrame('opt-in', { url: 'https://www.klaro-shop.test/', mainFrame: true });
    expect(optIn.autoconsent.length).toBeGreaterThan(50);
    expect(optIn.autoconsent.some((r) => r.name === 'cookieconsent3' && r.optIn.length > 0)).toBe(true);
    expect(optIn.autoconsent.every((r) => !r.runContext?.urlPattern || new RegExp(r.runContext.urlPattern).test('https://www.klaro-shop.test/'))).toBe(true);
    const inFrame = rulesForFrame('opt-in', { url: 'https://x.test/', mainFrame: false });
    expect(inFrame.autoconsent.every((r) => r.runContext?.frame === true)).toBe(true);
    const optOut = rulesForFrame('opt-out', { url: 'https://www.cc-news.test/', mainFrame: true });
    expect(optOut.autoconsent).toEqual([]);
    expect(optOut.compact?.r.length).toBeGreaterThan(50);
  });

  it('asks for real clicks only, decided by us', () => {
    expect(AUTOCONSENT_CONFIG).toMatchObject({ autoAction: null, enableCosmeticRules: false, enablePrehide: false, detectRetries: 20 });
  });

  it('wraps the binding and accepts only autoconsent messages', () => {
    expect(isolatedWorldSource('__b')).toMatch(/^window\.autoconsentSendMessage = \(message\) => \{ __b\(JSON\.stringify\(message\)\)/);
    expect(parseAutoconsentMessage('{"type":"popupFound","cmp":"x","url":"u"}')).toMatchObject({ type: 'popupFound' });
    expect(parseAutoconsentMessage('{"type":"evil"}')).toBeUndefined();
    expect(parseAutoconsentMessage('not json')).toBeUndefined();
  });
});
