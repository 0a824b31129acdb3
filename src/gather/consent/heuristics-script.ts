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
  /** Name of the isolated-world global holding closed shadow roots handed over through DevTools. */
  rootsKey: string;
  /** RegExp source (applied to accent-free lower-case text) of words that make text consent-related. */
  consentText: string;
  /** RegExp source of link texts of a privacy policy or legal notice. */
  privacyLink: string;
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
  /** Also return switches and checkboxes inside the containers (the settings layer). */
  includeToggles: boolean;
}

/** How a control's container was recognised. */
export type ContainerKind = 'consent-named' | 'named' | 'dialog' | 'fixed' | 'overlay' | 'frame-document';

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
  /** Index into ScanResult.containers; -1 when the frame's whole document is the container. */
  container: number;
}

/** A container controls were found in: the candidate banner. */
export interface FoundContainer {
  kind: ContainerKind;
  /** Its text uses consent words (or its name is consent-specific). */
  mentionsConsent: boolean;
  /** It holds a link to a privacy policy or legal notice. */
  hasPrivacyLink: boolean;
  /** Share of the viewport it covers, 0..1. */
  viewportShare: number;
  /** It lives in a shadow root. */
  shadowRoot: 'open' | 'closed' | null;
}

/** A switch or checkbox inside a container (settings layers). */
export interface FoundToggle {
  /** Index into the isolated-world store, for clicking. */
  index: number;
  /** Its label (associated <label>, aria-label, or the text around it), whitespace-collapsed. */
  label: string;
  checked: boolean;
  disabled: boolean;
  /** Index into ScanResult.containers. */
  container: number;
}

export interface ScanResult {
  controls: FoundControl[];
  containers: FoundContainer[];
  toggles: FoundToggle[];
  /** Cut off at the limit: a page with very many candidates. */
  truncated: boolean;
}

/**
 * Finds visible buttons/links inside likely banner containers: containers whose name or text says
 * consent, and (structure alone) dialogs, fixed / sticky bars and high overlays whatever their
 * words; the Node side decides which of them are banners from the labels they hold.
 */
export function scanForConsentControls(options: ScanOptions): ScanResult {
  const LIMIT = 300;
  const clickableSelector = 'button, a, [role="button"], input[type="button"], input[type="submit"]';
  const toggleSelector = 'input[type="checkbox"], [role="switch"], [role="checkbox"]';
  const consentText = new RegExp(options.consentText);
  const privacyLink = new RegExp(options.privacyLink);
  const containerName = new RegExp(options.containerName, 'i');
  const consentName = new RegExp(options.consentName, 'i');

  const plain = (text: string) => text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
  const collapse = (text: string) => text.replace(/\s+/g, ' ').trim();

  const closedRoots: ShadowRoot[] = (((globalThis as Record<string, unknown>)[options.rootsKey] as ShadowRoot[] | undefined) || []).filter(
    (root) => root && root.host && root.host.isConnected,
  );
  const closedHosts = new Map<Element, ShadowRoot>(closedRoots.map((root) => [root.host, root]));
  const shadowOf = (el: Element): ShadowRoot | null => el.shadowRoot || closedHosts.get(el) || null;

  const parentOf = (node: Element): Element | null => {
    if (node.parentElement) return node.parentElement;
    const root = node.parentNode;
    return root && (root as ShadowRoot).host ? (root as ShadowRoot).host : null;
  };

  const rootKindOf = (el: Element): 'open' | 'closed' | null => {
    const root = el.getRootNode();
    if (!(root instanceof ShadowRoot)) return null;
    return root.mode === 'closed' ? 'closed' : 'open';
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

  // Every clickable in the document and in every shadow root, open or closed (some CMPs render there).
  const clickables: Element[] = [];
  const seenRoots = new Set<Node>();
  const collect = (root: Document | ShadowRoot) => {
    if (seenRoots.has(root)) return;
    seenRoots.add(root);
    root.querySelectorAll(clickableSelector).forEach((el) => clickables.push(el));
    root.querySelectorAll('*').forEach((el) => {
      const shadow = shadowOf(el);
      if (shadow) collect(shadow);
    });
  };
  collect(document);
  for (const root of closedRoots) collect(root);

  const nameOf = (el: Element) =>
    [el.id, typeof el.className === 'string' ? el.className : '', el.getAttribute('aria-label') || '', el.getAttribute('role') || ''].join(' ');

  const containerKindOf = (el: Element): ContainerKind | null => {
    const role = (el.getAttribute('role') || '').toLowerCase();
    const name = nameOf(el);
    if (consentName.test(name)) return 'consent-named';
    if (role === 'dialog' || role === 'alertdialog' || el.getAttribute('aria-modal') === 'true' || el.tagName === 'DIALOG') return 'dialog';
    if (containerName.test(name)) return 'named';
    const style = getComputedStyle(el);
    if (style.position === 'fixed' || style.position === 'sticky') return 'fixed';
    if (style.position === 'absolute' && (parseInt(style.zIndex, 10) || 0) >= 100) return 'overlay';
    return null;
  };

  // Text of a container, its shadow roots included (a banner web component keeps its words inside).
  const deepText = (el: Element): string => {
    let text = el.textContent || '';
    const shadow = shadowOf(el);
    if (shadow) text += ' ' + (shadow.textContent || '');
    return text.slice(0, 20000);
  };
  const textCache = new Map<Element, boolean>();
  const mentionsConsent = (el: Element): boolean => {
    let known = textCache.get(el);
    if (known === undefined) {
      known = consentText.test(plain(deepText(el)));
      textCache.set(el, known);
    }
    return known;
  };

  const STRUCTURAL = new Set<ContainerKind>(['dialog', 'fixed', 'overlay']);
  /** The nearest container that says consent; else the nearest structural one (dialog, fixed bar, overlay). */
  const findContainer = (el: Element): { kind: ContainerKind; depth: number; node: Element; mentions: boolean } | null => {
    let structural: { kind: ContainerKind; depth: number; node: Element; mentions: boolean } | null = null;
    let node = parentOf(el);
    for (let depth = 1; node && depth <= options.maxDepth; depth++, node = parentOf(node)) {
      if (node === document.body || node === document.documentElement) break;
      const kind = containerKindOf(node);
      if (!kind) continue;
      if (kind === 'consent-named' || mentionsConsent(node)) return { kind, depth, node, mentions: true };
      if (options.relaxed) return { kind, depth, node, mentions: false };
      if (!structural && STRUCTURAL.has(kind)) structural = { kind, depth, node, mentions: false };
    }
    return structural;
  };

  // A small iframe's whole document may be the banner (its container lives in the parent).
  const bodyText = document.body ? document.body.textContent || '' : '';
  const frameIsBanner = !options.isMainFrame && !!document.body && bodyText.length < 5000;
  const frameMentions = frameIsBanner && (options.relaxed || consentText.test(plain(bodyText)));

  const viewportArea = Math.max(1, window.innerWidth * window.innerHeight);
  const store: Array<{ element: Element; container: Element | null }> = [];
  const controls: FoundControl[] = [];
  const containers: FoundContainer[] = [];
  const containerNodes: Element[] = [];
  const containerIndex = (node: Element, kind: ContainerKind, mentions: boolean): number => {
    const known = containerNodes.indexOf(node);
    if (known >= 0) return known;
    const rect = node.getBoundingClientRect();
    const links = Array.from(node.querySelectorAll('a'));
    const shadow = shadowOf(node);
    if (shadow) links.push(...Array.from(shadow.querySelectorAll('a')));
    containerNodes.push(node);
    containers.push({
      kind,
      mentionsConsent: mentions,
      hasPrivacyLink: links.some((a) => privacyLink.test(plain(collapse(a.textContent || '') + ' ' + (a.getAttribute('href') || '')))),
      viewportShare: Math.min(1, Math.round(((Math.max(0, rect.width) * Math.max(0, rect.height)) / viewportArea) * 100) / 100),
      shadowRoot: rootKindOf(node),
    });
    return containerNodes.length - 1;
  };
  let truncated = false;
  for (const el of clickables) {
    const input = el as HTMLInputElement;
    const raw = (el.tagName === 'INPUT' ? input.value : el.textContent) || el.getAttribute('aria-label') || el.getAttribute('title') || '';
    const label = collapse(raw);
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
      container: container ? containerIndex(container.node, container.kind, container.mentions) : -1,
    });
  }
  if (controls.some((c) => c.container === -1)) {
    containers.push({ kind: 'frame-document', mentionsConsent: frameMentions, hasPrivacyLink: privacyLink.test(plain(bodyText.slice(0, 5000))), viewportShare: 1, shadowRoot: null });
    const frameIndex = containers.length - 1;
    for (const control of controls) if (control.container === -1) control.container = frameIndex;
  }

  const toggles: FoundToggle[] = [];
  if (options.includeToggles) {
    const labelOf = (el: Element): string => {
      const aria = el.getAttribute('aria-label');
      if (aria) return collapse(aria);
      const labelledBy = el.getAttribute('aria-labelledby');
      const root = el.getRootNode() as Document | ShadowRoot;
      if (labelledBy) {
        const text = labelledBy.split(/\s+/).map((id) => (root.getElementById ? root.getElementById(id) : null)?.textContent || '').join(' ');
        if (collapse(text)) return collapse(text).slice(0, 120);
      }
      const own = (el as HTMLInputElement).labels;
      if (own && own.length > 0) return collapse(own[0]!.textContent || '').slice(0, 120);
      const wrapping = el.closest('label');
      if (wrapping) return collapse(wrapping.textContent || '').slice(0, 120);
      let around: Element | null = el.parentElement;
      for (let i = 0; around && i < 3; i++, around = around.parentElement) {
        const text = collapse(around.textContent || '');
        if (text) return text.slice(0, 120);
      }
      return '';
    };
    containerNodes.forEach((node, index) => {
      const found: Element[] = Array.from(node.querySelectorAll(toggleSelector));
      const shadow = shadowOf(node);
      if (shadow) found.push(...Array.from(shadow.querySelectorAll(toggleSelector)));
      for (const el of found) {
        // A styled switch often hides its checkbox and shows a sibling; the label or parent is what a visitor clicks.
        const target = isVisible(el) ? el : (el as HTMLInputElement).labels?.[0] || el.closest('label') || el.parentElement;
        if (!target || !isVisible(target)) continue;
        const checked = el.tagName === 'INPUT' ? (el as HTMLInputElement).checked : el.getAttribute('aria-checked') === 'true';
        const disabled = el.tagName === 'INPUT' ? (el as HTMLInputElement).disabled : el.getAttribute('aria-disabled') === 'true';
        store.push({ element: target, container: node });
        toggles.push({ index: store.length - 1, label: labelOf(el), checked, disabled, container: index });
      }
    });
  }
  (globalThis as Record<string, unknown>)[options.storeKey] = store;
  return { controls, containers, toggles, truncated };
}

/**
 * A user's selector (--consent-accept / --consent-reject): the first visible match in the
 * document, in any open or closed shadow root, stored for clicking. -1 when none.
 */
export function findSelectorTarget(storeKey: string, rootsKey: string, selector: string): { index: number; label: string } {
  const closedRoots = (((globalThis as Record<string, unknown>)[rootsKey] as ShadowRoot[] | undefined) || []).filter((r) => r && r.host && r.host.isConnected);
  const closedHosts = new Map<Element, ShadowRoot>(closedRoots.map((root) => [root.host, root]));
  const roots: Array<Document | ShadowRoot> = [];
  const walk = (root: Document | ShadowRoot) => {
    if (roots.includes(root)) return;
    roots.push(root);
    root.querySelectorAll('*').forEach((el) => {
      const shadow = el.shadowRoot || closedHosts.get(el);
      if (shadow) walk(shadow);
    });
  };
  walk(document);
  for (const root of closedRoots) walk(root);
  for (const root of roots) {
    let matches: Element[] = [];
    try {
      matches = Array.from(root.querySelectorAll(selector));
    } catch {
      return { index: -1, label: '' };
    }
    for (const el of matches) {
      const rect = el.getBoundingClientRect();
      if (rect.width < 2 || rect.height < 2) continue;
      const store = ((globalThis as Record<string, unknown>)[storeKey] as Array<{ element: Element; container: Element | null }> | undefined) || [];
      store.push({ element: el, container: null });
      (globalThis as Record<string, unknown>)[storeKey] = store;
      const label = ((el as HTMLInputElement).value || el.textContent || el.getAttribute('aria-label') || '').replace(/\s+/g, ' ').trim().slice(0, 80);
      return { index: store.length - 1, label };
    }
  }
  return { index: -1, label: '' };
}

/** Runs on a closed shadow root handed over by DevTools: keeps it for the scans of this document. */
export function keepClosedRoot(this: ShadowRoot, rootsKey: string): number {
  const kept = ((globalThis as Record<string, unknown>)[rootsKey] as ShadowRoot[] | undefined) || [];
  if (!kept.includes(this)) kept.push(this);
  (globalThis as Record<string, unknown>)[rootsKey] = kept;
  return kept.length;
}

/** Where to click a stored control, in its own frame's viewport; scrolls it into view first. */
export interface ControlPoint {
  found: boolean;
  x: number;
  y: number;
  /** The control is the topmost element at (x, y): a trusted click there reaches it. */
  hittable: boolean;
}

export function locateStoredControl(storeKey: string, index: number, rootsKey: string): ControlPoint {
  const closedRoots = ((globalThis as Record<string, unknown>)[rootsKey] as ShadowRoot[] | undefined) || [];
  const store = (globalThis as Record<string, unknown>)[storeKey] as Array<{ element: Element }> | undefined;
  const el = store && store[index] ? store[index].element : null;
  if (!el || !el.isConnected) return { found: false, x: 0, y: 0, hittable: false };
  el.scrollIntoView({ block: 'center', inline: 'center', behavior: 'instant' as ScrollBehavior });
  const rect = el.getBoundingClientRect();
  const x = rect.left + rect.width / 2;
  const y = rect.top + rect.height / 2;
  // Descend through shadow roots (closed ones handed over by DevTools): elementFromPoint stops at the host.
  let hit: Element | null = document.elementFromPoint(x, y);
  const shadowOf = (el: Element): ShadowRoot | null => el.shadowRoot || closedRoots.find((root) => root.host === el) || null;
  for (let shadow = hit ? shadowOf(hit) : null; hit && shadow; shadow = shadowOf(hit)) {
    const inner: Element | null = shadow.elementFromPoint(x, y);
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
