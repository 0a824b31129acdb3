/**
 * What autoconsent's instances (one per frame document) have told us, and when they have all
 * reached a verdict. Pure bookkeeping: no CDP here, so the waiting logic is unit-testable.
 */
import type { ContentScriptMessage } from './autoconsent-messages.js';

/** Autoconsent's lifecycle as reported in `report` messages. */
type Lifecycle = Extract<ContentScriptMessage, { type: 'report' }>['state']['lifecycle'];

/** One autoconsent instance (one document in one frame, in the scanner's world). */
interface InstanceState {
  frameId: string;
  lifecycle: Lifecycle;
  findCmpAttempts: number;
  /** When the latest findCmp attempt started (ms epoch). */
  attemptStartedAt: number;
  /** When the first cmpDetected arrived. */
  cmpDetectedAt?: number;
}

/** A popup autoconsent found: where, and which rule. */
export interface PopupFound {
  contextId: number;
  frameId: string;
  cmp: string;
  url: string;
  at: number;
}

/** The outcome of optIn / optOut in one instance. */
export interface ActionResult {
  result: boolean;
  scheduleSelfTest: boolean;
  cmp: string;
}

/**
 * After a cmpDetected, autoconsent polls for the popup 10 × 500 ms and then goes quiet without a
 * report; past this, a CMP without popup is a verdict.
 */
export const POPUP_WAIT_MS = 6_000;
/**
 * A second findCmp attempt that found nothing within this time is taken as "nothing here": the
 * third attempt waits for a DOM mutation, for up to a minute, on a static page.
 */
export const SECOND_ATTEMPT_GRACE_MS = 1_000;

const FINAL_LIFECYCLES = new Set<Lifecycle>([
  'nothingDetected',
  'openPopupDetected',
  'runningOptOut',
  'runningOptIn',
  'optOutSucceeded',
  'optOutFailed',
  'optInSucceeded',
  'optInFailed',
  'done',
]);

export class AutoconsentState {
  private readonly instances = new Map<number, InstanceState>();
  /** Popups of documents still alive (a navigation forgets them). */
  private popups: PopupFound[] = [];
  /** CMP rule names autoconsent detected (present, popup shown or not), in order. */
  readonly detectedCmps: string[] = [];
  private readonly actionResults = new Map<number, ActionResult>();
  private readonly doneContexts = new Set<number>();
  private readonly selfTests = new Map<number, boolean>();

  /** Records one message from the instance living in `contextId` of `frameId`. */
  record(contextId: number, frameId: string, message: ContentScriptMessage, now: number): void {
    switch (message.type) {
      case 'report': {
        const previous = this.instances.get(contextId);
        const attempts = message.state.findCmpAttempts;
        this.instances.set(contextId, {
          frameId,
          lifecycle: message.state.lifecycle,
          findCmpAttempts: attempts,
          attemptStartedAt: previous && previous.findCmpAttempts === attempts ? previous.attemptStartedAt : now,
          cmpDetectedAt: previous?.cmpDetectedAt,
        });
        break;
      }
      case 'cmpDetected': {
        if (!this.detectedCmps.includes(message.cmp)) this.detectedCmps.push(message.cmp);
        const instance = this.instances.get(contextId);
        if (instance && instance.cmpDetectedAt === undefined) instance.cmpDetectedAt = now;
        break;
      }
      case 'popupFound':
        this.popups.push({ contextId, frameId, cmp: message.cmp, url: message.url, at: now });
        break;
      case 'optInResult':
      case 'optOutResult':
        this.actionResults.set(contextId, { result: message.result, scheduleSelfTest: message.scheduleSelfTest, cmp: message.cmp });
        break;
      case 'autoconsentDone':
        this.doneContexts.add(contextId);
        break;
      case 'selfTestResult':
        this.selfTests.set(contextId, message.result);
        break;
      default:
        break;
    }
  }

  /** The instance's document is gone (navigation, detach): it no longer holds up a verdict. */
  forget(contextId: number): void {
    this.instances.delete(contextId);
    this.popups = this.popups.filter((popup) => popup.contextId !== contextId);
  }

  forgetAll(): void {
    this.instances.clear();
    this.popups = [];
  }

  /** The latest popup found in a document that is still there. */
  latestPopup(): PopupFound | undefined {
    return this.popups.at(-1);
  }

  actionResult(contextId: number): ActionResult | undefined {
    return this.actionResults.get(contextId);
  }

  isDone(contextId: number): boolean {
    return this.doneContexts.has(contextId);
  }

  selfTest(contextId: number): boolean | undefined {
    return this.selfTests.get(contextId);
  }

  /**
   * True when autoconsent has said all it will say for now: a popup was found, or every live
   * instance found nothing (or a CMP whose popup did not show).
   */
  settled(now: number): boolean {
    if (this.popups.length > 0) return true;
    if (this.instances.size === 0) return false;
    for (const instance of this.instances.values()) {
      if (!instanceSettled(instance, now)) return false;
    }
    return true;
  }
}

function instanceSettled(instance: InstanceState, now: number): boolean {
  if (FINAL_LIFECYCLES.has(instance.lifecycle)) return true;
  if (instance.cmpDetectedAt !== undefined) return now - instance.cmpDetectedAt >= POPUP_WAIT_MS;
  return (
    (instance.lifecycle === 'started' || instance.lifecycle === 'cmpDetected') &&
    instance.findCmpAttempts >= 2 &&
    now - instance.attemptStartedAt >= SECOND_ATTEMPT_GRACE_MS
  );
}
