/**
 * The Node half of the banner measurement: turns the raw in-page readings (banner-script.ts)
 * into the BannerDesign evidence: colours composited and compared (WCAG contrast), controls
 * classified with the phrase tables, the text's language detected with franc-min. Measurements,
 * not verdicts: the rules apply the thresholds.
 */
import { franc } from 'franc-min';
import type { BannerBox, BannerControl, BannerControlRole, BannerDesign, BannerPrivacyLink, PageBehind, SettingsToggle } from '../../model/banner.js';
import type { RawBackground, RawBanner, RawBox, RawControl, RawPageBehind } from './banner-script.js';
import { contrastRatio, effectiveBackground, parseColour, composite, toHex, type Rgba } from './colour.js';
import { classifyLabel, NECESSARY_PATTERN, normalizeLabel, PRIVACY_LINK_PATTERN, type PhraseLanguage } from './phrases.js';

/** Longest banner text kept. */
export const MAX_BANNER_TEXT = 2_000;

/** franc-min's ISO 639-3 codes → ISO 639-1, for the languages of the EU/EEA and their neighbours. */
const ISO_639_1: Readonly<Record<string, string>> = {
  bul: 'bg', ces: 'cs', dan: 'da', deu: 'de', ell: 'el', eng: 'en', spa: 'es', est: 'et', ekk: 'et', fin: 'fi', fra: 'fr',
  gle: 'ga', hrv: 'hr', hun: 'hu', isl: 'is', ita: 'it', lit: 'lt', lav: 'lv', lvs: 'lv', mlt: 'mt', nob: 'nb', nno: 'nn',
  nld: 'nl', pol: 'pl', por: 'pt', ron: 'ro', slk: 'sk', slv: 'sl', swe: 'sv', cat: 'ca', eus: 'eu', glg: 'gl',
  tur: 'tr', rus: 'ru', ukr: 'uk', srp: 'sr', bos: 'bs', sqi: 'sq', als: 'sq', mkd: 'mk', lux: 'lb', ltz: 'lb',
};

/** The language of a banner text (ISO 639-1), or null when franc-min cannot tell (fewer than ~20 letters) or the language has no mapping. */
export function detectLanguage(text: string): string | null {
  const code = franc(text, { minLength: 20 });
  return ISO_639_1[code] ?? null;
}

const privacyLink = new RegExp(PRIVACY_LINK_PATTERN);
const necessary = new RegExp(NECESSARY_PATTERN);
const plain = (text: string) => text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();

/** A link text or href that names a privacy policy, cookie policy or legal notice (the heuristics' own pattern). */
export function isPrivacyLink(text: string, href: string): boolean {
  return privacyLink.test(plain(`${text} ${href}`));
}

/** A toggle label that names a strictly necessary category (the layers' own pattern: "non-essential" does not match). */
export function isNecessaryLabel(label: string): boolean {
  return necessary.test(normalizeLabel(label));
}

/** The toggle as evidence. */
export function settingsToggle(toggle: { label: string; checked: boolean; disabled: boolean }): SettingsToggle {
  const label = toggle.label.replace(/\s+/g, ' ').trim().slice(0, 120);
  return { label, checked: toggle.checked, disabled: toggle.disabled, necessary: isNecessaryLabel(label) };
}

function background(raw: RawBackground): Rgba | null {
  if (raw.image) return null;
  return effectiveBackground(raw.colors);
}

function moved(box: RawBox, offset: { x: number; y: number }): BannerBox {
  return { x: box.x + Math.round(offset.x), y: box.y + Math.round(offset.y), width: box.width, height: box.height };
}

function number(text: string): number | null {
  const value = parseFloat(text);
  return Number.isFinite(value) ? Math.round(value * 10) / 10 : null;
}

/** One raw control as evidence: role from its label, kind from how it looks against the banner. */
export function bannerControl(raw: RawControl, bannerBackground: Rgba | null, offset: { x: number; y: number }, preferredLanguages: readonly string[]): BannerControl & { language?: PhraseLanguage } {
  const meaning = classifyLabel(raw.label, preferredLanguages);
  const role: BannerControlRole = meaning ? meaning.kind : 'other';
  const bg = background(raw.background);
  const text = parseColour(raw.color);
  const textColour = text && bg ? composite(text, bg) : null;
  const own = parseColour(raw.ownBackground);
  const ownPainted = (own !== null && own.a > 0.05) || raw.ownBackgroundImage !== 'none';
  const border = parseColour(raw.borderColor);
  // A border shows against what is behind the control (its own effective background, else the banner's).
  const behind = bg ?? bannerBackground;
  const borderVisible = raw.borderWidth >= 1 && border !== null && border.a > 0.2 && (behind === null || contrastRatio(composite(border, behind), behind) >= 1.1);
  // A background that differs from the banner's (or one that cannot be read, an image) makes a button; so does a frame around it.
  const differs = ownPainted && (bg === null || bannerBackground === null || contrastRatio(bg, bannerBackground) >= 1.1);
  const control: BannerControl & { language?: PhraseLanguage } = {
    label: raw.label,
    role,
    tag: raw.tag,
    ...(raw.role ? { roleAttribute: raw.role } : {}),
    kind: differs || borderVisible ? 'button' : 'link',
    box: moved(raw.box, offset),
    fontSizePx: number(raw.fontSize),
    fontWeight: number(raw.fontWeight),
    color: textColour ? toHex(textColour) : null,
    background: bg ? toHex(bg) : null,
    textContrast: textColour && bg ? contrastRatio(textColour, bg) : null,
    prominence: bg && bannerBackground ? contrastRatio(bg, bannerBackground) : null,
  };
  if (meaning) control.language = meaning.language;
  return control;
}

/** The page-behind readings as evidence. */
export function pageBehind(raw: RawPageBehind): PageBehind {
  const locks: string[] = [];
  if (/hidden|clip/.test(raw.overflow.html)) locks.push(`overflow ${raw.overflow.html} on html`);
  if (/hidden|clip/.test(raw.overflow.body)) locks.push(`overflow ${raw.overflow.body} on body`);
  if (raw.overflow.bodyPosition === 'fixed') locks.push('body position fixed');
  let scrollLocked: boolean | null;
  let scrollDetail: string;
  // overflow: hidden stops the visitor's wheel and keys, though a script's scrollTo still moves the page.
  if (locks.length > 0) {
    scrollLocked = true;
    scrollDetail = `its styles lock scrolling (${locks.join(', ')})`;
  } else if (raw.scrollable && !raw.scrollMoved) {
    scrollLocked = true;
    scrollDetail = 'a 100 px scroll did not move the page';
  } else if (raw.scrollable) {
    scrollLocked = false;
    scrollDetail = 'a 100 px scroll moved the page, and its styles do not lock scrolling';
  } else {
    scrollLocked = null;
    scrollDetail = 'the page is too short to scroll, and its styles do not lock scrolling: could not be told';
  }
  return { pointsTested: raw.pointsTested, pointsBlocked: raw.pointsBlocked, scrollLocked, scrollDetail, inert: raw.inert };
}

/** The first layer as evidence (without page behind and settings layer, which the bridge adds). */
export function bannerDesign(
  raw: RawBanner,
  offset: { x: number; y: number },
  where: { frameUrl?: string; shadowRoot?: 'open' | 'closed' | null; preferredLanguages?: readonly string[] },
): BannerDesign {
  const bannerBackground = background(raw.background);
  const controls = raw.controls.map((c) => bannerControl(c, bannerBackground, offset, where.preferredLanguages ?? []));
  const languages = controls.flatMap((c) => (c.language ? [c.language] : []));
  const privacyLinks: BannerPrivacyLink[] = raw.links.filter((l) => isPrivacyLink(l.text, l.href)).map((l) => ({ text: l.text, href: l.href }));
  const box = moved(raw.box, offset);
  const viewportArea = Math.max(1, raw.viewport.width * raw.viewport.height);
  const visible =
    Math.max(0, Math.min(box.x + box.width, raw.viewport.width) - Math.max(box.x, 0)) * Math.max(0, Math.min(box.y + box.height, raw.viewport.height) - Math.max(box.y, 0));
  const unmeasured: string[] = [];
  if (bannerBackground === null) unmeasured.push("the banner's background could not be read (an image, a gradient or an unknown colour space)");
  const text = raw.text.slice(0, MAX_BANNER_TEXT);
  const design: BannerDesign = {
    text,
    language: detectLanguage(text),
    box,
    viewportShare: Math.round((visible / viewportArea) * 100) / 100,
    viewport: raw.viewport,
    background: bannerBackground ? toHex(bannerBackground) : null,
    ...(where.frameUrl ? { frameUrl: where.frameUrl } : {}),
    ...(where.shadowRoot ? { shadowRoot: where.shadowRoot } : {}),
    controls: controls.map(({ language: _language, ...control }) => control),
    privacyLinks,
    unmeasured,
  };
  const controlsLanguage = mostCommon(languages);
  if (controlsLanguage) design.controlsLanguage = controlsLanguage;
  return design;
}

/** A design that could not be measured at all, with the reason. */
export function unmeasuredDesign(reason: string, viewport: { width: number; height: number } = { width: 0, height: 0 }): BannerDesign {
  return { text: '', language: null, viewport, background: null, controls: [], privacyLinks: [], unmeasured: [reason] };
}

function mostCommon(values: readonly string[]): string | undefined {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0];
}
