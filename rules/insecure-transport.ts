import { defineRule } from '../src/judge/rule-engine/define-rule.js';
import { listInWords, plural, requestEvidence, sitePageUrl, visibleRequests } from '../src/judge/rule-engine/helpers.js';
import type { RuleContext, RuleFinding } from '../src/judge/rule-engine/types.js';
import { PHASES, type CookieRecord, type FormRecord, type PageEvidence, type PageTransport, type Phase, type RequestRecord } from '../src/model/evidence.js';
import type { FindingEvidence } from '../src/model/report.js';
import { hostOfUrl } from '../src/util/party.js';

/** Default shortest HSTS max-age: half a year (15768000 s), the long-standing minimum of Mozilla's and OWASP's guidance. */
export const DEFAULT_MIN_HSTS_DAYS = 180;

const SECONDS_PER_DAY = 86_400;

const messages = {
  plainHttpPage: 'The page was served over plain HTTP ({{url}}): everything the visitor reads and sends, cookies included, travels unencrypted and can be read or altered on the way.',
  formPersonalData: 'A form with {{fields}} sends what is typed into it to {{action}} over plain HTTP.',
  formOverHttp: 'A form ({{count}}) sends what is typed into it to {{action}} over plain HTTP; whether its fields hold personal data needs a look.',
  mixedContentLoaded: 'The HTTPS page loaded {{requests}} over plain HTTP (mixed content: {{classes}}), which an attacker on the network can read and replace.',
  mixedContentBlocked: 'The HTTPS page asked for {{requests}} over plain HTTP, which Chromium blocked as mixed content; nothing was exposed in Chromium, but the page depends on the browser refusing it.',
  noHttpsRedirect: 'The plain-HTTP address {{url}} does not redirect to HTTPS ({{reason}}): a visitor who types the address or follows an old link stays unencrypted.',
  noHsts: 'The HTTPS pages of {{host}} send no Strict-Transport-Security header ({{pages}}): browsers may still try plain HTTP first, which a network attacker can intercept.',
  shortHsts: 'The Strict-Transport-Security header of {{host}} lasts {{days}} (max-age={{maxAge}}), less than {{minDays}} days.',
} as const;

type Messages = typeof messages;

/** One page's transport, from the first phase that recorded it (all phases load the same document). */
function transportOf(phases: Partial<Record<Phase, { transport?: PageTransport; finalUrl?: string }>>): { phase: Phase; transport: PageTransport; documentUrl?: string } | undefined {
  for (const phase of PHASES) {
    const evidence = phases[phase];
    if (evidence?.transport) return { phase, transport: evidence.transport, documentUrl: evidence.transport.documentUrl ?? evidence.finalUrl };
  }
  return undefined;
}

function schemeOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return new URL(url).protocol;
  } catch {
    return undefined;
  }
}

function fieldWords(form: FormRecord): string {
  const kinds = [form.hasPassword ? 'a password field' : '', form.hasEmail ? 'an e-mail field' : ''].filter(Boolean);
  return listInWords(kinds);
}

function formEvidence(form: FormRecord): FindingEvidence {
  const fields = [form.hasPassword ? 'password' : '', form.hasEmail ? 'e-mail' : ''].filter(Boolean);
  return { kind: 'other', value: form.action, detail: `form, method ${form.method}, ${plural(form.fields, 'field')}${fields.length ? ` (${fields.join(', ')})` : ''}` };
}

/** A plain-HTTP mixed-content request the browser did not block (a blocked one fails with blocked:mixed-content). */
function loadedInsecurely(r: RequestRecord): boolean {
  return !/mixed-content/i.test(r.failure ?? '');
}

/** Pages, forms and subresources over plain HTTP; the site's http: origin without redirect; HTTPS without HSTS. */
export const rule = defineRule({
  meta: {
    id: 'insecure-transport',
    title: 'Pages, forms or resources over an insecure connection',
    severity: 'high',
    references: [
      'GDPR Art. 32(1)(a)',
      'GDPR Art. 5(1)(f)',
      'DSK Orientierungshilfe für Anbieter:innen von Telemedien (2021)',
      'BSI TR-02102-2 (TLS)',
      'ENISA, Guidelines for SMEs on the security of personal data processing (2016)',
      'RFC 6797 (HSTS)',
    ],
    rationale:
      'Art. 32 GDPR requires encryption of personal data in transit where appropriate, and data protection authorities (the German DSK guidance for websites, ENISA) treat TLS for every page and form as the state of the art: over plain HTTP, what a visitor reads, types and sends (log-ins, contact forms, cookies) can be read and changed by anyone on the network path. A plain-HTTP address that does not redirect, or HTTPS without HSTS, leaves the first request open to downgrade attacks.',
    remediation:
      'Serve every page over HTTPS only: redirect http:// to https:// with a 301 for every path, send Strict-Transport-Security (max-age of at least a year, includeSubDomains when every subdomain has TLS), post forms to https:// actions (or relative ones on an HTTPS page), and load every script, style, frame and image over https://.',
    checks:
      'Every page, from the first phase that recorded it: a main document over http: (fail, high); a form whose action is http: (fail, high, with a password or e-mail field; otherwise needs-review, medium); mixed content from an HTTPS page, per Chromium\'s own classification, loaded over http: (fail: high when blockable, medium when optionally-blockable) or blocked by Chromium (needs-review, low). Once per site: the start page\'s http:// origin, asked from Node, answers without redirecting to https: (fail, medium); nothing is told when it gave no usable answer (no answer, connection refused, an error status). Per host with HTTPS pages: no Strict-Transport-Security header, or a max-age of 0 (needs-review, low), or one below `minHstsMaxAgeDays` (needs-review, low).',
    options: {
      minHstsMaxAgeDays: {
        type: 'integer',
        minimum: 1,
        maximum: 3650,
        default: DEFAULT_MIN_HSTS_DAYS,
        description: 'Shortest HSTS max-age, in days, that passes without review (180 = half a year).',
      },
    },
  },
  messages,
  appliesTo: (site) => site.pages.some((page) => transportOf(page.phases)) || site.transport?.httpProbe !== undefined || 'no transport evidence was recorded (an older scan)',
  check(site, context) {
    const findings: RuleFinding<Messages>[] = [];
    const { minHstsMaxAgeDays } = context.options;
    const hsts = new Map<string, { pages: string[]; missing: string[]; shortest?: { maxAge: number; page: string; phase: Phase }; phase: Phase }>();
    for (const page of site.pages) {
      const seen = transportOf(page.phases);
      if (!seen) continue;
      const { phase, transport, documentUrl } = seen;
      const scheme = schemeOf(documentUrl);
      if (scheme === 'http:' && documentUrl) {
        findings.push({ outcome: 'fail', phase, pageUrl: page.url, messageId: 'plainHttpPage', data: { url: documentUrl }, evidence: [{ kind: 'other', value: documentUrl, detail: 'main document over plain HTTP' }] });
      }
      for (const form of transport.forms ?? []) {
        if (schemeOf(form.action) !== 'http:' || context.isAllowedHost(hostOfUrl(form.action) ?? '')) continue;
        const personal = form.hasPassword || form.hasEmail;
        findings.push(
          personal
            ? { outcome: 'fail', phase, pageUrl: page.url, messageId: 'formPersonalData', data: { fields: fieldWords(form), action: form.action }, evidence: [formEvidence(form)] }
            : { outcome: 'needs-review', severity: 'medium', phase, pageUrl: page.url, messageId: 'formOverHttp', data: { count: plural(form.fields, 'field'), action: form.action }, evidence: [formEvidence(form)] },
        );
      }
      if (scheme === 'https:' && documentUrl) {
        const host = hostOfUrl(documentUrl) ?? documentUrl;
        const entry = hsts.get(host) ?? { pages: [], missing: [], phase };
        entry.pages.push(page.url);
        const maxAge = transport.hsts?.maxAge;
        if (maxAge === undefined || maxAge === 0) entry.missing.push(page.url);
        else if (!entry.shortest || maxAge < entry.shortest.maxAge) entry.shortest = { maxAge, page: page.url, phase };
        hsts.set(host, entry);
      }
      findings.push(...mixedContent(page, context));
    }
    for (const [host, entry] of hsts) {
      if (entry.missing.length > 0) {
        findings.push({
          outcome: 'needs-review',
          severity: 'low',
          phase: entry.phase,
          pageUrl: entry.missing[0],
          messageId: 'noHsts',
          data: { host, pages: entry.missing.length === entry.pages.length ? `all ${plural(entry.pages.length, 'page')} seen` : `${entry.missing.length} of ${plural(entry.pages.length, 'page')} seen` },
          evidence: entry.missing.map((url) => ({ kind: 'other', value: url, detail: 'no Strict-Transport-Security header (or max-age=0)' })),
        });
      } else if (entry.shortest && entry.shortest.maxAge < minHstsMaxAgeDays * SECONDS_PER_DAY) {
        const { maxAge, page, phase } = entry.shortest;
        findings.push({
          outcome: 'needs-review',
          severity: 'low',
          phase,
          pageUrl: page,
          messageId: 'shortHsts',
          data: { host, days: plural(Math.round((maxAge / SECONDS_PER_DAY) * 10) / 10, 'day'), maxAge, minDays: minHstsMaxAgeDays },
          evidence: [{ kind: 'other', value: page, detail: `Strict-Transport-Security: max-age=${maxAge}` }],
        });
      }
    }
    const probe = site.transport?.httpProbe;
    // null: the probe could not tell (no answer, refused, an error status): no finding, the report shows the reason.
    if (probe && probe.redirectsToHttps === false) {
      findings.push({
        outcome: 'fail',
        severity: 'medium',
        pageUrl: sitePageUrl(site),
        messageId: 'noHttpsRedirect',
        data: { url: probe.url, reason: probe.reason },
        evidence: [{ kind: 'request', value: probe.url, detail: `${probe.status ?? 'no'} answer${probe.location ? `, Location: ${probe.location}` : ''}` }],
      });
    }
    return findings;
  },
});

/** Mixed content of one page, over all its phases (tags loaded after accept may bring their own), each request once. */
function mixedContent(page: PageEvidence<RequestRecord, CookieRecord>, context: RuleContext): RuleFinding<Messages>[] {
  const findings: RuleFinding<Messages>[] = [];
  const seen = new Set<string>();
  for (const phase of PHASES) {
    const evidence = page.phases[phase];
    if (!evidence) continue;
    const mixed = visibleRequests(evidence, context).filter((r) => r.mixedContent && r.url.startsWith('http:') && !seen.has(r.url));
    for (const r of mixed) seen.add(r.url);
    const loaded = mixed.filter(loadedInsecurely);
    const blocked = mixed.filter((r) => !loadedInsecurely(r));
    if (loaded.length > 0) {
      const active = loaded.some((r) => r.mixedContent === 'blockable');
      findings.push({
        outcome: 'fail',
        ...(active ? {} : { severity: 'medium' as const }),
        phase,
        pageUrl: page.url,
        messageId: 'mixedContentLoaded',
        data: { requests: plural(loaded.length, 'resource'), classes: listInWords([...new Set(loaded.map((r) => r.mixedContent ?? ''))]) },
        evidence: loaded.map((r) => requestEvidence(r, `mixed content (${r.mixedContent})`)),
      });
    }
    if (blocked.length > 0) {
      findings.push({
        outcome: 'needs-review',
        severity: 'low',
        phase,
        pageUrl: page.url,
        messageId: 'mixedContentBlocked',
        data: { requests: plural(blocked.length, 'resource') },
        evidence: blocked.map((r) => requestEvidence(r, `mixed content (${r.mixedContent}), blocked`)),
      });
    }
  }
  return findings;
}
