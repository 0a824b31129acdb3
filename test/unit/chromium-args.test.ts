import { describe, expect, it } from 'vitest';
import { buildChromiumArgs } from '../../src/gather/browser/chromium-args.js';

describe('Chromium arguments', () => {
  const args = buildChromiumArgs({
    userDataDir: '/tmp/p',
    headless: true,
    hostResolverRules: 'MAP * 127.0.0.1:9',
    extraArgs: ['--disable-features=Foo,Bar', '--enable-features=Baz', '--lang=de'],
  });

  it('merges every --disable-features list into one switch, since Chromium keeps only the last', () => {
    const disable = args.filter((a) => a.startsWith('--disable-features='));
    expect(disable).toHaveLength(1);
    const features = disable[0].slice('--disable-features='.length).split(',');
    for (const f of ['AutofillServerCommunication', 'NetworkTimeServiceQuerying', 'OptimizationHints', 'Foo', 'Bar']) expect(features).toContain(f);
    expect(args.filter((a) => a.startsWith('--enable-features='))).toEqual(['--enable-features=Baz']);
  });

  it('keeps Chromium from calling home and from announcing automation', () => {
    for (const s of ['--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic', '--disable-domain-reliability']) {
      expect(args).toContain(s);
    }
    expect(args).not.toContain('--enable-automation');
    expect(args).toContain('--disable-blink-features=AutomationControlled');
  });

  it('passes host rules, user switches and the profile through', () => {
    expect(args).toContain('--host-resolver-rules=MAP * 127.0.0.1:9');
    expect(args).toContain('--lang=de');
    expect(args).toContain('--user-data-dir=/tmp/p');
    expect(args.at(-1)).toBe('--no-startup-window');
  });
});
