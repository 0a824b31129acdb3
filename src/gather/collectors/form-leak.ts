/**
 * Data leaving the page. On every loaded page (interact hook) types the phase's markers into the
 * visible e-mail, name and phone fields the way a person would (focus, trusted text input, a key
 * press, blur), never submitting, never pressing Enter, and stopping any navigation the typing sets
 * off. Every request of the phase is matched against the markers (URL, POST body, headers) and the
 * matches are written on the request's record. After each page, values kept by one party
 * (cookies, web storage) that a request to another registrable domain carried are recorded as
 * shared identifiers, without the values.
 */
import type { CdpClient, CdpEventPayload } from '../browser/types.js';
import type { RawRequest } from '../../model/evidence.js';
import type { FormTyping, MarkerMatch } from '../../model/leak.js';
import { errorMessage, withTimeout } from '../../util/async.js';
import { callInWorld } from '../consent/click.js';
import { blurStoredField, focusStoredField, listFormFields } from '../leak/field-script.js';
import { chooseFields } from '../leak/fields.js';
import { createMarkerSet, markerFor, MarkerMatcher, type MarkerSet } from '../leak/markers.js';
import { findSharedIdentifiers, type KeptValue, type SentRequest } from '../leak/shared-ids.js';
import type { CollectedEvidence, Collector, CollectorContext, PageVisit } from './collector.js';
import { RENDERER_CALL_MS } from './hooks.js';
import { storageOrigin } from './storage.js';

/** One renderer call of the typing step: the bound every collector's renderer call has. */
const STEP_MS = RENDERER_CALL_MS;
/** Inputs looked at per page: a page with thousands of inputs is not a form. */
const MAX_INPUTS_SCANNED = 300;
/** How long collect waits for POST bodies still being fetched: it must leave the cookie jar time within collect's own bound. */
const BODY_WAIT_MS = 1_500;
/** Requests (and body bytes) kept in memory per page for the shared-identifier check. */
const MAX_REQUESTS_KEPT = 2_000;
const MAX_BODY_CHARS = 64 * 1024;

/** Where the network collector's records are found by request id. */
export interface RequestRecords {
  recordOf(requestId: string): RawRequest | undefined;
}

type Part = Pick<CollectedEvidence, 'formTyping' | 'sharedIdentifiers'>;

export class FormLeakCollector implements Collector<Part> {
  readonly name = 'form-leak';
  private readonly cdp: CdpClient;
  private readonly matcher: MarkerMatcher;
  private readonly worldName = `gdpr-scan-forms-${Math.random().toString(36).slice(2, 10)}`;
  private readonly storeKey = `__gdprScanFields${Math.random().toString(36).slice(2, 10)}`;
  private readonly pendingBodies = new Set<Promise<void>>();
  private readonly pendingHeaders = new Map<string, Record<string, string>>();
  private readonly storageValues = new Map<string, KeptValue>();
  private sent: SentRequest[] = [];
  private typing: FormTyping | undefined;
  private typingNow = false;
  private mainFrameId: string | undefined;
  private stoppedNavigation: string | undefined;

  constructor(
    context: CollectorContext,
    private readonly records: RequestRecords,
    markers: MarkerSet = createMarkerSet(),
  ) {
    this.cdp = context.page.cdp;
    this.matcher = new MarkerMatcher(markers);
  }

  async attach(): Promise<void> {
    this.cdp.on('Network.requestWillBeSent', this.onRequest);
    this.cdp.on('Network.requestWillBeSentExtraInfo', this.onExtraInfo);
    this.cdp.on('DOMStorage.domStorageItemAdded', this.onStorage);
    this.cdp.on('DOMStorage.domStorageItemUpdated', this.onStorage);
    this.cdp.on('Page.frameRequestedNavigation', this.onNavigationRequested);
    this.cdp.on('Page.frameNavigated', this.onFrameNavigated);
  }

  async interact(visit: PageVisit): Promise<boolean> {
    if (!visit.loaded) return false;
    const started = Date.now();
    const typing: FormTyping = { fields: [], durationMs: 0 };
    this.typing = typing;
    this.stoppedNavigation = undefined;
    try {
      const { frameTree } = await withTimeout(this.cdp.send('Page.getFrameTree'), STEP_MS, 'page did not answer');
      this.mainFrameId = frameTree.frame.id;
      const { executionContextId } = await withTimeout(
        this.cdp.send('Page.createIsolatedWorld', { frameId: frameTree.frame.id, worldName: this.worldName, grantUniveralAccess: false }),
        STEP_MS,
        'page did not answer',
      );
      const facts = await callInWorld(this.cdp, executionContextId, listFormFields, [this.storeKey, MAX_INPUTS_SCANNED], STEP_MS);
      const { chosen, capped } = chooseFields(facts);
      if (capped) typing.capped = capped;
      this.typingNow = true;
      for (const field of chosen) {
        if (this.stoppedNavigation) break;
        const value = markerFor(this.matcher.markers, field.field, field.part);
        if (!(await callInWorld(this.cdp, executionContextId, focusStoredField, [this.storeKey, field.index], STEP_MS))) continue;
        await withTimeout(this.cdp.send('Input.insertText', { text: value }), STEP_MS, 'page did not answer while typing');
        // One key press after the text, as a person's last key: keydown / keyup listeners fire too. End moves the caret only.
        for (const type of ['rawKeyDown', 'keyUp'] as const) {
          await withTimeout(this.cdp.send('Input.dispatchKeyEvent', { type, key: 'End', code: 'End', windowsVirtualKeyCode: 35 }), STEP_MS, 'page did not answer while typing');
        }
        const kept = await callInWorld(this.cdp, executionContextId, blurStoredField, [this.storeKey, field.index, value], STEP_MS);
        // A field that rewrote or rejected the text still got it typed: the page's listeners saw the marker.
        typing.fields.push({ field: field.field, value, element: field.element, recognisedBy: field.recognisedBy });
        if (!kept) typing.error ??= `${field.element} did not keep the typed text`;
      }
    } catch (error) {
      typing.error = errorMessage(error);
    } finally {
      this.typingNow = false;
      if (this.stoppedNavigation) typing.navigationStopped = this.stoppedNavigation;
      typing.durationMs = Date.now() - started;
    }
    return typing.fields.length > 0;
  }

  async collect(): Promise<Part> {
    await withTimeout(Promise.allSettled([...this.pendingBodies]), BODY_WAIT_MS, 'post data did not arrive').catch(() => undefined);
    const sent = this.sent;
    this.sent = [];
    const typing = this.typing;
    this.typing = undefined;
    const kept: KeptValue[] = [...this.storageValues.values()];
    if (sent.length > 0) {
      // A jar that does not answer is already the cookie collector's recorded error; storage values are still checked.
      const cookies = await this.cdp.send('Network.getAllCookies').then((r) => r.cookies, () => []);
      for (const c of cookies) kept.push({ source: 'cookie', name: c.name, setBy: c.domain, value: String(c.value ?? '') });
    }
    const shared = sent.length > 0 ? findSharedIdentifiers(kept, sent) : [];
    return {
      ...(typing && (typing.fields.length > 0 || typing.error || typing.navigationStopped) ? { formTyping: typing } : {}),
      ...(shared.length > 0 ? { sharedIdentifiers: shared } : {}),
    };
  }

  private readonly onRequest = (event: CdpEventPayload<'Network.requestWillBeSent'>) => {
    const record = this.records.recordOf(event.requestId);
    if (!record || record.url !== event.request.url) return;
    const headers = { ...event.request.headers, ...this.pendingHeaders.get(event.requestId) } as Record<string, string>;
    this.pendingHeaders.delete(event.requestId);
    const body = event.request.postData;
    const entry: SentRequest = { url: record.url, host: record.host, ...(body ? { body: body.slice(0, MAX_BODY_CHARS) } : {}) };
    if (this.sent.length < MAX_REQUESTS_KEPT) this.sent.push(entry);
    annotate(record, this.matcher.match({ url: record.url, headers, ...(body ? { body } : {}) }));
    if (event.request.hasPostData && body === undefined) {
      const pending: Promise<void> = withTimeout(this.cdp.send('Network.getRequestPostData', { requestId: event.requestId }), STEP_MS, 'post data did not arrive')
        .then((answer) => {
          // Newer Chromium hands binary-safe bodies over in base64.
          const postData = answer.base64Encoded ? Buffer.from(answer.postData, 'base64').toString('utf8') : answer.postData;
          entry.body = postData.slice(0, MAX_BODY_CHARS);
          annotate(record, this.matcher.match({ url: '', body: postData }).filter((m) => m.where === 'body'));
        })
        .catch(() => undefined)
        .finally(() => this.pendingBodies.delete(pending));
      this.pendingBodies.add(pending);
    }
  };

  private readonly onExtraInfo = (event: CdpEventPayload<'Network.requestWillBeSentExtraInfo'>) => {
    const record = this.records.recordOf(event.requestId);
    const headers = event.headers as Record<string, string>;
    if (!record) {
      this.pendingHeaders.set(event.requestId, headers);
      return;
    }
    annotate(record, this.matcher.match({ url: '', headers }).filter((m) => m.where === 'header'));
  };

  private readonly onStorage = (event: CdpEventPayload<'DOMStorage.domStorageItemAdded'> | CdpEventPayload<'DOMStorage.domStorageItemUpdated'>) => {
    const origin = storageOrigin(event.storageId);
    const source = event.storageId.isLocalStorage ? 'localStorage' : 'sessionStorage';
    const key = `${source}\u0000${origin}\u0000${event.key}`;
    this.storageValues.set(key, { source, name: event.key, setBy: origin, value: event.newValue });
  };

  /** A navigation the typing set off (a form script, an auto-submit) is stopped, not followed. */
  private readonly onNavigationRequested = (event: CdpEventPayload<'Page.frameRequestedNavigation'>) => {
    if (!this.typingNow || event.frameId !== this.mainFrameId) return;
    this.stoppedNavigation = event.url;
    this.cdp.send('Page.stopLoading').catch(() => undefined);
  };

  private readonly onFrameNavigated = (event: CdpEventPayload<'Page.frameNavigated'>) => {
    if (this.typingNow && !event.frame.parentId) this.stoppedNavigation ??= event.frame.url;
  };
}

/** Adds matches to a request's record, once per field, place and encoding. */
function annotate(record: RawRequest, matches: MarkerMatch[]): void {
  for (const match of matches) {
    const markers = (record.markers ??= []);
    if (!markers.some((m) => m.field === match.field && m.where === match.where && m.header === match.header && m.encoding === match.encoding)) markers.push(match);
  }
}
