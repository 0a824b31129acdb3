/**
 * Scores what scripts did in the page (ScriptActivity, recorded by the behaviour collector) with
 * published heuristics, so that a script that fingerprints is told from one that only draws:
 *
 * - canvas, canvas-font, audio: Englehardt & Narayanan, "Online tracking: A 1-million-site
 *   measurement and analysis" (ACM CCS 2016), §6, as OpenWPM implements them and The Markup's
 *   Blacklight (2020) applies them;
 * - canvas-font by measuring elements (offsetWidth / offsetHeight of probes with many font
 *   families): Acar et al., "FPDetective" (ACM CCS 2013), with E&N's threshold of 50 fonts;
 * - WebGL: the WEBGL_debug_renderer_info query (UNMASKED_RENDERER / UNMASKED_VENDOR), which
 *   exists to reveal the GPU (Khronos extension registry; Laperdrix et al. 2016, AmIUnique);
 * - navigator / screen sweeps: the attributes of Panopticlick (Eckersley 2010) and AmIUnique;
 *   the counts below are this project's choice (an analytics tag reads a handful);
 * - User-Agent Client Hints: the hints the W3C UA-CH draft marks high-entropy.
 *
 * Pure: no browser, no I/O. Partial signals are kept as `strong: false` (the rule makes them
 * needs-review); the score counts strong techniques only.
 */
import type {
  FingerprintTechnique,
  PhaseEvidence,
  ReplayAssessment,
  RequestRecord,
  CookieRecord,
  ScriptActivity,
  ScriptBehaviour,
  SiteRecord,
  TechniqueFinding,
} from '../model/evidence.js';
import { PHASES } from '../model/evidence.js';
import { firstPartyMatcher } from '../util/party.js';
import { matchServiceForUrl } from './classify/services.js';

/** The thresholds, with their sources (see the module comment and README "Behaviour in the page"). */
export const BEHAVIOUR_THRESHOLDS = {
  /** E&N 2016: text with at least 10 distinct characters... */
  canvasDistinctCharacters: 10,
  /** ...or in at least 2 colours... */
  canvasTextStyles: 2,
  /** ...read back from an area of at least 16 × 16 px. */
  canvasReadbackPx: 16,
  /** E&N 2016: at least 50 distinct fonts set and 50 measureText calls. */
  fonts: 50,
  /** Distinct navigator + screen properties of the list below for a sweep (this project). */
  sweepStrong: 15,
  /** ...and for a partial signal (needs review). */
  sweepPartial: 10,
  /** Session replay: requests with a body to one third-party host... */
  replayBatches: 2,
  /** ...carrying at least this many bytes in all. */
  replayBytes: 1024,
} as const;

/** Navigator and screen properties that identify a device (Panopticlick, AmIUnique). */
const SWEEP_NAVIGATOR = new Set([
  'userAgent', 'appVersion', 'platform', 'vendor', 'language', 'languages', 'hardwareConcurrency', 'deviceMemory', 'plugins', 'mimeTypes',
  'maxTouchPoints', 'webdriver', 'cookieEnabled', 'doNotTrack', 'pdfViewerEnabled', 'connection', 'userAgentData', 'product', 'productSub',
  'vendorSub', 'appName', 'appCodeName', 'keyboard', 'mediaDevices', 'storage',
]);
const SWEEP_SCREEN = new Set(['width', 'height', 'availWidth', 'availHeight', 'availLeft', 'availTop', 'colorDepth', 'pixelDepth', 'orientation', 'isExtended']);

/** UA-CH hints that are not sent by default (W3C UA Client Hints draft, "high-entropy"). */
const HIGH_ENTROPY_HINTS = new Set(['architecture', 'bitness', 'model', 'platformVersion', 'fullVersionList', 'uaFullVersion', 'wow64', 'formFactor', 'formFactors']);

const T = BEHAVIOUR_THRESHOLDS;

function technique(kind: FingerprintTechnique, strong: boolean, detail: string): TechniqueFinding {
  return { technique: kind, strong, detail };
}

function canvasTechnique(a: ScriptActivity): TechniqueFinding | undefined {
  const c = a.canvas;
  if (!c || c.readbackCount === 0 || c.textCalls === 0) return undefined;
  const large = c.readbacks.filter((r) => r.width >= T.canvasReadbackPx && r.height >= T.canvasReadbackPx);
  if (large.length === 0) return undefined;
  const textOk = c.distinctCharacters >= T.canvasDistinctCharacters || c.textStyles.length >= T.canvasTextStyles;
  const interactive = c.saveRestoreCalls > 0 || c.canvasListeners > 0;
  const biggest = large.reduce((m, r) => (r.width * r.height > m.width * m.height ? r : m));
  const detail =
    `text with ${c.distinctCharacters} distinct character${c.distinctCharacters === 1 ? '' : 's'} in ${c.textStyles.length} style${c.textStyles.length === 1 ? '' : 's'} ` +
    `(${c.textCalls} fillText/strokeText), read back ${c.readbackCount}× (largest ${biggest.api} ${biggest.width}×${biggest.height} px)` +
    (interactive ? `; but ${c.saveRestoreCalls} save/restore and ${c.canvasListeners} canvas listener${c.canvasListeners === 1 ? '' : 's'}, as an interactive canvas has` : '');
  return technique('canvas', textOk && !interactive, detail);
}

function fontTechnique(a: ScriptActivity): TechniqueFinding | undefined {
  const f = a.fonts;
  if (!f) return undefined;
  const canvas = f.canvasFonts >= T.fonts && f.measureTextCalls >= T.fonts;
  const elements = f.elementFonts >= T.fonts && f.elementProbes >= T.fonts;
  const checks = f.checkFonts >= T.fonts;
  const parts: string[] = [];
  if (f.measureTextCalls > 0) parts.push(`measureText ${f.measureTextCalls}× with ${f.canvasFonts} distinct fonts`);
  if (f.elementProbes > 0) parts.push(`${f.elementProbes} element measurements with ${f.elementFonts} distinct font families`);
  if (f.checkCalls > 0) parts.push(`document.fonts.check ${f.checkCalls}× for ${f.checkFonts} fonts`);
  if (canvas || elements || checks) return technique('canvas-font', true, parts.join('; '));
  // Half the threshold: many fonts tried, fewer than the heuristic asks.
  const most = Math.max(f.canvasFonts, f.elementFonts, f.checkFonts);
  return most >= T.fonts / 2 ? technique('canvas-font', false, parts.join('; ')) : undefined;
}

function audioTechnique(a: ScriptActivity): TechniqueFinding | undefined {
  const x = a.audio;
  if (!x) return undefined;
  const detail =
    `${x.offlineContexts} OfflineAudioContext, ${x.audioContexts} AudioContext, ${x.oscillators} oscillator, ${x.compressors} compressor, ` +
    `${x.analysers} analyser, ${x.renderings} rendering, ${x.sampleReads} sample read`;
  if (x.offlineContexts > 0 && x.oscillators + x.compressors > 0 && x.renderings > 0 && x.sampleReads > 0) return technique('audio', true, detail);
  // The real-time variant E&N also saw (oscillator → analyser → frequency data) is what audio visualisers do too.
  if (x.oscillators > 0 && x.sampleReads > 0) return technique('audio', false, detail);
  return undefined;
}

function webglTechnique(a: ScriptActivity): TechniqueFinding | undefined {
  const g = a.webgl;
  if (!g) return undefined;
  const unmasked = g.parameters.filter((p) => p.startsWith('UNMASKED_'));
  const detail =
    `getParameter ${g.parameters.join(', ') || '(none of the identifying ones)'}; getSupportedExtensions ${g.supportedExtensionsCalls}×, ` +
    `${g.extensions.length} extension${g.extensions.length === 1 ? '' : 's'} asked for, getShaderPrecisionFormat ${g.shaderPrecisionCalls}×`;
  if (unmasked.length > 0) return technique('webgl', true, detail);
  if (g.parameters.length >= 2 && g.shaderPrecisionCalls > 0) return technique('webgl', false, detail);
  return undefined;
}

function sweepTechnique(a: ScriptActivity): TechniqueFinding | undefined {
  const nav = (a.navigatorProperties ?? []).filter((p) => SWEEP_NAVIGATOR.has(p));
  const screen = (a.screenProperties ?? []).filter((p) => SWEEP_SCREEN.has(p));
  const total = nav.length + screen.length;
  if (total < T.sweepPartial) return undefined;
  const detail = `${total} device properties read: navigator ${nav.join(', ') || '-'}; screen ${screen.join(', ') || '-'}`;
  return technique('navigator-sweep', total >= T.sweepStrong, detail);
}

function hintsTechnique(a: ScriptActivity): TechniqueFinding | undefined {
  const high = (a.highEntropyHints ?? []).filter((h) => HIGH_ENTROPY_HINTS.has(h));
  if (high.length === 0) return undefined;
  return technique('high-entropy-hints', high.length >= 2, `getHighEntropyValues asked for ${high.join(', ')}`);
}

/** The fingerprinting techniques in one script's activity, and its score (strong techniques). */
export function scoreActivity(activity: ScriptActivity): { techniques: TechniqueFinding[]; score: number } {
  const techniques = [canvasTechnique, fontTechnique, audioTechnique, webglTechnique, sweepTechnique, hintsTechnique]
    .map((check) => check(activity))
    .filter((t): t is TechniqueFinding => t !== undefined);
  return { techniques, score: techniques.filter((t) => t.strong).length };
}

const INPUT_EVENTS = ['input', 'keydown', 'keyup', 'change'];
const MOUSE_EVENTS = ['mousemove', 'pointermove'];

/**
 * What of session replay's behaviour a script showed: the whole document observed (subtree, with
 * attributes or text), input and mouse-movement listeners on the document or window, and batched
 * requests with a body to a third-party host. Undefined when it showed none of it.
 */
export function assessReplay(activity: ScriptActivity, isFirstParty: (host: string) => boolean): ReplayAssessment | undefined {
  const r = activity.replay;
  const receivers = (activity.sends ?? [])
    .filter((s) => !isFirstParty(s.host) && s.count >= T.replayBatches && s.bytes >= T.replayBytes)
    .map((s) => s.host);
  const observesDocument = !!r && r.documentObservers > 0 && (r.observesAttributes || r.observesCharacterData);
  const listensToInput = !!r && r.listeners.some((l) => INPUT_EVENTS.includes(l));
  const listensToMouse = !!r && r.listeners.some((l) => MOUSE_EVENTS.includes(l));
  if (!observesDocument && !listensToInput && !listensToMouse) return undefined;
  const batchedToThirdParty = receivers.length > 0;
  return {
    observesDocument,
    listensToInput,
    listensToMouse,
    batchedToThirdParty,
    receivers,
    replayLike: observesDocument && listensToInput && listensToMouse && batchedToThirdParty,
  };
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return '';
  }
}

/**
 * Every script of the site that used a fingerprinting technique or showed two or more replay signals, per
 * page and phase, attributed to its host, party and (known) organisation. The organisation comes
 * from the page's own request for the script when there is one (so optional classifiers count),
 * else from the built-in knowledge base.
 */
export function assessBehaviour(site: SiteRecord<RequestRecord, CookieRecord>): ScriptBehaviour[] {
  const isFirstParty = firstPartyMatcher(site.finalUrl ?? site.url);
  const out: ScriptBehaviour[] = [];
  for (const page of site.pages) {
    for (const phase of PHASES) {
      const evidence: PhaseEvidence<RequestRecord, CookieRecord> | undefined = page.phases[phase];
      for (const activity of evidence?.scriptActivity ?? []) {
        const { techniques, score } = scoreActivity(activity);
        const host = hostOf(activity.scriptUrl);
        const firstParty = host === '' || isFirstParty(host);
        const replay = assessReplay(activity, isFirstParty);
        // One replay signal alone (a consent banner listening to clicks, a form to input) is everyday page code.
        const replaySignals = replay ? [replay.observesDocument, replay.listensToInput, replay.listensToMouse, replay.batchedToThirdParty].filter(Boolean).length : 0;
        if (techniques.length === 0 && replaySignals < 2) continue;
        const service = evidence!.requests.find((r) => r.url === activity.scriptUrl)?.service ?? (firstParty ? undefined : matchServiceForUrl(activity.scriptUrl, host));
        out.push({
          pageUrl: page.url,
          phase,
          scriptUrl: activity.scriptUrl,
          ...(activity.inline ? { inline: true } : {}),
          host,
          firstParty,
          ...(service ? { service } : {}),
          afterConsent: activity.afterConsent,
          techniques,
          score,
          ...(replay ? { replay } : {}),
        });
      }
    }
  }
  return out;
}
