import type { ScanArgs } from '../../src/plan/from-args.js';
import { defaultScanArgs } from '../../src/plan/scan-options.js';

/**
 * Scan arguments as the command line's defaults give them (from the option table,
 * src/plan/scan-options.ts), for tests that build a plan directly. The format is json only:
 * tests read report.json and need not render the rest.
 */
export function scanArgs(urls: string[], out: string, overrides: Partial<ScanArgs> = {}): ScanArgs {
  // A fresh copy of the defaults, so a test that changes its list leaves the table alone.
  return { ...defaultScanArgs(), urls, out, format: 'json', ...overrides };
}
