/**
 * Colour maths for the banner measurement: parsing the colours getComputedStyle reports,
 * compositing semi-transparent layers, and the WCAG 2.x contrast ratio
 * (https://www.w3.org/TR/WCAG21/#dfn-contrast-ratio). Pure functions.
 */

/** An sRGB colour, channels 0..255, alpha 0..1. */
export interface Rgba {
  r: number;
  g: number;
  b: number;
  a: number;
}

const WHITE: Rgba = { r: 255, g: 255, b: 255, a: 1 };

/**
 * Parses a computed colour: `rgb(r, g, b)`, `rgba(r, g, b, a)`, the space-separated forms
 * (`rgb(r g b / a)`, percentages allowed), `#rgb[a]` / `#rrggbb[aa]` and `transparent`. Other
 * colour spaces (oklch(), color(display-p3 …)) give null: unreadable, never guessed.
 */
export function parseColour(text: string): Rgba | null {
  const value = text.trim().toLowerCase();
  if (value === 'transparent') return { r: 0, g: 0, b: 0, a: 0 };
  const hex = /^#([0-9a-f]{3,8})$/.exec(value);
  if (hex) {
    let digits = hex[1]!;
    if (digits.length === 3 || digits.length === 4) digits = [...digits].map((d) => d + d).join('');
    if (digits.length !== 6 && digits.length !== 8) return null;
    const n = (i: number) => parseInt(digits.slice(i, i + 2), 16);
    return { r: n(0), g: n(2), b: n(4), a: digits.length === 8 ? n(6) / 255 : 1 };
  }
  const fn = /^rgba?\(([^)]*)\)$/.exec(value);
  if (!fn) return null;
  const parts = fn[1]!.split(/[\s,/]+/).filter(Boolean);
  if (parts.length !== 3 && parts.length !== 4) return null;
  const channel = (p: string) => (p.endsWith('%') ? (parseFloat(p) / 100) * 255 : parseFloat(p));
  const [r, g, b] = parts.slice(0, 3).map(channel) as [number, number, number];
  const alphaText = parts[3];
  const a = alphaText === undefined ? 1 : alphaText.endsWith('%') ? parseFloat(alphaText) / 100 : parseFloat(alphaText);
  if ([r, g, b, a].some((v) => !Number.isFinite(v))) return null;
  const clamp = (v: number, max: number) => Math.min(max, Math.max(0, v));
  return { r: clamp(r, 255), g: clamp(g, 255), b: clamp(b, 255), a: clamp(a, 1) };
}

/** `top` painted over an opaque `bottom` (source-over). */
export function composite(top: Rgba, bottom: Rgba): Rgba {
  const a = top.a;
  return { r: top.r * a + bottom.r * (1 - a), g: top.g * a + bottom.g * (1 - a), b: top.b * a + bottom.b * (1 - a), a: 1 };
}

/**
 * The opaque colour a stack of backgrounds shows, innermost first (an element's own, then its
 * ancestors', as measured up to the first opaque one); the canvas behind them is white, as in a
 * browser's default. Null when a layer is unreadable.
 */
export function effectiveBackground(layers: readonly string[]): Rgba | null {
  const parsed = layers.map(parseColour);
  if (parsed.some((c) => c === null)) return null;
  let colour = WHITE;
  for (const layer of [...(parsed as Rgba[])].reverse()) colour = composite(layer, colour);
  return colour;
}

/** WCAG 2.x relative luminance of an opaque colour. */
export function relativeLuminance(colour: Rgba): number {
  const linear = (channel: number) => {
    const c = channel / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * linear(colour.r) + 0.7152 * linear(colour.g) + 0.0722 * linear(colour.b);
}

/** WCAG 2.x contrast ratio of two opaque colours, 1..21, rounded to two decimals. */
export function contrastRatio(a: Rgba, b: Rgba): number {
  const [light, dark] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) => y - x) as [number, number];
  return Math.round(((light + 0.05) / (dark + 0.05)) * 100) / 100;
}

/** #rrggbb of an opaque colour. */
export function toHex(colour: Rgba): string {
  const part = (v: number) => Math.round(v).toString(16).padStart(2, '0');
  return `#${part(colour.r)}${part(colour.g)}${part(colour.b)}`;
}
