import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The package.json above this module (from src/ and from dist/src/ alike), read at run time: an
 * import of it would make tsc copy it into dist/, where it would pass for the project root.
 */
function ownPackage(): { name: string; version: string } {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const path = join(dir, 'package.json');
    if (existsSync(path)) return JSON.parse(readFileSync(path, 'utf8')) as { name: string; version: string };
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`gdpr-scan: no package.json above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
}

/** The tool, as the report and its own requests name it; the version is package.json's, the one place it is written. */
export const TOOL = { name: 'gdpr-scan', version: ownPackage().version };
