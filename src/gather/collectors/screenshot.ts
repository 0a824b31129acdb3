import type { BannerEvidence, Collector, CollectorContext } from './collector.js';

/**
 * The consent banner's first layer as the visitor sees it, for the report. Only one phase of a
 * site needs the picture (`wanted`); the others skip the cost.
 */
export class BannerScreenshotCollector implements Collector {
  readonly name = 'screenshot';

  constructor(
    private readonly context: CollectorContext,
    private readonly wanted: boolean,
  ) {}

  async bannerShown(): Promise<BannerEvidence> {
    if (!this.wanted) return {};
    const jpeg = await this.context.page.screenshot({ type: 'jpeg', quality: 60 });
    return { bannerScreenshot: `data:image/jpeg;base64,${jpeg.toString('base64')}` };
  }
}
