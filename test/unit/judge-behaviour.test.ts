import { describe, expect, it } from 'vitest';
import { assessBehaviour, assessReplay, BEHAVIOUR_THRESHOLDS, scoreActivity } from '../../src/judge/behaviour.js';
import type { CanvasActivity, ScriptActivity } from '../../src/model/evidence.js';
import { SITE, activity, page, req, site } from '../rules/evidence-builder.js';

const strongOf = (a: ScriptActivity) => scoreActivity(a).techniques.filter((t) => t.strong).map((t) => t.technique);
const canvas = (c: Partial<CanvasActivity>): ScriptActivity => ({
  scriptUrl: 'https://x.example/a.js',
  afterConsent: false,
  canvas: { textCalls: 1, distinctCharacters: 10, textStyles: ['#000'], maxWidth: 16, maxHeight: 16, readbacks: [{ api: 'toDataURL', width: 16, height: 16 }], readbackCount: 1, saveRestoreCalls: 0, canvasListeners: 0, ...c },
});

describe('fingerprinting score (Englehardt & Narayanan 2016, as Blacklight applies it)', () => {
  it('FingerprintJS as recorded: canvas, fonts, audio, WebGL and a sweep', () => {
    const { score, techniques } = scoreActivity(activity.fingerprintJs());
    expect(techniques.map((t) => [t.technique, t.strong])).toEqual([
      ['canvas', true],
      ['canvas-font', true],
      ['audio', true],
      ['webgl', true],
      ['navigator-sweep', true],
    ]);
    expect(score).toBe(5);
    expect(techniques[0]!.detail).toBe('text with 17 distinct characters in 2 styles (2 fillText/strokeText), read back 3× (largest toDataURL 240×60 px)');
  });

  it('Chart.js as recorded: nothing', () => {
    expect(scoreActivity(activity.chartJs())).toEqual({ techniques: [], score: 0 });
  });

  it('canvas: 10 distinct characters or 2 colours, read back from at least 16×16 px', () => {
    expect(strongOf(canvas({}))).toEqual(['canvas']);
    expect(strongOf(canvas({ distinctCharacters: 1, textStyles: ['#000', '#f60'] }))).toEqual(['canvas']);
    // Fewer characters in one colour: partial.
    expect(scoreActivity(canvas({ distinctCharacters: 9 })).techniques).toMatchObject([{ technique: 'canvas', strong: false }]);
    // A read-back smaller than 16×16 px: nothing.
    expect(scoreActivity(canvas({ readbacks: [{ api: 'getImageData', width: 15, height: 16 }] })).techniques).toEqual([]);
    // No text drawn: nothing (an image editor exporting).
    expect(scoreActivity(canvas({ textCalls: 0 })).techniques).toEqual([]);
  });

  it('canvas: save/restore or a canvas listener (an interactive canvas) makes it partial', () => {
    expect(scoreActivity(canvas({ saveRestoreCalls: 2 })).techniques[0]).toMatchObject({ strong: false, detail: expect.stringContaining('2 save/restore') });
    expect(scoreActivity(canvas({ canvasListeners: 1 })).techniques[0]).toMatchObject({ strong: false });
  });

  it('fonts: 50 distinct fonts measured, on a canvas or on elements; 25 is partial', () => {
    const fonts = (f: Partial<NonNullable<ScriptActivity['fonts']>>): ScriptActivity => ({
      scriptUrl: 'https://x.example/a.js',
      afterConsent: false,
      fonts: { measureTextCalls: 0, canvasFonts: 0, elementProbes: 0, elementFonts: 0, checkCalls: 0, checkFonts: 0, ...f },
    });
    expect(strongOf(fonts({ measureTextCalls: 50, canvasFonts: 50 }))).toEqual(['canvas-font']);
    expect(strongOf(fonts({ measureTextCalls: 49, canvasFonts: 50 }))).toEqual([]);
    expect(strongOf(fonts({ elementProbes: 120, elementFonts: 60 }))).toEqual(['canvas-font']);
    expect(strongOf(fonts({ checkCalls: 60, checkFonts: 55 }))).toEqual(['canvas-font']);
    expect(scoreActivity(fonts({ elementProbes: 30, elementFonts: 25 })).techniques).toMatchObject([{ technique: 'canvas-font', strong: false }]);
  });

  it('audio: an OfflineAudioContext rendered and read; a real-time analyser is partial', () => {
    const audio = (a: Partial<NonNullable<ScriptActivity['audio']>>): ScriptActivity => ({
      scriptUrl: 'https://x.example/a.js',
      afterConsent: false,
      audio: { audioContexts: 0, offlineContexts: 0, oscillators: 0, compressors: 0, analysers: 0, renderings: 0, sampleReads: 0, ...a },
    });
    expect(strongOf(audio({ offlineContexts: 1, compressors: 1, renderings: 1, sampleReads: 1 }))).toEqual(['audio']);
    expect(strongOf(audio({ offlineContexts: 1, oscillators: 1, renderings: 1 }))).toEqual([]);
    expect(scoreActivity(audio({ audioContexts: 1, oscillators: 1, analysers: 1, sampleReads: 30 })).techniques).toMatchObject([{ technique: 'audio', strong: false }]);
  });

  it('sweeps: 15 device properties; 10 is partial; client hints: 2 high-entropy ones, low-entropy ones do not count', () => {
    const props = ['userAgent', 'platform', 'vendor', 'language', 'languages', 'hardwareConcurrency', 'deviceMemory', 'plugins', 'mimeTypes', 'maxTouchPoints'];
    const screen = ['width', 'height', 'availWidth', 'availHeight', 'colorDepth'];
    expect(props.length + screen.length).toBe(BEHAVIOUR_THRESHOLDS.sweepStrong);
    expect(strongOf({ scriptUrl: 'https://x.example/a.js', afterConsent: false, navigatorProperties: props, screenProperties: screen })).toEqual(['navigator-sweep']);
    expect(scoreActivity({ scriptUrl: 'https://x.example/a.js', afterConsent: false, navigatorProperties: props }).techniques).toMatchObject([{ strong: false }]);
    expect(scoreActivity({ scriptUrl: 'https://x.example/a.js', afterConsent: false, navigatorProperties: ['userAgent', 'onLine', 'cookieEnabled'] }).techniques).toEqual([]);
    expect(strongOf({ scriptUrl: 'https://x.example/a.js', afterConsent: false, highEntropyHints: ['architecture', 'model', 'brands'] })).toEqual(['high-entropy-hints']);
    expect(scoreActivity({ scriptUrl: 'https://x.example/a.js', afterConsent: false, highEntropyHints: ['brands', 'mobile', 'platform'] }).techniques).toEqual([]);
  });
});

describe('session replay by behaviour', () => {
  const firstParty = (host: string) => host.endsWith('shop.example');
  it('all four signals make it replay-like', () => {
    expect(assessReplay(activity.recorder(), firstParty)).toEqual({
      observesDocument: true,
      listensToInput: true,
      listensToMouse: true,
      batchedToThirdParty: true,
      receivers: ['ingest.visitlens.example'],
      replayLike: true,
    });
  });

  it('uploads to the site itself, or one small upload, are not batches to a third party', () => {
    expect(assessReplay(activity.recorder({ sends: [{ host: 'api.shop.example', count: 9, bytes: 90_000 }] }), firstParty)).toMatchObject({ batchedToThirdParty: false, replayLike: false });
    expect(assessReplay(activity.recorder({ sends: [{ host: 'ingest.visitlens.example', count: 1, bytes: 90_000 }] }), firstParty)).toMatchObject({ batchedToThirdParty: false });
  });

  it('an observer of one element, or a click listener alone, is not observing the document', () => {
    expect(assessReplay({ scriptUrl: 'https://x.example/a.js', afterConsent: false, replay: { documentObservers: 1, observesAttributes: false, observesCharacterData: false, listeners: [] } }, () => false)).toBeUndefined();
    expect(assessReplay({ scriptUrl: 'https://x.example/a.js', afterConsent: false, replay: { documentObservers: 0, observesAttributes: false, observesCharacterData: false, listeners: ['click'] } }, () => false)).toBeUndefined();
  });
});

describe('attribution', () => {
  it('per page and phase: host, party, the organisation of the script’s own request, inline scripts under the page', () => {
    const fpService = { name: 'FingerprintJS', organization: 'FingerprintJS, Inc.', category: 'security' as const, tracking: false, source: 'builtin' as const };
    const judged = site({
      pages: [
        page(`${SITE}/`, {
          before: {
            requests: [req('https://openfpcdn.io/fingerprintjs/v3.4.2/fp.min.js', { service: fpService })],
            scriptActivity: [activity.fingerprintJs(), activity.chartJs(), { scriptUrl: `${SITE}/`, inline: true, afterConsent: false, highEntropyHints: ['model', 'bitness'] }],
          },
          accept: { scriptActivity: [activity.recorder({ afterConsent: true })] },
        }),
      ],
    });
    expect(assessBehaviour(judged).map((b) => [b.phase, b.scriptUrl, b.host, b.firstParty, b.service?.organization, b.inline ?? false, b.score, b.afterConsent])).toEqual([
      ['before', 'https://openfpcdn.io/fingerprintjs/v3.4.2/fp.min.js', 'openfpcdn.io', false, 'FingerprintJS, Inc.', false, 5, false],
      ['before', `${SITE}/`, 'shop.example', true, undefined, true, 1, false],
      ['accept', 'https://cdn.visitlens.example/rec.js', 'cdn.visitlens.example', false, undefined, false, 0, true],
    ]);
  });

  it('without the script’s request, a third-party host is named from the knowledge base', () => {
    const judged = site({ phases: { before: { scriptActivity: [activity.fingerprintJs()] } } });
    expect(judged.behaviour![0]!.service).toMatchObject({ name: 'FingerprintJS', organization: 'FingerprintJS, Inc.', category: 'security' });
  });
});
