/**
 * Which consent manager globals and elements a page shows. probeCmpClues is serialised with
 * toString() and run by Runtime.callFunctionOn in the page's MAIN world of one frame: the
 * scanner's isolated world shares the DOM but not the page's JavaScript, and CMPs announce
 * themselves in JavaScript (window.Cookiebot, window.__ucCmp). So the probe runs among the page's
 * own code: it must not reference anything outside its body, must not define or change anything
 * on the page (it only reads), and must survive what a page can do to it (throwing getters,
 * proxies, odd selectors). What to look for comes from the fingerprint table (probeTargets);
 * naming the CMP from the answer is the judge's work.
 */
import type { CdpClient } from '../browser/types.js';
import { probeTargets } from '../../data/cmps.js';
import { callInWorld } from './click.js';

/** What to look for: global names (a dotted name is a property path) and CSS selectors. */
export interface CmpProbeTargets {
  globals: string[];
  dom: string[];
}

/** The targets that were present, in target order. */
export interface CmpProbeResult {
  globals: string[];
  dom: string[];
}

/**
 * In-page: the targets present in this frame. A global counts when its property path resolves to
 * something other than undefined or null; a selector when it matches an element of the document
 * or of an open shadow root. Shadow roots are collected from at most MAX_ELEMENTS elements, the
 * children of <html> and <body> first (where banners are usually mounted), then the rest of the
 * document from its end; at most MAX_ROOTS roots are searched.
 */
export function probeCmpClues(targets: CmpProbeTargets): CmpProbeResult {
  const MAX_ELEMENTS = 4000;
  const MAX_ROOTS = 64;
  const result: CmpProbeResult = { globals: [], dom: [] };
  const globalNames = targets && Array.isArray(targets.globals) ? targets.globals : [];
  const selectors = targets && Array.isArray(targets.dom) ? targets.dom : [];

  let root: unknown;
  try {
    root = typeof window !== 'undefined' ? window : globalThis;
  } catch {
    root = globalThis;
  }
  for (let i = 0; i < globalNames.length; i++) {
    try {
      const name = globalNames[i];
      if (typeof name !== 'string' || name === '') continue;
      const parts = name.split('.');
      let value: unknown = root;
      for (let j = 0; j < parts.length && value !== undefined; j++) {
        if (value === null || (typeof value !== 'object' && typeof value !== 'function')) {
          value = undefined;
          break;
        }
        value = (value as Record<string, unknown>)[parts[j] as string];
      }
      if (value !== undefined && value !== null) result.globals.push(name);
    } catch {
      // A throwing getter or a hostile proxy: not a clue.
    }
  }

  let doc: Document | undefined;
  try {
    doc = typeof document !== 'undefined' && document ? document : undefined;
  } catch {
    doc = undefined;
  }
  if (!doc || selectors.length === 0) return result;

  const roots: Array<Document | ShadowRoot> = [doc];
  let visited = 0;
  const addShadowRootOf = (element: Element | null | undefined) => {
    visited++;
    if (!element || roots.length >= MAX_ROOTS) return;
    try {
      const shadow = element.shadowRoot; // open shadow roots only; closed ones read as null
      if (shadow && roots.indexOf(shadow) < 0) roots.push(shadow);
    } catch {
      // ignore
    }
  };
  try {
    const tops: Element[] = [];
    const html = doc.documentElement;
    if (html) for (let i = 0; i < html.children.length; i++) tops.push(html.children[i] as Element);
    const body = doc.body;
    if (body) for (let i = 0; i < body.children.length; i++) tops.push(body.children[i] as Element);
    for (let i = 0; i < tops.length && visited < MAX_ELEMENTS; i++) addShadowRootOf(tops[i]);
  } catch {
    // ignore
  }
  for (let r = 0; r < roots.length && visited < MAX_ELEMENTS && roots.length < MAX_ROOTS; r++) {
    let all: ArrayLike<Element>;
    try {
      all = (roots[r] as Document | ShadowRoot).querySelectorAll('*');
    } catch {
      continue;
    }
    for (let i = all.length - 1; i >= 0 && visited < MAX_ELEMENTS && roots.length < MAX_ROOTS; i--) addShadowRootOf(all[i]);
  }

  for (let s = 0; s < selectors.length; s++) {
    const selector = selectors[s];
    if (typeof selector !== 'string' || selector === '') continue;
    for (let r = 0; r < roots.length; r++) {
      let found = false;
      try {
        found = !!(roots[r] as Document | ShadowRoot).querySelector(selector);
      } catch {
        break; // an invalid selector throws the same way in every root
      }
      if (found) {
        try {
          result.dom.push(selector);
        } catch {
          // ignore
        }
        break;
      }
    }
  }
  return result;
}

/** Keeps the strings of a page's answer that were asked for, each once, in target order. */
function keepAsked(answer: unknown, asked: readonly string[]): string[] {
  if (!Array.isArray(answer)) return [];
  const present = new Set(answer.filter((item): item is string => typeof item === 'string'));
  return asked.filter((item) => present.has(item));
}

/**
 * Runs the probe in a frame's main-world execution context (FrameWorlds.mainContext) with the
 * table's targets. The answer comes from the page's world, so only names that were asked for
 * are kept.
 */
export async function probeCmp(cdp: CdpClient, contextId: number, timeoutMs: number): Promise<CmpProbeResult> {
  const targets = probeTargets();
  const answer = await callInWorld<unknown>(cdp, contextId, probeCmpClues, [targets], timeoutMs);
  const record = answer && typeof answer === 'object' ? (answer as Record<string, unknown>) : {};
  return { globals: keepAsked(record['globals'], targets.globals), dom: keepAsked(record['dom'], targets.dom) };
}
