import { describe, expect, it } from 'vitest';
import { chromiumHostResolverRules, parseHostMapRule, resolveMappedHost } from '../../src/plan/host-map.js';

describe('host map', () => {
  it('parses patterns, addresses and ports', () => {
    expect(parseHostMapRule('*=127.0.0.1:8443')).toMatchObject({ pattern: '*', address: '127.0.0.1', port: 8443 });
    expect(parseHostMapRule('*.Shop.com=10.0.0.5')).toMatchObject({ pattern: '*.shop.com', address: '10.0.0.5', port: undefined });
    expect(parseHostMapRule('www.shop.com=[::1]:9000')).toMatchObject({ address: '::1', port: 9000 });
    expect(parseHostMapRule('www.shop.com=staging.internal:8080')).toMatchObject({ address: 'staging.internal', port: 8080 });
  });

  it('rejects malformed rules with a message naming the rule', () => {
    expect(() => parseHostMapRule('no-equals')).toThrow(/no-equals.*PATTERN=ADDRESS/);
    expect(() => parseHostMapRule('a.com=1.2.3.4:99999')).toThrow(/port/);
    expect(() => parseHostMapRule('a.com=::1')).toThrow(/brackets/);
    expect(() => parseHostMapRule('a b=1.2.3.4')).toThrow(/not a host name pattern/);
  });

  it('builds Chromium resolver rules in order', () => {
    const rules = ['staging.shop.com=10.0.0.5:8443', '*=127.0.0.1:9', 'v6.test=[::1]'].map(parseHostMapRule);
    expect(chromiumHostResolverRules(rules)).toBe('MAP staging.shop.com 10.0.0.5:8443, MAP * 127.0.0.1:9, MAP v6.test [::1]');
    expect(chromiumHostResolverRules([])).toBeUndefined();
  });

  it('resolves Node-side connections with the first matching rule, keeping the port when none is given', () => {
    const rules = ['*.shop.com=10.0.0.5', '*=127.0.0.1:9'].map(parseHostMapRule);
    expect(resolveMappedHost(rules, 'www.shop.com', 443)).toEqual({ address: '10.0.0.5', port: 443 });
    expect(resolveMappedHost(rules, 'shop.com', 443)).toEqual({ address: '127.0.0.1', port: 9 });
    expect(resolveMappedHost(rules.slice(0, 1), 'evilshop.com', 443)).toBeNull();
    expect(resolveMappedHost([], 'a.com', 80)).toBeNull();
  });
});
