import type { Phase, ScanError } from '../../model/evidence.js';
import { errorMessage, withTimeout } from '../../util/async.js';
import type { BannerEvidence, CollectedEvidence, Collector, ConsentMarkOptions, PageVisit } from './collector.js';

/** DevTools calls that need the renderer are bounded: a page stuck in a script loop must not hang the scan. */
export const RENDERER_CALL_MS = 5_000;

/**
 * Calls one lifecycle hook on every collector of a phase, in registry order. A hook that throws
 * or does not settle within `boundMs` is recorded in `errors` against the page and phase, and the
 * next collector still runs: an error is data, never a silent gap.
 */
export class CollectorHooks {
  constructor(
    private readonly collectors: readonly Collector[],
    private readonly phase: Phase,
    private readonly errors: ScanError[],
    private readonly boundMs = RENDERER_CALL_MS,
  ) {}

  /** Not guarded: a collector that cannot listen fails the phase (see Collector). */
  static async attach(collectors: readonly Collector[]): Promise<void> {
    for (const collector of collectors) await collector.attach?.();
  }

  async bannerShown(pageUrl: string): Promise<BannerEvidence> {
    const banner: BannerEvidence = {};
    for (const collector of this.collectors) {
      if (collector.bannerShown) Object.assign(banner, await this.bounded(collector, pageUrl, () => collector.bannerShown!()));
    }
    return banner;
  }

  markConsentAction(pageUrl: string, options?: ConsentMarkOptions): void {
    for (const collector of this.collectors) this.guarded(collector, pageUrl, () => collector.markConsentAction?.(options));
  }

  revertConsentAction(pageUrl: string): void {
    for (const collector of this.collectors) this.guarded(collector, pageUrl, () => collector.revertConsentAction?.());
  }

  /** Lets every collector act in the loaded page; true when one did (the network has something to settle). */
  async interact(visit: PageVisit): Promise<boolean> {
    let acted = false;
    for (const collector of this.collectors) {
      // Typing into a few fields takes several renderer calls, each bounded on its own.
      if (collector.interact && (await this.bounded(collector, visit.url, () => collector.interact!(visit), this.boundMs * 3))) acted = true;
    }
    return acted;
  }

  /** Every collector's part of the visit's evidence; a failed collector's part is left out. */
  async collect(visit: PageVisit): Promise<Partial<CollectedEvidence>> {
    const evidence: Partial<CollectedEvidence> = {};
    for (const collector of this.collectors) {
      if (collector.collect) Object.assign(evidence, await this.bounded(collector, visit.url, () => collector.collect!(visit)));
    }
    return evidence;
  }

  private async bounded<T>(collector: Collector, pageUrl: string, hook: () => Promise<T>, boundMs = this.boundMs): Promise<T | undefined> {
    try {
      return await withTimeout(hook(), boundMs, collector.unanswered ?? 'page did not answer');
    } catch (error) {
      this.record(collector, pageUrl, error);
      return undefined;
    }
  }

  private guarded(collector: Collector, pageUrl: string, hook: () => void): void {
    try {
      hook();
    } catch (error) {
      this.record(collector, pageUrl, error);
    }
  }

  private record(collector: Collector, pageUrl: string, error: unknown): void {
    this.errors.push({ stage: 'collector', message: `${collector.name}: ${errorMessage(error)}`, pageUrl, phase: this.phase });
  }
}
