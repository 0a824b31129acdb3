/**
 * The registry: every collector of a phase, in the order their hooks run. Adding a collector
 * means adding its file and one line here.
 */
import { BehaviourCollector } from './behaviour.js';
import type { Collector, CollectorContext } from './collector.js';
import { CookieCollector } from './cookies.js';
import { FormLeakCollector } from './form-leak.js';
import { NetworkCollector } from './network.js';
import { BannerScreenshotCollector } from './screenshot.js';
import { StorageCollector } from './storage.js';
import { TcfCollector } from './tcf.js';
import { TransportCollector } from './transport.js';

export type { BannerEvidence, CollectedEvidence, Collector, CollectorContext, PageVisit } from './collector.js';
export { CollectorHooks, RENDERER_CALL_MS } from './hooks.js';

/** Choices of the scan plan that change what collectors record. */
export interface CollectorOptions {
  /** Keep (truncated) cookie values (--include-values). */
  includeValues: boolean;
  /** Take the banner's first-layer screenshot in this phase. */
  screenshotBanner: boolean;
  /** Record the pages' legal links in this phase. */
  legalLinks?: boolean;
}

/** The collectors of one site × phase. */
export interface PhaseCollectors {
  /** Every collector, in hook order. */
  readonly all: readonly Collector[];
  /** Also in `all`; the quiet-network wait reads its in-flight bookkeeping. */
  readonly network: NetworkCollector;
}

/** Fresh collectors for one site × phase: nothing is shared between phases or sites. */
export function createCollectors(context: CollectorContext, options: CollectorOptions): PhaseCollectors {
  const network = new NetworkCollector(context);
  return {
    network,
    all: [
      network,
      new StorageCollector(context),
      // Tells header cookies from script cookies by the network collector's Set-Cookie record.
      new CookieCollector(context, network, options.includeValues),
      new TcfCollector(context),
      new BannerScreenshotCollector(context, options.screenshotBanner),
      new TransportCollector(context, network, options.legalLinks === true),
      new BehaviourCollector(context),
      // Annotates the network collector's records with the markers it types (after it: its listeners run second).
      new FormLeakCollector(context, network),
    ],
  };
}
