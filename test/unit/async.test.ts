import { describe, expect, it } from 'vitest';
import { settlesWithin, sleep } from '../../src/util/async.js';

describe('settlesWithin', () => {
  it('is true for a promise that fulfils in time, false for one that rejects or is late', async () => {
    expect(await settlesWithin(sleep(5), 500)).toBe(true);
    expect(await settlesWithin(Promise.reject(new Error('no')), 500)).toBe(false);
    expect(await settlesWithin(sleep(500), 20)).toBe(false);
  });
});
