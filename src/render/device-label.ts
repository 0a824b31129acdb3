/** The emulated device in words, as every renderer that shows the run's context writes it. */
import type { DeviceSummary } from '../model/report.js';

/** "Pixel 7 (412×839 at 2.625x, mobile, touch)", "desktop (1366×768)". */
export function deviceLabel(device: DeviceSummary): string {
  const { width, height } = device.viewport;
  const traits = [
    `${width}×${height}${device.deviceScaleFactor !== 1 ? ` at ${device.deviceScaleFactor}x` : ''}`,
    ...(device.isMobile ? ['mobile'] : []),
    ...(device.hasTouch ? ['touch'] : []),
  ];
  return `${device.name} (${traits.join(', ')})`;
}
