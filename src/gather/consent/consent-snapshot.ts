/**
 * A snapshot of what a consent click can change, taken before and after the click so that
 * verify.ts can tell whether the click had an effect: the profile's cookie jar and the top
 * document's Web Storage (names with short value hashes; values exist only in memory, are never
 * stored), and the consent state of the page's CMPs, TCF API and Consent Mode
 * (consent-state-script.ts, run in the page's main world).
 */
import { createHash } from 'node:crypto';
import type { CdpClient, Protocol } from '../browser/types.js';
import { decodeTcf } from '../collectors/tcf.js';
import { errorMessage, withTimeout } from '../../util/async.js';
import {
  CMP_STATE_IDS,
  readConsentState,
  readTopStorage,
  type CmpChoice,
  type CmpState,
  type CmpStateId,
  type ConsentModeState,
  type ConsentModeValue,
  type ConsentStateSnapshot,
  type TcfState,
  type TopStorage,
} from './consent-state-script.js';

export interface ConsentSnapshot {
  /** Date.now() when the snapshot was started. */
  takenAt: number;
  /** `name@domain` (domain lower-cased, without a leading dot) → short SHA-256 of the value. Kept in memory only, never stored. */
  cookies: Map<string, string>;
  /** `origin|kind|key` of the top document's localStorage / sessionStorage → short hash of the value. */
  storage: Map<string, string>;
  /** The page's consent state; absent when it could not be read. */
  state?: ConsentStateSnapshot;
  /** What could not be read, part by part ("cookies: …; storage: …; state: …"). */
  error?: string;
}

/** Storage keys read per area, and value length above which the page sends a digest instead of the value. */
const MAX_STORAGE_KEYS = 500;
const MAX_STORAGE_VALUE_CHARS = 64 * 1024;

/**
 * Takes a snapshot; every part is bounded by timeoutMs and runs in parallel. A part that fails
 * or times out is named in `error`; this never throws.
 *
 * @param mainContextId the page's main-world execution context of the top frame
 *   (FrameWorlds.mainContext); undefined: the top frame's default context.
 */
export async function takeConsentSnapshot(cdp: CdpClient, mainContextId: number | undefined, timeoutMs: number): Promise<ConsentSnapshot> {
  const takenAt = Date.now();
  const [cookies, storage, state] = await Promise.allSettled([
    withTimeout(readCookies(cdp), timeoutMs, `no answer within ${timeoutMs} ms`),
    withTimeout(readStorage(cdp, mainContextId, timeoutMs), timeoutMs, `no answer within ${timeoutMs} ms`),
    withTimeout(readState(cdp, mainContextId, timeoutMs), timeoutMs, `no answer within ${timeoutMs} ms`),
  ]);
  const errors: string[] = [];
  const snapshot: ConsentSnapshot = { takenAt, cookies: new Map(), storage: new Map() };
  if (cookies.status === 'fulfilled') snapshot.cookies = cookies.value;
  else errors.push(`cookies: ${errorMessage(cookies.reason)}`);
  if (storage.status === 'fulfilled') {
    snapshot.storage = storage.value.storage;
    if (storage.value.error) errors.push(`storage: ${storage.value.error}`);
  } else {
    errors.push(`storage: ${errorMessage(storage.reason)}`);
  }
  if (state.status === 'fulfilled') snapshot.state = state.value;
  else errors.push(`state: ${errorMessage(state.reason)}`);
  if (errors.length > 0) snapshot.error = errors.join('; ');
  return snapshot;
}

/** A short digest of a value, for change detection only. */
export function valueHash(value: string): string {
  return createHash('sha256').update(value).digest('hex').slice(0, 16);
}

async function readCookies(cdp: CdpClient): Promise<Map<string, string>> {
  // Network.getAllCookies first, though deprecated: on a page session Storage.getCookies reads
  // the browser's default context, not the profile's (Playwright contexts), and answers an empty
  // jar without an error; browserContextId is refused there ("only allowed for Browser target").
  let cookies: Protocol.Network.Cookie[];
  try {
    cookies = (await cdp.send('Network.getAllCookies')).cookies;
  } catch (error) {
    try {
      cookies = (await cdp.send('Storage.getCookies')).cookies;
    } catch {
      throw error;
    }
  }
  const map = new Map<string, string>();
  const sorted = [...cookies].sort((a, b) => `${a.name}\u0000${a.domain}\u0000${a.path}`.localeCompare(`${b.name}\u0000${b.domain}\u0000${b.path}`));
  for (const cookie of sorted) {
    const key = `${cookie.name}@${String(cookie.domain).replace(/^\.+/, '').toLowerCase()}`;
    const hash = valueHash(String(cookie.value ?? ''));
    // Same name and domain on several paths: one entry that changes when any of them does.
    const previous = map.get(key);
    map.set(key, previous === undefined ? hash : valueHash(`${previous}\u0000${hash}`));
  }
  return map;
}

/** Evaluates a serialised in-page function in the main world and returns its value. */
async function evaluateInPage<T>(cdp: CdpClient, contextId: number | undefined, expression: string, timeoutMs: number): Promise<T> {
  const response = await cdp.send('Runtime.evaluate', {
    expression,
    ...(contextId !== undefined ? { contextId } : {}),
    returnByValue: true,
    awaitPromise: true,
    silent: true,
    // Stops a page that loops in a getter; promises are bounded by the caller's timer.
    timeout: timeoutMs,
  });
  if (response.exceptionDetails) {
    const detail = response.exceptionDetails.exception?.description ?? response.exceptionDetails.text ?? 'exception';
    throw new Error(`the page threw: ${detail.split('\n')[0]}`);
  }
  return response.result.value as T;
}

async function readStorage(cdp: CdpClient, contextId: number | undefined, timeoutMs: number): Promise<{ storage: Map<string, string>; error?: string }> {
  const expression = `(${readTopStorage.toString()})(${MAX_STORAGE_KEYS}, ${MAX_STORAGE_VALUE_CHARS})`;
  const raw = await evaluateInPage<TopStorage | undefined>(cdp, contextId, expression, timeoutMs);
  if (!raw || !Array.isArray(raw.entries)) throw new Error('the page returned no storage listing');
  const origin = typeof raw.origin === 'string' ? raw.origin : '';
  const storage = new Map<string, string>();
  for (const entry of raw.entries) {
    if (!Array.isArray(entry) || entry.length !== 3) continue;
    const [kind, key, value] = entry;
    if ((kind !== 'localStorage' && kind !== 'sessionStorage') || typeof key !== 'string' || typeof value !== 'string') continue;
    storage.set(`${origin}|${kind}|${key}`, valueHash(value));
  }
  const errors = Array.isArray(raw.errors) ? raw.errors.filter((e): e is string => typeof e === 'string') : [];
  return errors.length > 0 ? { storage, error: errors.join(', ') } : { storage };
}

async function readState(cdp: CdpClient, contextId: number | undefined, timeoutMs: number): Promise<ConsentStateSnapshot> {
  const raw = await evaluateInPage<unknown>(cdp, contextId, `(${readConsentState.toString()})()`, timeoutMs);
  const state = sanitiseConsentState(raw);
  if (!state) throw new Error('the page returned no consent state');
  return state;
}

// ---- the page's answer is not trusted: keep only well-formed fields ----------------------

const CMP_IDS: ReadonlySet<string> = new Set(CMP_STATE_IDS);
const CHOICES: ReadonlySet<string> = new Set<CmpChoice>(['accepted', 'rejected', 'partial', 'none', 'unknown']);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function count(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : undefined;
}

function text(value: unknown, max: number): string | undefined {
  return typeof value === 'string' ? value.slice(0, max) : undefined;
}

function modeStates(value: unknown): Record<string, ConsentModeValue> | undefined {
  if (!isRecord(value)) return undefined;
  const states: Record<string, ConsentModeValue> = {};
  for (const [key, v] of Object.entries(value).slice(0, 40)) {
    if ((v === 'granted' || v === 'denied') && /^[a-z_]{1,40}$/.test(key)) states[key] = v;
  }
  return states;
}

/**
 * The consent state as the page reported it, reduced to well-formed fields. The TC string is
 * decoded here: its consent counts replace the page's own when it decodes.
 */
export function sanitiseConsentState(raw: unknown): ConsentStateSnapshot | undefined {
  if (!isRecord(raw) || !Array.isArray(raw.cmps)) return undefined;
  const cmps: CmpState[] = [];
  for (const entry of raw.cmps.slice(0, 50)) {
    if (!isRecord(entry) || typeof entry.cmp !== 'string' || !CMP_IDS.has(entry.cmp) || typeof entry.choice !== 'string' || !CHOICES.has(entry.choice)) continue;
    const state: CmpState = { cmp: entry.cmp as CmpStateId, choice: entry.choice as CmpChoice, detail: text(entry.detail, 300) ?? '' };
    const on = count(entry.optionalOn);
    const off = count(entry.optionalOff);
    if (on !== undefined) state.optionalOn = on;
    if (off !== undefined) state.optionalOff = off;
    cmps.push(state);
  }
  const snapshot: ConsentStateSnapshot = {
    cmps,
    errors: Array.isArray(raw.errors) ? raw.errors.filter((e): e is string => typeof e === 'string').map((e) => e.slice(0, 160)).slice(0, 30) : [],
    elapsedMs: count(raw.elapsedMs) ?? 0,
  };
  if (isRecord(raw.tcf)) snapshot.tcf = sanitiseTcf(raw.tcf);
  if (isRecord(raw.consentMode)) {
    const mode = raw.consentMode;
    const consentMode: ConsentModeState = { updates: count(mode.updates) ?? 0 };
    for (const field of ['defaults', 'lastUpdate', 'current', 'ics'] as const) {
      const states = modeStates(mode[field]);
      if (states) consentMode[field] = states;
    }
    snapshot.consentMode = consentMode;
  }
  return snapshot;
}

function sanitiseTcf(raw: Record<string, unknown>): TcfState {
  const tcf: TcfState = {};
  const tcString = text(raw.tcString, 10_000);
  const eventStatus = text(raw.eventStatus, 40);
  const error = text(raw.error, 200);
  if (tcString !== undefined) tcf.tcString = tcString;
  if (eventStatus !== undefined) tcf.eventStatus = eventStatus;
  if (typeof raw.cmpId === 'number' && Number.isFinite(raw.cmpId)) tcf.cmpId = raw.cmpId;
  if (typeof raw.gdprApplies === 'boolean') tcf.gdprApplies = raw.gdprApplies;
  const purposes = count(raw.purposeConsents);
  const vendors = count(raw.vendorConsents);
  if (purposes !== undefined) tcf.purposeConsents = purposes;
  if (vendors !== undefined) tcf.vendorConsents = vendors;
  if (error !== undefined) tcf.error = error;
  if (tcString) {
    // The string is what vendors act on: its decoded consents win over the page's summary.
    const decoded = decodeTcf({ cmpPresent: true, tcString });
    if (decoded.purposeConsents && decoded.vendorConsents && !decoded.error) {
      tcf.purposeConsents = decoded.purposeConsents.length;
      tcf.vendorConsents = decoded.vendorConsents.length;
    }
  }
  return tcf;
}
