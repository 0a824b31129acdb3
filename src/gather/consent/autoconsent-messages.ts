/**
 * Autoconsent's side of the bridge: its content script, its rules and config, and the messages
 * its content script exchanges with us (see @duckduckgo/autoconsent lib/messages.ts).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import {
  filterCompactRules,
  type AutoConsentCMPRule,
  type Config,
  type ContentScriptMessage,
  type IndexedCMPRuleset,
  type RuleBundle,
} from '@duckduckgo/autoconsent';

export type { ContentScriptMessage } from '@duckduckgo/autoconsent';

const require = createRequire(import.meta.url);
const fullRulesPath = require.resolve('@duckduckgo/autoconsent/rules/rules.json');
const compactRulesPath = require.resolve('@duckduckgo/autoconsent/rules/compact-rules.json');
const packageRoot = dirname(dirname(fullRulesPath));

/**
 * Autoconsent's content script for automation (it talks through window.autoconsentSendMessage and
 * listens on window.autoconsentReceiveMessage). Read once per process; never changes.
 */
export const AUTOCONSENT_CONTENT_SCRIPT: string = readFileSync(join(packageRoot, 'dist', 'autoconsent.playwright.js'), 'utf8');

/** Full rules carry the opt-in steps; compact rules omit them (opt-out, detection only). */
const FULL_RULES: readonly AutoConsentCMPRule[] = Object.freeze(
  (JSON.parse(readFileSync(fullRulesPath, 'utf8')) as { autoconsent: AutoConsentCMPRule[] }).autoconsent,
);
const COMPACT_RULES: IndexedCMPRuleset = JSON.parse(readFileSync(compactRulesPath, 'utf8'));

/** What autoconsent should prepare for in a frame: accepting needs the full rules. */
export type RuleFlavour = 'opt-in' | 'opt-out';

/**
 * Rules for one frame, pre-filtered the way autoconsent itself would (frame type and URL
 * pattern) so each frame is sent only what can apply to it.
 */
export function rulesForFrame(flavour: RuleFlavour, frame: { url: string; mainFrame: boolean }): RuleBundle {
  if (flavour === 'opt-out') return { autoconsent: [], compact: filterCompactRules(COMPACT_RULES, frame) };
  const rules = FULL_RULES.filter((rule) => {
    const main = rule.runContext?.main ?? true;
    const inFrames = rule.runContext?.frame ?? false;
    if (frame.mainFrame ? !main : !inFrames) return false;
    const pattern = rule.runContext?.urlPattern;
    if (!pattern) return true;
    try {
      return new RegExp(pattern).test(frame.url);
    } catch {
      return false;
    }
  });
  return { autoconsent: rules };
}

/**
 * We decide when to act (autoAction null); real clicks only (no cosmetic hiding, no prehide),
 * so the evidence shows what a user's click does.
 */
export const AUTOCONSENT_CONFIG: Readonly<Config> = Object.freeze({
  enabled: true,
  autoAction: null,
  disabledCmps: [],
  enablePrehide: false,
  enableCosmeticRules: false,
  enableGeneratedRules: true,
  enableHeuristicDetection: false,
  enablePopupMutationObserver: false,
  detectRetries: 20,
  isMainWorld: false,
  prehideTimeout: 2000,
  visualTest: false,
  logs: {
    lifecycle: false,
    rulesteps: false,
    detectionsteps: false,
    evals: false,
    errors: false,
    messages: false,
    waits: false,
  },
  performanceLoggingEnabled: false,
  heuristicPopupSearchTimeout: 100,
  heuristicMode: 'off',
});

/** Messages we send to a frame's autoconsent instance. */
export type BridgeToAutoconsent =
  | { type: 'initResp'; config: Config; rules: RuleBundle }
  | { type: 'evalResp'; id: string; result: unknown }
  | { type: 'optIn' }
  | { type: 'optOut' }
  | { type: 'selfTest' };

const MESSAGE_TYPES = new Set<string>([
  'init',
  'eval',
  'visualDelay',
  'cmpDetected',
  'popupFound',
  'optOutResult',
  'optInResult',
  'selfTestResult',
  'autoconsentDone',
  'autoconsentError',
  'report',
]);

/** Parses a binding payload; undefined when it is not a message autoconsent sends. */
export function parseAutoconsentMessage(payload: string): ContentScriptMessage | undefined {
  try {
    const message = JSON.parse(payload) as { type?: unknown };
    if (message && typeof message.type === 'string' && MESSAGE_TYPES.has(message.type)) {
      return message as ContentScriptMessage;
    }
  } catch {
    // not JSON: ignore
  }
  return undefined;
}

/**
 * Source injected into our isolated world of every new document: the binding wrapper autoconsent
 * sends through, then autoconsent itself. The binding exists only in that world.
 */
export function isolatedWorldSource(bindingName: string): string {
  return (
    `window.autoconsentSendMessage = (message) => { ${bindingName}(JSON.stringify(message)); return Promise.resolve(); };\n` +
    AUTOCONSENT_CONTENT_SCRIPT
  );
}
