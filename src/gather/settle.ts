import type { CdpClient } from './browser/types.js';
import { sleep } from '../util/async.js';

export interface SettleLimits {
  /** How long the network must be quiet. */
  quietMs: number;
  /** Upper bound on the whole wait. */
  maxWaitMs: number;
}

const POLL_MS = 50;

/** The in-flight bookkeeping the quiet-network wait reads (kept by the network collector). */
export interface NetworkActivity {
  /** Time of the last request start or end, on the phase clock. */
  readonly lastActivity: number;
  /** Requests not older than `staleMs` that have not finished yet. */
  activePending(staleMs: number): number;
}

/**
 * Resolves once no request has started or finished for `quietMs` and nothing recent is in flight,
 * or after `maxWaitMs`. Requests silent for long (long polls, hanging beacons) stop counting, so a
 * hostile page cannot hold the scan; the upper bound catches the rest. Returns the time waited.
 */
export async function waitForNetworkQuiet(network: NetworkActivity, now: () => number, limits: SettleLimits): Promise<number> {
  const started = now();
  const staleMs = Math.max(2_000, limits.quietMs * 4);
  // Whatever just happened (a click, a scroll) gets a moment to start its requests.
  const graceMs = Math.min(150, limits.quietMs);
  for (;;) {
    const t = now();
    if (t - started >= limits.maxWaitMs) return t - started;
    const idle = t - network.lastActivity;
    if (t - started >= graceMs && idle >= limits.quietMs && network.activePending(staleMs) === 0) return t - started;
    await sleep(POLL_MS);
  }
}

/**
 * Scrolls to the bottom the way a reader would (trusted wheel events), so lazy images, iframes and
 * scroll-triggered tags load. Bounded in steps and time. Returns the number of steps scrolled.
 */
export async function scrollThrough(cdp: CdpClient, maxSteps = 8, stepPauseMs = 120): Promise<number> {
  for (let step = 0; step < maxSteps; step++) {
    const metrics = await cdp.send('Page.getLayoutMetrics');
    const viewport = metrics.cssVisualViewport ?? metrics.visualViewport;
    const content = metrics.cssContentSize ?? metrics.contentSize;
    if (viewport.pageY + viewport.clientHeight >= content.height - 2) return step;
    await cdp.send('Input.dispatchMouseEvent', {
      type: 'mouseWheel',
      x: Math.round(viewport.clientWidth / 2),
      y: Math.round(viewport.clientHeight / 2),
      deltaX: 0,
      deltaY: Math.round(viewport.clientHeight * 0.9),
    });
    await sleep(stepPauseMs);
  }
  return maxSteps;
}
