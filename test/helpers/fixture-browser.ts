/**
 * One Chromium for a test file, mapped to the fixture web, with a fresh profile per visit as in a
 * scan. Call at the top level of a test file: it registers its own beforeAll / afterAll.
 */
import { afterAll, beforeAll } from 'vitest';
import { startFixtureServer, type FixtureServer } from '../../fixtures/server/index.js';
import { findBrowser } from '../../src/gather/browser/find-browser.js';
import { launchBrowser, type ScanBrowser } from '../../src/gather/browser/profile.js';
import type { BrowserPage, BrowserProfile } from '../../src/gather/browser/types.js';

export interface FixtureBrowser {
  /** The fixture server (started before the first test). */
  server(): FixtureServer;
  /** A fresh, clean desktop profile; closed after the file. */
  freshProfile(): Promise<BrowserProfile>;
}

export function useFixtureBrowser(): FixtureBrowser {
  let server: FixtureServer | undefined;
  let browser: ScanBrowser | undefined;
  const profiles: BrowserProfile[] = [];
  beforeAll(async () => {
    server = await startFixtureServer();
    browser = await launchBrowser({
      executablePath: findBrowser().executablePath,
      headless: true,
      hostResolverRules: `MAP * 127.0.0.1:${server.port}`,
      extraArgs: [],
    });
  });
  afterAll(async () => {
    await Promise.all(profiles.map((p) => p.close()));
    await browser?.close();
    await server?.close();
  });
  return {
    server: () => server!,
    async freshProfile() {
      const profile = await browser!.newProfile({
        ignoreHttpsErrors: true,
        locale: 'en-US',
        userAgent: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36',
        viewport: { width: 1366, height: 768 },
      });
      profiles.push(profile);
      return profile;
    },
  };
}

/**
 * Answers the tab's requests matching `urlPattern` with `html` through CDP interception: pages that
 * exist only for one test, without touching the shared fixture web. Call in newPage's setup.
 */
export async function answerWithHtml(page: BrowserPage, urlPattern: string, html: string): Promise<void> {
  page.cdp.on('Fetch.requestPaused', ({ requestId }: { requestId: string }) => {
    page.cdp
      .send('Fetch.fulfillRequest', {
        requestId,
        responseCode: 200,
        responseHeaders: [{ name: 'Content-Type', value: 'text/html; charset=utf-8' }],
        body: Buffer.from(html).toString('base64'),
      })
      .catch(() => {});
  });
  await page.cdp.send('Fetch.enable', { patterns: [{ urlPattern }] });
}
