/**
 * The banner's design as evidence: its first layer measured in the page before any click (text
 * and language, every button and link with its box, font, colours and contrast), the page behind
 * it (overlay, scroll lock, inert content) and the switches of its settings layer. Raw
 * measurements: nothing here is judged; the rules compare them with their thresholds.
 */
import type { ConsentClick } from './consent.js';
import type { ConsentActionRecord } from './evidence.js';

/** A rectangle in CSS pixels of the top-level viewport (the screenshot's coordinates). */
export interface BannerBox {
  /** Left edge, CSS px from the viewport's left. */
  x: number;
  /** Top edge, CSS px from the viewport's top. */
  y: number;
  /** Width in CSS px. */
  width: number;
  /** Height in CSS px. */
  height: number;
}

/** The size of the viewport, CSS px. */
export interface BannerViewport {
  /** Width in CSS px. */
  width: number;
  /** Height in CSS px. */
  height: number;
}

/** What a banner control does, by its label in the phrase tables; other: none of them (a link, "more information"). */
export type BannerControlRole = 'accept' | 'reject' | 'settings' | 'save' | 'other';

/** How a control looks: a button (own background or a border) or a plain text link. */
export type BannerControlKind = 'button' | 'link';

/** One button or link of the banner's first layer, as measured. */
export interface BannerControl {
  /** Visible label, whitespace collapsed, cut at 80 characters. */
  label: string;
  /** What it does, by its label in the phrase tables. */
  role: BannerControlRole;
  /** Its tag name, lower case (button, a, input, div, ...). */
  tag: string;
  /** Its role attribute, when it has one. */
  roleAttribute?: string;
  /** button: its own background differs from the banner's, or it has a visible border; link: neither (text on the banner's background). */
  kind: BannerControlKind;
  /** Its box on the screen. */
  box: BannerBox;
  /** Font size of its text in CSS px; null when it could not be read. */
  fontSizePx: number | null;
  /** Font weight of its text (400 normal, 700 bold); null when it could not be read. */
  fontWeight: number | null;
  /** Text colour as #rrggbb, composited over its background; null when unreadable (a colour space the scanner does not parse). */
  color: string | null;
  /** Effective background as #rrggbb (the first opaque background among it and its ancestors, semi-transparent layers composited); null when unreadable (an image or gradient behind it). */
  background: string | null;
  /** WCAG 2.x contrast ratio (1..21) of its text against its background; null when a colour is unreadable. */
  textContrast: number | null;
  /** WCAG 2.x contrast ratio (1..21) of its background against the banner's background: how much it stands out; null when a colour is unreadable. */
  prominence: number | null;
}

/** A link to a privacy policy or legal notice inside the banner. */
export interface BannerPrivacyLink {
  /** The link's text, whitespace collapsed, cut at 80 characters. */
  text: string;
  /** Its href as written (cut at 300 characters); empty when it has none. */
  href: string;
}

/** Whether the page behind the banner can be used while the banner is shown. */
export interface PageBehind {
  /** Points of a grid outside the banner that were tested with elementFromPoint. */
  pointsTested: number;
  /** Of those, points where an overlay or backdrop (a fixed layer covering most of the viewport, a modal dialog) was hit instead of the page. */
  pointsBlocked: number;
  /** The page cannot be scrolled: true, false, or null when it could not be told (a page too short to scroll and no lock in its styles). */
  scrollLocked: boolean | null;
  /** How scrolling was found locked or free, in words (overflow hidden on body, position fixed, a scroll that did not move). */
  scrollDetail: string;
  /** What makes the page's content inert, in words (inert attribute, aria-hidden on the main content, an aria-modal dialog); empty when nothing. */
  inert: string[];
}

/** A switch or checkbox of the banner's settings layer, as the visitor first sees it. */
export interface SettingsToggle {
  /** Its label (the purpose or vendor it names), whitespace collapsed, cut at 120 characters. */
  label: string;
  /** Switched on before the visitor touched it. */
  checked: boolean;
  /** It cannot be switched (typically strictly necessary cookies). */
  disabled: boolean;
  /** Its label names a strictly necessary / essential category (the phrase tables' necessary words). */
  necessary: boolean;
}

/** The banner's settings layer, opened once with its settings control (no choice saved), or the switches already on the first layer. */
export interface SettingsLayer {
  /** The switches were seen (on the first layer, or after the settings click). */
  opened: boolean;
  /** The click that opened the layer; absent when the switches are on the first layer or nothing was clicked. */
  via?: ConsentClick;
  /** Every switch seen, in page order; empty when none were (see unmeasured). */
  toggles: SettingsToggle[];
  /** Why the switches could not be seen (no settings control, the layer did not open, the page did not answer); absent when they were. */
  unmeasured?: string;
}

/**
 * The consent banner's first layer as measured in the page before any click (text, controls,
 * colours, the page behind), plus its settings layer. Only the plan's first phase measures it.
 */
export interface BannerDesign {
  /** The banner's visible text, whitespace collapsed, cut at 2,000 characters. */
  text: string;
  /** Language of the text (ISO 639-1) as franc-min detected it; null when undetermined (too little text) or outside its set. */
  language: string | null;
  /** The phrase-table language that recognised the banner's controls (ISO 639-1), when one did. */
  controlsLanguage?: string;
  /** The banner's box on the screen; absent when it could not be measured. */
  box?: BannerBox;
  /** Share of the viewport the banner covers, 0..1; absent with box. */
  viewportShare?: number;
  /** The viewport the banner was measured in (the screenshot's size in CSS px). */
  viewport: BannerViewport;
  /** The banner's effective background as #rrggbb; null when unreadable. */
  background: string | null;
  /** URL of the frame the banner is in, when not the top-level document. */
  frameUrl?: string;
  /** The banner lives in a shadow root (closed ones are reached through DevTools). */
  shadowRoot?: 'open' | 'closed';
  /** Every button and link of the first layer, in page order. */
  controls: BannerControl[];
  /** Links to a privacy policy or legal notice inside the banner. */
  privacyLinks: BannerPrivacyLink[];
  /** The page behind the banner; absent when it could not be measured (see unmeasured). */
  pageBehind?: PageBehind;
  /** The settings layer's switches; absent when the phase could not look (see unmeasured). */
  settingsLayer?: SettingsLayer;
  /** What could not be measured, and why, in words; empty when everything was. */
  unmeasured: string[];
}

// ---- Reading a design (shared by the rules and the HTML report) ----------------------------

/** Area of a box in CSS px². */
export function boxArea(box: BannerBox): number {
  return Math.round(box.width * box.height);
}

/**
 * The control of a role the visitor would take: the one the consent step clicked on the first
 * layer (same label), else the largest of that role; undefined when the design has none.
 */
export function controlFor(design: BannerDesign, role: 'accept' | 'reject', action?: ConsentActionRecord): BannerControl | undefined {
  const candidates = design.controls.filter((c) => c.role === role);
  const clicked = action?.clicks.find((c) => c.layer === 1 && c.role === role)?.label;
  const same = clicked ? candidates.find((c) => c.label.replace(/\s+/g, ' ').trim().slice(0, 80) === clicked) : undefined;
  return same ?? [...candidates].sort((a, b) => boxArea(b.box) - boxArea(a.box))[0];
}

/** Clicks a choice took, from the consent step's verified record; a reason when they are not known. */
export function clicksNeeded(action: ConsentActionRecord | undefined): { clicks: number } | { unknown: string } {
  if (!action) return { unknown: 'the phase did not run' };
  if (!action.done) return { unknown: 'the click did not go through' };
  if (!action.verified) return { unknown: `the click was not verified (${action.verification})` };
  if (action.method === 'autoconsent') return { unknown: "autoconsent's rule clicked, and its clicks are not recorded one by one" };
  if (action.clicks.length === 0) return { unknown: 'no click was recorded' };
  return { clicks: action.clicks.length };
}
