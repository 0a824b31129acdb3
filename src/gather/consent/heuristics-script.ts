/**
 * In-page halves of the fallback heuristics. These functions are serialised with toString() and
 * run by Runtime.callFunctionOn in the scanner's isolated world of one frame: they share the DOM
 * with the page but none of its JavaScript, so a page cannot see or tamper with them. They must
 * not reference anything outside their own body.
 */

/** Options of one scan, passed as the single argument. */
export interface ScanOptions {
  /** Name of the isolated-world global that keeps the found elements for a later click. */
  storeKey: string;
  /** RegExp source (applied to accent-free lower-case text) of words that make text consent-related. */
  consentText: string;
  /** RegExp source of id/class/aria-label/role fragments of banner containers. */
  containerName: string;
  /** RegExp source of container names that are consent-specific on their own. */
  consentName: string;
  /** Longest label (after whitespace collapsing) worth returning. */
  maxLabelLength: number;
  /** Ancestor levels searched for a banner container. */
  maxDepth: number;
  /**
   * Autoconsent already found a popup in this frame: any fixed / dialog / named container counts,
   * without the consent-text check (the CMP's own container may have an unhelpful name).
   */
  relaxed: boolean;
  /** This frame is the top-level frame (a small iframe's whole document may be a banner). */
  isMainFrame: boolean;
}

/** How a control's container was recognised. */
export type ContainerKind = 'consent-named' | 'named' | 'dialog' | 'fixed' | 'frame-document';

/** A visible clickable element inside a likely banner container, as the page reports it. */
export interface FoundControl {
  /** Index into the isolated-world store, for clicking. */
  index: number;
  /** textContent / value / aria-label / title, whitespace-collapsed, not otherwise normalised. */
  label: string;
  tag: string;
  containerKind: ContainerKind;
  /** Ancestor levels between the control and its container. */
  depth: number;
}

export interface ScanResult {
  controls: FoundControl[];
  /** Cut off at the limit: a page with very many candidates. */
  truncated: boolean;
}

/** Finds visible buttons/links inside likely consent containers (see ScanOptions). */
export function scanForConsentControls(options: ScanOptions): ScanResult {
  const LIMIT = 200;
  const clickableSelector = 'button, a, [role="button"], input[type="button"], input[type="submit"]';
  const consentText = new RegExp(options.consentText);
  const containerName = new RegExp(options.containerName, 'i');
  const consentName = new RegExp(options.consentName, 'i');

  const plain = (text: string) =>
    text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();

  const parentOf = (node: Element): Element | null => {
    if (node.parentElement) return node.parentElement;
    const root = node.parentNode;
    return root && (root as ShadowRoot).host ? (root as ShadowRoot).host : null;
  };

  const isVisible = (el: Element): boolean => {
    if (!el.isConnected) return false;
    const rect = el.getBoundingClientRect();
    if (rect.width < 2 || rect.height < 2) return false;
    if (rect.right + window.scrollX <= 0 || rect.bottom + window.scrollY <= 0) return false;
    const check = (el as Element & { checkVisibility?: (o: object) => boolean }).checkVisibility;
    if (check && !check.call(el, { opacityProperty: true, visibilityProperty: true })) return false;
    return true;
  };

  // Every clickable in the document and in open shadow roots (some CMPs render there).
  const clickables: Element[] = [];
  const collect = (root: Document | ShadowRoot) => {
    root.querySelectorAll(clickableSelector).forEach((el) => clickables.push(el));
    root.querySelectorAll('*').forEach((el) => {
      if (el.shadowRoot) collect(el.shadowRoot);
    });
  };
  collect(document);

  const nameOf = (el: Element) =>
    [el.id, typeof el.className === 'string' ? el.className : '', el.getAttribute('aria-label') || '', el.getAttribute('role') || '']
      .join(' ');

  const containerKindOf = (el: Element): ContainerKind | null => {
    const role = (el.getAttribute('role') || '').toLowerCase();
    const name = nameOf(el);
    if (consentName.test(name)) return 'consent-named';
    if (role === 'dialog' || role === 'alertdialog' || el.getAttribute('aria-modal') === 'true' || el.tagName === 'DIALOG') {
      return 'dialog';
    }
    if (containerName.test(name)) return 'named';
    const position = getComputedStyle(el).position;
    if (position === 'fixed' || position === 'sticky') return 'fixed';
    return null;
  };

  const textCache = new Map<Element, boolean>();
  const mentionsConsent = (el: Element): boolean => {
    let known = textCache.get(el);
    if (known === undefined) {
      known = consentText.test(plain((el.textContent || '').slice(0, 20000)));
      textCache.set(el, known);
    }
    return known;
  };

  const findContainer = (el: Element): { kind: ContainerKind; depth: number; node: Element } | null => {
    let node = parentOf(el);
    for (let depth = 1; node && depth <= options.maxDepth; depth++, node = parentOf(node)) {
      if (node === document.body || node === document.documentElement) break;
      const kind = containerKindOf(node);
      if (!kind) continue;
      if (options.relaxed || kind === 'consent-named' || mentionsConsent(node)) return { kind, depth, node };
    }
    return null;
  };

  // A small iframe's whole document may be the banner (its container lives in the parent).
  const frameIsBanner =
    !options.isMainFrame &&
    !!document.body &&
    (document.body.textContent || '').length < 5000 &&
    (options.relaxed || consentText.test(plain(document.body.textContent || '')));

  const store: Array<{ element: Element; container: Element | null }> = [];
  const controls: FoundControl[] = [];
  let truncated = false;
  for (const el of clickables) {
    const input = el as HTMLInputElement;
    const raw =
      (el.tagName === 'INPUT' ? input.value : el.textContent) || el.getAttribute('aria-label') || el.getAttribute('title') || '';
    const label = raw.replace(/\s+/g, ' ').trim();
    if (!label || label.length > options.maxLabelLength) continue;
    if (!isVisible(el)) continue;
    const container = findContainer(el);
    if (!container && !frameIsBanner) continue;
    if (controls.length >= LIMIT) {
      truncated = true;
      break;
    }
    store.push({ element: el, container: container ? container.node : null });
    controls.push({
      index: store.length - 1,
      label,
      tag: el.tagName.toLowerCase(),
      containerKind: container ? container.kind : 'frame-document',
      depth: container ? container.depth : 0,
    });
  }
  (globalThis as Record<string, unknown>)[options.storeKey] = store;
  return { controls, truncated };
}

/** Where to click a stored control, in its own frame's viewport; scrolls it into view first. */
export interface ControlPoint {
  found: boolean;
  x: number;
  y: number;
  /** The control is the topmost element at (x, y): a trusted click there reaches it. */
  hittable: boolean;
}

export function locateStoredControl(storeKey: string, index: number): ControlPoint {
  const store = (globalThis as Record<string, unknown>)[storeKey] as Array<{ element: Element }> | undefined;
  const el = store && store[index] ? store[index].element : null;
  if (!el || !el.isConnected) return { found: false, x: 0, y: 0, hittable: false };
  el.scrollIntoView({ block: 'center', inline: 'center', behavior: 'instant' as ScrollBehavior });
  const rect = el.getBoundingClientRect();
  const x = rect.left + rect.width / 2;
  const y = rect.top + rect.height / 2;
  // Descend through open shadow roots: elementFromPoint stops at the host.
  let hit: Element | null = document.elementFromPoint(x, y);
  while (hit && hit.shadowRoot) {
    const inner: Element | null = hit.shadowRoot.elementFromPoint(x, y);
    if (!inner || inner === hit) break;
    hit = inner;
  }
  const hittable = !!hit && (hit === el || el.contains(hit));
  return { found: true, x, y, hittable };
}

/** Offset of an iframe's content box within its own frame's viewport (run on the iframe element). */
export function iframeContentOffset(this: Element): { x: number; y: number; visible: boolean } {
  this.scrollIntoView({ block: 'nearest', inline: 'nearest', behavior: 'instant' as ScrollBehavior });
  const rect = this.getBoundingClientRect();
  const style = getComputedStyle(this);
  const px = (v: string) => parseFloat(v) || 0;
  return {
    x: rect.left + px(style.borderLeftWidth) + px(style.paddingLeft),
    y: rect.top + px(style.borderTopWidth) + px(style.paddingTop),
    visible: rect.width > 0 && rect.height > 0,
  };
}

/** Untrusted fallback when no trusted click point could be computed. */
export function clickStoredControl(storeKey: string, index: number): boolean {
  const store = (globalThis as Record<string, unknown>)[storeKey] as Array<{ element: Element }> | undefined;
  const el = store && store[index] ? store[index].element : null;
  if (!el || !el.isConnected) return false;
  (el as HTMLElement).click();
  return true;
}

/** After a click: is the control, or the banner container around it, still shown? */
export function storedControlStillShown(storeKey: string, index: number): boolean {
  const store = (globalThis as Record<string, unknown>)[storeKey] as
    | Array<{ element: Element; container: Element | null }>
    | undefined;
  const entry = store ? store[index] : undefined;
  if (!entry) return false;
  const shown = (el: Element) => {
    if (!el.isConnected) return false;
    const rect = el.getBoundingClientRect();
    if (rect.width < 2 || rect.height < 2) return false;
    const check = (el as Element & { checkVisibility?: (o: object) => boolean }).checkVisibility;
    return !check || check.call(el, { opacityProperty: true, visibilityProperty: true });
  };
  if (!shown(entry.element)) return false;
  return entry.container ? shown(entry.container) : true;
}
