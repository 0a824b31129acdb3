import type { CdpClient, CdpEventPayload, Protocol } from '../browser/types.js';
import type { RawRequest, RefusedCookie } from '../../model/evidence.js';
import type { CollectedEvidence, Collector, CollectorContext, ConsentMarkOptions } from './collector.js';
import { parseSetCookieLine, type HttpSetCookie, type HttpSetCookieSource } from './set-cookie.js';

/** Schemes that never reach the network; recording them would only add noise. */
const IGNORED_SCHEMES = /^(data|blob|about|chrome|chrome-extension|devtools):/i;

/** A main-frame document response as received: what the transport collector reads its HSTS header from. */
export interface MainDocumentResponse {
  url: string;
  headers: Protocol.Network.Headers;
}

/** The network collector's part of a page's evidence. */
export type NetworkEvidence = Pick<CollectedEvidence, 'requests' | 'refusedCookies' | 'documentStatus'>;

/**
 * Records every request of one page (all frames) from DevTools Network events, and keeps the
 * in-flight bookkeeping that the quiet-network wait needs. Records only; judges nothing.
 */
export class NetworkCollector implements Collector<NetworkEvidence>, HttpSetCookieSource {
  readonly name = 'network';
  private readonly cdp: CdpClient;
  private readonly now: () => number;
  private readonly byId = new Map<string, RawRequest>();
  private records: RawRequest[] = [];
  private refused: RefusedCookie[] = [];
  private readonly pending = new Map<string, number>();
  private readonly httpCookies = new Map<string, HttpSetCookie>();
  private mainFrameId: string | undefined;
  private consentGiven = false;
  /** markConsentAction({ fromNextDocument }): consentGiven turns true when the top frame commits its next document. */
  private consentFromNextDocument = false;
  private documentStatus: number | undefined;
  private mainDocument: MainDocumentResponse | undefined;
  /** Time of the last request start or end, in ms since the phase clock started. */
  lastActivity = 0;

  constructor(context: CollectorContext) {
    this.cdp = context.page.cdp;
    this.now = context.now;
  }

  async attach(): Promise<void> {
    this.cdp.on('Network.requestWillBeSent', this.onRequest);
    this.cdp.on('Network.responseReceived', this.onResponse);
    this.cdp.on('Network.loadingFinished', this.onFinished);
    this.cdp.on('Network.loadingFailed', this.onFailed);
    this.cdp.on('Network.responseReceivedExtraInfo', this.onResponseExtraInfo);
    this.cdp.on('Page.frameNavigated', this.onFrameNavigated);
    await this.cdp.send('Network.enable', { maxPostDataSize: 0 });
    await this.cdp.send('Page.enable');
    const tree = await this.cdp.send('Page.getFrameTree');
    this.mainFrameId = tree.frameTree.frame.id;
  }

  /** From now on, new requests are marked as made after the consent click. */
  markConsentAction(options?: ConsentMarkOptions): void {
    if (options?.fromNextDocument) this.consentFromNextDocument = true;
    else this.consentGiven = true;
  }

  /** The click did not happen after all: nothing counts as after consent, including what was marked since. */
  revertConsentAction(): void {
    this.consentGiven = false;
    this.consentFromNextDocument = false;
    for (const record of this.records) record.afterConsent = false;
  }

  /** Requests not older than `staleMs` that have not finished yet. */
  activePending(staleMs: number): number {
    const now = this.now();
    let count = 0;
    for (const started of this.pending.values()) if (now - started < staleMs) count++;
    return count;
  }

  /** Cookies that arrived through Set-Cookie headers, so the cookie collector can tell header from script. */
  httpSetCookies(): ReadonlyMap<string, HttpSetCookie> {
    return this.httpCookies;
  }

  /** The main frame's latest document response (URL and headers), until the next main-frame navigation starts. */
  mainDocumentResponse(): MainDocumentResponse | undefined {
    return this.mainDocument;
  }

  /** The record of a request (its latest, after redirects), for collectors that annotate it before the page is collected. */
  recordOf(requestId: string): RawRequest | undefined {
    return this.byId.get(requestId);
  }

  /** Everything recorded since the last call; starts a new page. */
  async collect(): Promise<NetworkEvidence> {
    const result = { requests: this.records, refusedCookies: this.refused, documentStatus: this.documentStatus };
    this.records = [];
    this.refused = [];
    this.documentStatus = undefined;
    return result;
  }

  private readonly onFrameNavigated = (event: CdpEventPayload<'Page.frameNavigated'>) => {
    if (event.frame.parentId) return;
    this.mainFrameId = event.frame.id;
    if (this.consentFromNextDocument) {
      this.consentFromNextDocument = false;
      this.consentGiven = true;
    }
  };

  private readonly onRequest = (event: CdpEventPayload<'Network.requestWillBeSent'>) => {
    const url = event.request.url;
    if (IGNORED_SCHEMES.test(url)) return;
    const previous = this.byId.get(event.requestId);
    if (previous && event.redirectResponse) previous.status = event.redirectResponse.status;
    let host = '';
    try {
      host = new URL(url).hostname;
    } catch {
      return;
    }
    const record: RawRequest = {
      url,
      host,
      method: event.request.method,
      type: String(event.type ?? 'other').toLowerCase(),
      frameUrl: event.documentURL,
      isMainFrame: event.frameId === undefined || event.frameId === this.mainFrameId,
      initiator: event.initiator ? { type: event.initiator.type, url: initiatorUrl(event.initiator) } : undefined,
      time: Math.round(this.now()),
      afterConsent: this.consentGiven,
    };
    const mixed = event.request.mixedContentType;
    if (mixed === 'blockable' || mixed === 'optionally-blockable') record.mixedContent = mixed;
    if (record.isMainFrame && event.type === 'Document') this.mainDocument = undefined;
    this.byId.set(event.requestId, record);
    this.records.push(record);
    this.pending.set(event.requestId, this.now());
    this.lastActivity = this.now();
  };

  private readonly onResponse = (event: CdpEventPayload<'Network.responseReceived'>) => {
    const record = this.byId.get(event.requestId);
    if (!record) return;
    record.status = event.response.status;
    if (event.type === 'Document' && record.isMainFrame) {
      this.documentStatus = event.response.status;
      this.mainDocument = { url: event.response.url, headers: event.response.headers };
    }
  };

  private readonly onFinished = (event: CdpEventPayload<'Network.loadingFinished'>) => this.settle(event.requestId);

  private readonly onFailed = (event: CdpEventPayload<'Network.loadingFailed'>) => {
    const record = this.byId.get(event.requestId);
    if (record) record.failure = event.blockedReason ? `blocked:${event.blockedReason}` : event.canceled ? 'canceled' : event.errorText;
    this.settle(event.requestId);
  };

  private readonly onResponseExtraInfo = (event: CdpEventPayload<'Network.responseReceivedExtraInfo'>) => {
    const record = this.byId.get(event.requestId);
    const responseUrl = record?.url;
    // Older Chromium builds sent no blockedCookies when none was refused.
    const blocked: Protocol.Network.BlockedSetCookieWithReason[] = event.blockedCookies ?? [];
    const blockedLines = new Set(blocked.map((b) => b.cookieLine));
    for (const b of blocked) {
      const parsed = parseSetCookieLine(b.cookieLine);
      if (!parsed) continue;
      this.refused.push({ name: parsed.name, domain: parsed.domain, url: responseUrl ?? '', reasons: b.blockedReasons });
    }
    const header = headerValue(event.headers, 'set-cookie');
    if (!header || !responseUrl) return;
    const responseHost = record.host;
    const names: string[] = [];
    for (const line of header.split('\n')) {
      if (!line.trim() || blockedLines.has(line)) continue;
      const parsed = parseSetCookieLine(line);
      if (!parsed) continue;
      const domain = (parsed.domain ?? responseHost).replace(/^\./, '').toLowerCase();
      this.httpCookies.set(`${parsed.name}@${domain}`, { name: parsed.name, domain });
      names.push(parsed.name);
    }
    if (names.length) record.setCookies = [...(record.setCookies ?? []), ...names];
  };

  private settle(requestId: string): void {
    if (this.pending.delete(requestId)) this.lastActivity = this.now();
  }
}

function initiatorUrl(initiator: Protocol.Network.Initiator): string | undefined {
  if (initiator.url) return initiator.url;
  const frame = initiator.stack?.callFrames?.find((f) => f.url);
  return frame?.url;
}

export function headerValue(headers: Protocol.Network.Headers | undefined, name: string): string | undefined {
  if (!headers) return undefined;
  for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === name) return value;
  return undefined;
}
