/**
 * A DevTools session without a browser, for collector unit tests: `send` answers from a table,
 * events are whatever the test emits. Typed like the real CdpClient, so a fake payload that does
 * not match the protocol does not compile.
 */
import type { BrowserPage, CdpClient, CdpEvent, CdpEventPayload, CdpMethod, Protocol } from '../../src/gather/browser/types.js';

/** How the fake answers one command: a fixed result, or a function of the params (may throw or never settle). */
export type CdpAnswer<M extends CdpMethod> =
  | Protocol.CommandReturnValues[M]
  | ((params: Protocol.CommandParameters[M] | undefined) => Protocol.CommandReturnValues[M] | Promise<Protocol.CommandReturnValues[M]>);

export type CdpAnswers = { [M in CdpMethod]?: CdpAnswer<M> };

type Handler = (params: never) => void;

export class FakeCdp implements CdpClient {
  /** Every command sent, in order. */
  readonly sent: Array<{ method: CdpMethod; params?: unknown }> = [];
  private readonly handlers = new Map<CdpEvent, Set<Handler>>();

  constructor(private readonly answers: CdpAnswers = {}) {}

  /** Changes or adds an answer. */
  answer<M extends CdpMethod>(method: M, answer: CdpAnswer<M>): void {
    (this.answers as Record<string, unknown>)[method] = answer;
  }

  async send<M extends CdpMethod>(method: M, params?: Protocol.CommandParameters[M]): Promise<Protocol.CommandReturnValues[M]> {
    this.sent.push({ method, params });
    // Indexed through unknown: the full protocol union is too large for the checker to narrow.
    const answer: unknown = (this.answers as Record<string, unknown>)[method];
    // Chromium's own wording for an unknown command, so code that falls back on it can be tested.
    if (answer === undefined) throw new Error(`Protocol error (${method}): '${method}' wasn't found`);
    if (typeof answer === 'function') return (answer as (p: typeof params) => Protocol.CommandReturnValues[M])(params);
    return answer as Protocol.CommandReturnValues[M];
  }

  on<E extends CdpEvent>(event: E, handler: (params: CdpEventPayload<E>) => void): void {
    let set = this.handlers.get(event);
    if (!set) this.handlers.set(event, (set = new Set()));
    set.add(handler as Handler);
  }

  off<E extends CdpEvent>(event: E, handler: (params: CdpEventPayload<E>) => void): void {
    this.handlers.get(event)?.delete(handler as Handler);
  }

  /** Delivers an event to its listeners, synchronously. */
  emit<E extends CdpEvent>(event: E, payload: CdpEventPayload<E>): void {
    for (const handler of this.handlers.get(event) ?? []) (handler as (params: CdpEventPayload<E>) => void)(payload);
  }

  listenerCount(event: CdpEvent): number {
    return this.handlers.get(event)?.size ?? 0;
  }

  /** Methods sent so far, in order. */
  methods(): CdpMethod[] {
    return this.sent.map((s) => s.method);
  }
}

/** A tab over a FakeCdp; navigation is not faked (collectors never navigate). */
export function fakePage(cdp: CdpClient, overrides: Partial<BrowserPage> = {}): BrowserPage {
  return {
    cdp,
    goto: () => Promise.reject(new Error('fake page: goto is not faked')),
    reload: () => Promise.reject(new Error('fake page: reload is not faked')),
    url: () => 'https://site.test/',
    title: () => Promise.resolve(''),
    screenshot: () => Promise.reject(new Error('fake page: screenshot is not faked')),
    close: () => Promise.resolve(),
    ...overrides,
  };
}

/** The answer Page.getFrameTree gives for a page with one (main) frame. */
export function frameTree(mainFrameId: string): Protocol.Page.getFrameTreeReturnValue {
  return {
    frameTree: {
      frame: {
        id: mainFrameId,
        loaderId: 'loader-1',
        url: 'https://site.test/',
        domainAndRegistry: 'site.test',
        securityOrigin: 'https://site.test',
        mimeType: 'text/html',
        secureContextType: 'Secure',
        crossOriginIsolatedContextType: 'NotIsolated',
        gatedAPIFeatures: [],
      },
    },
  };
}

// ---- protocol payloads with the fields tests do not care about filled in ---------------------

/** A Network.Response with `status`; other fields are plausible defaults. */
export function response(url: string, status: number, headers: Protocol.Network.Headers = {}): Protocol.Network.Response {
  return {
    url,
    status,
    statusText: '',
    headers,
    mimeType: 'text/html',
    charset: 'utf-8',
    connectionReused: false,
    connectionId: 1,
    encodedDataLength: 0,
    securityState: 'secure',
  };
}

/** Network.requestWillBeSent for a GET of `url`. */
export function requestWillBeSent(
  requestId: string,
  url: string,
  extra: Partial<CdpEventPayload<'Network.requestWillBeSent'>> = {},
): CdpEventPayload<'Network.requestWillBeSent'> {
  return {
    requestId,
    loaderId: 'loader-1',
    documentURL: 'https://site.test/',
    request: { url, method: 'GET', headers: {}, initialPriority: 'High', referrerPolicy: 'strict-origin-when-cross-origin' },
    timestamp: 0,
    wallTime: 0,
    initiator: { type: 'other' },
    redirectHasExtraInfo: false,
    ...extra,
  };
}

/** Network.responseReceivedExtraInfo carrying `setCookie` (lines joined by \n, as Chromium does) and refused lines. */
export function responseExtraInfo(
  requestId: string,
  setCookie: string[],
  blockedCookies: Protocol.Network.BlockedSetCookieWithReason[] = [],
): CdpEventPayload<'Network.responseReceivedExtraInfo'> {
  return {
    requestId,
    blockedCookies,
    headers: setCookie.length ? { 'Set-Cookie': setCookie.join('\n') } : {},
    resourceIPAddressSpace: 'Public',
    statusCode: 200,
  };
}

/** A Network.Cookie as the cookie jar reports it. */
export function jarCookie(name: string, domain: string, extra: Partial<Protocol.Network.Cookie> = {}): Protocol.Network.Cookie {
  return {
    name,
    value: 'v',
    domain,
    path: '/',
    expires: -1,
    size: name.length + 1,
    httpOnly: false,
    secure: false,
    session: true,
    priority: 'Medium',
    sourceScheme: 'Secure',
    sourcePort: 443,
    ...extra,
  };
}
