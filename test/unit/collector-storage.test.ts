import { beforeEach, describe, expect, it } from 'vitest';
import { StorageCollector } from '../../src/gather/collectors/storage.js';
import type { Protocol } from '../../src/gather/browser/types.js';
import { FakeCdp, fakePage } from '../helpers/fake-cdp.js';

const local: Protocol.DOMStorage.StorageId = { securityOrigin: 'https://site.test', isLocalStorage: true };
const session: Protocol.DOMStorage.StorageId = { securityOrigin: 'https://site.test', isLocalStorage: false };
/** Newer Chromium names the storage by storage key (with a trailing slash) instead of origin. */
const frameLocal: Protocol.DOMStorage.StorageId = { storageKey: 'https://ads.test/', isLocalStorage: true };

let cdp: FakeCdp;
let storage: StorageCollector;

beforeEach(async () => {
  cdp = new FakeCdp({ 'DOMStorage.enable': {} });
  storage = new StorageCollector({ page: fakePage(cdp), now: () => 0 });
  await storage.attach();
});

describe('storage collector', () => {
  it('enables DOMStorage events once listening', () => {
    expect(cdp.methods()).toEqual(['DOMStorage.enable']);
    expect(cdp.listenerCount('DOMStorage.domStorageItemAdded')).toBe(1);
  });

  it('records keys (never values) of every frame, by kind and origin', async () => {
    cdp.emit('DOMStorage.domStorageItemAdded', { storageId: local, key: '_ga', newValue: 'secret' });
    cdp.emit('DOMStorage.domStorageItemAdded', { storageId: session, key: 'tab', newValue: '1' });
    cdp.emit('DOMStorage.domStorageItemAdded', { storageId: frameLocal, key: 'uid', newValue: '2' });
    cdp.emit('DOMStorage.domStorageItemUpdated', { storageId: local, key: '_ga', oldValue: 'secret', newValue: 'other' });
    expect((await storage.collect()).storage).toEqual([
      { kind: 'localStorage', origin: 'https://site.test', key: '_ga' },
      { kind: 'sessionStorage', origin: 'https://site.test', key: 'tab' },
      { kind: 'localStorage', origin: 'https://ads.test', key: 'uid' },
    ]);
  });

  it('forgets removed keys and cleared storages, only of that storage', async () => {
    cdp.emit('DOMStorage.domStorageItemAdded', { storageId: local, key: 'a', newValue: '' });
    cdp.emit('DOMStorage.domStorageItemAdded', { storageId: local, key: 'b', newValue: '' });
    cdp.emit('DOMStorage.domStorageItemAdded', { storageId: session, key: 'c', newValue: '' });
    cdp.emit('DOMStorage.domStorageItemRemoved', { storageId: local, key: 'a' });
    expect((await storage.collect()).storage.map((r) => r.key)).toEqual(['b', 'c']);
    cdp.emit('DOMStorage.domStorageItemsCleared', { storageId: local });
    expect((await storage.collect()).storage).toEqual([{ kind: 'sessionStorage', origin: 'https://site.test', key: 'c' }]);
  });

  it('keeps keys across page visits: storage outlives a page', async () => {
    cdp.emit('DOMStorage.domStorageItemAdded', { storageId: local, key: 'kept', newValue: '' });
    await storage.collect();
    expect((await storage.collect()).storage.map((r) => r.key)).toEqual(['kept']);
  });
});
