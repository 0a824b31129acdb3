/**
 * The consent step in words, shared by every renderer (HTML, Markdown, terminal summary,
 * portfolio) so they all say the same thing: which consent manager, how each click was made, and
 * above all whether it was verified. A click that went through but that nothing verified is what
 * a reader must not overlook: the findings about that phase stand on it.
 *
 * Plain text only, taken from the report: the renderers escape it (labels of clicked elements
 * and signal details come from the website).
 */
import type { CmpIdentity } from '../model/consent.js';
import type { ConsentActionRecord, ConsentEvidence } from '../model/evidence.js';
import type { Report } from '../model/report.js';
import { predatesClickVerification } from '../model/upgrade.js';
import type { WithdrawalRecord } from '../model/withdrawal.js';

/** The two consent choices the scanner clicks. */
export type ConsentChoice = 'accept' | 'reject';
export const CONSENT_CHOICES: readonly ConsentChoice[] = ['accept', 'reject'];

/** How each method made its clicks, in a few words (no CMP name: autoconsent's rule is a detail of its method). */
export const METHOD_NAMES: Readonly<Record<ConsentActionRecord['method'], string>> = {
  autoconsent: 'autoconsent',
  heuristic: 'heuristics',
  selector: 'your selectors',
  none: 'none',
};

/** The two paths of the heuristics. */
export const HEURISTIC_PATH_NAMES: Readonly<Record<'first-layer' | 'second-layer', string>> = {
  'first-layer': 'first layer',
  'second-layer': 'second layer (settings, then save)',
};

/** An unverified click, as a warning to put where nobody can miss it. */
export interface ConsentWarning {
  /** The clicks it is about. */
  choices: ConsentChoice[];
  /** A few words, e.g. "Reject click not verified". */
  title: string;
  /** The whole story in one or two sentences. */
  text: string;
}

/** The click of `choice` went through but nothing verified it. */
export function isUnverifiedClick(action: ConsentActionRecord | undefined): action is ConsentActionRecord {
  return action !== undefined && action.done && !action.verified;
}

/**
 * The site's unverified clicks as warnings. A report of this version says why each could not be
 * verified and that the findings standing on it are needs-review (the judge made them so). A report
 * made before clicks were verified (schema < 1.2, upgraded) gets one warning that says so: its
 * findings were judged without that check.
 */
export function consentWarnings(consent: ConsentEvidence | undefined, report: Pick<Report, 'schemaVersion'>): ConsentWarning[] {
  const unverified = CONSENT_CHOICES.filter((choice) => isUnverifiedClick(consent?.[choice]));
  if (unverified.length === 0) return [];
  if (predatesClickVerification(report.schemaVersion)) {
    const both = unverified.length > 1;
    const clicks = `${unverified.join(' and ')} click${both ? 's' : ''}`;
    return [
      {
        choices: unverified,
        title: `${capitalise(clicks)} not verified`,
        text: `The scanner's ${clicks} ${both ? 'were' : 'was'} not verified: this report was recorded by gdpr-scan before clicks were verified, and its findings were judged without that check. Treat findings about the ${unverified.map((c) => `“${c} all”`).join(' and ')} phase${both ? 's' : ''} with care.`,
      },
    ];
  }
  return unverified.map((choice) => ({
    choices: [choice],
    title: `${capitalise(choice)} click not verified`,
    text: `The scanner's ${choice} click could not be verified: ${sentence(consent![choice]!.verification)} Findings that depend on it are needs-review.`,
  }));
}

/**
 * The verdict on one click, short: "verified (consent-record, gated-tags)", "NOT verified: <why>",
 * "not done: <why>", "not attempted".
 */
export function clickVerdict(action: ConsentActionRecord | undefined): string {
  if (!action) return 'not attempted';
  if (!action.done) return `not done${action.detail ? `: ${action.detail}` : ''}`;
  if (action.verified) return `verified${verifiedKinds(action.signals ?? [])}`;
  return `NOT verified: ${withoutFullStop(action.verification)}`;
}

/** How the click was made, short: 'autoconsent rule "Klaro"', 'heuristics, first layer, clicked "Accept all"', 'your selectors #a, #b'. */
export function methodText(action: ConsentActionRecord): string {
  switch (action.method) {
    case 'autoconsent':
      return `${METHOD_NAMES.autoconsent} rule “${action.rule}”`;
    case 'heuristic':
      return `${METHOD_NAMES.heuristic}, ${HEURISTIC_PATH_NAMES[action.path] ?? String(action.path)}, clicked “${action.clickedText}”`;
    case 'selector':
      return `${METHOD_NAMES.selector} ${action.selectors.join(', ')}`;
    default:
      return METHOD_NAMES.none;
  }
}

/**
 * The withdrawal in one line: 'reopened by "Cookie settings" on the page; verified (consent-record)',
 * 'reopened only by klaro.show() (CMP API); …', 'settings not found: <why>', 'not attempted: <why>'.
 */
export function withdrawalText(w: WithdrawalRecord | undefined): string {
  if (!w) return 'not attempted';
  if (w.skipped) return `not attempted: ${w.skipped}`;
  if (w.via === 'none') return `settings not found: ${withoutFullStop(w.reopenDetail)}`;
  const how = w.via === 'page-control' ? `reopened by “${w.control ?? ''}” on the page` : `reopened only by ${w.api ?? 'the CMP API'} (CMP API)`;
  const verdict = !w.done ? `not done${w.detail ? `: ${w.detail}` : ''}` : w.verified ? `verified${verifiedKinds(w.signals)}` : `NOT verified: ${withoutFullStop(w.verification)}`;
  return `${how}; ${verdict}`;
}

function verifiedKinds(signals: ReadonlyArray<{ kind: string; confirms: boolean }>): string {
  const kinds = [...new Set(signals.filter((s) => s.confirms).map((s) => s.kind))];
  return kinds.length ? ` (${kinds.join(', ')})` : '';
}

/** The CMP in one line: "Klaro by KIProtect GmbH, identified by global, autoconsent"; undefined when none was named. */
export function cmpText(cmp: CmpIdentity | null | undefined): string | undefined {
  if (!cmp) return undefined;
  const tcf = cmp.tcfCmpId !== undefined ? `, TCF CMP id ${cmp.tcfCmpId}` : '';
  return `${cmp.name} by ${cmp.vendor}, identified by ${(cmp.detectedBy ?? []).join(', ') || 'nothing recorded'}${tcf}`;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function withoutFullStop(text: string): string {
  return text.trim().replace(/\.$/, '');
}

/** `text` as a sentence of its own: trimmed, ending with a full stop. */
function sentence(text: string): string {
  return `${withoutFullStop(text)}.`;
}
