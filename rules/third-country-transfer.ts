import { cookieEvidence, hostIsOrUnder, listInWords, pagesIn, requestEvidence, serviceLabel, visibleRequests } from '../src/judge/rule-engine/helpers.js';
import { defineRule } from '../src/judge/rule-engine/define-rule.js';
import type { CookieRecord, FindingEvidence, RequestRecord, RuleFinding, Severity } from '../src/judge/rule-engine/types.js';

/** EU 27 + Iceland, Liechtenstein, Norway. */
export const EEA_COUNTRIES: ReadonlySet<string> = new Set([
  'AT', 'BE', 'BG', 'HR', 'CY', 'CZ', 'DK', 'EE', 'FI', 'FR', 'DE', 'GR', 'HU', 'IE', 'IT', 'LV', 'LT', 'LU', 'MT', 'NL', 'PL', 'PT', 'RO', 'SK', 'SI', 'ES', 'SE',
  'IS', 'LI', 'NO',
]);

/**
 * Countries with a general EU adequacy decision: transfers there need no extra safeguards. The
 * US adequacy decision (Data Privacy Framework) covers certified organisations only, so the US is
 * handled per organisation through `service.dpf`.
 */
export const ADEQUATE_COUNTRIES: ReadonlySet<string> = new Set(['AD', 'AR', 'CA', 'FO', 'GG', 'IL', 'IM', 'JP', 'JE', 'NZ', 'KR', 'CH', 'GB', 'UY']);

/** Query parameters trackers use for visitor or click identifiers. */
const IDENTIFIER_PARAMS: ReadonlySet<string> = new Set([
  'cid', 'uid', 'user_id', 'userid', 'visitor_id', 'visitorid', 'vid', 'anonymous_id', 'ajs_anonymous_id', 'client_id', 'clientid', 'device_id', 'deviceid',
  'fbp', '_fbp', 'fbc', '_fbc', 'gclid', 'dclid', 'fbclid', 'msclkid', 'ttclid', '_ttp', 'ttp', 'li_fat_id', 'epik', 'sc_cid', 'twclid', 'muid',
]);

/** Shortest value that can identify a visitor; "1" or "" is a flag, not an identifier. */
const MIN_IDENTIFIER_LENGTH = 6;

function identifierParams(url: string): string[] {
  let params: URLSearchParams;
  try {
    params = new URL(url).searchParams;
  } catch {
    return [];
  }
  const found = new Set<string>();
  for (const [key, value] of params) if (IDENTIFIER_PARAMS.has(key.toLowerCase()) && value.length >= MIN_IDENTIFIER_LENGTH) found.add(key);
  return [...found];
}

/** The browser sends a cookie to hosts at or under its domain (the leading dot only marks that). */
function cookieSentTo(cookie: CookieRecord, host: string): boolean {
  const domain = cookie.domain.toLowerCase().replace(/^\./, '');
  return hostIsOrUnder(host.toLowerCase(), domain);
}

/** Outside the EEA and without an adequacy decision; the US is a third country unless certified (severity lowered, not dropped). */
function isThirdCountry(country: string | undefined): country is string {
  if (!country) return false;
  const c = country.toUpperCase();
  return !EEA_COUNTRIES.has(c) && !ADEQUATE_COUNTRIES.has(c);
}

/**
 * Services whose requests count: trackers, and embedded content (maps, videos, social plugins),
 * which sets and reads its own identifiers. CDNs, consent managers, payment and security services
 * serve what the visitor asked for; Google Fonts has its own rule.
 */
function receivesPersonalData(service: NonNullable<RequestRecord['service']>): boolean {
  return service.tracking || service.category === 'embedded-content';
}

const messages = {
  certifiedTransfer:
    'Identifiers were sent before consent to {{recipients}}, outside the EEA. The Data Privacy Framework covers the transfer itself, but the data left the EEA before the visitor agreed to the tracking.',
  uncoveredTransfer: 'Identifiers were sent before consent to {{recipients}}, outside the EEA. {{uncovered}} {{isAre}} not covered by an EU adequacy decision.',
} as const;

/** Personal data sent before consent to tracking services and embeds outside the EEA. */
export const rule = defineRule({
  meta: {
    id: 'third-country-transfer',
    title: 'Personal data sent outside the EEA before consent',
    severity: 'medium',
    references: [
      'GDPR Art. 44-49',
      'CJEU C-311/18 Schrems II (16 Jul 2020)',
      'EU-US Data Privacy Framework adequacy decision (10 Jul 2023)',
    ],
    rationale:
      'Sending identifiers to a company in a country without an adequate level of data protection is a transfer under Chapter V GDPR, which needs a legal ground and safeguards; before consent there is not even a basis for the tracking itself. Organisations certified under the EU-US Data Privacy Framework lower the risk (lower severity) but the tracking still needs consent.',
    remediation:
      'Load the service only after consent, prefer providers that process data in the EEA, and document the transfer mechanism (Data Privacy Framework certification or standard contractual clauses with a transfer impact assessment).',
    checks:
      'In the `before` phase: requests to tracking services and embedded content (maps, videos, social plugins) whose organisation sits outside the EEA and outside the countries with an EU adequacy decision, when the request carries identifiers (a cookie of that service\'s domain was in the browser, or a query parameter such as cid, uid or _fbp with an identifier-like value). Severity is lowered to low when the organisation is certified under the EU-US Data Privacy Framework. Services of unknown country are not reported.',
  },
  messages,
  appliesTo: (site) => pagesIn(site, 'before').length > 0 || 'no before phase ran',
  check(site, context) {
    const findings: RuleFinding<typeof messages>[] = [];
    for (const { page, evidence } of pagesIn(site, 'before')) {
      const cookies = evidence.cookies.filter((c) => !context.isAllowedCookie(c));
      const hits: Array<{ request: RequestRecord; why: string[]; cookies: CookieRecord[] }> = [];
      for (const r of visibleRequests(evidence, context)) {
        if (!r.service || !receivesPersonalData(r.service) || !isThirdCountry(r.service.country)) continue;
        const params = identifierParams(r.url);
        const sentCookies = cookies.filter((c) => cookieSentTo(c, r.host));
        if (params.length === 0 && sentCookies.length === 0) continue;
        const why = [
          ...(params.length > 0 ? [`identifier parameters ${params.join(', ')}`] : []),
          ...(sentCookies.length > 0 ? [`cookies ${[...new Set(sentCookies.map((c) => c.name))].join(', ')}`] : []),
        ];
        hits.push({ request: r, why, cookies: sentCookies });
      }
      if (hits.length === 0) continue;

      const byOrg = new Map<string, { country: string; dpf: boolean; services: Set<string> }>();
      for (const { request } of hits) {
        const s = request.service!;
        const entry = byOrg.get(s.organization) ?? { country: s.country!.toUpperCase(), dpf: s.dpf === true, services: new Set<string>() };
        entry.services.add(serviceLabel(s));
        byOrg.set(s.organization, entry);
      }
      const orgs = [...byOrg.entries()].map(
        ([org, e]) => `${org} (${e.country}${e.dpf ? ', certified under the EU-US Data Privacy Framework' : ''}) through ${listInWords([...e.services].map((l) => l.replace(` (${org})`, '')))}`,
      );
      const uncovered = [...byOrg.entries()].filter(([, e]) => !e.dpf).map(([org]) => org);
      const allCertified = uncovered.length === 0;
      const severity: Severity | undefined = allCertified ? 'low' : undefined;
      const seenCookies = new Set<string>();
      const cookieItems: FindingEvidence[] = [];
      for (const { cookies: cs } of hits) {
        for (const c of cs) {
          const key = `${c.name}@${c.domain}`;
          if (seenCookies.has(key)) continue;
          seenCookies.add(key);
          cookieItems.push(cookieEvidence(c));
        }
      }
      const recipients = listInWords(orgs, 4);
      findings.push({
        outcome: 'fail',
        ...(severity ? { severity } : {}),
        phase: 'before',
        pageUrl: page.url,
        ...(allCertified
          ? { messageId: 'certifiedTransfer' as const, data: { recipients } }
          : { messageId: 'uncoveredTransfer' as const, data: { recipients, uncovered: listInWords(uncovered, 4), isAre: uncovered.length === 1 ? 'is' : 'are' } }),
        evidence: [...hits.map((h) => requestEvidence(h.request, `carries ${h.why.join(' and ')}`)), ...cookieItems],
      });
    }
    return findings;
  },
});
