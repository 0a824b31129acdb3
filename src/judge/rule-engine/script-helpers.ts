/**
 * Rule helpers for the judged script behaviour (ClassifiedSite.behaviour): which scripts of a
 * phase to look at, and how to name one in a message or an evidence item.
 */
import type { ClassifiedSite, Phase, ScriptBehaviour } from '../../model/evidence.js';
import type { FindingEvidence } from '../../model/report.js';
import { serviceLabel, trimUrl } from './helpers.js';
import type { RuleContext } from './types.js';

/** The judged scripts of one phase whose host the user did not allowlist, by page in visiting order. */
export function behaviourIn(site: ClassifiedSite, phase: Phase, context: RuleContext): Map<string, ScriptBehaviour[]> {
  const byPage = new Map<string, ScriptBehaviour[]>();
  for (const b of site.behaviour ?? []) {
    if (b.phase !== phase || b.afterConsent || (b.host && context.isAllowedHost(b.host))) continue;
    byPage.set(b.pageUrl, [...(byPage.get(b.pageUrl) ?? []), b]);
  }
  return byPage;
}

/** "https://cdn.x/fp.js (FingerprintJS (FingerprintJS, Inc.), third party)" or "An inline script of the page". */
export function scriptLabel(b: ScriptBehaviour): string {
  if (b.inline) return 'An inline script of the page';
  const who = [b.service ? serviceLabel(b.service) : undefined, b.firstParty ? 'first party' : 'third party'].filter(Boolean).join(', ');
  return `${trimUrl(b.scriptUrl)} (${who})`;
}

/** The evidence item naming the script: its URL, organisation and party. */
export function scriptEvidence(b: ScriptBehaviour): FindingEvidence {
  const parts = [b.inline ? 'inline script' : 'script', b.service ? serviceLabel(b.service) : b.host, b.firstParty ? 'first party' : 'third party'];
  return { kind: 'other', value: trimUrl(b.scriptUrl), detail: parts.join(', ') };
}
