/**
 * In-page halves of the banner measurement. Like heuristics-script.ts, these functions are
 * serialised with toString() and run by Runtime.callFunctionOn in the scanner's isolated world of
 * one frame; they must not reference anything outside their own body. They return raw computed
 * styles and boxes; colours are parsed, composited and compared on the Node side (banner-design.ts).
 */

/** A rectangle in the frame's own viewport, CSS px. */
export interface RawBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * Background colours from an element up through its ancestors (shadow hosts included), as
 * getComputedStyle reports them, stopping after the first opaque one. `image` is true when a
 * background image or gradient lies in the chain before that (its colour cannot be read).
 */
export interface RawBackground {
  colors: string[];
  image: boolean;
}

/** One clickable of the banner, raw. */
export interface RawControl {
  label: string;
  tag: string;
  role: string | null;
  href: string | null;
  box: RawBox;
  fontSize: string;
  fontWeight: string;
  color: string;
  /** The element's own background up to (not including) the banner panel, then the panel's. */
  background: RawBackground;
  /** Its own background colour and image, unresolved. */
  ownBackground: string;
  ownBackgroundImage: string;
  /** Widest visible border, px, and its colour. */
  borderWidth: number;
  borderColor: string;
}

/** The banner's first layer, raw. */
export interface RawBanner {
  found: boolean;
  /** Why it was not found (the stored control is gone). */
  reason?: string;
  text: string;
  box: RawBox;
  viewport: { width: number; height: number };
  background: RawBackground;
  controls: RawControl[];
  links: Array<{ text: string; href: string }>;
}

/**
 * Measures the banner that holds the stored control `index` (see scanForConsentControls): its
 * panel (the container, or, when the container is a full-viewport backdrop, the smallest
 * ancestor of the control that is not), its text and every button and link in it.
 */
export function measureBannerInPage(storeKey: string, rootsKey: string, index: number, maxText: number): RawBanner {
  const viewport = { width: window.innerWidth, height: window.innerHeight };
  const empty = (reason: string): RawBanner => ({ found: false, reason, text: '', box: { x: 0, y: 0, width: 0, height: 0 }, viewport, background: { colors: [], image: false }, controls: [], links: [] });
  const store = (globalThis as Record<string, unknown>)[storeKey] as Array<{ element: Element; container: Element | null }> | undefined;
  const entry = store ? store[index] : undefined;
  if (!entry || !entry.element.isConnected) return empty('the banner control is no longer in the page');
  const closedRoots = ((globalThis as Record<string, unknown>)[rootsKey] as ShadowRoot[] | undefined) || [];
  const shadowOf = (el: Element): ShadowRoot | null => el.shadowRoot || closedRoots.find((root) => root.host === el) || null;
  const parentOf = (node: Element): Element | null => {
    if (node.parentElement) return node.parentElement;
    const root = node.parentNode;
    return root && (root as ShadowRoot).host ? (root as ShadowRoot).host : null;
  };
  const collapse = (text: string) => text.replace(/\s+/g, ' ').trim();
  const boxOf = (el: Element): RawBox => {
    const r = el.getBoundingClientRect();
    return { x: Math.round(r.left), y: Math.round(r.top), width: Math.round(r.width), height: Math.round(r.height) };
  };
  const viewportArea = Math.max(1, viewport.width * viewport.height);
  const areaOf = (el: Element) => {
    const r = el.getBoundingClientRect();
    return Math.max(0, Math.min(r.right, viewport.width) - Math.max(r.left, 0)) * Math.max(0, Math.min(r.bottom, viewport.height) - Math.max(r.top, 0));
  };
  let panel: Element = entry.container || document.body;
  if (areaOf(panel) >= 0.9 * viewportArea) {
    // A full-page wrapper (a backdrop holding the dialog): the dialog is the banner the visitor reads.
    for (let node = parentOf(entry.element); node && node !== panel; node = parentOf(node)) {
      const style = getComputedStyle(node);
      const painted = style.backgroundColor !== 'rgba(0, 0, 0, 0)' || style.backgroundImage !== 'none';
      if (painted && areaOf(node) < 0.9 * viewportArea && (node.textContent || '').length > 40) {
        panel = node;
        break;
      }
    }
  }
  // A container that is only the button row (its class says "cookie"): the banner is the block around it that holds the words.
  for (let node = parentOf(panel); node && (panel.textContent || '').replace(/\s+/g, ' ').length < 100; node = parentOf(node)) {
    if (node === document.body || node === document.documentElement || areaOf(node) >= 0.9 * viewportArea) break;
    panel = node;
  }
  const inPanel = (el: Element): boolean => {
    for (let node: Element | null = el; node; node = parentOf(node)) if (node === panel) return true;
    return false;
  };
  const backgroundOf = (el: Element, stopAt: Element | null): RawBackground => {
    const colors: string[] = [];
    let image = false;
    for (let node: Element | null = el; node && colors.length < 40; node = parentOf(node)) {
      if (node === stopAt) break;
      const style = getComputedStyle(node);
      if (style.backgroundImage && style.backgroundImage !== 'none') image = true;
      colors.push(style.backgroundColor);
      if (/^rgb\(/.test(style.backgroundColor)) break;
    }
    return { colors, image };
  };
  const isVisible = (el: Element): boolean => {
    const rect = el.getBoundingClientRect();
    if (rect.width < 2 || rect.height < 2) return false;
    const check = (el as Element & { checkVisibility?: (o: object) => boolean }).checkVisibility;
    return !check || check.call(el, { opacityProperty: true, visibilityProperty: true });
  };

  const elements: Element[] = [];
  const walk = (root: Element | ShadowRoot) => {
    root.querySelectorAll('button, a, [role="button"], [role="link"], input[type="button"], input[type="submit"]').forEach((el) => elements.push(el));
    root.querySelectorAll('*').forEach((el) => {
      const shadow = shadowOf(el);
      if (shadow) walk(shadow);
    });
  };
  walk(panel);
  const panelShadow = shadowOf(panel);
  if (panelShadow) walk(panelShadow);

  const controls: RawControl[] = [];
  const links: Array<{ text: string; href: string }> = [];
  const seen = new Set<Element>();
  for (const el of elements) {
    if (seen.has(el) || controls.length >= 40) continue;
    seen.add(el);
    // A link inside a button (or the reverse) is one control: the outer one.
    if (elements.some((other) => other !== el && other.contains(el))) continue;
    if (!isVisible(el)) continue;
    const input = el as HTMLInputElement;
    const label = collapse((el.tagName === 'INPUT' ? input.value : el.textContent) || el.getAttribute('aria-label') || el.getAttribute('title') || '');
    if (!label) continue;
    const href = el.tagName === 'A' ? el.getAttribute('href') : null;
    // Every control is a candidate: a privacy link may be a button that opens the policy in a layer.
    links.push({ text: label.slice(0, 80), href: (href || '').slice(0, 300) });
    // The style of the text: the element, or the element holding most of its text.
    let textEl: Element = el;
    for (let child = el.firstElementChild; child && el.childElementCount === 1 && collapse(child.textContent || '') === label; child = child.firstElementChild) textEl = child;
    const style = getComputedStyle(el);
    const textStyle = getComputedStyle(textEl);
    const borders = [
      [style.borderTopWidth, style.borderTopStyle, style.borderTopColor],
      [style.borderRightWidth, style.borderRightStyle, style.borderRightColor],
      [style.borderBottomWidth, style.borderBottomStyle, style.borderBottomColor],
      [style.borderLeftWidth, style.borderLeftStyle, style.borderLeftColor],
    ].filter(([, kind]) => kind !== 'none' && kind !== 'hidden');
    const widest = borders.sort((a, b) => (parseFloat(b[0]!) || 0) - (parseFloat(a[0]!) || 0))[0];
    const borderSides = borders.filter(([w]) => (parseFloat(w!) || 0) >= 1).length;
    controls.push({
      label: label.slice(0, 80),
      tag: el.tagName.toLowerCase(),
      role: el.getAttribute('role'),
      href,
      box: boxOf(el),
      fontSize: textStyle.fontSize,
      fontWeight: textStyle.fontWeight,
      color: textStyle.color,
      background: backgroundOf(textEl, null),
      ownBackground: style.backgroundColor,
      ownBackgroundImage: style.backgroundImage,
      // An underline-like bottom border alone does not make a button.
      borderWidth: widest && borderSides >= 3 ? parseFloat(widest[0]!) || 0 : 0,
      borderColor: widest ? widest[2]! : '',
    });
  }
  let text = collapse(panel.textContent || '');
  if (panelShadow) text = collapse(text + ' ' + (panelShadow.textContent || ''));
  return {
    found: inPanel(entry.element),
    text: text.slice(0, maxText),
    box: boxOf(panel),
    viewport,
    background: backgroundOf(panel, null),
    controls,
    links,
  };
}

/** The page behind the banner, raw (see PageBehind). */
export interface RawPageBehind {
  pointsTested: number;
  pointsBlocked: number;
  overflow: { html: string; body: string; bodyPosition: string };
  /** The document is taller than the viewport (a scroll could move). */
  scrollable: boolean;
  /** A programmatic scroll moved the page (restored right after). */
  scrollMoved: boolean;
  inert: string[];
}

/**
 * Runs in the top-level document's scanner world. `banner` is the banner's box in the top-level
 * viewport (the iframe's box for a banner in a frame): a 6 × 6 grid of points outside it is hit
 * with elementFromPoint, and a point counts as blocked when what it hits is, or sits in, a fixed
 * layer covering most of the viewport or a modal dialog's backdrop. Then scroll lock (styles, and a
 * 100 px programmatic scroll that is undone) and inert content.
 */
export function measurePageBehindInPage(rootsKey: string, banner: RawBox): RawPageBehind {
  const closedRoots = ((globalThis as Record<string, unknown>)[rootsKey] as ShadowRoot[] | undefined) || [];
  const shadowOf = (el: Element): ShadowRoot | null => el.shadowRoot || closedRoots.find((root) => root.host === el) || null;
  const parentOf = (node: Element): Element | null => {
    if (node.parentElement) return node.parentElement;
    const root = node.parentNode;
    return root && (root as ShadowRoot).host ? (root as ShadowRoot).host : null;
  };
  const width = window.innerWidth;
  const height = window.innerHeight;
  const viewportArea = Math.max(1, width * height);
  const covers = (el: Element): boolean => {
    const r = el.getBoundingClientRect();
    const area = Math.max(0, Math.min(r.right, width) - Math.max(r.left, 0)) * Math.max(0, Math.min(r.bottom, height) - Math.max(r.top, 0));
    return area >= 0.8 * viewportArea;
  };
  const blocking = (hit: Element): boolean => {
    for (let node: Element | null = hit; node && node !== document.body && node !== document.documentElement; node = parentOf(node)) {
      if ((node as Element & { matches(s: string): boolean }).matches('dialog:modal')) return true;
      const position = getComputedStyle(node).position;
      if ((position === 'fixed' || position === 'absolute') && covers(node)) return true;
    }
    return false;
  };
  let tested = 0;
  let blocked = 0;
  const margin = 4;
  for (let i = 0; i < 6; i++) {
    for (let j = 0; j < 6; j++) {
      const x = Math.round(((i + 0.5) / 6) * width);
      const y = Math.round(((j + 0.5) / 6) * height);
      if (x >= banner.x - margin && x <= banner.x + banner.width + margin && y >= banner.y - margin && y <= banner.y + banner.height + margin) continue;
      let hit: Element | null = document.elementFromPoint(x, y);
      for (let shadow = hit ? shadowOf(hit) : null; hit && shadow; shadow = shadowOf(hit)) {
        const inner: Element | null = shadow.elementFromPoint(x, y);
        if (!inner || inner === hit) break;
        hit = inner;
      }
      if (!hit) continue;
      tested++;
      if (blocking(hit)) blocked++;
    }
  }
  const html = getComputedStyle(document.documentElement);
  const body = document.body ? getComputedStyle(document.body) : html;
  const scroller = document.scrollingElement || document.documentElement;
  const scrollable = scroller.scrollHeight > height + 20;
  let scrollMoved = false;
  if (scrollable) {
    const beforeX = window.scrollX;
    const beforeY = window.scrollY;
    const target = beforeY + 100 <= scroller.scrollHeight - height ? beforeY + 100 : Math.max(0, beforeY - 100);
    window.scrollTo({ left: beforeX, top: target, behavior: 'instant' as ScrollBehavior });
    scrollMoved = Math.abs(window.scrollY - beforeY) >= 1;
    window.scrollTo({ left: beforeX, top: beforeY, behavior: 'instant' as ScrollBehavior });
  }
  const inert: string[] = [];
  const inertCount = document.querySelectorAll('[inert]').length;
  if (inertCount > 0) inert.push(`${inertCount} element${inertCount === 1 ? '' : 's'} with the inert attribute`);
  const hidden = Array.from(document.querySelectorAll('main[aria-hidden="true"], body > [aria-hidden="true"]')).filter((el) => covers(el) || el.tagName === 'MAIN' || !!el.querySelector('main, h1'));
  if (hidden.length > 0) inert.push(`aria-hidden="true" on the page content (${hidden.map((el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')).slice(0, 3).join(', ')})`);
  const modal = Array.from(document.querySelectorAll('[aria-modal="true"], dialog')).filter((el) => {
    const r = el.getBoundingClientRect();
    return r.width > 2 && r.height > 2 && (el.getAttribute('aria-modal') === 'true' || (el as Element & { matches(s: string): boolean }).matches('dialog:modal'));
  });
  if (modal.length > 0) inert.push('a modal dialog (aria-modal="true" or a modal <dialog>) is open');
  return {
    pointsTested: tested,
    pointsBlocked: blocked,
    overflow: { html: `${html.overflowY}`, body: `${body.overflowY}`, bodyPosition: body.position },
    scrollable,
    scrollMoved,
    inert,
  };
}
