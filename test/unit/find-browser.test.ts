import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BrowserNotFoundError, desktopUserAgent, findBrowser, INSTALL_HINT } from '../../src/gather/browser/find-browser.js';

describe('finding a browser', () => {
  const dir = mkdtempSync(join(tmpdir(), 'find-browser-'));
  const fake = join(dir, 'chrome');
  writeFileSync(fake, '#!/bin/sh\necho "Chromium 150.0.1.2"\n');
  chmodSync(fake, 0o755);

  it('prefers the explicit path, then the environment variable', () => {
    expect(findBrowser(fake, {})).toEqual({ executablePath: fake, source: 'option' });
    expect(findBrowser(undefined, { GDPR_SCAN_CHROMIUM: fake })).toEqual({ executablePath: fake, source: 'env' });
  });

  it('says clearly when an explicit path is wrong', () => {
    expect(() => findBrowser('/nowhere/chrome', {})).toThrow(BrowserNotFoundError);
    expect(() => findBrowser(undefined, { GDPR_SCAN_CHROMIUM: '/nowhere/chrome' })).toThrow(/GDPR_SCAN_CHROMIUM=\/nowhere\/chrome/);
  });

  it('falls back to a system browser, then to Chromium on PATH, and otherwise says how to install one', () => {
    const noPlaywright = { PLAYWRIGHT_BROWSERS_PATH: join(dir, 'no-playwright-browsers'), PATH: '' };
    expect(findBrowser(undefined, noPlaywright, ['/nowhere/chrome', fake])).toEqual({ executablePath: fake, source: 'system' });
    const onPath = join(dir, 'bin');
    mkdirSync(onPath, { recursive: true });
    copyFileSync(fake, join(onPath, 'chromium-browser'));
    chmodSync(join(onPath, 'chromium-browser'), 0o755);
    expect(findBrowser(undefined, { ...noPlaywright, PATH: onPath }, [])).toEqual({ executablePath: join(onPath, 'chromium-browser'), source: 'system' });
    expect(() => findBrowser(undefined, noPlaywright, [])).toThrow(BrowserNotFoundError);
    expect(() => findBrowser(undefined, noPlaywright, [])).toThrow(INSTALL_HINT);
    expect(INSTALL_HINT).not.toMatch(/\n/);
    expect(INSTALL_HINT).toMatch(/apt-get install chromium/);
    expect(INSTALL_HINT).toMatch(/--browser-path/);
  });

  it('builds a desktop Chrome user agent without "Headless"', () => {
    const ua = desktopUserAgent('156.0.8078.108', 'win32');
    expect(ua).toBe('Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36');
    expect(desktopUserAgent('156.0.1.1', 'linux')).not.toMatch(/Headless/);
  });
});
