import { mkdtemp, mkdir, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright';
import { buildChromiumArgs } from './chromium-args.js';
import type { BrowserPage, BrowserProfile, CdpClient, NavigationResult } from './types.js';

export interface ProfileOptions {
  executablePath: string;
  headless: boolean;
  hostResolverRules?: string;
  extraArgs: string[];
  ignoreHttpsErrors: boolean;
  locale: string;
  userAgent: string;
  viewport: { width: number; height: number };
}

/**
 * Preferences of a default desktop Chrome: third-party cookies allowed. An off-the-record context
 * (Playwright's newContext) blocks them in current Chromium, which would hide tracking from us.
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

/** Launches one fresh persistent profile; `close()` ends the browser and deletes the profile. */
export async function launchProfile(options: ProfileOptions): Promise<BrowserProfile> {
  const userDataDir = await mkdtemp(join(tmpdir(), 'gdpr-scan-profile-'));
  await mkdir(join(userDataDir, 'Default'), { recursive: true });
  await writeFile(join(userDataDir, 'Default', 'Preferences'), JSON.stringify(DEFAULT_PREFERENCES));
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: options.executablePath,
      headless: options.headless,
      ignoreDefaultArgs: true,
      args: buildChromiumArgs({
        userDataDir,
        headless: options.headless,
        hostResolverRules: options.hostResolverRules,
        extraArgs: options.extraArgs,
      }),
      ignoreHTTPSErrors: options.ignoreHttpsErrors,
      locale: options.locale,
      userAgent: options.userAgent,
      viewport: options.viewport,
      acceptDownloads: false,
      serviceWorkers: 'allow',
      timeout: 30_000,
    });
  } catch (error) {
    await rm(userDataDir, { recursive: true, force: true }).catch(() => {});
    throw new Error(`could not start Chromium at ${options.executablePath}: ${firstLine(error)}`);
  }
  // Pages opened by the site itself (window.open) are closed: a hostile page must not flood the profile.
  const ownPages = new WeakSet<Page>();
  context.on('page', (page) => {
    setTimeout(() => {
      if (!ownPages.has(page)) page.close().catch(() => {});
    }, 0);
  });
  let spareBlank: Page | undefined = context.pages()[0];
  let closed = false;
  return {
    async newPage(setup) {
      let page: Page;
      if (spareBlank) {
        page = spareBlank;
        spareBlank = undefined;
      } else {
        page = await context.newPage();
      }
      ownPages.add(page);
      const session = await context.newCDPSession(page);
      const wrapped = wrapPage(page, session as unknown as CdpClient);
      if (setup) await setup(wrapped);
      return wrapped;
    },
    async close() {
      if (closed) return;
      closed = true;
      await context.close().catch(() => {});
      await rm(userDataDir, { recursive: true, force: true }).catch(() => {});
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
    screenshot: () => page.screenshot({ type: 'png', timeout: 5_000 }),
    close: () => page.close().catch(() => {}),
  };
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0].trim();
}

/** Playwright's navigation errors, reduced to what a user needs: "net::ERR_CERT_AUTHORITY_INVALID", "timed out after 30000 ms". */
export function navigationMessage(error: unknown): string {
  const line = firstLine(error).replace(/^(page|frame)\.(goto|reload):\s*/, '');
  const timeout = /Timeout (\d+)ms exceeded/.exec(line);
  if (timeout) return `page did not load within ${timeout[1]} ms`;
  return line.replace(/ at https?:\/\/\S+$/, '').replace(/;? ?maybe frame was detached\??/, '');
}
