import { accessSync, constants, existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { delimiter, join } from 'node:path';
import { chromium } from 'playwright';

/** Raised when no Chromium can be found; the CLI prints its message and exits 2. */
export class BrowserNotFoundError extends Error {}

export const BROWSER_ENV_VAR = 'GDPR_SCAN_CHROMIUM';

export const INSTALL_HINT =
  'No Chromium or Chrome found. Install one (Debian/Ubuntu: `apt-get install chromium`; or `npx playwright install chromium`), ' +
  `or point to it with --browser-path PATH or the ${BROWSER_ENV_VAR} environment variable.`;

export interface FoundBrowser {
  executablePath: string;
  /** How it was found, for logs. */
  source: 'option' | 'env' | 'playwright' | 'system';
}

const SYSTEM_PATHS: Record<string, string[]> = {
  linux: [
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/usr/bin/google-chrome',
    '/usr/bin/google-chrome-stable',
    '/snap/bin/chromium',
    '/opt/google/chrome/chrome',
  ],
  darwin: [
    '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
    '/Applications/Chromium.app/Contents/MacOS/Chromium',
  ],
  win32: [
    join(process.env['PROGRAMFILES'] ?? 'C:\\Program Files', 'Google', 'Chrome', 'Application', 'chrome.exe'),
    join(process.env['PROGRAMFILES(X86)'] ?? 'C:\\Program Files (x86)', 'Google', 'Chrome', 'Application', 'chrome.exe'),
    join(process.env['LOCALAPPDATA'] ?? '', 'Google', 'Chrome', 'Application', 'chrome.exe'),
  ],
};

const PATH_NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable', 'chrome'];

/**
 * Finds a browser: an explicit path, then the environment variable, then Playwright's own
 * Chromium, then a system Chromium or Chrome.
 */
export function findBrowser(
  explicitPath?: string,
  env: NodeJS.ProcessEnv = process.env,
  systemPaths: readonly string[] = SYSTEM_PATHS[process.platform] ?? [],
): FoundBrowser {
  if (explicitPath) {
    if (!isExecutable(explicitPath)) throw new BrowserNotFoundError(`--browser-path ${explicitPath}: no executable file there.`);
    return { executablePath: explicitPath, source: 'option' };
  }
  const fromEnv = env[BROWSER_ENV_VAR];
  if (fromEnv) {
    if (!isExecutable(fromEnv)) throw new BrowserNotFoundError(`${BROWSER_ENV_VAR}=${fromEnv}: no executable file there.`);
    return { executablePath: fromEnv, source: 'env' };
  }
  const playwrightPath = playwrightChromium(env);
  if (playwrightPath) return { executablePath: playwrightPath, source: 'playwright' };
  for (const candidate of [...systemPaths, ...onPath(env)]) {
    if (isExecutable(candidate)) return { executablePath: candidate, source: 'system' };
  }
  throw new BrowserNotFoundError(INSTALL_HINT);
}

function playwrightChromium(env: NodeJS.ProcessEnv): string | undefined {
  // Playwright resolves its browser directory from this variable; honour the env we were given.
  if (env['PLAYWRIGHT_BROWSERS_PATH'] !== process.env['PLAYWRIGHT_BROWSERS_PATH']) return undefined;
  try {
    const path = chromium.executablePath();
    return path && existsSync(path) ? path : undefined;
  } catch {
    return undefined;
  }
}

function onPath(env: NodeJS.ProcessEnv): string[] {
  const dirs = (env['PATH'] ?? '').split(delimiter).filter(Boolean);
  const suffix = process.platform === 'win32' ? '.exe' : '';
  return dirs.flatMap((dir) => PATH_NAMES.map((name) => join(dir, name + suffix)));
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** "156.0.8078.108" from `chrome --version`, or undefined when the binary does not say. */
export function browserVersion(executablePath: string): string | undefined {
  try {
    const out = execFileSync(executablePath, ['--version'], { encoding: 'utf8', timeout: 10_000, stdio: ['ignore', 'pipe', 'ignore'] });
    return /(\d+\.\d+\.\d+\.\d+)/.exec(out)?.[1];
  } catch {
    return undefined;
  }
}

const OS_TOKENS: Record<string, string> = {
  linux: 'X11; Linux x86_64',
  darwin: 'Macintosh; Intel Mac OS X 10_15_7',
  win32: 'Windows NT 10.0; Win64; x64',
};

/**
 * The user agent a default desktop Chrome of this version sends (reduced form, as Chrome does),
 * instead of headless Chromium's "HeadlessChrome", which sites treat differently.
 */
export function desktopUserAgent(version: string | undefined, platform = process.platform): string {
  const major = version?.split('.')[0] ?? '140';
  const os = OS_TOKENS[platform] ?? OS_TOKENS['linux'];
  return `Mozilla/5.0 (${os}) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${major}.0.0.0 Safari/537.36`;
}
