import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { CdpClient, CdpEventPayload } from '../browser/types.js';
import type { CanvasReadback, ScriptActivity } from '../../model/evidence.js';
import type { CollectedEvidence, Collector, CollectorContext, PageVisit } from './collector.js';
import { BEHAVIOUR_LIMITS, MAX_URL_CHARS, callerOfStack, instrumentBehaviour, type WireMessage, type WireScript } from './behaviour-script.js';

/** The behaviour collector's part of a page's evidence. */
export type BehaviourEvidence = Pick<CollectedEvidence, 'scriptActivity'>;

/** Largest binding message read (a page's snapshot is capped far below this). */
const MAX_MESSAGE_CHARS = 1_000_000;

/** A binding or token name the page cannot guess: letters first, so it is a valid identifier. */
function randomName(): string {
  return `b${randomBytes(9).toString('hex')}`;
}

/** The script injected into every document's main world, before any page script. */
export function behaviourSource(bindingName: string, token: string): string {
  return `(${instrumentBehaviour.toString()})(${JSON.stringify(bindingName)}, ${JSON.stringify(token)}, ${callerOfStack.toString()}, ${JSON.stringify(BEHAVIOUR_LIMITS)});`;
}

/** What one document (JavaScript realm) reported, its latest counts per script. */
interface Realm {
  doc: string;
  afterConsent: boolean;
  scripts: Map<string, WireScript>;
}

/**
 * Records what page scripts do with the APIs fingerprinters and session-replay tools use (canvas,
 * WebGL, audio, fonts, navigator / screen, client hints, document observation, visitor listeners,
 * requests with a body), per calling script. The in-page half (behaviour-script.ts) runs in every
 * frame before any page script and reports in batches through a CDP binding whose name is random
 * and which it removes from window. Records only; the judge scores.
 */
export class BehaviourCollector implements Collector<BehaviourEvidence> {
  readonly name = 'behaviour';
  private readonly cdp: CdpClient;
  private readonly bindingName = randomName();
  private readonly token = randomName();
  private realms = new Map<string, Realm>();
  /** Realms already handed over with a page: their late messages (pagehide) must not count for the next page. */
  private readonly done = new Set<string>();
  private consentGiven = false;

  constructor(
    private readonly context: CollectorContext,
    /** How long collect waits for the page's last batch (its flush interval plus a margin). */
    private readonly flushWaitMs = BEHAVIOUR_LIMITS.flushMs + 50,
  ) {
    this.cdp = context.page.cdp;
  }

  async attach(): Promise<void> {
    this.cdp.on('Runtime.bindingCalled', this.onBinding);
    // Scripts to evaluate on new documents need the Page domain on.
    await this.cdp.send('Page.enable');
    await this.cdp.send('Runtime.enable');
    await this.cdp.send('Runtime.addBinding', { name: this.bindingName });
    await this.cdp.send('Page.addScriptToEvaluateOnNewDocument', { source: behaviourSource(this.bindingName, this.token), runImmediately: false });
  }

  /** From now on, newly reporting documents count as loaded after the consent click. */
  markConsentAction(): void {
    this.consentGiven = true;
  }

  revertConsentAction(): void {
    this.consentGiven = false;
    for (const realm of this.realms.values()) realm.afterConsent = false;
  }

  /** Every script's activity since the last call, merged per script, frame and consent state. */
  async collect(visit: PageVisit): Promise<BehaviourEvidence> {
    if (visit.loaded) await sleep(this.flushWaitMs);
    const realms = this.realms;
    this.realms = new Map();
    for (const id of realms.keys()) this.done.add(id);
    const activity = mergeRealms([...realms.values()], this.context.page.url());
    return activity.length ? { scriptActivity: activity } : {};
  }

  private readonly onBinding = (event: CdpEventPayload<'Runtime.bindingCalled'>): void => {
    if (event.name !== this.bindingName || event.payload.length > MAX_MESSAGE_CHARS) return;
    const message = parseWireMessage(event.payload);
    if (!message || this.done.has(message.realm)) return;
    let realm = this.realms.get(message.realm);
    if (!realm) this.realms.set(message.realm, (realm = { doc: message.doc, afterConsent: this.consentGiven, scripts: new Map() }));
    for (const script of message.scripts) realm.scripts.set(`${script.inline ? 'inline ' : ''}${script.url}`, script);
  };
}

/** The page's message, checked: anything malformed is dropped, strings and lists are capped. */
export function parseWireMessage(payload: string): WireMessage | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(payload);
  } catch {
    return undefined;
  }
  if (!isObject(raw) || typeof raw.realm !== 'string' || !Array.isArray(raw.scripts)) return undefined;
  const scripts = raw.scripts.filter((s): s is WireScript => isObject(s) && typeof s.url === 'string').slice(0, BEHAVIOUR_LIMITS.scripts);
  return { realm: raw.realm.slice(0, 40), doc: typeof raw.doc === 'string' ? raw.doc.slice(0, MAX_URL_CHARS) : '', scripts };
}

function isObject(value: unknown): value is Record<string, unknown> & Partial<WireScript> {
  return typeof value === 'object' && value !== null;
}

/** A count from the page: a finite non-negative integer, else 0. */
function count(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? Math.min(Math.round(value), 1e9) : 0;
}

/** Strings from the page, capped in number and length. */
function strings(value: unknown, cap: number, chars: number = BEHAVIOUR_LIMITS.fontChars): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string').slice(0, cap).map((v) => v.slice(0, chars)) : [];
}

/** Union of string lists, capped. */
function union(lists: readonly string[][], cap: number): string[] {
  const out = new Set<string>();
  for (const list of lists) for (const item of list) if (out.size < cap) out.add(item);
  return [...out];
}

const sum = (values: readonly unknown[]): number => values.reduce<number>((total, v) => total + count(v), 0);

const READBACK_APIS = new Set<CanvasReadback['api']>(['toDataURL', 'toBlob', 'getImageData']);

/**
 * Folds the realms' reports into one ScriptActivity per script, frame and consent state. A script
 * running in several documents of the visit (the start page and its reload, an iframe) is one entry
 * per document kind: counts add up, sets unite. Exported for tests.
 */
export function mergeRealms(realms: readonly Realm[], pageUrl: string): ScriptActivity[] {
  const groups = new Map<string, { scriptUrl: string; inline: boolean; frameUrl?: string; afterConsent: boolean; parts: WireScript[] }>();
  const page = pageUrl.split('#')[0];
  for (const realm of realms) {
    const frameUrl = realm.doc && realm.doc.split('#')[0] !== page ? realm.doc : undefined;
    for (const script of realm.scripts.values()) {
      const key = JSON.stringify([script.url, !!script.inline, frameUrl ?? '', realm.afterConsent]);
      let group = groups.get(key);
      if (!group) {
        group = { scriptUrl: script.url.slice(0, MAX_URL_CHARS), inline: !!script.inline, afterConsent: realm.afterConsent, parts: [], ...(frameUrl ? { frameUrl } : {}) };
        groups.set(key, group);
      }
      group.parts.push(script);
    }
  }
  return [...groups.values()].map((group) => {
    const activity: ScriptActivity = {
      scriptUrl: group.scriptUrl,
      ...(group.inline ? { inline: true } : {}),
      ...(group.frameUrl ? { frameUrl: group.frameUrl } : {}),
      afterConsent: group.afterConsent,
    };
    Object.assign(activity, mergeParts(group.parts));
    return activity;
  });
}

function mergeParts(parts: readonly WireScript[]): Omit<ScriptActivity, 'scriptUrl' | 'afterConsent'> {
  const L = BEHAVIOUR_LIMITS;
  const out: Omit<ScriptActivity, 'scriptUrl' | 'afterConsent'> = {};
  const canvases = parts.flatMap((p) => (isObject(p.canvas) ? [p.canvas] : []));
  if (canvases.length) {
    const readbacks: CanvasReadback[] = [];
    for (const c of canvases) {
      for (const r of Array.isArray(c.readbacks) ? c.readbacks : []) {
        if (readbacks.length < L.readbacks && Array.isArray(r) && READBACK_APIS.has(r[0] as CanvasReadback['api'])) {
          readbacks.push({ api: r[0] as CanvasReadback['api'], width: count(r[1]), height: count(r[2]) });
        }
      }
    }
    const characters = new Set<string>();
    for (const c of canvases) for (const ch of typeof c.characters === 'string' ? c.characters.slice(0, 2 * L.characters) : '') if (characters.size < L.characters) characters.add(ch);
    out.canvas = {
      textCalls: sum(canvases.map((c) => c.textCalls)),
      distinctCharacters: characters.size,
      textStyles: union(canvases.map((c) => strings(c.textStyles, L.styles)), L.styles),
      maxWidth: Math.max(...canvases.map((c) => count(c.maxWidth))),
      maxHeight: Math.max(...canvases.map((c) => count(c.maxHeight))),
      readbacks,
      readbackCount: sum(canvases.map((c) => c.readbackCount)),
      saveRestoreCalls: sum(canvases.map((c) => c.saveRestoreCalls)),
      canvasListeners: sum(canvases.map((c) => c.canvasListeners)),
    };
  }
  const webgls = parts.flatMap((p) => (isObject(p.webgl) ? [p.webgl] : []));
  if (webgls.length) {
    out.webgl = {
      parameters: union(webgls.map((g) => strings(g.parameters, 10)), 10),
      supportedExtensionsCalls: sum(webgls.map((g) => g.supportedExtensionsCalls)),
      extensions: union(webgls.map((g) => strings(g.extensions, L.extensions)), L.extensions),
      shaderPrecisionCalls: sum(webgls.map((g) => g.shaderPrecisionCalls)),
    };
  }
  const audios = parts.flatMap((p) => (isObject(p.audio) ? [p.audio] : []));
  if (audios.length) {
    out.audio = {
      audioContexts: sum(audios.map((a) => a.audioContexts)),
      offlineContexts: sum(audios.map((a) => a.offlineContexts)),
      oscillators: sum(audios.map((a) => a.oscillators)),
      compressors: sum(audios.map((a) => a.compressors)),
      analysers: sum(audios.map((a) => a.analysers)),
      renderings: sum(audios.map((a) => a.renderings)),
      sampleReads: sum(audios.map((a) => a.sampleReads)),
    };
  }
  const fonts = parts.flatMap((p) => (isObject(p.fonts) ? [p.fonts] : []));
  if (fonts.length) {
    out.fonts = {
      measureTextCalls: sum(fonts.map((f) => f.measureTextCalls)),
      canvasFonts: union(fonts.map((f) => strings(f.canvasFonts, L.fonts)), L.fonts).length,
      elementProbes: sum(fonts.map((f) => f.elementProbes)),
      elementFonts: union(fonts.map((f) => strings(f.elementFonts, L.fonts)), L.fonts).length,
      checkCalls: sum(fonts.map((f) => f.checkCalls)),
      checkFonts: union(fonts.map((f) => strings(f.checkFonts, L.fonts)), L.fonts).length,
    };
  }
  const navigator = union(parts.map((p) => strings(p.navigator, 40, 40)), 40);
  if (navigator.length) out.navigatorProperties = navigator.sort();
  const screen = union(parts.map((p) => strings(p.screen, 20, 40)), 20);
  if (screen.length) out.screenProperties = screen.sort();
  const hints = union(parts.map((p) => strings(p.hints, 20, 40)), 20);
  if (hints.length) out.highEntropyHints = hints.sort();
  const replays = parts.flatMap((p) => (isObject(p.replay) ? [p.replay] : []));
  if (replays.length) {
    out.replay = {
      documentObservers: sum(replays.map((r) => r.documentObservers)),
      observesAttributes: replays.some((r) => r.observesAttributes === true),
      observesCharacterData: replays.some((r) => r.observesCharacterData === true),
      listeners: union(replays.map((r) => strings(r.listeners, 10, 20)), 10).sort(),
    };
  }
  const sends = new Map<string, { count: number; bytes: number }>();
  for (const p of parts) {
    for (const s of Array.isArray(p.sends) ? p.sends : []) {
      if (!Array.isArray(s) || typeof s[0] !== 'string') continue;
      const host = s[0].slice(0, 253).toLowerCase();
      const entry = sends.get(host) ?? (sends.size < L.hosts ? { count: 0, bytes: 0 } : undefined);
      if (!entry) continue;
      entry.count += count(s[1]);
      entry.bytes += count(s[2]);
      sends.set(host, entry);
    }
  }
  if (sends.size) out.sends = [...sends].map(([host, s]) => ({ host, ...s }));
  return out;
}
