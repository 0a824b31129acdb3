/**
 * Closed shadow roots: no script can reach them (element.shadowRoot is null), but DevTools can.
 * DOM.getDocument with pierce lists them; each is resolved into the scanner's isolated world of
 * its frame and kept there, so the in-page scan and clicks see inside them like in open ones.
 */
import type { CdpClient, Protocol } from '../browser/types.js';
import { withTimeout } from '../../util/async.js';
import { keepClosedRoot } from './heuristics-script.js';
import type { FrameWorlds } from './worlds.js';

/** A closed shadow root found in the DOM, with the frame whose document holds it. */
interface ClosedRoot {
  backendNodeId: number;
  frameId: string;
}

/** Every closed shadow root of the page's documents (same-process frames included). */
export function closedRootsOf(root: Protocol.DOM.Node, mainFrameId: string): ClosedRoot[] {
  const found: ClosedRoot[] = [];
  const walk = (node: Protocol.DOM.Node, frameId: string) => {
    for (const shadow of node.shadowRoots ?? []) {
      if (shadow.shadowRootType === 'closed') found.push({ backendNodeId: shadow.backendNodeId, frameId });
      walk(shadow, frameId);
    }
    for (const child of node.children ?? []) walk(child, frameId);
    if (node.contentDocument) walk(node.contentDocument, node.frameId ?? frameId);
  };
  walk(root, mainFrameId);
  return found;
}

/**
 * Hands every closed shadow root over to the scanner's world of its frame (global `rootsKey`).
 * Returns how many were handed over; frames without a scanner world are skipped.
 */
export async function handOverClosedRoots(cdp: CdpClient, worlds: FrameWorlds, mainFrameId: string, rootsKey: string, timeoutMs: number): Promise<number> {
  const { root } = await withTimeout(cdp.send('DOM.getDocument', { depth: -1, pierce: true }), timeoutMs, 'reading the DOM for closed shadow roots timed out');
  let handed = 0;
  for (const closed of closedRootsOf(root, mainFrameId)) {
    const contextId = worlds.isolatedContext(closed.frameId);
    if (contextId === undefined) continue;
    const { object } = await cdp.send('DOM.resolveNode', { backendNodeId: closed.backendNodeId, executionContextId: contextId });
    if (!object.objectId) continue;
    await cdp.send('Runtime.callFunctionOn', {
      functionDeclaration: keepClosedRoot.toString(),
      objectId: object.objectId,
      arguments: [{ value: rootsKey }],
      returnByValue: true,
      silent: true,
    });
    cdp.send('Runtime.releaseObject', { objectId: object.objectId }).catch(() => {});
    handed++;
  }
  return handed;
}
