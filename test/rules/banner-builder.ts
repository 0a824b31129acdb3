/**
 * Hand-made banner designs for the banner rules' tests: a well-behaved first layer (accept and
 * reject as equal buttons, a privacy link, a usable page, switches off) and builders to spoil it.
 */
import type { BannerControl, BannerDesign, PageBehind, SettingsLayer, SettingsToggle } from '../../src/model/banner.js';

/** A control; defaults: a 140 × 44 px dark button with white 16 px text (contrast 12.63:1) on a white banner. */
export function control(role: BannerControl['role'], label: string, extra: Partial<BannerControl> = {}): BannerControl {
  return {
    label,
    role,
    tag: 'button',
    kind: 'button',
    box: { x: 24, y: 700, width: 140, height: 44 },
    fontSizePx: 16,
    fontWeight: 400,
    color: '#ffffff',
    background: '#333333',
    textContrast: 12.63,
    prominence: 12.63,
    ...extra,
  };
}

/** A small grey text link on a white banner (contrast 2.32:1, prominence 1). */
export function greyLink(role: BannerControl['role'], label: string, extra: Partial<BannerControl> = {}): BannerControl {
  return control(role, label, { tag: 'a', kind: 'link', box: { x: 400, y: 720, width: 70, height: 15 }, fontSizePx: 12, color: '#aaaaaa', background: '#ffffff', textContrast: 2.32, prominence: 1, ...extra });
}

export const usablePage: PageBehind = { pointsTested: 30, pointsBlocked: 0, scrollLocked: false, scrollDetail: 'a 100 px scroll moved the page', inert: [] };

export const blockedPage: PageBehind = {
  pointsTested: 32,
  pointsBlocked: 32,
  scrollLocked: true,
  scrollDetail: 'a 100 px scroll did not move the page (overflow hidden on body)',
  inert: [],
};

export function toggle(label: string, checked: boolean, extra: Partial<SettingsToggle> = {}): SettingsToggle {
  return { label, checked, disabled: false, necessary: false, ...extra };
}

export const necessaryToggle = toggle('Strictly necessary', true, { disabled: true, necessary: true });

export const settingsVia: SettingsLayer['via'] = { role: 'settings', label: 'Settings', layer: 1, trusted: true };

/** A compliant first layer: accept and reject as equal buttons, settings, a privacy link; switches off. */
export function design(extra: Partial<BannerDesign> = {}): BannerDesign {
  return {
    text: 'We use cookies for statistics and marketing with your consent. Privacy policy',
    language: 'en',
    controlsLanguage: 'en',
    box: { x: 0, y: 620, width: 1366, height: 148 },
    viewportShare: 0.19,
    viewport: { width: 1366, height: 768 },
    background: '#ffffff',
    controls: [
      control('accept', 'Accept all'),
      control('reject', 'Reject all', { box: { x: 180, y: 700, width: 140, height: 44 } }),
      control('settings', 'Settings', { box: { x: 336, y: 700, width: 120, height: 44 }, color: '#333333', background: '#ffffff', prominence: 1 }),
      greyLink('other', 'Privacy policy', { color: '#0000ee', textContrast: 9.4 }),
    ],
    privacyLinks: [{ text: 'Privacy policy', href: '/privacy' }],
    pageBehind: usablePage,
    settingsLayer: { opened: true, via: settingsVia, toggles: [necessaryToggle, toggle('Statistics', false), toggle('Marketing', false)] },
    unmeasured: [],
    ...extra,
  };
}
