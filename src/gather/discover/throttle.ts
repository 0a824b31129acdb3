/**
 * Politeness for the tool's own requests (robots.txt, sitemaps): per host one request at a time,
 * and a pause between the end of one request and the start of the next. One instance per scan
 * run, shared by every site of the batch, so two sites on one host do not double the load.
 *
 * One p-queue per host (concurrency 1) gives the order, with priorities: robots.txt holds up the
 * crawl, sitemaps do not. The pause is our own, not p-queue's `interval`: that is fixed when the
 * queue is made and counts from the start of a window, while the pause must grow when robots.txt
 * names a Crawl-delay (known only after the first request) and count from the end of the previous
 * request, so a slow server gets its full pause.
 */
import PQueue from 'p-queue';
import { MAX_CRAWL_DELAY_SECONDS } from '../../model/evidence.js';
import { nodeFetch, type NodeFetchOptions, type NodeFetchResult } from '../net/fetch.js';
import { hostOfUrl } from '../../util/party.js';

/** Pause between two requests to one host when robots.txt asks for nothing longer. */
export const DEFAULT_HOST_DELAY_MS = 250;
// Defined with the robots.txt note it belongs to; re-exported for the throttle's callers.
export { MAX_CRAWL_DELAY_SECONDS };

export interface HostThrottleOptions {
  /** Minimum pause between requests to one host, in ms (default {@link DEFAULT_HOST_DELAY_MS}). */
  delayMs?: number;
  /** Longest Crawl-delay honoured, in seconds (default {@link MAX_CRAWL_DELAY_SECONDS}). */
  maxCrawlDelaySeconds?: number;
}

/** Queue priority of requests that hold up the crawl (robots.txt); background ones use 0. */
export const URGENT = 1;

interface HostGate {
  queue: PQueue;
  delayMs: number;
  /** When the previous request ended (performance-style ms), or -Infinity before the first. */
  lastDoneAt: number;
}

export class HostThrottle {
  private readonly hosts = new Map<string, HostGate>();
  private readonly delayMs: number;
  private readonly maxCrawlDelayMs: number;

  constructor(options: HostThrottleOptions = {}) {
    this.delayMs = Math.max(0, options.delayMs ?? DEFAULT_HOST_DELAY_MS);
    this.maxCrawlDelayMs = Math.max(0, options.maxCrawlDelaySeconds ?? MAX_CRAWL_DELAY_SECONDS) * 1000;
  }

  /**
   * Runs `task` (a request to `url`) when its host is free and its pause is over. Tasks of one
   * host run one at a time, higher `priority` first, else in call order; other hosts are not held
   * up. A failing task rejects only its own promise. A URL without a host runs at once (it will
   * fail by itself).
   */
  schedule<T>(url: string, task: () => Promise<T>, priority = 0): Promise<T> {
    const host = hostOfUrl(url);
    if (!host) return task();
    const gate = this.gate(host);
    return gate.queue.add(
      async () => {
        // The pause runs inside the slot, so nothing else of this host starts meanwhile.
        const wait = gate.lastDoneAt + gate.delayMs - performance.now();
        if (wait > 0) await sleep(wait);
        try {
          return await task();
        } finally {
          gate.lastDoneAt = performance.now();
        }
      },
      { priority },
    );
  }

  /**
   * Applies robots.txt's `Crawl-delay` (seconds) to `url`'s host, capped at the maximum. The pause
   * only ever grows: a short Crawl-delay does not undercut the default, and when http:// and
   * https:// of one host name give different values the longer one holds. Invalid values
   * (negative, not finite) are ignored. Returns the pause now in force for the host, in ms.
   */
  setCrawlDelay(url: string, seconds: number): number {
    const host = hostOfUrl(url);
    if (!host) return this.delayMs;
    const gate = this.gate(host);
    if (Number.isFinite(seconds) && seconds >= 0) gate.delayMs = Math.max(gate.delayMs, Math.min(seconds * 1000, this.maxCrawlDelayMs));
    return gate.delayMs;
  }

  /** The pause in force between requests to `url`'s host, in ms. */
  delayFor(url: string): number {
    const host = hostOfUrl(url);
    const gate = host === undefined ? undefined : this.hosts.get(host);
    return gate?.delayMs ?? this.delayMs;
  }

  private gate(host: string): HostGate {
    let gate = this.hosts.get(host);
    if (!gate) {
      gate = { queue: new PQueue({ concurrency: 1 }), delayMs: this.delayMs, lastDoneAt: -Infinity };
      this.hosts.set(host, gate);
    }
    return gate;
  }
}

/** Options of a fetch that may go through a throttle. */
export interface PoliteFetchOptions extends NodeFetchOptions {
  /** Per-host politeness; without it the request goes out at once. */
  throttle?: HostThrottle;
}

/** nodeFetch through `options.throttle` when there is one (redirects stay inside the one slot). */
export function politeFetch(url: string, options: PoliteFetchOptions, priority = 0): Promise<NodeFetchResult> {
  return options.throttle ? options.throttle.schedule(url, () => nodeFetch(url, options), priority) : nodeFetch(url, options);
}


/**
 * Unref'd: a pause must not keep the process alive on its own. During a scan the browser does;
 * once the report is written, background sitemap requests still queued behind a Crawl-delay are
 * not worth waiting for.
 */
function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
