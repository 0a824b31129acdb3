/**
 * Which JavaScript execution context belongs to which frame: the page's own (main) world, and the
 * scanner's isolated world where autoconsent and the heuristics run. Fed by Runtime events of one
 * CDP session; contexts vanish whenever a frame navigates or detaches, which is normal.
 */

/** Runtime.ExecutionContextDescription, the fields used here. */
export interface ExecutionContextDescription {
  id: number;
  name: string;
  auxData?: { frameId?: string; isDefault?: boolean; type?: string };
}

export class FrameWorlds {
  private readonly isolatedByFrame = new Map<string, number>();
  private readonly mainByFrame = new Map<string, number>();
  private readonly frameByContext = new Map<number, { frameId: string; isolated: boolean }>();

  constructor(private readonly worldName: string) {}

  /** Runtime.executionContextCreated */
  created(context: ExecutionContextDescription): void {
    const frameId = context.auxData?.frameId;
    if (!frameId) return; // workers and the like
    if (context.auxData?.isDefault) {
      this.mainByFrame.set(frameId, context.id);
      this.frameByContext.set(context.id, { frameId, isolated: false });
    } else if (context.name === this.worldName) {
      this.isolatedByFrame.set(frameId, context.id);
      this.frameByContext.set(context.id, { frameId, isolated: true });
    }
  }

  /** Runtime.executionContextDestroyed */
  destroyed(contextId: number): void {
    const entry = this.frameByContext.get(contextId);
    if (!entry) return;
    this.frameByContext.delete(contextId);
    const map = entry.isolated ? this.isolatedByFrame : this.mainByFrame;
    if (map.get(entry.frameId) === contextId) map.delete(entry.frameId);
  }

  /** Runtime.executionContextsCleared (the main frame navigated) */
  cleared(): void {
    this.isolatedByFrame.clear();
    this.mainByFrame.clear();
    this.frameByContext.clear();
  }

  /** The scanner's isolated-world context of a frame. */
  isolatedContext(frameId: string): number | undefined {
    return this.isolatedByFrame.get(frameId);
  }

  /** The page's own (main-world) context of a frame. */
  mainContext(frameId: string): number | undefined {
    return this.mainByFrame.get(frameId);
  }

  /** Frame of a live context, and whether it is the scanner's world. */
  frameOf(contextId: number): { frameId: string; isolated: boolean } | undefined {
    return this.frameByContext.get(contextId);
  }

  isAlive(contextId: number): boolean {
    return this.frameByContext.has(contextId);
  }

  /** Frames where the scanner's world currently exists, with its context id. */
  isolatedFrames(): Array<{ frameId: string; contextId: number }> {
    return [...this.isolatedByFrame].map(([frameId, contextId]) => ({ frameId, contextId }));
  }
}

/**
 * CDP errors that only mean a frame, context or the page went away mid-call. They are expected on
 * real sites (frames navigate and detach all the time) and are not recorded as scan errors.
 */
export function isGoneError(error: unknown): boolean {
  const text = error instanceof Error ? error.message : String(error);
  return /Cannot find context|Execution context was destroyed|context with specified id|No frame (with given id )?found|Frame with the given id was not found|frame was detached|Inspected target navigated or closed|Target closed|Session closed|has been closed|No node with given id|Node with given id does not belong|Could not find node|Frame not found|Cannot find default execution context|Promise was collected/i.test(
    text,
  );
}
