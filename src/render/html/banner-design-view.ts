/**
 * The banner's design as the HTML report shows it: outlines of the measured accept / reject /
 * settings controls over the screenshot (an SVG in the viewport's CSS px, scaled with the image;
 * no inline styles, so the report's Content-Security-Policy holds), accept and reject side by side
 * (kind, area, font, contrast, clicks), the page behind, the settings layer's switches and the
 * banner's privacy links. Plain text: the templates escape everything (labels, hrefs and the text
 * come from the website).
 */
import { boxArea, clicksNeeded, controlFor, type BannerControl, type BannerDesign } from '../../model/banner.js';
import type { SiteReport } from '../../model/report.js';
import type { InfoRow } from './info-row.js';

/** A measured control outlined over the screenshot, in the viewport's CSS px. */
export interface OutlineView {
  x: number;
  y: number;
  width: number;
  height: number;
  /** accept | reject | settings: the outline's colour class. */
  role: 'accept' | 'reject' | 'settings';
  label: string;
}

/** One row of the accept-vs-reject table. */
export interface ComparisonRow {
  label: string;
  accept: string;
  reject: string;
}

/** One switch of the settings layer. */
export interface ToggleView {
  label: string;
  state: string;
  /** On before the visitor acted and not strictly necessary. */
  preticked: boolean;
}

export interface BannerDesignView {
  /** `0 0 <width> <height>` of the viewport the boxes are measured in; absent when unknown. */
  viewBox?: string;
  outlines: OutlineView[];
  comparison: ComparisonRow[];
  facts: InfoRow[];
  toggles: ToggleView[];
  /** How the switches were reached, or why they could not be seen. */
  togglesNote: string;
  privacyLinks: Array<{ text: string; href: string }>;
  unmeasured: string[];
}

const OUTLINED = new Set(['accept', 'reject', 'settings']);

const px = (n: number | null) => (n === null ? 'unknown' : `${n} px`);
const ratio = (n: number | null) => (n === null ? 'unreadable' : `${Math.round(n * 100) / 100}:1`);

function describe(control: BannerControl | undefined, pick: (c: BannerControl) => string): string {
  return control ? pick(control) : 'not on the first layer';
}

/** The view, or undefined when the report has no measured design (older reports, no banner). */
export function bannerDesignView(site: SiteReport): BannerDesignView | undefined {
  const consent = site.consent;
  const design: BannerDesign | undefined = consent?.bannerDesign;
  if (!consent || !design) return undefined;
  const accept = controlFor(design, 'accept', consent.accept);
  const reject = controlFor(design, 'reject', consent.reject);
  const clicks = (choice: 'accept' | 'reject') => {
    const needed = clicksNeeded(consent[choice]);
    return 'clicks' in needed ? String(needed.clicks) : `unknown (${needed.unknown})`;
  };
  const comparison: ComparisonRow[] = [
    { label: 'Label', accept: describe(accept, (c) => c.label), reject: describe(reject, (c) => c.label) },
    { label: 'Looks like', accept: describe(accept, (c) => `${c.kind} (<${c.tag}>)`), reject: describe(reject, (c) => `${c.kind} (<${c.tag}>)`) },
    { label: 'Area', accept: describe(accept, (c) => `${boxArea(c.box)} px² (${c.box.width}×${c.box.height})`), reject: describe(reject, (c) => `${boxArea(c.box)} px² (${c.box.width}×${c.box.height})`) },
    { label: 'Font', accept: describe(accept, (c) => `${px(c.fontSizePx)}, weight ${c.fontWeight ?? '?'}`), reject: describe(reject, (c) => `${px(c.fontSizePx)}, weight ${c.fontWeight ?? '?'}`) },
    { label: 'Text contrast', accept: describe(accept, (c) => `${ratio(c.textContrast)} (${c.color ?? '?'} on ${c.background ?? '?'})`), reject: describe(reject, (c) => `${ratio(c.textContrast)} (${c.color ?? '?'} on ${c.background ?? '?'})`) },
    { label: 'Stands out from the banner', accept: describe(accept, (c) => ratio(c.prominence)), reject: describe(reject, (c) => ratio(c.prominence)) },
    { label: 'Clicks needed', accept: clicks('accept'), reject: clicks('reject') },
  ];
  const facts: InfoRow[] = [];
  facts.push({ label: 'Banner language', value: design.language ?? 'undetermined', ...(design.language ? {} : { tone: 'muted' }) });
  if (design.controlsLanguage) facts.push({ label: 'Buttons recognised in', value: design.controlsLanguage });
  if (design.viewportShare !== undefined) facts.push({ label: 'Share of the viewport', value: `${Math.round(design.viewportShare * 100)} %` });
  if (design.frameUrl) facts.push({ label: 'Banner frame', value: design.frameUrl });
  const behind = design.pageBehind;
  if (behind) {
    const blocked = behind.pointsTested > 0 ? behind.pointsBlocked / behind.pointsTested : 0;
    facts.push({ label: 'Page behind covered', value: `${behind.pointsBlocked} of ${behind.pointsTested} points outside the banner hit an overlay`, tone: blocked >= 0.5 ? 'warn' : 'good' });
    facts.push({ label: 'Scrolling', value: `${behind.scrollLocked === true ? 'locked' : behind.scrollLocked === false ? 'free' : 'unknown'}: ${behind.scrollDetail}`, ...(behind.scrollLocked === true ? { tone: 'warn' } : {}) });
    facts.push({ label: 'Content inert', value: behind.inert.length > 0 ? behind.inert.join('; ') : 'no', ...(behind.inert.length > 0 ? { tone: 'warn' } : {}) });
  }
  const layer = design.settingsLayer;
  const toggles: ToggleView[] = (layer?.toggles ?? []).map((t) => ({
    label: t.label,
    state: `${t.checked ? 'on' : 'off'}${t.disabled ? ', locked' : ''}${t.necessary ? ', strictly necessary' : ''}`,
    preticked: t.checked && !t.necessary,
  }));
  const togglesNote = !layer
    ? 'The settings layer was not looked at.'
    : layer.unmeasured
      ? `Not seen: ${layer.unmeasured}.`
      : layer.via
        ? `Seen after one click on “${layer.via.label}” (nothing saved).`
        : 'Shown on the first layer.';
  const { width, height } = design.viewport;
  return {
    ...(width > 0 && height > 0 ? { viewBox: `0 0 ${width} ${height}` } : {}),
    outlines: design.controls
      .filter((c): c is BannerControl & { role: OutlineView['role'] } => OUTLINED.has(c.role))
      .map((c) => ({ x: c.box.x, y: c.box.y, width: c.box.width, height: c.box.height, role: c.role, label: `${c.role}: ${c.label}` })),
    comparison,
    facts,
    toggles,
    togglesNote,
    privacyLinks: design.privacyLinks.map((l) => ({ text: l.text, href: l.href })),
    unmeasured: design.unmeasured,
  };
}
