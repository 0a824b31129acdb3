/**
 * Behaviour in the page as the HTML report shows it: per phase, every script the judge scored
 * (site.behaviour), with its host, organisation and party, the fingerprinting techniques with the
 * numbers they rest on and the score, and what of session replay's behaviour it showed. Plain
 * text: the templates escape it (script URLs and hosts come from the website).
 */
import { PHASES, type ScriptBehaviour, type TechniqueFinding } from '../../model/evidence.js';
import type { SiteReport } from '../../model/report.js';
import { PHASE_LABELS } from './phases.js';

const TECHNIQUE_LABELS: Readonly<Record<TechniqueFinding['technique'], string>> = {
  canvas: 'Canvas fingerprinting',
  'canvas-font': 'Font enumeration',
  webgl: 'WebGL renderer query',
  audio: 'Audio fingerprinting',
  'navigator-sweep': 'Navigator / screen sweep',
  'high-entropy-hints': 'High-entropy client hints',
};

export interface ScriptBehaviourView {
  script: string;
  /** "FingerprintJS (FingerprintJS, Inc.)", or the host when the organisation is unknown. */
  who: string;
  party: string;
  /** Strong techniques: 0 is no fingerprinting. */
  score: number;
  /** "fingerprinting", "partial signals only", "no fingerprinting". */
  verdict: string;
  tone: 'bad' | 'warn' | 'muted';
  techniques: Array<{ label: string; strength: string; strong: boolean; detail: string }>;
  /** The replay signals seen and not seen; absent when none. */
  replay?: { verdict: string; tone: 'bad' | 'warn'; signals: Array<{ label: string; seen: boolean }>; receivers: string };
  /** Pages it ran on in this phase. */
  pages: string[];
}

export interface BehaviourView {
  summary: string;
  phases: Array<{ phase: string; scripts: ScriptBehaviourView[] }>;
}

function scriptView(b: ScriptBehaviour, pages: string[]): ScriptBehaviourView {
  const partial = b.techniques.length > 0 && b.score === 0;
  const replay = b.replay;
  return {
    script: b.inline ? `${b.scriptUrl} (inline script)` : b.scriptUrl,
    who: b.service ? (b.service.name === b.service.organization ? b.service.name : `${b.service.name} (${b.service.organization})`) : b.host || 'unknown host',
    party: b.firstParty ? 'first party' : 'third party',
    score: b.score,
    verdict: b.score > 0 ? `fingerprinting (score ${b.score})` : partial ? 'partial fingerprinting signals' : 'no fingerprinting',
    tone: b.score > 0 ? 'bad' : partial ? 'warn' : 'muted',
    techniques: b.techniques.map((t) => ({ label: TECHNIQUE_LABELS[t.technique], strength: t.strong ? 'full' : 'partial', strong: t.strong, detail: t.detail })),
    ...(replay
      ? {
          replay: {
            verdict: replay.replayLike ? 'replay-like: records the visit' : 'some replay signals',
            tone: replay.replayLike ? ('bad' as const) : ('warn' as const),
            signals: [
              { label: 'observes the whole document', seen: replay.observesDocument },
              { label: 'listens to typing', seen: replay.listensToInput },
              { label: 'listens to mouse movement', seen: replay.listensToMouse },
              { label: 'batched uploads to a third party', seen: replay.batchedToThirdParty },
            ],
            receivers: replay.receivers.join(', '),
          },
        }
      : {}),
    pages,
  };
}

/** The view, or undefined when no script of the site used a fingerprinting or replay API worth showing. */
export function behaviourView(site: SiteReport): BehaviourView | undefined {
  const all = site.behaviour ?? [];
  if (all.length === 0) return undefined;
  const phases: BehaviourView['phases'] = [];
  for (const phase of PHASES) {
    // One entry per script: its strongest page, and every page it ran on.
    const byScript = new Map<string, { best: ScriptBehaviour; pages: string[] }>();
    for (const b of all.filter((x) => x.phase === phase)) {
      const key = `${b.inline ? 'inline ' : ''}${b.scriptUrl}`;
      const entry = byScript.get(key);
      if (!entry) byScript.set(key, { best: b, pages: [b.pageUrl] });
      else {
        if (!entry.pages.includes(b.pageUrl)) entry.pages.push(b.pageUrl);
        if (b.score > entry.best.score || (b.replay?.replayLike && !entry.best.replay?.replayLike)) entry.best = b;
      }
    }
    if (byScript.size === 0) continue;
    const scripts = [...byScript.values()].map(({ best, pages }) => scriptView(best, pages)).sort((a, b) => b.score - a.score);
    phases.push({ phase: PHASE_LABELS[phase], scripts });
  }
  const fingerprinters = new Set(all.filter((b) => b.score > 0).map((b) => b.scriptUrl)).size;
  const recorders = new Set(all.filter((b) => b.replay?.replayLike).map((b) => b.scriptUrl)).size;
  const summary = [
    fingerprinters ? `${fingerprinters} fingerprinting script${fingerprinters === 1 ? '' : 's'}` : 'no fingerprinting script',
    recorders ? `${recorders} replay-like script${recorders === 1 ? '' : 's'}` : 'no replay-like script',
  ].join(', ');
  return { summary, phases };
}
