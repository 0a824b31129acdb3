import * as cheerio from 'cheerio';
import { describe, expect, it } from 'vitest';
import { bannerDesignView } from '../../src/render/html/banner-design-view.js';
import { renderHtml } from '../../src/render/html/render.js';
import { heuristicAction } from '../helpers/consent-records.js';
import { readSample } from '../helpers/report-samples.js';
import { control, design, greyLink, toggle } from '../rules/banner-builder.js';

const XSS = '"><img src=x onerror=alert(1)><script>alert(1)</script>';
const SCREENSHOT = `data:image/jpeg;base64,${Buffer.from('not really a jpeg').toString('base64')}`;

/** The 1.1 sample with a hostile banner design on its first site. */
function reportWithDesign() {
  const report = readSample('1.1');
  const site = report.sites[0]!;
  site.consent.bannerScreenshot = SCREENSHOT;
  site.consent.accept = heuristicAction('accept', 'Accept all');
  site.consent.reject = heuristicAction('reject', `Reject ${XSS}`);
  site.consent.bannerDesign = design({
    controls: [control('accept', 'Accept all', { box: { x: 24, y: 700, width: 200, height: 48 } }), greyLink('reject', `Reject ${XSS}`)],
    privacyLinks: [{ text: `Privacy ${XSS}`, href: `javascript:alert(1)//${XSS}` }],
    settingsLayer: { opened: true, toggles: [toggle(`Marketing ${XSS}`, true), toggle('Statistics', false)] },
  });
  return report;
}

describe('banner design view', () => {
  it('sets accept and reject side by side with their measured numbers and clicks', () => {
    const view = bannerDesignView(reportWithDesign().sites[0]!)!;
    expect(view.viewBox).toBe('0 0 1366 768');
    expect(view.outlines.map((o) => o.role)).toEqual(['accept', 'reject']);
    const row = (label: string) => view.comparison.find((r) => r.label === label)!;
    expect(row('Looks like')).toEqual({ label: 'Looks like', accept: 'button (<button>)', reject: 'link (<a>)' });
    expect(row('Area')).toMatchObject({ accept: '9600 px² (200×48)', reject: '1050 px² (70×15)' });
    expect(row('Clicks needed')).toMatchObject({ accept: '1', reject: '1' });
    expect(view.toggles.map((t) => t.preticked)).toEqual([true, false]);
  });

  it('has no view without a measured design (older reports)', () => {
    expect(bannerDesignView(readSample('1.1').sites[0]!)).toBeUndefined();
  });

  it('outlines the controls over the screenshot and escapes everything the site controls', () => {
    const html = renderHtml(reportWithDesign(), { failOn: 'high' });
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).not.toContain('<img src=x');
    const $ = cheerio.load(html);
    expect($('.shot-outlines').attr('viewBox')).toBe('0 0 1366 768');
    expect($('.shot-outlines rect.outline-reject').attr('width')).toBe('70');
    expect($('.banner-compare').text()).toContain(`Reject ${XSS}`);
    expect($('.privacy-links').text()).toContain(`javascript:alert(1)//${XSS}`);
    expect($('.privacy-links a').length).toBe(0);
    expect($('.toggles .preticked').text()).toContain(`Marketing ${XSS}`);
  });
});
