import { describe, expect, it } from 'vitest';
import { parseTarget } from '../../src/plan/targets.js';

describe('scan targets', () => {
  it('accepts http(s) URLs and bare hosts', () => {
    expect(parseTarget('https://www.shop.com/de/')).toEqual({ input: 'https://www.shop.com/de/', url: 'https://www.shop.com/de/' });
    expect(parseTarget('shop.com')).toMatchObject({ url: 'https://shop.com/' });
    expect(parseTarget('shop.com:8443/x')).toMatchObject({ url: 'https://shop.com:8443/x' });
    expect(parseTarget('http://localhost:3000')).toMatchObject({ url: 'http://localhost:3000/' });
  });

  it('turns unusable input into a site error, not an exception', () => {
    expect(parseTarget('file:///etc/passwd').error).toMatch(/unsupported scheme "file"/);
    expect(parseTarget('javascript:alert(1)').error).toMatch(/unsupported scheme "javascript"/);
    expect(parseTarget('data:text/html,hi').error).toMatch(/unsupported scheme "data"/);
    expect(parseTarget('https://').error).toMatch(/not a valid URL/);
    expect(parseTarget('ht tp://x').error).toBeDefined();
    expect(parseTarget('').error).toMatch(/empty/);
    expect(parseTarget('https://user:pw@shop.com').error).toMatch(/credentials/);
  });
});
