import { describe, expect, it } from 'vitest';
import { bannerControl, bannerDesign, detectLanguage, isPrivacyLink, pageBehind, settingsToggle } from '../../src/gather/consent/banner-design.js';
import type { RawBanner, RawControl, RawPageBehind } from '../../src/gather/consent/banner-script.js';
import { composite, contrastRatio, effectiveBackground, parseColour, relativeLuminance, toHex } from '../../src/gather/consent/colour.js';

describe('colour maths (WCAG 2.x)', () => {
  it('parses the colours getComputedStyle reports, and refuses what it cannot read', () => {
    expect(parseColour('rgb(255, 0, 10)')).toEqual({ r: 255, g: 0, b: 10, a: 1 });
    expect(parseColour('rgba(0, 0, 0, 0.5)')).toEqual({ r: 0, g: 0, b: 0, a: 0.5 });
    expect(parseColour('rgb(10 20 30 / 25%)')).toEqual({ r: 10, g: 20, b: 30, a: 0.25 });
    expect(parseColour('#fff')).toEqual({ r: 255, g: 255, b: 255, a: 1 });
    expect(parseColour('#00000080')?.a).toBeCloseTo(0.5, 2);
    expect(parseColour('transparent')).toEqual({ r: 0, g: 0, b: 0, a: 0 });
    expect(parseColour('oklch(0.7 0.1 200)')).toBeNull();
    expect(parseColour('color(display-p3 1 0 0)')).toBeNull();
  });

  it('gives the contrast ratios of the WCAG examples', () => {
    const black = parseColour('#000')!;
    const white = parseColour('#fff')!;
    expect(relativeLuminance(white)).toBe(1);
    expect(contrastRatio(black, white)).toBe(21);
    expect(contrastRatio(white, white)).toBe(1);
    expect(contrastRatio(parseColour('#777777')!, white)).toBe(4.48); // just below AA
    expect(contrastRatio(parseColour('#767676')!, white)).toBe(4.54); // the lightest grey that passes AA on white
  });

  it('composites semi-transparent layers over the first opaque one, white at the bottom', () => {
    expect(toHex(composite({ r: 0, g: 0, b: 0, a: 0.5 }, { r: 255, g: 255, b: 255, a: 1 }))).toBe('#808080');
    expect(toHex(effectiveBackground(['rgba(0, 0, 0, 0)', 'rgba(0, 0, 0, 0)', 'rgb(51, 51, 51)'])!)).toBe('#333333');
    expect(toHex(effectiveBackground(['rgba(255, 0, 0, 0.5)', 'rgb(0, 0, 255)'])!)).toBe('#800080');
    expect(toHex(effectiveBackground(['rgba(0, 0, 0, 0)'])!)).toBe('#ffffff');
    expect(effectiveBackground(['rgba(0, 0, 0, 0)', 'lab(50% 40 59)'])).toBeNull();
  });
});

const raw = (extra: Partial<RawControl>): RawControl => ({
  label: 'Accept all',
  tag: 'button',
  role: null,
  href: null,
  box: { x: 10, y: 600, width: 120, height: 40 },
  fontSize: '16px',
  fontWeight: '700',
  color: 'rgb(255, 255, 255)',
  background: { colors: ['rgb(51, 51, 51)'], image: false },
  ownBackground: 'rgb(51, 51, 51)',
  ownBackgroundImage: 'none',
  borderWidth: 0,
  borderColor: 'rgb(0, 0, 0)',
  ...extra,
});
const WHITE = parseColour('#fff');

describe('reading the raw measurements', () => {
  it('a filled button: role from the phrase tables, contrast and prominence, box moved by the frame offset', () => {
    const control = bannerControl(raw({}), WHITE, { x: 5, y: 100 }, []);
    expect(control).toMatchObject({ role: 'accept', kind: 'button', fontSizePx: 16, fontWeight: 700, color: '#ffffff', background: '#333333', textContrast: 12.63, prominence: 12.63, box: { x: 15, y: 700 } });
    expect(control.language).toBe('en');
  });

  it('a text link: no background of its own, no border', () => {
    const control = bannerControl(raw({ label: 'Ablehnen', tag: 'a', href: '#', ownBackground: 'rgba(0, 0, 0, 0)', color: 'rgb(181, 181, 181)', background: { colors: ['rgba(0, 0, 0, 0)', 'rgb(255, 255, 255)'], image: false } }), WHITE, { x: 0, y: 0 }, []);
    expect(control).toMatchObject({ role: 'reject', kind: 'link', prominence: 1, background: '#ffffff' });
    expect(control.textContrast).toBeLessThan(2.5);
  });

  it('an outlined button on the banner counts as a button; unreadable colours stay null', () => {
    const outlined = bannerControl(raw({ label: 'Reject all', ownBackground: 'rgba(0, 0, 0, 0)', background: { colors: ['rgba(0, 0, 0, 0)', 'rgb(255, 255, 255)'], image: false }, color: 'rgb(51, 51, 51)', borderWidth: 2, borderColor: 'rgb(51, 51, 51)' }), WHITE, { x: 0, y: 0 }, []);
    expect(outlined.kind).toBe('button');
    const gradient = bannerControl(raw({ background: { colors: ['rgba(0, 0, 0, 0)'], image: true }, ownBackgroundImage: 'linear-gradient(red, blue)' }), WHITE, { x: 0, y: 0 }, []);
    expect(gradient).toMatchObject({ kind: 'button', background: null, textContrast: null, prominence: null });
  });

  it('the page behind: a style lock counts even when a script scroll moves the page', () => {
    const base: RawPageBehind = { pointsTested: 30, pointsBlocked: 30, overflow: { html: 'hidden', body: 'hidden', bodyPosition: 'static' }, scrollable: true, scrollMoved: true, inert: [] };
    expect(pageBehind(base)).toMatchObject({ scrollLocked: true, scrollDetail: 'its styles lock scrolling (overflow hidden on html, overflow hidden on body)' });
    expect(pageBehind({ ...base, overflow: { html: 'visible', body: 'visible', bodyPosition: 'static' } }).scrollLocked).toBe(false);
    expect(pageBehind({ ...base, overflow: { html: 'visible', body: 'visible', bodyPosition: 'static' }, scrollMoved: false }).scrollLocked).toBe(true);
    expect(pageBehind({ ...base, overflow: { html: 'visible', body: 'auto', bodyPosition: 'fixed' } }).scrollDetail).toMatch(/body position fixed/);
    expect(pageBehind({ ...base, overflow: { html: 'visible', body: 'visible', bodyPosition: 'static' }, scrollable: false }).scrollLocked).toBeNull();
  });

  it('the whole design: text language, privacy links among the controls, share of the viewport', () => {
    const banner: RawBanner = {
      found: true,
      text: 'Wir verwenden Cookies für Statistik und Werbung, wenn Sie einwilligen. Mehr in unserer Datenschutzerklärung.',
      box: { x: 0, y: 568, width: 1000, height: 200 },
      viewport: { width: 1000, height: 800 },
      background: { colors: ['rgb(255, 255, 255)'], image: false },
      controls: [raw({ label: 'Alle akzeptieren' }), raw({ label: 'Datenschutzerklärung', tag: 'a', href: '/datenschutz' })],
      links: [
        { text: 'Alle akzeptieren', href: '' },
        { text: 'Datenschutzerklärung', href: '/datenschutz' },
      ],
    };
    const design = bannerDesign(banner, { x: 0, y: 0 }, { shadowRoot: 'closed' });
    expect(design).toMatchObject({ language: 'de', controlsLanguage: 'de', viewportShare: 0.25, background: '#ffffff', shadowRoot: 'closed', unmeasured: [] });
    expect(design.privacyLinks).toEqual([{ text: 'Datenschutzerklärung', href: '/datenschutz' }]);
    expect(design.controls.map((c) => c.role)).toEqual(['accept', 'other']);
    expect(bannerDesign({ ...banner, background: { colors: [], image: true } }, { x: 0, y: 0 }, {}).unmeasured[0]).toMatch(/background could not be read/);
  });

  it('languages, privacy links and necessary switches in several languages', () => {
    expect(detectLanguage('Questo sito usa i cookie per la pubblicità personalizzata. Per leggere gli articoli accetta i cookie.')).toBe('it');
    expect(detectLanguage('OK')).toBeNull();
    expect(isPrivacyLink('Politique de confidentialité', '')).toBe(true);
    expect(isPrivacyLink('Mehr erfahren', '/impressum')).toBe(true);
    expect(isPrivacyLink('Mehr erfahren', '/produkte')).toBe(false);
    expect(settingsToggle({ label: '  Notwendige   Cookies ', checked: true, disabled: true })).toEqual({ label: 'Notwendige Cookies', checked: true, disabled: true, necessary: true });
    expect(settingsToggle({ label: 'Nicht notwendige Cookies', checked: true, disabled: false }).necessary).toBe(false);
  });
});
