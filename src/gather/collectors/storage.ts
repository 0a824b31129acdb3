import type { CdpClient, CdpEventPayload, Protocol } from '../browser/types.js';
import type { StorageRecord } from '../../model/evidence.js';
import type { CollectedEvidence, Collector, CollectorContext } from './collector.js';

/**
 * Tracks localStorage and sessionStorage keys of every frame through DevTools DOMStorage events,
 * so keys written by iframes that are gone by the end of the visit are not lost. Values are not kept.
 */
export class StorageCollector implements Collector<Pick<CollectedEvidence, 'storage'>> {
  readonly name = 'storage';
  private readonly keys = new Map<string, StorageRecord>();
  private readonly cdp: CdpClient;

  constructor(context: CollectorContext) {
    this.cdp = context.page.cdp;
  }

  async attach(): Promise<void> {
    this.cdp.on('DOMStorage.domStorageItemAdded', this.onAdded);
    this.cdp.on('DOMStorage.domStorageItemUpdated', this.onAdded);
    this.cdp.on('DOMStorage.domStorageItemRemoved', this.onRemoved);
    this.cdp.on('DOMStorage.domStorageItemsCleared', this.onCleared);
    await this.cdp.send('DOMStorage.enable');
  }

  /** Every key seen so far in this phase and not removed (storage outlives page visits). */
  async collect(): Promise<Pick<CollectedEvidence, 'storage'>> {
    return { storage: [...this.keys.values()] };
  }

  private readonly onAdded = (event: CdpEventPayload<'DOMStorage.domStorageItemAdded'> | CdpEventPayload<'DOMStorage.domStorageItemUpdated'>) => {
    const record = toRecord(event.storageId, event.key);
    this.keys.set(keyOf(record), record);
  };

  private readonly onRemoved = (event: CdpEventPayload<'DOMStorage.domStorageItemRemoved'>) => {
    this.keys.delete(keyOf(toRecord(event.storageId, event.key)));
  };

  private readonly onCleared = (event: CdpEventPayload<'DOMStorage.domStorageItemsCleared'>) => {
    const prefix = keyOf(toRecord(event.storageId, ''));
    for (const key of [...this.keys.keys()]) if (key.startsWith(prefix)) this.keys.delete(key);
  };
}

function toRecord(storageId: Protocol.DOMStorage.StorageId, key: string): StorageRecord {
  return { kind: storageId.isLocalStorage ? 'localStorage' : 'sessionStorage', origin: storageOrigin(storageId), key };
}

/** The origin a DOMStorage event is about (newer Chromium names it by storage key, with a trailing slash). */
export function storageOrigin(storageId: Protocol.DOMStorage.StorageId): string {
  return storageId.securityOrigin || (storageId.storageKey ?? '').replace(/\/$/, '');
}

function keyOf(record: StorageRecord): string {
  return `${record.kind}\u0000${record.origin}\u0000${record.key}`;
}
