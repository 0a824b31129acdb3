/**
 * Clicking a control the heuristics found, the way a user would: a trusted mouse click at the
 * control's centre in top-level viewport coordinates (Input.dispatchMouseEvent). Sites can tell
 * element.click() from a real click (event.isTrusted), so the untrusted click is only a fallback.
 */
import type { CdpClient, Protocol } from '../browser/types.js';
import { sleep, withTimeout } from '../../util/async.js';
import {
  clickStoredControl,
  iframeContentOffset,
  locateStoredControl,
  storedControlStillShown,
  type ControlPoint,
} from './heuristics-script.js';
import { isGoneError, type FrameWorlds } from './worlds.js';

/** Names of the scanner's isolated-world globals: found elements, and closed shadow roots handed over by DevTools. */
export interface WorldKeys {
  store: string;
  roots: string;
}

/** A stored control in one frame (see scanForConsentControls). */
export interface ControlRef {
  frameId: string;
  index: number;
}

export interface ClickOutcome {
  clicked: boolean;
  trusted: boolean;
  /** Why the click was untrusted or did not happen. */
  note?: string;
}

/** Calls a serialised function in the scanner's world of a frame and returns its value. */
export async function callInWorld<T>(
  cdp: CdpClient,
  contextId: number,
  fn: (...args: any[]) => T,
  args: unknown[],
  timeoutMs: number,
): Promise<T> {
  const call = cdp.send('Runtime.callFunctionOn', {
    functionDeclaration: fn.toString(),
    executionContextId: contextId,
    arguments: args.map((value) => ({ value })),
    returnByValue: true,
    awaitPromise: true,
    silent: true,
  });
  const response = await withTimeout(call, timeoutMs, `in-page call ${fn.name} timed out after ${timeoutMs} ms`);
  if (response.exceptionDetails) {
    const detail = response.exceptionDetails.exception?.description ?? response.exceptionDetails.text ?? 'exception';
    throw new Error(`in-page call ${fn.name} failed: ${detail.split('\n')[0]}`);
  }
  return response.result.value as T;
}

/** Parent frame id of every frame of the page. */
async function parentFrames(cdp: CdpClient): Promise<Map<string, string | undefined>> {
  const { frameTree } = await cdp.send('Page.getFrameTree');
  const parents = new Map<string, string | undefined>();
  const walk = (node: Protocol.Page.FrameTree, parentId: string | undefined) => {
    parents.set(node.frame.id, parentId);
    for (const child of node.childFrames ?? []) walk(child, node.frame.id);
  };
  walk(frameTree, undefined);
  return parents;
}

/**
 * Offset of a frame's viewport within the top-level viewport: the sum of the content-box corners
 * of each ancestor iframe element, measured in the parent frame's own scanner world.
 */
export async function frameOffset(cdp: CdpClient, worlds: FrameWorlds, frameId: string, timeoutMs: number): Promise<{ x: number; y: number } | null> {
  const parents = await parentFrames(cdp);
  let x = 0;
  let y = 0;
  for (let current = frameId, parent = parents.get(current); parent; current = parent, parent = parents.get(current)) {
    const parentContext = worlds.isolatedContext(parent);
    if (parentContext === undefined) return null;
    const { backendNodeId } = await cdp.send('DOM.getFrameOwner', { frameId: current });
    const { object } = await cdp.send('DOM.resolveNode', {
      backendNodeId,
      executionContextId: parentContext,
    });
    if (!object.objectId) return null;
    const { result } = await withTimeout(
      cdp.send('Runtime.callFunctionOn', {
        functionDeclaration: iframeContentOffset.toString(),
        objectId: object.objectId,
        returnByValue: true,
        silent: true,
      }),
      timeoutMs,
      'measuring an iframe timed out',
    );
    cdp.send('Runtime.releaseObject', { objectId: object.objectId }).catch(() => {});
    const measured = result.value as { x: number; y: number; visible: boolean } | undefined;
    if (!measured || !measured.visible) return null;
    x += measured.x;
    y += measured.y;
  }
  return { x, y };
}

/**
 * Clicks a stored control: trusted mouse events when its centre can be located and nothing covers
 * it, else element.click() in the scanner's world.
 */
export async function clickControl(cdp: CdpClient, worlds: FrameWorlds, keys: WorldKeys, control: ControlRef, timeoutMs: number): Promise<ClickOutcome> {
  const contextId = worlds.isolatedContext(control.frameId);
  if (contextId === undefined) return { clicked: false, trusted: false, note: 'the frame of the control is gone' };
  let note: string | undefined;
  try {
    const point = await callInWorld<ControlPoint>(cdp, contextId, locateStoredControl, [keys.store, control.index, keys.roots], timeoutMs);
    if (!point.found) return { clicked: false, trusted: false, note: 'the control is no longer in the page' };
    if (point.hittable) {
      const offset = await frameOffset(cdp, worlds, control.frameId, timeoutMs);
      if (offset) {
        const x = point.x + offset.x;
        const y = point.y + offset.y;
        const { cssLayoutViewport } = await cdp.send('Page.getLayoutMetrics');
        if (x >= 0 && y >= 0 && x < cssLayoutViewport.clientWidth && y < cssLayoutViewport.clientHeight) {
          await trustedClick(cdp, x, y);
          return { clicked: true, trusted: true };
        }
        note = 'control outside the viewport';
      } else {
        note = 'iframe position unknown';
      }
    } else {
      note = 'control covered by another element';
    }
  } catch (error) {
    if (isGoneError(error)) return { clicked: false, trusted: false, note: 'the frame of the control is gone' };
    note = error instanceof Error ? error.message : String(error);
  }
  try {
    const clicked = await callInWorld<boolean>(cdp, contextId, clickStoredControl, [keys.store, control.index], timeoutMs);
    return { clicked, trusted: false, note: `untrusted element.click(): ${note}` };
  } catch (error) {
    if (isGoneError(error)) return { clicked: false, trusted: false, note: 'the frame of the control is gone' };
    throw error;
  }
}

async function trustedClick(cdp: CdpClient, x: number, y: number): Promise<void> {
  const base = { x, y, button: 'left', clickCount: 1 } as const;
  await cdp.send('Input.dispatchMouseEvent', { type: 'mouseMoved', x, y, button: 'none' });
  await cdp.send('Input.dispatchMouseEvent', { type: 'mousePressed', ...base });
  await cdp.send('Input.dispatchMouseEvent', { type: 'mouseReleased', ...base });
}

/**
 * Waits (at most timeoutMs) for the clicked control or its banner to disappear. A frame that went
 * away (the banner iframe was removed, the page reloaded) counts as gone.
 */
export async function waitUntilControlGone(cdp: CdpClient, worlds: FrameWorlds, keys: WorldKeys, control: ControlRef, timeoutMs: number): Promise<{ gone: boolean; how: string }> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const contextId = worlds.isolatedContext(control.frameId);
    if (contextId === undefined) return { gone: true, how: 'its frame navigated or was removed' };
    try {
      const shown = await callInWorld<boolean>(cdp, contextId, storedControlStillShown, [keys.store, control.index], Math.max(200, deadline - Date.now()));
      if (!shown) return { gone: true, how: 'the banner closed' };
    } catch (error) {
      if (isGoneError(error)) return { gone: true, how: 'its frame navigated or was removed' };
      throw error;
    }
    if (Date.now() >= deadline) return { gone: false, how: 'the banner was still visible' };
    await sleep(Math.min(100, Math.max(0, deadline - Date.now())));
  }
}

