/**
 * Reading the measured banner design for the banner rules (reject-harder-than-accept,
 * preticked-consent, cookie-wall, banner-without-privacy-link): which control is the accept and
 * which the reject, the clicks each choice took, and the measured numbers in words. Pure functions.
 */
import type { BannerBox, BannerControl, BannerDesign } from '../../model/banner.js';
import type { ClassifiedSite, ConsentActionRecord } from '../../model/evidence.js';
import type { FindingEvidence } from '../../model/report.js';

/** Area of a box in CSS px². */
export function boxArea(box: BannerBox): number {
  return Math.round(box.width * box.height);
}

/** The measured design, when the plan's first phase measured one. */
export function bannerDesignOf(site: ClassifiedSite): BannerDesign | undefined {
  return site.consent.bannerDesign;
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

const round = (n: number) => Math.round(n * 100) / 100;

/** The measured numbers of one control, as finding evidence. */
export function controlEvidence(name: string, control: BannerControl): FindingEvidence {
  const { box } = control;
  const parts = [
    `${control.kind} (<${control.tag}${control.roleAttribute ? ` role=${control.roleAttribute}` : ''}>)`,
    `${Math.round(box.width)}×${Math.round(box.height)} px = ${boxArea(box)} px²`,
    `font ${control.fontSizePx ?? '?'} px, weight ${control.fontWeight ?? '?'}`,
    `text contrast ${control.textContrast === null ? 'unreadable' : `${round(control.textContrast)}:1`} (${control.color ?? '?'} on ${control.background ?? '?'})`,
    `prominence against the banner ${control.prominence === null ? 'unreadable' : `${round(control.prominence)}:1`}`,
  ];
  return { kind: 'consent', value: `${name} "${control.label}": ${parts.join(', ')}` };
}

/** Points to the banner screenshot the finding stands on, when the report has one. */
export function screenshotEvidence(site: ClassifiedSite): FindingEvidence[] {
  if (!site.consent.bannerScreenshot) return [];
  const box = site.consent.bannerDesign?.box;
  return [{ kind: 'other', value: 'banner screenshot (first layer, before any click): see the site\'s consent section', ...(box ? { detail: `banner at x ${box.x}, y ${box.y}, ${box.width}×${box.height} px of the viewport` } : {}) }];
}

/** The design could not be measured at all: why, for a not-applicable or needs-review reason. */
export function unmeasuredReason(design: BannerDesign): string | undefined {
  if (design.controls.length > 0 || design.text) return undefined;
  return design.unmeasured[0] ?? 'the banner could not be measured';
}
