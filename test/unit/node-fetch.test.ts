import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFixtureServer, type FixtureServer } from '../../fixtures/server/index.js';
import { parseHostMapRule } from '../../src/plan/host-map.js';
import { nodeFetch, type NodeFetchOptions } from '../../src/gather/net/fetch.js';

describe('Node-side requests follow --host-map', () => {
  let server: FixtureServer;
  let options: NodeFetchOptions;

  beforeAll(async () => {
    server = await startFixtureServer();
    options = {
      hostMap: [parseHostMapRule(`*.test=127.0.0.1:${server.port}`)],
      ignoreHttpsErrors: true,
      timeoutMs: 2_000,
      maxBytes: 1_000_000,
      userAgent: 'gdpr-scan-test',
    };
  });
  afterAll(() => server.close());

  it('connects to the mapped address while keeping the real host name (Host header and SNI)', async () => {
    const result = await nodeFetch('https://www.klaro-shop.test/', options);
    expect(result.status).toBe(200);
    expect(result.body).toMatch(/<html/i);
    const served = server.requestsTo('www.klaro-shop.test');
    expect(served.some((r) => r.path === '/' && r.secure)).toBe(true);
  });

  it('refuses an untrusted certificate unless told to ignore HTTPS errors', async () => {
    await expect(nodeFetch('https://www.klaro-shop.test/', { ...options, ignoreHttpsErrors: false })).rejects.toThrow(/certificate/i);
  });

  it('bounds size and time', async () => {
    const small = await nodeFetch('https://www.klaro-shop.test/', { ...options, maxBytes: 20 });
    expect(small.truncated).toBe(true);
    expect(small.body.length).toBeLessThanOrEqual(20);
    const started = Date.now();
    await expect(nodeFetch('https://hang.test/', { ...options, timeoutMs: 500 })).rejects.toThrow(/no answer within 500 ms/);
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});
