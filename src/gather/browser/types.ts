/**
 * The browser as the rest of the scanner sees it. Only src/gather/browser/ imports Playwright; other
 * stages drive pages through these interfaces and raw Chrome DevTools Protocol calls.
 */

// playwright-core does not list types/protocol in its package exports, so the bare specifier
// 'playwright-core/types/protocol' does not resolve under NodeNext; the file is reached by path.
// Type-only: erased at build time, nothing of Playwright is loaded from here.
import type { Protocol } from '../../../node_modules/playwright-core/types/protocol.js';

export type { Protocol };

/** A DevTools command name, e.g. "Network.getAllCookies". */
export type CdpMethod = keyof Protocol.CommandParameters;
/** A DevTools event name, e.g. "Network.requestWillBeSent". */
export type CdpEvent = keyof Protocol.Events;
/** The payload of a DevTools event. */
export type CdpEventPayload<E extends CdpEvent> = Protocol.Events[E];

/** A Chrome DevTools Protocol session attached to one page (all its frames: site isolation is off). */
export interface CdpClient {
  send<M extends CdpMethod>(method: M, params?: Protocol.CommandParameters[M]): Promise<Protocol.CommandReturnValues[M]>;
  on<E extends CdpEvent>(event: E, handler: (params: Protocol.Events[E]) => void): void;
  off<E extends CdpEvent>(event: E, handler: (params: Protocol.Events[E]) => void): void;
}

export interface NavigationResult {
  /** HTTP status of the main document, when a response arrived. */
  status?: number;
  finalUrl: string;
}

/** One tab of a profile. */
export interface BrowserPage {
  readonly cdp: CdpClient;
  /** Navigates and resolves at DOMContentLoaded; rejects with a readable message on failure or timeout. */
  goto(url: string, timeoutMs: number): Promise<NavigationResult>;
  reload(timeoutMs: number): Promise<NavigationResult>;
  url(): string;
  title(): Promise<string>;
  /** The viewport as PNG (default) or JPEG. */
  screenshot(options?: { type?: 'png' | 'jpeg'; quality?: number }): Promise<Buffer>;
  close(): Promise<void>;
}

/** A fresh, clean browser profile (one per site × phase), closed and deleted when done. */
export interface BrowserProfile {
  /** A new tab with `setup` run before anything loads (collectors and consent bridges attach there). */
  newPage(setup?: (page: BrowserPage) => Promise<void>): Promise<BrowserPage>;
  close(): Promise<void>;
}
