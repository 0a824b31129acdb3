/** What the consent banner offered and what the scanner could click, as labelled facts. */
import type { SiteReport } from '../../model/report.js';
import { yesNoText } from './format.js';
import type { InfoRow } from './info-row.js';
import { METHOD_LABELS } from './labels.js';

/** Colour of a yes / no: good when it is `good`, muted when unknown, none when neither is good (`good: null`). */
function yesNoTone(value: boolean | null | undefined, good: boolean | null): InfoRow['tone'] {
  if (value === null || value === undefined) return 'muted';
  if (good === null) return undefined;
  return value === good ? 'good' : 'bad';
}

/** The site's consent facts: CMP, banner, first-layer buttons, and each click with its self-test. */
export function consentRows(site: SiteReport): InfoRow[] {
  const c = site.consent;
  const rows: InfoRow[] = [
    { label: 'Consent manager (CMP)', value: c?.cmp ?? 'none recognised', tone: c?.cmp ? undefined : 'muted' },
    { label: 'Consent banner found', value: yesNoText(c?.bannerFound), tone: yesNoTone(c?.bannerFound, true) },
    { label: '“Accept all” on the first layer', value: yesNoText(c?.acceptOnFirstLayer), tone: yesNoTone(c?.acceptOnFirstLayer, null) },
    { label: '“Reject all” on the first layer', value: yesNoText(c?.rejectOnFirstLayer), tone: yesNoTone(c?.rejectOnFirstLayer, true) },
  ];
  for (const [label, action] of [
    ['Accept all', c?.accept],
    ['Reject all', c?.reject],
  ] as const) {
    if (!action) {
      rows.push({ label: `${label}: clicked`, value: 'not attempted', tone: 'muted' });
      continue;
    }
    const how = METHOD_LABELS[action.method] ?? String(action.method);
    const parts = [action.done ? 'done' : 'not done', action.method !== 'none' ? `via ${how}` : undefined];
    if (action.method === 'heuristic' && action.clickedText) parts.push(`clicked “${action.clickedText}”`);
    rows.push({ label: `${label}: clicked`, value: parts.filter(Boolean).join(', '), tone: action.done ? 'good' : 'bad' });
    if (action.method === 'autoconsent' && action.selfTest !== undefined && action.selfTest !== null) {
      rows.push({
        label: `${label}: CMP self-test`,
        value: action.selfTest ? 'passed (the CMP recorded the choice)' : 'failed (the CMP did not record the choice)',
        tone: action.selfTest ? 'good' : 'bad',
      });
    }
    if (action.detail) rows.push({ label: `${label}: detail`, value: action.detail, tone: 'muted' });
  }
  return rows;
}

/** Only a base64 JPEG / PNG / WebP data: URI is shown; anything else in the field is ignored. */
export function safeImageDataUri(value: string | undefined): string | undefined {
  if (typeof value !== 'string') return undefined;
  return /^data:image\/(?:jpeg|png|webp);base64,[A-Za-z0-9+/]+={0,2}$/.test(value) ? value : undefined;
}
