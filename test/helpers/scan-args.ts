import type { ScanArgs } from '../../src/plan/from-args.js';
import { defaultScanArgs } from '../../src/plan/scan-options.js';

/**
 * Scan arguments as the command line's defaults give them (from the option table,
 * src/plan/scan-options.ts), for tests that build a plan directly. The format is json only:
 * tests read report.json and need not render the rest; the phases are the three before the
 * withdraw phase (THREE_PHASES) unless a test asks for others.
 */
export function scanArgs(urls: string[], out: string, overrides: Partial<ScanArgs> = {}): ScanArgs {
  // A fresh copy of the defaults, so a test that changes its list leaves the table alone.
  return { ...defaultScanArgs(), urls, out, format: 'json', phases: THREE_PHASES, ...overrides };
}

/**
 * The phases of tests that are not about withdrawal: the withdraw phase (on by default) costs a
 * fourth browser profile per site on a machine of two cores; test/e2e/withdraw.test.ts and the
 * fixture table (batch, consent-table) run it.
 */
export const THREE_PHASES = 'before,accept,reject';
