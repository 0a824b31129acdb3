import { describe, expect, it } from 'vitest';
import { closedRootsOf } from '../../src/gather/consent/closed-roots.js';
import type { Protocol } from '../../src/gather/browser/types.js';

/** A DOM.Node as DOM.getDocument({pierce: true}) returns it, with only the fields the walk reads. */
const node = (id: number, extra: Partial<Protocol.DOM.Node> = {}): Protocol.DOM.Node =>
  ({ nodeId: 0, backendNodeId: id, nodeType: 1, nodeName: 'DIV', localName: 'div', nodeValue: '', ...extra }) as Protocol.DOM.Node;

describe('closed shadow roots in a pierced DOM', () => {
  it('finds closed roots at any depth, in frames too, and skips open ones', () => {
    const doc = node(1, {
      children: [
        node(2, { shadowRoots: [node(3, { shadowRootType: 'closed', children: [node(4, { shadowRoots: [node(5, { shadowRootType: 'closed' })] })] })] }),
        node(6, { shadowRoots: [node(7, { shadowRootType: 'open' })] }),
        node(8, { frameId: 'child', contentDocument: node(9, { children: [node(10, { shadowRoots: [node(11, { shadowRootType: 'closed' })] })] }) }),
      ],
    });
    expect(closedRootsOf(doc, 'main')).toEqual([
      { backendNodeId: 3, frameId: 'main' },
      { backendNodeId: 5, frameId: 'main' },
      { backendNodeId: 11, frameId: 'child' },
    ]);
  });
});
