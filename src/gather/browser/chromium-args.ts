/**
 * Chromium's command line, owned by us rather than Playwright's defaults: Chromium keeps only the
 * last --disable-features / --enable-features switch, so the lists must be merged into one each.
 */

/** Features that call home or change what a page sees; never wanted in a scan. */
const DISABLED_FEATURES = [
  'AutofillServerCommunication',
  'NetworkTimeServiceQuerying',
  'OptimizationHints',
  'MediaRouter',
  'DialMediaRouteProvider',
  'Translate',
  'InterestFeedContentSuggestions',
  'CertificateTransparencyComponentUpdater',
  'PreconnectToSearch',
  'AimEnabled',
  'LensOverlay',
  'HttpsUpgrades',
  'HttpsFirstBalancedModeAutoEnable',
  'DestroyProfileOnBrowserClose',
  // Keep every frame in the page's renderer so one DevTools session sees the requests and the
  // consent-bridge world of cross-site iframes (consent banners often live in one).
  'IsolateOrigins',
  'site-per-process',
];

/**
 * Switches that keep Chromium quiet and predictable without telling the page it is automated.
 * Not among them, unlike Playwright's defaults: --disable-ipc-flooding-protection. A hostile page
 * calling history.pushState in a loop floods the browser process with navigation updates; with
 * the protection on, Chromium throttles the page instead of stalling every other site's tab.
 */
const BASE_SWITCHES = [
  '--disable-background-networking',
  '--disable-component-update',
  // On-demand components are still fetched despite --disable-component-update (seen with Chromium
  // 156 on ordinary pages); point the updater at a closed loopback port so nothing leaves.
  '--component-updater=url-source=http://127.0.0.1:9/',
  '--disable-sync',
  '--no-first-run',
  '--no-default-browser-check',
  '--disable-quic',
  '--disable-domain-reliability',
  '--disable-breakpad',
  '--disable-client-side-phishing-detection',
  '--disable-default-apps',
  '--disable-extensions',
  '--disable-component-extensions-with-background-pages',
  '--disable-background-timer-throttling',
  '--disable-backgrounding-occluded-windows',
  '--disable-renderer-backgrounding',
  '--disable-back-forward-cache',
  '--disable-hang-monitor',
  '--disable-popup-blocking',
  '--disable-prompt-on-repost',
  '--disable-search-engine-choice-screen',
  '--disable-dev-shm-usage',
  '--disable-site-isolation-trials',
  '--disable-blink-features=AutomationControlled',
  '--metrics-recording-only',
  '--password-store=basic',
  '--use-mock-keychain',
  '--no-service-autorun',
  '--force-color-profile=srgb',
  '--mute-audio',
  '--hide-scrollbars',
  '--no-sandbox',
];

export interface ChromiumArgsOptions {
  userDataDir: string;
  headless: boolean;
  /** Value for --host-resolver-rules, when hosts are mapped. */
  hostResolverRules?: string;
  /** User-supplied switches (--browser-arg); their --disable/--enable-features lists are merged. */
  extraArgs: string[];
}

/** Builds the full argument list; Playwright's defaults are switched off with ignoreDefaultArgs: true. */
export function buildChromiumArgs(options: ChromiumArgsOptions): string[] {
  const disabled = new Set(DISABLED_FEATURES);
  const enabled = new Set<string>();
  const passthrough: string[] = [];
  for (const arg of options.extraArgs) {
    const match = /^--(disable|enable)-features=(.*)$/.exec(arg);
    if (match) {
      const target = match[1] === 'disable' ? disabled : enabled;
      for (const feature of match[2].split(',').map((f) => f.trim()).filter(Boolean)) target.add(feature);
    } else {
      passthrough.push(arg);
    }
  }
  const args = [...BASE_SWITCHES];
  if (options.headless) args.push('--headless');
  args.push(`--disable-features=${[...disabled].join(',')}`);
  if (enabled.size) args.push(`--enable-features=${[...enabled].join(',')}`);
  if (options.hostResolverRules) args.push(`--host-resolver-rules=${options.hostResolverRules}`);
  args.push(...passthrough);
  // Playwright talks to the browser over a pipe; tabs are opened per profile, none at start.
  args.push('--remote-debugging-pipe', `--user-data-dir=${options.userDataDir}`, '--no-startup-window');
  return args;
}
