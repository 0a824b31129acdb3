/**
 * The browser as the rest of the scanner sees it. Only src/gather/browser/ imports Playwright; other
 * stages drive pages through these interfaces and raw Chrome DevTools Protocol calls.
 */

/** A Chrome DevTools Protocol session attached to one page (all its frames: site isolation is off). */
export interface CdpClient {
  send<R = any>(method: string, params?: Record<string, unknown>): Promise<R>;
  on(event: string, handler: (params: any) => void): void;
  off(event: string, handler: (params: any) => void): void;
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
