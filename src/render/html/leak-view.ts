/**
 * Data leaving the page, for one page: the markers the scanner typed per phase, the requests that
 * carried one (the marker's place in the URL marked), and the identifiers one party kept that
 * another received (cookie syncing). Plain text only: the templates escape everything.
 */
import type { CookieRecord, Phase, PhaseEvidence, RequestRecord } from '../../model/evidence.js';
import type { MarkerField, MarkerMatch, SharedIdentifierRecord } from '../../model/leak.js';
import { PHASE_SHORT } from './phases.js';

/** Characters of the URL shown on each side of the marked match. */
const CONTEXT_CHARS = 70;

const FIELD_LABELS: Readonly<Record<MarkerField, string>> = { email: 'e-mail', name: 'name', phone: 'phone' };

export interface TypedRow {
  phase: string;
  field: string;
  element: string;
  value: string;
  recognisedBy: string;
}

/** The request text around the match, split so that the template can mark the match. */
export interface MarkedExcerpt {
  before: string;
  match: string;
  after: string;
}

export interface LeakRow {
  phase: string;
  host: string;
  party: string;
  organization: string;
  field: string;
  encoding: string;
  where: string;
  /** The URL with the match marked; absent for body and header matches (the body is not kept). */
  excerpt?: MarkedExcerpt;
  /** The encoded marker as found, for body and header matches. */
  matched: string;
  tone: 'bad' | 'warn' | 'muted';
}

export interface SharedRow {
  phase: string;
  name: string;
  source: string;
  setBy: string;
  setByParty: string;
  sentToHost: string;
  sentToParty: string;
  where: string;
  url: string;
}

export interface LeakView {
  typed: TypedRow[];
  notes: string[];
  leaks: LeakRow[];
  shared: SharedRow[];
}

function encodingText(m: MarkerMatch): string {
  const parts: string[] = [m.encoding];
  if (m.normalised) parts.push(m.field === 'phone' ? 'of the E.164 digits' : 'of the lower-cased, trimmed value');
  if (m.urlEncodedLayers) parts.push(`URL-encoded ×${m.urlEncodedLayers}`);
  if (m.insideBase64) parts.push('inside base64');
  if (m.truncated) parts.push('truncated digest: needs review');
  return parts.join(', ');
}

function decodeOnce(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

/** The URL (decoded as often as the match needs) around the first occurrence of `matched`. */
export function markedExcerpt(url: string, matched: string): MarkedExcerpt | undefined {
  let text = url;
  for (let layer = 0; layer <= 2; layer++) {
    const at = text.toLowerCase().indexOf(matched.toLowerCase());
    if (at >= 0) {
      const start = Math.max(0, at - CONTEXT_CHARS);
      const end = Math.min(text.length, at + matched.length + CONTEXT_CHARS);
      return {
        before: `${start > 0 ? '…' : ''}${text.slice(start, at)}`,
        match: text.slice(at, at + matched.length),
        after: `${text.slice(at + matched.length, end)}${end < text.length ? '…' : ''}`,
      };
    }
    text = decodeOnce(text);
  }
  return undefined;
}

function partyText(firstParty: boolean, organization: string | undefined): string {
  return firstParty ? 'first party (the site)' : organization ? `third party: ${organization}` : 'third party';
}

function leakRows(phase: Phase, request: RequestRecord): LeakRow[] {
  return (request.markers ?? []).map((m) => ({
    phase: PHASE_SHORT[phase],
    host: request.host,
    party: request.firstParty ? 'first party (the site)' : 'third party',
    organization: request.service?.organization ?? (request.firstParty ? '' : 'unknown'),
    field: FIELD_LABELS[m.field],
    encoding: encodingText(m),
    where: m.where === 'header' ? `header ${m.header ?? ''}` : m.where,
    ...(m.where === 'url' ? withExcerpt(request.url, m.matched) : {}),
    matched: m.matched,
    tone: request.firstParty ? 'muted' : m.truncated ? 'warn' : 'bad',
  }));
}

function withExcerpt(url: string, matched: string): { excerpt?: MarkedExcerpt } {
  const excerpt = markedExcerpt(url, matched);
  return excerpt ? { excerpt } : {};
}

function sharedRow(phase: Phase, s: SharedIdentifierRecord): SharedRow {
  return {
    phase: PHASE_SHORT[phase],
    name: s.name,
    source: s.source,
    setBy: s.setBy,
    setByParty: partyText(s.setByFirstParty, s.setByOrganization),
    sentToHost: s.sentToHost,
    sentToParty: partyText(s.sentToFirstParty, s.sentToOrganization),
    where: `${s.where}${s.parameter ? ` (${s.parameter})` : ''}${s.urlEncoded ? ', URL-encoded' : ''}`,
    url: s.sentToUrl,
  };
}

/** The page's data-leaving evidence over its phases; undefined when nothing was typed and nothing shared. */
export function leakView(phases: ReadonlyArray<[Phase, PhaseEvidence<RequestRecord, CookieRecord>]>): LeakView | undefined {
  const view: LeakView = { typed: [], notes: [], leaks: [], shared: [] };
  for (const [phase, e] of phases) {
    const typing = e.formTyping;
    for (const f of typing?.fields ?? []) {
      view.typed.push({ phase: PHASE_SHORT[phase], field: FIELD_LABELS[f.field], element: f.element, value: f.value, recognisedBy: f.recognisedBy });
    }
    if (typing?.navigationStopped) view.notes.push(`${PHASE_SHORT[phase]}: the typing set off a navigation to ${typing.navigationStopped}; it was stopped and not followed.`);
    if (typing?.capped) view.notes.push(`${PHASE_SHORT[phase]}: ${typing.capped} more fields qualified; at most 6 a page are typed into.`);
    if (typing?.error) view.notes.push(`${PHASE_SHORT[phase]}: ${typing.error}`);
    for (const r of e.requests ?? []) view.leaks.push(...leakRows(phase, r));
    for (const s of e.sharedIdentifiers ?? []) view.shared.push(sharedRow(phase, s));
  }
  view.leaks.sort((a, b) => rank(b.tone) - rank(a.tone));
  return view.typed.length || view.notes.length || view.leaks.length || view.shared.length ? view : undefined;
}

function rank(tone: LeakRow['tone']): number {
  return tone === 'bad' ? 2 : tone === 'warn' ? 1 : 0;
}
