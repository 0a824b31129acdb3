/**
 * Once per test run: a directory for scans that several test files judge (see
 * test/helpers/fixture-web.ts), removed at the end of the run.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Where shared scans of this run are kept. */
    sharedScanDir: string;
  }
}

export default function setup(project: TestProject): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'gdpr-scan-shared-'));
  project.provide('sharedScanDir', dir);
  return () => rmSync(dir, { recursive: true, force: true });
}
