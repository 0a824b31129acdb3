/**
 * The output directory, made ready before anything is scanned: created level by level and proven
 * writable with a probe file, so a file, an unwritable place or a pseudo file system given as
 * --out ends the command at once (exit 2), not after the whole scan when everything would be lost.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, stat, unlink } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { UsageError } from '../plan/usage-error.js';
import { errorMessage } from '../util/async.js';

/** A file system that does not answer (a stale network mount) must not hold the command up. */
const PREPARE_TIMEOUT_MS = 10_000;

/** Creates `dir` when missing and checks that a file can be written and synced there; a UsageError naming the problem otherwise. */
export async function prepareOutputDir(dir: string): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new UsageError(`--out ${dir}: the file system did not answer within ${PREPARE_TIMEOUT_MS / 1000} s; choose another directory`)), PREPARE_TIMEOUT_MS);
    timer.unref();
  });
  try {
    await Promise.race([prepare(resolve(dir), dir), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function prepare(absolute: string, asGiven: string): Promise<void> {
  // Node's recursive mkdir spins forever under /proc; the levels are made one at a time instead.
  const missing: string[] = [];
  let existing = absolute;
  for (;;) {
    const kind = await kindOf(existing);
    if (kind === 'directory') break;
    if (kind === 'other') throw new UsageError(`--out ${asGiven}: ${existing === absolute ? 'it' : existing} is a file, not a directory; choose a directory`);
    missing.unshift(existing);
    const parent = dirname(existing);
    if (parent === existing) break;
    existing = parent;
  }
  for (const level of missing) {
    try {
      await mkdir(level);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw new UsageError(`--out ${asGiven}: cannot create ${level} (${reason(error)}); choose a writable directory`);
    }
    if ((await kindOf(level)) !== 'directory') throw new UsageError(`--out ${asGiven}: ${level} could not be created as a directory; choose a writable directory`);
  }
  const probe = join(absolute, `.gdpr-scan-probe-${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    const handle = await open(probe, 'wx');
    try {
      await handle.writeFile('probe');
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch (error) {
    throw new UsageError(`--out ${asGiven}: cannot write there (${reason(error)}); choose a writable directory`);
  } finally {
    await unlink(probe).catch(() => {});
  }
}

async function kindOf(path: string): Promise<'directory' | 'other' | 'missing'> {
  try {
    return (await stat(path)).isDirectory() ? 'directory' : 'other';
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // ENOTDIR: a level above is a file; the walk up names it.
    if (code === 'ENOENT' || code === 'ENOTDIR') return 'missing';
    throw new UsageError(`--out ${path}: ${reason(error)}`);
  }
}

function reason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  return code ? `${code}: ${errorMessage(error).replace(/^[A-Z]+: /, '').replace(/, \w+ '.*'$/, '')}` : errorMessage(error);
}
