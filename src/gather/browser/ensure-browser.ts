/**
 * Set-up step (run by `npm install`): makes sure a browser exists. Uses one already installed,
 * else tries Playwright's own download; when that cannot download, says how to install a system
 * Chromium. Never fails the install itself.
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { findBrowser, INSTALL_HINT } from './find-browser.js';

function tryFind(): string | undefined {
  try {
    return findBrowser().executablePath;
  } catch {
    return undefined;
  }
}

let found = tryFind();
if (!found && !process.env['GDPR_SCAN_SKIP_BROWSER_DOWNLOAD']) {
  process.stderr.write('gdpr-scan: no browser found; trying `playwright install chromium` ...\n');
  const cli = join(dirname(createRequire(import.meta.url).resolve('playwright/package.json')), 'cli.js');
  const result = spawnSync(process.execPath, [cli, 'install', 'chromium'], { stdio: 'inherit', timeout: 300_000 });
  if (result.status === 0) found = tryFind();
}
if (found) process.stderr.write(`gdpr-scan: browser ready: ${found}\n`);
else process.stderr.write(`gdpr-scan: ${INSTALL_HINT}\n`);
process.exitCode = 0;
