/**
 * The site's consent step as the HTML report shows it: warnings for clicks nothing verified (first,
 * where nobody can miss them), the consent manager and how it was identified, how each phase found
 * the banner, and for accept and reject the method, every click in order, the signals that
 * confirmed or contradicted it and whether it counts as verified. Plain text: the templates escape
 * it (click labels and signal details come from the website).
 */
import type { ConsentActionRecord, ConsentEvidence, PhaseDetection } from '../../model/evidence.js';
import type { Report, SiteReport } from '../../model/report.js';
import { consentWarnings, type ConsentChoice, type ConsentWarning } from '../consent-facts.js';
import { yesNoText } from './format.js';
import type { InfoRow } from './info-row.js';
import {
  BANNER_FINDER_LABELS,
  CLICK_ROLE_LABELS,
  CMP_CLUE_LABELS,
  HEURISTIC_PATH_LABELS,
  labelOf,
  METHOD_LABELS,
  SHADOW_ROOT_LABELS,
  SIGNAL_LABELS,
} from './labels.js';
import { PHASE_LABELS } from './phases.js';
import { withdrawalActions } from './withdrawal-view.js';

/** One phase's first look at the banner. */
export interface DetectionView {
  phase: string;
  /** "found by autoconsent (a rule for its CMP)", "not found". */
  found: string;
  tone?: InfoRow['tone'];
  /** After how long, in which shadow root or frame, why it could not finish. */
  details: string[];
}

/** One click of the consent step. */
export interface ClickView {
  /** 1, 2, 3 … in the order the clicks were made. */
  number: number;
  role: string;
  label: string;
  layer: string;
  /** "trusted click" or "script click (untrusted)". */
  trust: string;
  trusted: boolean;
  selector?: string;
  frameUrl?: string;
}

/** One independent check after a click. */
export interface SignalView {
  kind: string;
  confirms: boolean;
  /** "confirms" / "contradicts". */
  verdict: string;
  detail: string;
}

/** The accept or the reject step. */
export interface ActionView {
  choice: ConsentChoice | 'withdraw';
  /** "Accept all", "Reject all". */
  label: string;
  /** "done, verified", "done, NOT verified", "not done", "not attempted". */
  outcome: string;
  tone: InfoRow['tone'];
  /** The click went through but nothing verified it (the warning above says what that means). */
  unverified: boolean;
  /** How it was done, with its detail (autoconsent's rule, the heuristics' path, the selectors). */
  facts: InfoRow[];
  clicks: ClickView[];
  /** Why no click is listed. */
  noClicks?: string;
  signals: SignalView[];
}

export interface ConsentView {
  /** Clicks that went through and that nothing verified. */
  warnings: ConsentWarning[];
  /** CMP, banner, first-layer buttons. */
  facts: InfoRow[];
  detections: DetectionView[];
  actions: ActionView[];
}

/** Colour of a yes / no: good when it is `good`, muted when unknown, none when neither is good (`good: null`). */
function yesNoTone(value: boolean | null | undefined, good: boolean | null): InfoRow['tone'] {
  if (value === null || value === undefined) return 'muted';
  if (good === null) return undefined;
  return value === good ? 'good' : 'bad';
}

/** The site's consent step for the HTML report. */
export function consentView(site: SiteReport, report: Pick<Report, 'schemaVersion'>): ConsentView {
  const c = site.consent;
  return {
    warnings: consentWarnings(c, report),
    facts: consentFacts(c),
    detections: (c?.detections ?? []).map(detectionView),
    actions: [actionView('accept', c?.accept), actionView('reject', c?.reject), ...withdrawalActions(c)],
  };
}

function consentFacts(c: ConsentEvidence | undefined): InfoRow[] {
  const rows: InfoRow[] = [];
  const cmp = c?.cmp;
  if (cmp) {
    rows.push({ label: 'Consent manager (CMP)', value: cmp.name });
    rows.push({ label: 'CMP vendor', value: cmp.vendor, tone: 'muted' });
    rows.push({ label: 'CMP identified by', value: (cmp.detectedBy ?? []).map((k) => labelOf(CMP_CLUE_LABELS, k)).join(', ') || 'nothing recorded' });
    if (cmp.tcfCmpId !== undefined) rows.push({ label: 'TCF CMP id', value: String(cmp.tcfCmpId) });
  } else {
    rows.push({ label: 'Consent manager (CMP)', value: 'none recognised', tone: 'muted' });
  }
  rows.push({ label: 'Consent banner found', value: yesNoText(c?.bannerFound), tone: yesNoTone(c?.bannerFound, true) });
  if (c?.inconclusive) rows.push({ label: 'Banner detection', value: `inconclusive: ${c.inconclusive} (“no banner” is not a finding then)`, tone: 'warn' });
  rows.push({ label: '“Accept all” on the first layer', value: yesNoText(c?.acceptOnFirstLayer), tone: yesNoTone(c?.acceptOnFirstLayer, null) });
  rows.push({ label: '“Reject all” on the first layer', value: yesNoText(c?.rejectOnFirstLayer), tone: yesNoTone(c?.rejectOnFirstLayer, true) });
  return rows;
}

function detectionView(d: PhaseDetection): DetectionView {
  const details: string[] = [];
  if (d.foundAfterMs !== undefined) details.push(`after ${Math.round(d.foundAfterMs)} ms`);
  if (d.shadowRoot) details.push(labelOf(SHADOW_ROOT_LABELS, d.shadowRoot));
  if (d.frameUrl) details.push(`in the frame ${d.frameUrl}`);
  if (d.inconclusive) details.push(`inconclusive: ${d.inconclusive}`);
  return {
    phase: labelOf(PHASE_LABELS, d.phase),
    found: d.detectedBy ? `found by ${labelOf(BANNER_FINDER_LABELS, d.detectedBy)}` : 'not found',
    tone: d.detectedBy ? undefined : d.inconclusive ? 'warn' : 'muted',
    details,
  };
}

const CHOICE_LABELS: Readonly<Record<ConsentChoice, string>> = { accept: 'Accept all', reject: 'Reject all' };

function actionView(choice: ConsentChoice, action: ConsentActionRecord | undefined): ActionView {
  const label = CHOICE_LABELS[choice];
  if (!action) return { choice, label, outcome: 'not attempted', tone: 'muted', unverified: false, facts: [], clicks: [], noClicks: 'This phase did not run.', signals: [] };
  const unverified = action.done && !action.verified;
  const outcome = !action.done ? 'not done' : action.verified ? 'done, verified' : 'done, NOT verified';
  const facts: InfoRow[] = [{ label: 'Method', value: labelOf(METHOD_LABELS, action.method) }];
  if (action.method === 'autoconsent') {
    // The rule says how autoconsent acted; the CMP is named above, from its own fingerprints.
    facts.push({ label: 'Autoconsent rule', value: action.rule });
    if (action.selfTest !== undefined && action.selfTest !== null) {
      facts.push({ label: 'CMP self-test', value: action.selfTest ? 'passed (the CMP recorded the choice)' : 'failed (the CMP did not record the choice)', tone: action.selfTest ? 'good' : 'bad' });
    }
  } else if (action.method === 'heuristic') {
    facts.push({ label: 'Path', value: labelOf(HEURISTIC_PATH_LABELS, action.path) });
    facts.push({ label: 'Decisive click', value: `“${action.clickedText}”` });
  } else if (action.method === 'selector') {
    facts.push({ label: 'Selectors', value: action.selectors.join(' → ') });
  }
  if (action.method !== 'none') {
    facts.push({
      label: 'Verified',
      value: `${action.verified ? 'yes' : 'no'}: ${action.verification}`,
      tone: action.verified ? 'good' : action.done ? 'bad' : 'muted',
    });
  }
  for (const attempt of action.attempts ?? []) {
    facts.push({ label: 'Tried first', value: `${labelOf(METHOD_LABELS, attempt.method)} (${attempt.done ? 'went through' : 'failed'}): ${attempt.detail}`, tone: 'muted' });
  }
  if (action.detail) facts.push({ label: 'Detail', value: action.detail, tone: 'muted' });
  // `?? []`: a report read back from a file may lack what its type promises; the view never throws on it.
  const clicks = (action.clicks ?? []).map((click, i): ClickView => ({
    number: i + 1,
    role: labelOf(CLICK_ROLE_LABELS, click.role),
    label: click.label,
    layer: click.layer === 1 ? 'first layer' : click.layer === 2 ? 'second layer' : `layer ${click.layer}`,
    trust: click.trusted ? 'trusted click' : 'script click (untrusted)',
    trusted: click.trusted,
    ...(click.selector ? { selector: click.selector } : {}),
    ...(click.frameUrl ? { frameUrl: click.frameUrl } : {}),
  }));
  const noClicks = clicks.length > 0 ? undefined : action.method === 'autoconsent' ? 'Autoconsent clicks inside the page; its clicks are not seen.' : 'No click was made.';
  return {
    choice,
    label,
    outcome,
    tone: !action.done ? 'bad' : action.verified ? 'good' : 'bad',
    unverified,
    facts,
    clicks,
    ...(noClicks ? { noClicks } : {}),
    signals: (action.signals ?? []).map((s) => ({ kind: labelOf(SIGNAL_LABELS, s.kind), confirms: s.confirms, verdict: s.confirms ? 'confirms' : 'contradicts', detail: s.detail })),
  };
}

/** Only a base64 JPEG / PNG / WebP data: URI is shown; anything else in the field is ignored. */
export function safeImageDataUri(value: string | undefined): string | undefined {
  if (typeof value !== 'string') return undefined;
  return /^data:image\/(?:jpeg|png|webp);base64,[A-Za-z0-9+/]+={0,2}$/.test(value) ? value : undefined;
}
