/**
 * --device and --viewport: the device the browser emulates, resolved once into the plan. The
 * device registry is Playwright's, looked up through src/gather/browser/devices.ts (the only
 * Playwright user).
 */
import { deviceNames, lookupDevice, MOBILE_DEVICE, type DeviceDescriptor } from '../gather/browser/devices.js';
import { didYouMean } from './config-errors.js';
import { UsageError } from './usage-error.js';

/** `--device desktop`: today's desktop Chrome window (its user agent is derived from the browser version at launch). */
export const DESKTOP_DEVICE: Readonly<DeviceDescriptor> = Object.freeze({
  name: 'desktop',
  viewport: Object.freeze({ width: 1366, height: 768 }),
  deviceScaleFactor: 1,
  isMobile: false,
  hasTouch: false,
});

/** A few registry names for messages, known to exist in every recent Playwright. */
const EXAMPLES = ['Pixel 7', 'iPhone 15', 'Galaxy S9+', 'iPad Mini'];

/**
 * The device of `--device NAME` (`desktop`, `mobile` = a Pixel 7, or a name of Playwright's device
 * registry, any case), with `--viewport` (WIDTHxHEIGHT) over its viewport. Unknown names and bad
 * viewports are UsageErrors.
 */
export function resolveDevice(name: string, viewport?: string): DeviceDescriptor {
  const text = String(name).trim();
  const key = text.toLowerCase();
  const device = key === 'desktop' ? DESKTOP_DEVICE : lookupDevice(key === 'mobile' ? MOBILE_DEVICE : text);
  if (!device) {
    const hint = text ? didYouMean(text, deviceNames()) : undefined;
    throw new UsageError(
      `--device: unknown device "${text}"${hint ? ` (did you mean "${hint}"?)` : ''}; use desktop, mobile or a Playwright device name such as ${EXAMPLES.map((n) => `"${n}"`).join(', ')}`,
    );
  }
  const copy: DeviceDescriptor = { ...device, viewport: { ...device.viewport } };
  return viewport === undefined ? copy : { ...copy, viewport: parseViewport(viewport) };
}

/** "1280x720" (also "1280X720", "1280×720") -> { width: 1280, height: 720 }; each side from 100 to 10000 CSS pixels. */
export function parseViewport(text: string): { width: number; height: number } {
  const match = /^\s*(\d+)\s*[xX×]\s*(\d+)\s*$/.exec(String(text));
  const width = Number(match?.[1]);
  const height = Number(match?.[2]);
  if (!match || width < 100 || height < 100 || width > 10_000 || height > 10_000) {
    throw new UsageError(`--viewport: expected WIDTHxHEIGHT in CSS pixels (each from 100 to 10000), like 1280x720, got "${text}"`);
  }
  return { width, height };
}
