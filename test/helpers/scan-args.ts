import type { ScanArgs } from '../../src/plan/from-args.js';

/** Scan arguments as the command line's defaults give them (src/cli/options.ts), for tests that build a plan directly. */
export function scanArgs(urls: string[], out: string, overrides: Partial<ScanArgs> = {}): ScanArgs {
  return {
    urls,
    out,
    format: 'json',
    phases: 'before,accept,reject',
    maxPages: 10,
    timeout: 30_000,
    quietMs: 500,
    maxWait: 8_000,
    consentTimeout: 6_000,
    browserArg: [],
    headed: false,
    hostMap: [],
    ignoreHttpsErrors: false,
    locale: 'en-US',
    failOn: 'high',
    ...overrides,
  };
}
