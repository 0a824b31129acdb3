/**
 * Device emulation (--device): Playwright's device registry behind a plain lookup, so the plan can
 * resolve a device name without importing Playwright (this folder is its only user).
 */
import { devices } from 'playwright';
import type { DeviceSummary } from '../../model/report.js';
import { desktopUserAgent } from './find-browser.js';

/** What a browser context needs to emulate a device: the report's DeviceSummary and the device's user agent. */
export interface DeviceDescriptor extends DeviceSummary {
  /** The device's user agent as the registry has it (absent: desktop Chrome); see deviceUserAgent. */
  userAgent?: string;
}

/** The phone `--device mobile` stands for. */
export const MOBILE_DEVICE = 'Pixel 7';

/** Every name of Playwright's device registry, in its order. */
export function deviceNames(): string[] {
  return Object.keys(devices);
}

/** The registry's device of that name, compared without regard to case; undefined when there is none. */
export function lookupDevice(name: string): DeviceDescriptor | undefined {
  const wanted = name.trim().toLowerCase();
  const found = Object.keys(devices).find((key) => key.toLowerCase() === wanted);
  if (found === undefined) return undefined;
  const device = devices[found]!;
  return {
    name: found,
    viewport: { width: device.viewport.width, height: device.viewport.height },
    deviceScaleFactor: device.deviceScaleFactor,
    isMobile: device.isMobile,
    hasTouch: device.hasTouch,
    userAgent: device.userAgent,
  };
}

/**
 * A device's user agent with its `Chrome/…` version replaced by the browser's own, in the reduced
 * form Chrome sends (`Chrome/140.0.0.0`), as the desktop user agent is (desktopUserAgent). User
 * agents without a Chrome token (Safari, Firefox devices) are returned unchanged.
 */
export function withChromeVersion(userAgent: string, version: string | undefined): string {
  const major = version?.split('.')[0];
  if (!major) return userAgent;
  return userAgent.replace(/\b(Chrome|CriOS)\/\d+(\.\d+)*/g, (_, token: string) => `${token}/${major}.0.0.0`);
}

/** The user agent a device sends with this browser: its own with the browser's Chrome version, or desktop Chrome's. */
export function deviceUserAgent(device: Pick<DeviceDescriptor, 'userAgent'>, version: string | undefined): string {
  return device.userAgent !== undefined ? withChromeVersion(device.userAgent, version) : desktopUserAgent(version);
}
