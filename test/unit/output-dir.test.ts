import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { prepareOutputDir } from '../../src/cli/output-dir.js';
import { UsageError } from '../../src/plan/usage-error.js';

const base = () => mkdtempSync(join(tmpdir(), 'out-dir-'));

describe('prepareOutputDir', () => {
  it('creates missing levels and leaves no probe file behind', async () => {
    const dir = join(base(), 'a', 'b', 'c');
    await prepareOutputDir(dir);
    expect(existsSync(dir)).toBe(true);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('accepts an existing directory and keeps what is in it', async () => {
    const dir = base();
    writeFileSync(join(dir, 'report.json'), '{}');
    await prepareOutputDir(dir);
    expect(readdirSync(dir)).toEqual(['report.json']);
  });

  it('refuses a file, naming it', async () => {
    const file = join(base(), 'report.json');
    writeFileSync(file, '{}');
    await expect(prepareOutputDir(file)).rejects.toThrow(UsageError);
    await expect(prepareOutputDir(file)).rejects.toThrow(/report\.json: it is a file, not a directory; choose a directory$/);
  });

  it('refuses a directory below a file, naming the file', async () => {
    const file = join(base(), 'notes.txt');
    writeFileSync(file, 'x');
    await expect(prepareOutputDir(join(file, 'out'))).rejects.toThrow(/notes\.txt is a file, not a directory/);
  });

  it('refuses a place under /proc at once (Node\'s recursive mkdir would spin there forever)', async () => {
    const started = Date.now();
    await expect(prepareOutputDir('/proc/gdpr-scan-out/x')).rejects.toThrow(/^--out \/proc\/gdpr-scan-out\/x: cannot create \/proc\/gdpr-scan-out \(ENOENT[^)]*\); choose a writable directory$/);
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
