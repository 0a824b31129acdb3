import { mkdtemp, mkdir, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright';
import { settlesWithin, withTimeout } from '../../util/async.js';
import { buildChromiumArgs } from './chromium-args.js';
import { killBrowserProcess, trackBrowserProcess, untrackBrowserProcess } from './processes.js';
import type { BrowserPage, BrowserProfile, CdpClient, NavigationResult } from './types.js';

export interface BrowserOptions {
  executablePath: string;
  headless: boolean;
  hostResolverRules?: string;
  extraArgs: string[];
}

export interface ProfileOptions {
  ignoreHttpsErrors: boolean;
  locale: string;
  userAgent: string;
  viewport: { width: number; height: number };
  /** Device emulation (the plan's device); absent: a desktop window (ratio 1, no mobile or touch emulation). */
  deviceScaleFactor?: number;
  isMobile?: boolean;
  hasTouch?: boolean;
}

/** One Chromium for the whole run; every site × phase gets its own fresh, isolated profile in it. */
export interface ScanBrowser {
  /** e.g. "156.0.8078.108" */
  readonly version: string;
  newProfile(options: ProfileOptions): Promise<BrowserProfile>;
  /** Closes the browser; one that does not close within CLOSE_MS is killed. Never throws. */
  close(): Promise<void>;
}

/** How long a profile or the browser may take to close before it counts as wedged (a busy machine closes in well under a second). */
const CLOSE_MS = 5_000;
/** How long the browser may take to answer a trivial command before it counts as wedged. */
const HEALTH_MS = 3_000;

/** A running Chromium: Playwright's handle and what is needed to kill it from outside. */
interface RunningChromium {
  browser: Browser;
  userDataDir: string;
  /** The browser process (from the browser itself; undefined if it could not say). */
  pid?: number;
}

/**
 * Preferences of a default desktop Chrome: third-party cookies allowed. Off-the-record contexts
 * inherit them from the browser's own profile; without them Chromium blocks third-party cookies
 * there (the Playwright default), which would hide tracking from the scan.
 */
const DEFAULT_PREFERENCES = {
  profile: {
    cookie_controls_mode: 0,
    block_third_party_cookies: false,
    default_content_setting_values: { cookies: 1 },
    exit_type: 'Normal',
  },
  translate: { enabled: false },
  credentials_enable_service: false,
};

/**
 * Launches Chromium once on a throw-away user-data directory that carries desktop-Chrome
 * preferences. Profiles are Playwright contexts (new, empty, in memory: a first visit), which
 * start in a fraction of the time of a browser launch. A crashed browser is started again.
 */
export async function launchBrowser(options: BrowserOptions): Promise<ScanBrowser> {
  let current = await startChromium(options);
  let relaunching: Promise<RunningChromium> | undefined;
  /** A profile did not close in time: a browser that no longer answers is killed, and the next profile starts a new one. */
  const checkHealth = async (suspect: RunningChromium): Promise<void> => {
    if (suspect !== current || !suspect.browser.isConnected()) return;
    const probe = suspect.browser.newBrowserCDPSession().then(async (session) => {
      await session.send('Browser.getVersion');
      await session.detach().catch(() => {});
    });
    if (!(await settlesWithin(probe, HEALTH_MS))) await stopChromium(suspect, 0);
  };
  return {
    version: current.browser.version(),
    async newProfile(profileOptions) {
      if (!current.browser.isConnected()) {
        relaunching ??= startChromium(options).finally(() => (relaunching = undefined));
        const previous = current;
        current = await relaunching;
        void stopChromium(previous, 0);
      }
      const owner = current;
      return newProfile(owner.browser, profileOptions, () => checkHealth(owner));
    },
    close: () => stopChromium(current, CLOSE_MS),
  };
}

/** Closes Chromium through Playwright, killing it when that has not finished within `graceMs`; removes its profile directory. Never throws. */
async function stopChromium(running: RunningChromium, graceMs: number): Promise<void> {
  const closed = graceMs > 0 && (await settlesWithin(running.browser.close(), graceMs));
  if (running.pid !== undefined) {
    if (closed) untrackBrowserProcess(running.pid);
    else killBrowserProcess(running.pid);
  }
  // Playwright learns of a killed browser when its pipe closes; the handle is dropped either way.
  if (!closed) void running.browser.close().catch(() => {});
  await rm(running.userDataDir, { recursive: true, force: true }).catch(() => {});
}

async function startChromium(options: BrowserOptions): Promise<RunningChromium> {
  const userDataDir = await mkdtemp(join(tmpdir(), 'gdpr-scan-browser-'));
  await mkdir(join(userDataDir, 'Default'), { recursive: true });
  await writeFile(join(userDataDir, 'Default', 'Preferences'), JSON.stringify(DEFAULT_PREFERENCES));
  try {
    const browser = await chromium.launch({
      executablePath: options.executablePath,
      headless: options.headless,
      // We own the whole command line (see chromium-args.ts).
      ignoreDefaultArgs: true,
      args: buildChromiumArgs({
        userDataDir,
        headless: options.headless,
        hostResolverRules: options.hostResolverRules,
        extraArgs: options.extraArgs,
      }),
      timeout: 30_000,
      // The CLI handles Ctrl-C itself (stop, keep finished sites, close the browser, exit 130);
      // Playwright's own handlers would kill the browser and exit the process under its feet.
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
    });
    const pid = await browserPid(browser);
    if (pid !== undefined) trackBrowserProcess(pid);
    return { browser, userDataDir, ...(pid !== undefined ? { pid } : {}) };
  } catch (error) {
    await rm(userDataDir, { recursive: true, force: true }).catch(() => {});
    throw new Error(`could not start Chromium at ${options.executablePath}: ${firstLine(error)}`);
  }
}

/** The browser process's id, as the browser reports it (Playwright does not expose the process of a launched browser). */
async function browserPid(browser: Browser): Promise<number | undefined> {
  try {
    const session = await browser.newBrowserCDPSession();
    const { processInfo } = await withTimeout(session.send('SystemInfo.getProcessInfo'), HEALTH_MS, 'no answer');
    await session.detach().catch(() => {});
    return processInfo.find((p) => p.type === 'browser')?.id;
  } catch {
    return undefined;
  }
}

/**
 * A fresh profile (a Playwright context). Its close is bounded: a context whose page pins its
 * renderer can stall Playwright's close, and then `onStuck` checks whether the browser as a whole
 * still answers.
 */
async function newProfile(browser: Browser, options: ProfileOptions, onStuck: () => Promise<void>): Promise<BrowserProfile> {
  const context: BrowserContext = await browser.newContext({
    ignoreHTTPSErrors: options.ignoreHttpsErrors,
    locale: options.locale,
    userAgent: options.userAgent,
    viewport: options.viewport,
    ...(options.deviceScaleFactor !== undefined ? { deviceScaleFactor: options.deviceScaleFactor } : {}),
    ...(options.isMobile !== undefined ? { isMobile: options.isMobile } : {}),
    ...(options.hasTouch !== undefined ? { hasTouch: options.hasTouch } : {}),
    acceptDownloads: false,
    serviceWorkers: 'allow',
  });
  // Pages opened by the site itself (window.open) are closed: a hostile page must not flood the profile.
  const ownPages = new WeakSet<Page>();
  context.on('page', (page) => {
    setTimeout(() => {
      if (!ownPages.has(page)) page.close().catch(() => {});
    }, 0);
  });
  let closed = false;
  return {
    async newPage(setup) {
      const page = await context.newPage();
      ownPages.add(page);
      const session = await context.newCDPSession(page);
      const wrapped = wrapPage(page, session);
      if (setup) await setup(wrapped);
      return wrapped;
    },
    async close() {
      if (closed) return;
      closed = true;
      if (!(await settlesWithin(context.close(), CLOSE_MS))) await onStuck();
    },
  };
}

function wrapPage(page: Page, cdp: CdpClient): BrowserPage {
  const navigate = async (run: () => ReturnType<Page['goto']>): Promise<NavigationResult> => {
    try {
      const response = await run();
      return { status: response?.status(), finalUrl: page.url() };
    } catch (error) {
      throw new Error(navigationMessage(error));
    }
  };
  return {
    cdp,
    goto: (url, timeoutMs) => navigate(() => page.goto(url, { waitUntil: 'domcontentloaded', timeout: timeoutMs })),
    reload: (timeoutMs) => navigate(() => page.reload({ waitUntil: 'domcontentloaded', timeout: timeoutMs })),
    url: () => page.url(),
    title: () => page.title().catch(() => ''),
    screenshot: (options) =>
      page.screenshot({ type: options?.type ?? 'png', ...(options?.type === 'jpeg' ? { quality: options.quality ?? 70 } : {}), timeout: 5_000, animations: 'allow', caret: 'initial' }),
    close: () => page.close().catch(() => {}),
  };
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0].trim();
}

/** Playwright's navigation errors, reduced to what a user needs: "net::ERR_CERT_AUTHORITY_INVALID", "page did not load within 30000 ms". */
export function navigationMessage(error: unknown): string {
  const line = firstLine(error).replace(/^(page|frame)\.(goto|reload):\s*/, '');
  const timeout = /Timeout (\d+)ms exceeded/.exec(line);
  if (timeout) return `page did not load within ${timeout[1]} ms`;
  return line.replace(/ at https?:\/\/\S+$/, '').replace(/;? ?maybe frame was detached\??/, '');
}
