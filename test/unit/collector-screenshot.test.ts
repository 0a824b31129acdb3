import { describe, expect, it } from 'vitest';
import { BannerScreenshotCollector } from '../../src/gather/collectors/screenshot.js';
import { FakeCdp, fakePage } from '../helpers/fake-cdp.js';

describe('banner screenshot collector', () => {
  it('captures the first layer as a JPEG data: URI when its phase wants the picture', async () => {
    const asked: unknown[] = [];
    const page = fakePage(new FakeCdp(), {
      screenshot: async (options) => {
        asked.push(options);
        return Buffer.from('jpeg bytes');
      },
    });
    const banner = await new BannerScreenshotCollector({ page, now: () => 0 }, true).bannerShown();
    expect(banner).toEqual({ bannerScreenshot: `data:image/jpeg;base64,${Buffer.from('jpeg bytes').toString('base64')}` });
    expect(asked).toEqual([{ type: 'jpeg', quality: 60 }]);
  });

  it('costs nothing in the other phases', async () => {
    let shots = 0;
    const page = fakePage(new FakeCdp(), { screenshot: async () => (shots++, Buffer.from('')) });
    expect(await new BannerScreenshotCollector({ page, now: () => 0 }, false).bannerShown()).toEqual({});
    expect(shots).toBe(0);
  });

  it('reports its errors as screenshot', () => {
    expect(new BannerScreenshotCollector({ page: fakePage(new FakeCdp()), now: () => 0 }, true).name).toBe('screenshot');
  });
});
