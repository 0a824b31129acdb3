/**
 * The in-page half of the behaviour collector (behaviour.ts). `instrumentBehaviour` is serialised
 * with toString() and injected with Page.addScriptToEvaluateOnNewDocument into the page's MAIN
 * world of every frame, before any page script: it must wrap the page's own APIs. So it must not
 * reference anything outside its own body (helpers come in as arguments), and it must stay
 * invisible to the page:
 *
 * - wrapped functions keep their name, length and prototype chain, and
 *   Function.prototype.toString (itself wrapped, looking native) answers the native source for them;
 * - no global is added: the report channel is a CDP binding captured into this closure and deleted
 *   from window before any page script runs;
 * - calls are counted in the closure and sent in batches (one binding message per 100 ms at most,
 *   and on pagehide), never one message per call.
 *
 * Only counts, small capped sets (characters drawn, font names, property names, event types) and
 * host names leave the page; no text typed by the visitor, no request body, no value read.
 */

/** Where a call came from, as the call stack tells. */
export interface StackCaller {
  /** URL of the calling script (for eval'd code: the script that called eval), without its hash. */
  url: string;
  /** The frame's URL is the document's own: an inline script or an event handler attribute. */
  inline: boolean;
}

/** Longest URL kept. */
export const MAX_URL_CHARS = 500;

/**
 * The first frame of a V8 stack (`new Error().stack`) that names a script URL: the instrumentation's
 * own frames and DevTools evaluations have none ("<anonymous>"), eval'd code names the evaluating
 * script ("eval at f (https://x/a.js:1:2), <anonymous>:1:1"). Null when no frame has a URL (the
 * scanner's own evaluations): those calls are not attributed to the page. Serialised into the page.
 */
export function callerOfStack(stack: string, documentUrls: readonly string[]): StackCaller | null {
  const lines = String(stack).split('\n');
  for (let i = 1; i < lines.length; i++) {
    const match = /((?:blob:)?(?:https?|file):\/\/[^\s()]+?):\d+:\d+/.exec(lines[i]!);
    if (!match) continue;
    const url = match[1]!.split('#')[0]!.slice(0, 500);
    let inline = false;
    for (const doc of documentUrls) if (doc.split('#')[0] === url) inline = true;
    return { url, inline };
  }
  return null;
}

/** One script's counts as they travel through the binding (sets as arrays, capped). */
export interface WireScript {
  url: string;
  inline: boolean;
  canvas?: {
    textCalls: number;
    characters: string;
    textStyles: string[];
    maxWidth: number;
    maxHeight: number;
    readbacks: Array<[api: string, width: number, height: number]>;
    readbackCount: number;
    saveRestoreCalls: number;
    canvasListeners: number;
  };
  webgl?: { parameters: string[]; supportedExtensionsCalls: number; extensions: string[]; shaderPrecisionCalls: number };
  audio?: { audioContexts: number; offlineContexts: number; oscillators: number; compressors: number; analysers: number; renderings: number; sampleReads: number };
  fonts?: { measureTextCalls: number; canvasFonts: string[]; elementProbes: number; elementFonts: string[]; checkCalls: number; checkFonts: string[] };
  navigator?: string[];
  screen?: string[];
  hints?: string[];
  replay?: { documentObservers: number; observesAttributes: boolean; observesCharacterData: boolean; listeners: string[] };
  sends?: Array<[host: string, count: number, bytes: number]>;
}

/** One binding message: the cumulative counts of the scripts that changed, for one JavaScript realm. */
export interface WireMessage {
  /** Random id of the realm (document) the counts belong to; later messages of a realm replace earlier ones per script. */
  realm: string;
  /** URL of that document. */
  doc: string;
  scripts: WireScript[];
}

/** Caps, so that a hostile page cannot make the evidence grow without bound. */
export const BEHAVIOUR_LIMITS = {
  scripts: 100,
  characters: 200,
  styles: 20,
  readbacks: 10,
  fonts: 300,
  fontChars: 100,
  extensions: 40,
  hosts: 10,
  flushMs: 100,
} as const;

/**
 * Installs the instrumentation in the current window (and, on access through
 * HTMLIFrameElement.contentWindow / contentDocument, in same-origin child windows that did not get
 * their own copy, such as an iframe's initial about:blank document). Runs in the page.
 */
// The page's objects are untyped here: everything is read defensively.
/* eslint-disable @typescript-eslint/no-explicit-any */
export function instrumentBehaviour(bindingName: string, token: string, caller: typeof callerOfStack, limits: typeof BEHAVIOUR_LIMITS): void {
  const top: any = globalThis;
  const send: any = top[bindingName];
  try {
    delete top[bindingName];
  } catch {
    // not configurable: nothing to hide
  }
  if (typeof send !== 'function') return;
  const apply = Reflect.apply;
  const getDescriptor = Object.getOwnPropertyDescriptor;
  const defineProperty = Object.defineProperty;
  const getPrototypeOf = Object.getPrototypeOf;
  const setPrototypeOf = Object.setPrototypeOf;
  const stringify = JSON.stringify;
  const NativeError = top.Error;
  const NativeURL = top.URL;
  const nativeSetTimeout = top.setTimeout;
  const nativeAddEventListener = top.EventTarget.prototype.addEventListener;
  // location.href is unforgeable: the page cannot redefine it.
  const hrefOf = (win: any): string => {
    try {
      return String(win.location.href);
    } catch {
      return '';
    }
  };
  /**
   * The document the calls count for: an about:blank or about:srcdoc frame runs its parent's
   * scripts (same origin), so it reports as its parent's page.
   */
  const documentUrlOf = (win: any): string => {
    const own = hrefOf(win);
    if (!own.startsWith('about:')) return own;
    try {
      return win.parent && win.parent !== win ? documentUrlOf(win.parent) : own;
    } catch {
      return own;
    }
  };
  const realm = Math.random().toString(36).slice(2);
  const topUrl = documentUrlOf(top);
  /** Wrapper → original, for toString; shared by every realm this closure instrumented. */
  const originals = new WeakMap<object, any>();
  const scripts = new Map<string, any>();
  const dirty = new Set<any>();
  let timer = false;

  const REPLAY_EVENTS = new Set(['input', 'keydown', 'keyup', 'change', 'mousemove', 'pointermove', 'click', 'scroll']);
  const WEBGL_PARAMETERS: Record<number, string> = {
    0x1f00: 'VENDOR',
    0x1f01: 'RENDERER',
    0x1f02: 'VERSION',
    0x8b8c: 'SHADING_LANGUAGE_VERSION',
    0x9245: 'UNMASKED_VENDOR_WEBGL',
    0x9246: 'UNMASKED_RENDERER_WEBGL',
  };
  const NAVIGATOR_PROPERTIES = [
    'userAgent', 'appVersion', 'platform', 'vendor', 'language', 'languages', 'hardwareConcurrency', 'deviceMemory', 'plugins',
    'mimeTypes', 'maxTouchPoints', 'webdriver', 'cookieEnabled', 'doNotTrack', 'pdfViewerEnabled', 'connection', 'userAgentData',
    'product', 'productSub', 'vendorSub', 'appName', 'appCodeName', 'onLine', 'keyboard', 'mediaDevices', 'storage',
  ];
  const SCREEN_PROPERTIES = ['width', 'height', 'availWidth', 'availHeight', 'availLeft', 'availTop', 'colorDepth', 'pixelDepth', 'orientation', 'isExtended'];

  const flush = (): void => {
    timer = false;
    if (dirty.size === 0) return;
    const out: WireScript[] = [];
    for (const record of dirty) out.push(wire(record));
    dirty.clear();
    try {
      send(stringify({ realm, doc: topUrl.slice(0, 500), scripts: out } satisfies WireMessage));
    } catch {
      // the channel is gone (the document is unloading): nothing to do
    }
  };
  const touch = (record: any): void => {
    dirty.add(record);
    if (!timer) {
      timer = true;
      apply(nativeSetTimeout, top, [flush, limits.flushMs]);
    }
  };
  const add = (set: Set<string>, value: unknown, cap: number): void => {
    if (set.size < cap) set.add(String(value).slice(0, limits.fontChars));
  };

  /** The calling script's record, or null when no page script is on the stack. */
  const script = (win: any): any => {
    let stack = '';
    const limit = NativeError.stackTraceLimit;
    const prepare = NativeError.prepareStackTrace;
    try {
      NativeError.stackTraceLimit = 30;
      if (prepare !== undefined) NativeError.prepareStackTrace = undefined;
      stack = String(new NativeError().stack);
    } catch {
      return null;
    } finally {
      try {
        NativeError.stackTraceLimit = limit;
        if (prepare !== undefined) NativeError.prepareStackTrace = prepare;
      } catch {
        // a page that froze Error keeps its own settings
      }
    }
    const found = caller(stack, win === top ? [topUrl] : [topUrl, documentUrlOf(win)]);
    if (!found) return null;
    const key = (found.inline ? 'inline ' : '') + found.url;
    let record = scripts.get(key);
    if (!record) {
      if (scripts.size >= limits.scripts) return null;
      record = { url: found.url, inline: found.inline };
      scripts.set(key, record);
    }
    touch(record);
    return record;
  };
  const part = (record: any, name: string, make: () => any): any => (record[name] ??= make());
  const canvasOf = (r: any) =>
    part(r, 'canvas', () => ({ textCalls: 0, characters: new Set(), textStyles: new Set(), maxWidth: 0, maxHeight: 0, readbacks: [], readbackCount: 0, saveRestoreCalls: 0, canvasListeners: 0 }));
  const webglOf = (r: any) => part(r, 'webgl', () => ({ parameters: new Set(), supportedExtensionsCalls: 0, extensions: new Set(), shaderPrecisionCalls: 0 }));
  const audioOf = (r: any) =>
    part(r, 'audio', () => ({ contexts: new WeakSet(), audioContexts: 0, offlineContexts: 0, oscillators: 0, compressors: 0, analysers: 0, renderings: 0, sampleReads: 0 }));
  const fontsOf = (r: any) => part(r, 'fonts', () => ({ measureTextCalls: 0, canvasFonts: new Set(), elementProbes: 0, elementFonts: new Set(), checkCalls: 0, checkFonts: new Set() }));
  const replayOf = (r: any) => part(r, 'replay', () => ({ documentObservers: 0, observesAttributes: false, observesCharacterData: false, listeners: new Set() }));

  const wire = (r: any): WireScript => {
    const out: WireScript = { url: r.url, inline: r.inline };
    if (r.canvas) out.canvas = { ...r.canvas, characters: [...r.canvas.characters].join(''), textStyles: [...r.canvas.textStyles] };
    if (r.webgl) out.webgl = { ...r.webgl, parameters: [...r.webgl.parameters], extensions: [...r.webgl.extensions] };
    if (r.audio) {
      const { contexts: _contexts, ...audio } = r.audio;
      out.audio = audio;
    }
    if (r.fonts) out.fonts = { ...r.fonts, canvasFonts: [...r.fonts.canvasFonts], elementFonts: [...r.fonts.elementFonts], checkFonts: [...r.fonts.checkFonts] };
    if (r.navigator) out.navigator = [...r.navigator];
    if (r.screen) out.screen = [...r.screen];
    if (r.hints) out.hints = [...r.hints];
    if (r.replay) out.replay = { ...r.replay, listeners: [...r.replay.listeners] };
    if (r.sends) out.sends = [...r.sends.entries()].map(([host, [count, bytes]]: [string, number[]]) => [host, count, bytes]);
    return out;
  };

  const sizeOf = (win: any, body: any): number => {
    try {
      if (body === null || body === undefined) return 0;
      if (typeof body === 'string') return body.length;
      if (typeof body.size === 'number') return body.size;
      if (typeof body.byteLength === 'number') return body.byteLength;
      if (win.URLSearchParams && body instanceof win.URLSearchParams) return String(body).length;
    } catch {
      // an odd body: size unknown
    }
    return 0;
  };
  const recordSend = (win: any, target: unknown, body: any): void => {
    if (body === null || body === undefined) return;
    let host = '';
    try {
      host = new NativeURL(String(target), documentUrlOf(win)).hostname;
    } catch {
      return;
    }
    const record = script(win);
    if (!record || !host) return;
    const sends: Map<string, number[]> = (record.sends ??= new Map());
    let entry = sends.get(host);
    if (!entry) {
      if (sends.size >= limits.hosts) return;
      sends.set(host, (entry = [0, 0]));
    }
    entry[0]!++;
    entry[1]! += sizeOf(win, body);
  };

  /** Makes `wrapped` look like `original`: prototype chain, length, toString. */
  const disguise = (wrapped: any, original: any): any => {
    setPrototypeOf(wrapped, getPrototypeOf(original));
    defineProperty(wrapped, 'length', { value: original.length });
    originals.set(wrapped, original);
    return wrapped;
  };
  const wrapMethod = (owner: any, name: string, hook: (self: any, args: IArguments) => void): void => {
    const descriptor = owner && getDescriptor(owner, name);
    if (!descriptor || typeof descriptor.value !== 'function') return;
    const original = descriptor.value;
    const wrapped = {
      [name](this: any) {
        try {
          hook(this, arguments);
        } catch {
          // recording never changes what the page sees
        }
        return apply(original, this, arguments);
      },
    }[name];
    defineProperty(owner, name, { ...descriptor, value: disguise(wrapped, original) });
  };
  const wrapGetter = (owner: any, name: string, hook: (self: any) => void, after?: (value: any) => void): void => {
    const descriptor = owner && getDescriptor(owner, name);
    if (!descriptor || typeof descriptor.get !== 'function') return;
    const original = descriptor.get;
    const wrapped = getDescriptor(
      {
        get [name]() {
          try {
            hook(this);
          } catch {
            // recording never changes what the page sees
          }
          const value = apply(original, this, []);
          if (after) {
            try {
              after(value);
            } catch {
              // as above
            }
          }
          return value;
        },
      },
      name,
    )!.get;
    defineProperty(owner, name, { ...descriptor, get: disguise(wrapped, original) });
  };
  const wrapSetter = (owner: any, name: string, hook: (self: any, value: any) => void): void => {
    const descriptor = owner && getDescriptor(owner, name);
    if (!descriptor || typeof descriptor.set !== 'function') return;
    const original = descriptor.set;
    const wrapped = getDescriptor(
      {
        set [name](value: any) {
          try {
            hook(this, value);
          } catch {
            // recording never changes what the page sees
          }
          apply(original, this, [value]);
        },
      },
      name,
    )!.set;
    defineProperty(owner, name, { ...descriptor, set: disguise(wrapped, original) });
  };

  /** True when the window already carries this instrumentation (its toString answers the token). */
  const instrumented = (win: any): boolean => {
    try {
      return apply(win.Function.prototype.toString, win.Function.prototype.toString, [token]) === token;
    } catch {
      return true; // cross-origin, or no window: nothing to instrument from here
    }
  };

  const install = (win: any): void => {
    if (instrumented(win)) return;
    if (win !== top) {
      try {
        delete win[bindingName];
      } catch {
        // not there
      }
    }
    const proto = (name: string): any => win[name]?.prototype;
    const fnProto = win.Function.prototype;
    const nativeToString = fnProto.toString;
    const toStringDescriptor = getDescriptor(fnProto, 'toString')!;
    const toString = {
      toString(this: any) {
        if (arguments[0] === token) return token;
        const original = originals.get(this);
        return apply(nativeToString, original === undefined ? this : original, []);
      },
    }.toString;
    defineProperty(fnProto, 'toString', { ...toStringDescriptor, value: disguise(toString, nativeToString) });

    // Canvas: text drawn, read-backs, and OpenWPM's signs of an interactive canvas.
    const context2d = proto('CanvasRenderingContext2D');
    const drawText = (ctx: any, args: IArguments, style: 'fillStyle' | 'strokeStyle'): void => {
      const record = script(win);
      if (!record) return;
      const canvas = canvasOf(record);
      canvas.textCalls++;
      const text = String(args[0]).slice(0, 200);
      for (let i = 0; i < text.length && canvas.characters.size < limits.characters; i++) canvas.characters.add(text.charAt(i));
      add(canvas.textStyles, ctx[style], limits.styles);
      const element = ctx.canvas;
      if (element) {
        canvas.maxWidth = Math.max(canvas.maxWidth, Number(element.width) || 0);
        canvas.maxHeight = Math.max(canvas.maxHeight, Number(element.height) || 0);
      }
    };
    const readback = (api: string, width: unknown, height: unknown): void => {
      const record = script(win);
      if (!record) return;
      const canvas = canvasOf(record);
      const w = Math.abs(Number(width) || 0);
      const h = Math.abs(Number(height) || 0);
      canvas.readbackCount++;
      if (canvas.readbacks.length < limits.readbacks) canvas.readbacks.push([api, w, h]);
      canvas.maxWidth = Math.max(canvas.maxWidth, w);
      canvas.maxHeight = Math.max(canvas.maxHeight, h);
    };
    wrapMethod(context2d, 'fillText', (ctx, args) => drawText(ctx, args, 'fillStyle'));
    wrapMethod(context2d, 'strokeText', (ctx, args) => drawText(ctx, args, 'strokeStyle'));
    wrapMethod(context2d, 'getImageData', (_ctx, args) => readback('getImageData', args[2], args[3]));
    for (const name of ['save', 'restore']) {
      wrapMethod(context2d, name, () => {
        const record = script(win);
        if (record) canvasOf(record).saveRestoreCalls++;
      });
    }
    wrapMethod(context2d, 'measureText', () => {
      const record = script(win);
      if (record) fontsOf(record).measureTextCalls++;
    });
    wrapSetter(context2d, 'font', (_ctx, value) => {
      const record = script(win);
      if (record) add(fontsOf(record).canvasFonts, value, limits.fonts);
    });
    const canvasElement = proto('HTMLCanvasElement');
    for (const name of ['toDataURL', 'toBlob']) wrapMethod(canvasElement, name, (element) => readback(name, element.width, element.height));

    // WebGL: the device's renderer and vendor, extensions, precision.
    for (const gl of [proto('WebGLRenderingContext'), proto('WebGL2RenderingContext')]) {
      wrapMethod(gl, 'getParameter', (_gl, args) => {
        const name = WEBGL_PARAMETERS[Number(args[0])];
        if (!name) return;
        const record = script(win);
        if (record) webglOf(record).parameters.add(name);
      });
      wrapMethod(gl, 'getSupportedExtensions', () => {
        const record = script(win);
        if (record) webglOf(record).supportedExtensionsCalls++;
      });
      wrapMethod(gl, 'getExtension', (_gl, args) => {
        const record = script(win);
        if (record) add(webglOf(record).extensions, args[0], limits.extensions);
      });
      wrapMethod(gl, 'getShaderPrecisionFormat', () => {
        const record = script(win);
        if (record) webglOf(record).shaderPrecisionCalls++;
      });
    }

    // Web Audio: the oscillator → compressor → rendering pipeline of audio fingerprinting.
    const useContext = (audio: any, context: any): void => {
      if (!context || audio.contexts.has(context)) return;
      audio.contexts.add(context);
      if (typeof context.startRendering === 'function') audio.offlineContexts++;
      else audio.audioContexts++;
    };
    const audioCall = (counter: string) => (context: any) => {
      const record = script(win);
      if (!record) return;
      const audio = audioOf(record);
      useContext(audio, context);
      audio[counter]++;
    };
    const baseAudio = proto('BaseAudioContext') ?? proto('AudioContext');
    wrapMethod(baseAudio, 'createOscillator', audioCall('oscillators'));
    wrapMethod(baseAudio, 'createDynamicsCompressor', audioCall('compressors'));
    wrapMethod(baseAudio, 'createAnalyser', audioCall('analysers'));
    wrapMethod(proto('OfflineAudioContext'), 'startRendering', audioCall('renderings'));
    const sampleRead = () => {
      const record = script(win);
      if (record) audioOf(record).sampleReads++;
    };
    wrapMethod(proto('AudioBuffer'), 'getChannelData', sampleRead);
    wrapMethod(proto('AnalyserNode'), 'getFloatFrequencyData', sampleRead);

    // Fonts: elements with an inline font-family measured, document.fonts.check.
    const htmlElement = proto('HTMLElement');
    for (const name of ['offsetWidth', 'offsetHeight']) {
      wrapGetter(htmlElement, name, (element) => {
        const family = element.style?.fontFamily;
        if (!family) return;
        const record = script(win);
        if (!record) return;
        const fonts = fontsOf(record);
        fonts.elementProbes++;
        add(fonts.elementFonts, family, limits.fonts);
      });
    }
    wrapMethod(proto('FontFaceSet'), 'check', (_set, args) => {
      const record = script(win);
      if (!record) return;
      const fonts = fontsOf(record);
      fonts.checkCalls++;
      add(fonts.checkFonts, args[0], limits.fonts);
    });

    // Navigator and screen sweeps; User-Agent Client Hints.
    const navigatorProto = proto('Navigator');
    for (const name of NAVIGATOR_PROPERTIES) {
      wrapGetter(navigatorProto, name, () => {
        const record = script(win);
        if (record) (record.navigator ??= new Set()).add(name);
      });
    }
    const screenProto = proto('Screen');
    for (const name of SCREEN_PROPERTIES) {
      wrapGetter(screenProto, name, () => {
        const record = script(win);
        if (record) (record.screen ??= new Set()).add(name);
      });
    }
    wrapMethod(proto('NavigatorUAData'), 'getHighEntropyValues', (_data, args) => {
      const record = script(win);
      if (!record) return;
      const hints: Set<string> = (record.hints ??= new Set());
      const asked = args[0];
      if (asked && typeof asked.length === 'number') for (let i = 0; i < Math.min(asked.length, 20); i++) add(hints, asked[i], 20);
    });

    // Session replay: the whole document observed, the visitor's input and mouse listened to.
    const isDocumentLevel = (target: any): boolean => {
      if (!target) return false;
      if (target.window === target || target.nodeType === 9) return true;
      return target.nodeType === 1 && (target.localName === 'html' || target.localName === 'body');
    };
    wrapMethod(proto('MutationObserver'), 'observe', (_observer, args) => {
      const options = args[1];
      if (!options || !options.subtree || !isDocumentLevel(args[0])) return;
      const record = script(win);
      if (!record) return;
      const replay = replayOf(record);
      replay.documentObservers++;
      if (options.attributes || options.attributeFilter) replay.observesAttributes = true;
      if (options.characterData) replay.observesCharacterData = true;
    });
    wrapMethod(proto('EventTarget'), 'addEventListener', (target, args) => {
      const type = String(args[0]);
      if (target && target.localName === 'canvas' && target.nodeType === 1) {
        const record = script(win);
        if (record) canvasOf(record).canvasListeners++;
        return;
      }
      if (!REPLAY_EVENTS.has(type) || !isDocumentLevel(target)) return;
      const record = script(win);
      if (record) replayOf(record).listeners.add(type);
    });

    // Requests with a body (where batched recordings go), by host.
    wrapMethod(proto('Navigator'), 'sendBeacon', (_navigator, args) => recordSend(win, args[0], args[1] ?? ''));
    wrapMethod(win, 'fetch', (_win, args) => {
      const init = args[1];
      const input = args[0];
      recordSend(win, typeof input === 'string' || !input || typeof input.url !== 'string' ? input : input.url, init ? init.body : undefined);
    });
    const xhrUrls = new WeakMap<object, unknown>();
    const xhr = proto('XMLHttpRequest');
    wrapMethod(xhr, 'open', (request, args) => xhrUrls.set(request, args[1]));
    wrapMethod(xhr, 'send', (request, args) => recordSend(win, xhrUrls.get(request), args[0]));

    // Child windows without their own copy (an iframe's initial about:blank): instrumented on first access.
    const iframe = proto('HTMLIFrameElement');
    const child = (value: any): void => {
      const childWindow = value && value.nodeType === 9 ? value.defaultView : value;
      if (childWindow && childWindow !== win) install(childWindow);
    };
    wrapGetter(iframe, 'contentWindow', () => {}, child);
    wrapGetter(iframe, 'contentDocument', () => {}, child);
  };

  install(top);
  apply(nativeAddEventListener, top, ['pagehide', flush, true]);
}
