/**
 * Behaviour in the page: what scripts did with the APIs that fingerprinters and session-replay
 * tools use, as the instrumentation recorded it (raw counts and small sets, per calling script),
 * and what the judge made of it (techniques and scores per script). Imported by evidence.ts.
 */
import type { Phase, ServiceInfo } from './evidence.js';

/** A canvas read-back (toDataURL, toBlob, getImageData) and the area it read. */
export interface CanvasReadback {
  /** The API called. */
  api: 'toDataURL' | 'toBlob' | 'getImageData';
  /** Width of the area read, in pixels (the whole canvas for toDataURL / toBlob). */
  width: number;
  /** Height of the area read, in pixels. */
  height: number;
}

/** A script's use of 2D canvases. */
export interface CanvasActivity {
  /** fillText / strokeText calls. */
  textCalls: number;
  /** Distinct characters drawn as text (at most 200 counted). */
  distinctCharacters: number;
  /** Distinct fill and stroke styles (colours) in use when text was drawn (at most 20 kept). */
  textStyles: string[];
  /** Largest canvas drawn on or read, width in pixels. */
  maxWidth: number;
  /** Largest canvas drawn on or read, height in pixels. */
  maxHeight: number;
  /** Read-backs, the first 10. */
  readbacks: CanvasReadback[];
  /** Read-backs in all (more than listed when over 10). */
  readbackCount: number;
  /** save() / restore() calls on a 2D context (an interactive drawing, not a probe: OpenWPM's exclusion). */
  saveRestoreCalls: number;
  /** Event listeners added to canvas elements (an interactive canvas: OpenWPM's exclusion). */
  canvasListeners: number;
}

/** A script's WebGL queries that identify the device. */
export interface WebglActivity {
  /** getParameter constants asked for among RENDERER, VENDOR, UNMASKED_RENDERER_WEBGL, UNMASKED_VENDOR_WEBGL, VERSION, SHADING_LANGUAGE_VERSION. */
  parameters: string[];
  /** getSupportedExtensions calls. */
  supportedExtensionsCalls: number;
  /** Extensions asked for with getExtension (at most 40 kept). */
  extensions: string[];
  /** getShaderPrecisionFormat calls. */
  shaderPrecisionCalls: number;
}

/** A script's use of Web Audio. */
export interface AudioActivity {
  /** Distinct AudioContext objects the script used. */
  audioContexts: number;
  /** Distinct OfflineAudioContext objects the script used. */
  offlineContexts: number;
  /** createOscillator calls. */
  oscillators: number;
  /** createDynamicsCompressor calls. */
  compressors: number;
  /** createAnalyser calls. */
  analysers: number;
  /** OfflineAudioContext startRendering calls. */
  renderings: number;
  /** Reads of rendered or analysed samples: AudioBuffer getChannelData, AnalyserNode getFloatFrequencyData. */
  sampleReads: number;
}

/** A script's text measuring: how font enumeration shows. */
export interface FontActivity {
  /** CanvasRenderingContext2D measureText calls. */
  measureTextCalls: number;
  /** Distinct font values set on 2D contexts (at most 300 counted). */
  canvasFonts: number;
  /** offsetWidth / offsetHeight reads of elements with an inline font-family. */
  elementProbes: number;
  /** Distinct inline font-family values of the elements measured (at most 300 counted). */
  elementFonts: number;
  /** document.fonts.check calls. */
  checkCalls: number;
  /** Distinct fonts asked for with document.fonts.check (at most 300 counted). */
  checkFonts: number;
}

/** What a script did that session-replay tools do: observe the whole document, listen to the visitor. */
export interface ReplayActivity {
  /** MutationObserver.observe calls on the document, html or body with subtree: true. */
  documentObservers: number;
  /** Such an observation watched attribute changes. */
  observesAttributes: boolean;
  /** Such an observation watched text changes (characterData). */
  observesCharacterData: boolean;
  /** Event types listened to on the document, html, body or window among input, keydown, keyup, change, mousemove, pointermove, click, scroll. */
  listeners: string[];
}

/** Requests with a body a script sent to one host (sendBeacon, fetch, XMLHttpRequest). */
export interface SendActivity {
  /** Host name the requests went to. */
  host: string;
  /** Requests with a body. */
  count: number;
  /** Their body sizes summed, in bytes (bodies of unknown size, such as FormData, count 0). */
  bytes: number;
}

/**
 * What one script did in one page visit, as the instrumentation recorded it before any page script
 * ran (raw counts, nothing judged). Absent parts: the script made no such call.
 */
export interface ScriptActivity {
  /** URL of the calling script (from the call stack); for inline scripts the document's URL. */
  scriptUrl: string;
  /** The calls came from an inline script (or an event handler attribute) of that document. */
  inline?: boolean;
  /** URL of the document the calls were made in, when not the script's own page (an iframe). */
  frameUrl?: string;
  /** True when recorded in a document loaded after this phase's consent click. */
  afterConsent: boolean;
  /** Canvas drawing and read-backs. */
  canvas?: CanvasActivity;
  /** WebGL device queries. */
  webgl?: WebglActivity;
  /** Web Audio use. */
  audio?: AudioActivity;
  /** Text measuring and font checks. */
  fonts?: FontActivity;
  /** Distinct navigator properties read (userAgent, platform, hardwareConcurrency, ...). */
  navigatorProperties?: string[];
  /** Distinct screen properties read (width, height, colorDepth, ...). */
  screenProperties?: string[];
  /** Hints asked for with navigator.userAgentData.getHighEntropyValues. */
  highEntropyHints?: string[];
  /** Document observation and visitor listeners. */
  replay?: ReplayActivity;
  /** Requests with a body, by host (at most 10 hosts). */
  sends?: SendActivity[];
}

/** A fingerprinting technique the judge recognised in a script's calls. */
export type FingerprintTechnique = 'canvas' | 'canvas-font' | 'webgl' | 'audio' | 'navigator-sweep' | 'high-entropy-hints';

/** One technique found, with the numbers it rests on. */
export interface TechniqueFinding {
  /** The technique. */
  technique: FingerprintTechnique;
  /** True when every condition of the published heuristic holds; false for a partial signal. */
  strong: boolean;
  /** The measured numbers, in words (e.g. "text with 22 distinct characters in 2 colours, read back 240×60 px"). */
  detail: string;
}

/** A script's calls as the judge scored them. */
export interface ScriptBehaviour {
  /** The page the script ran on. */
  pageUrl: string;
  /** The phase. */
  phase: Phase;
  /** URL of the script. */
  scriptUrl: string;
  /** The calls came from an inline script. */
  inline?: boolean;
  /** Host of the script URL. */
  host: string;
  /** Same registrable domain as the site. */
  firstParty: boolean;
  /** The known service behind the script's host, when known. */
  service?: ServiceInfo;
  /** True when recorded after this phase's consent click. */
  afterConsent: boolean;
  /** Fingerprinting techniques recognised, strong and partial. */
  techniques: TechniqueFinding[];
  /** Number of strong techniques: 0 is no fingerprinting, 1 or more is fingerprinting. */
  score: number;
  /** What of session replay's behaviour the script showed; absent when none of it. */
  replay?: ReplayAssessment;
}

/** Session-replay behaviour of one script, as the judge read it. */
export interface ReplayAssessment {
  /** It observed DOM mutations on the whole document. */
  observesDocument: boolean;
  /** It listened to input events (input, keydown, keyup, change). */
  listensToInput: boolean;
  /** It listened to mouse movement (mousemove, pointermove). */
  listensToMouse: boolean;
  /** It sent batched requests with a body to third-party hosts (at least 2 requests and 1024 bytes to one host). */
  batchedToThirdParty: boolean;
  /** The third-party hosts it sent batches to. */
  receivers: string[];
  /** Every behaviour signal above is there. */
  replayLike: boolean;
}
