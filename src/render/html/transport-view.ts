/**
 * Transport and legal links of one site: per page the scheme, HSTS header, forms posting over plain
 * HTTP and mixed content; the site's plain-HTTP probe; the legal links found per page. Facts only;
 * the verdicts are the insecure-transport rule's findings.
 */
import type { HttpProbe, LegalLinkKind, PageEvidence, PageTransport, RequestRecord } from '../../model/evidence.js';
import type { SiteReport } from '../../model/report.js';
import type { InfoRow } from './info-row.js';
import { PHASES } from '../../model/evidence.js';
import { plural } from '../../util/text.js';

export interface TransportPageView {
  url: string;
  scheme: InfoRow;
  hsts: InfoRow;
  /** Forms whose action is not https:. */
  insecureForms: Array<{ action: string; detail: string }>;
  formCount: number;
  mixedContent: Array<{ url: string; detail: string; tone: string }>;
  legalLinks: Array<{ kind: string; text: string; href: string }>;
}

export interface TransportView {
  summary: string;
  probe?: InfoRow[];
  pages: TransportPageView[];
}

const LEGAL_LINK_LABELS: Readonly<Record<LegalLinkKind, string>> = {
  privacy: 'Privacy policy',
  'legal-notice': 'Legal notice',
  'cookie-policy': 'Cookie policy',
};

/** The view, or undefined for a report recorded before transport evidence existed. */
export function transportView(site: SiteReport): TransportView | undefined {
  const pages = site.pages.flatMap((page) => {
    const view = pageView(page);
    return view ? [view] : [];
  });
  const probe = site.transport?.httpProbe;
  if (pages.length === 0 && !probe) return undefined;
  const plain = pages.filter((p) => p.scheme.tone === 'bad').length;
  const forms = pages.reduce((n, p) => n + p.insecureForms.length, 0);
  const mixed = pages.reduce((n, p) => n + p.mixedContent.length, 0);
  const parts = [
    plain ? `${plain} of ${plural(pages.length, 'page')} over plain HTTP` : `${plural(pages.length, 'page')} over HTTPS`,
    ...(forms ? [`${plural(forms, 'form')} posting over plain HTTP`] : []),
    ...(mixed ? [`${plural(mixed, 'mixed-content request')}`] : []),
    ...(probe ? [probeVerdict(probe).short] : []),
  ];
  return { summary: parts.join(' · '), ...(probe ? { probe: probeRows(probe) } : {}), pages };
}

function probeVerdict(probe: HttpProbe): { value: string; short: string; tone: string } {
  if (probe.redirectsToHttps === true) return { value: 'yes', short: 'http: redirects to https:', tone: 'good' };
  if (probe.redirectsToHttps === false) return { value: 'no', short: 'http: does not redirect to https:', tone: 'bad' };
  return { value: 'could not be told', short: 'http: redirect not determined', tone: 'muted' };
}

function probeRows(probe: HttpProbe): InfoRow[] {
  const verdict = probeVerdict(probe);
  return [
    { label: 'Plain-HTTP address', value: probe.url },
    { label: 'Redirects to HTTPS', value: verdict.value, tone: verdict.tone },
    { label: 'Answer', value: probe.reason },
  ];
}

function pageView(page: PageEvidence<RequestRecord>): TransportPageView | undefined {
  let transport: PageTransport | undefined;
  const legalLinks: TransportPageView['legalLinks'] = [];
  const mixedContent: TransportPageView['mixedContent'] = [];
  const seen = new Set<string>();
  let finalUrl: string | undefined;
  for (const phase of PHASES) {
    const evidence = page.phases[phase];
    if (!evidence) continue;
    transport ??= evidence.transport;
    finalUrl ??= evidence.finalUrl;
    for (const link of evidence.legalLinks ?? []) legalLinks.push({ kind: LEGAL_LINK_LABELS[link.kind] ?? link.kind, text: link.text, href: link.href });
    for (const r of evidence.requests) {
      if (!r.mixedContent || !r.url.startsWith('http:') || seen.has(r.url)) continue;
      seen.add(r.url);
      const blocked = /mixed-content/i.test(r.failure ?? '');
      mixedContent.push({ url: r.url, detail: `${r.mixedContent}, ${r.type}, ${blocked ? 'blocked by Chromium' : 'loaded over plain HTTP'} (${phase})`, tone: blocked ? 'warn' : 'bad' });
    }
  }
  if (!transport) return undefined;
  const documentUrl = transport.documentUrl ?? finalUrl ?? page.url;
  const https = documentUrl.startsWith('https:');
  const forms = transport.forms ?? [];
  return {
    url: page.url,
    scheme: { label: 'Served over', value: https ? 'HTTPS' : documentUrl.startsWith('http:') ? 'plain HTTP' : documentUrl.split(':')[0] ?? '', tone: https ? 'good' : 'bad' },
    hsts: https ? hstsRow(transport) : { label: 'HSTS', value: 'not applicable (not HTTPS)', tone: 'muted' },
    formCount: forms.length,
    insecureForms: forms
      .filter((f) => !f.action.startsWith('https:') && /^http:/i.test(f.action))
      .map((f) => ({ action: f.action, detail: [`method ${f.method}`, plural(f.fields, 'field'), ...(f.hasPassword ? ['password'] : []), ...(f.hasEmail ? ['e-mail'] : [])].join(', ') })),
    mixedContent,
    legalLinks,
  };
}

function hstsRow(transport: PageTransport): InfoRow {
  const hsts = transport.hsts;
  if (!hsts || hsts.maxAge === undefined || hsts.maxAge === 0) return { label: 'HSTS', value: hsts ? `ineffective: ${hsts.raw}` : 'none', tone: 'warn' };
  const days = Math.round(hsts.maxAge / 86_400);
  return { label: 'HSTS', value: `max-age ${days} days${hsts.includeSubDomains ? ', includeSubDomains' : ''}${hsts.preload ? ', preload' : ''}`, tone: 'good' };
}
