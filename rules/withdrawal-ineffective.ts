import {
  cookieEvidence,
  isTrackingCookie,
  isTrackingRequest,
  pagesIn,
  receivedInWords,
  requestEvidence,
  sitePageUrl,
  visibleRequests,
} from '../src/judge/rule-engine/helpers.js';
import { defineRule } from '../src/judge/rule-engine/define-rule.js';
import type { ClassifiedSite, FindingEvidence, RuleFinding } from '../src/judge/rule-engine/types.js';
import { asClause } from '../src/util/text.js';
import { appliesTo as consentToWithdraw, reopenEvidence } from './withdrawal-not-available.js';

const messages = {
  trackedAfterWithdrawal: '{{what}} after the visitor withdrew consent in the reopened settings{{how}}.',
  stillClaimsConsent: 'After the visitor withdrew consent{{how}}, {{claims}} still said consent was given.',
  unverifiedWithdrawal: '{{what}} after the scanner withdrew consent{{how}}, but nothing verified the withdrawal ({{why}}). Withdraw manually and check again.',
  recordUnchanged:
    'The withdrawal{{how}} left the consent record {{records}} as the accept had written it, and nothing else (CMP state, TCF, Consent Mode) showed the refusal. Check whether the site kept the withdrawal.',
} as const;

/** There must be a withdrawal that went through (the reopen and the refusal clicks). */
function appliesTo(site: ClassifiedSite): true | string {
  const withdrawable = consentToWithdraw(site);
  if (withdrawable !== true) return withdrawable;
  const withdrawal = site.consent.withdraw!;
  if (withdrawal.via === 'none') return 'the consent settings could not be reopened (rule withdrawal-not-available)';
  if (!withdrawal.done) return `the withdrawal could not be done${withdrawal.detail ? ` (${asClause(withdrawal.detail)})` : ''}`;
  return true;
}

/** After a withdrawal, consent-gated tags must stop and the consent state must say refused. */
export const rule = defineRule({
  meta: {
    id: 'withdrawal-ineffective',
    title: 'Withdrawing consent changes nothing',
    severity: 'high',
    references: ['GDPR Art. 7(3)', 'GDPR Recital 42', 'EDPB Guidelines 05/2020 on consent, §113-114', 'TDDDG §25', 'CNIL deliberation 2020-091, Art. 2'],
    rationale:
      'Withdrawing consent must end the processing it allowed (GDPR Art. 7(3)). Tags that keep loading, identifiers that keep being sent, or a consent record, TCF string or Consent Mode state that still says "granted" after the visitor withdrew, turn the withdrawal into a button that does nothing.',
    remediation:
      'On withdrawal, update the consent record, the TCF string and Consent Mode to refused, stop loading the tags on the next page load, and delete the identifiers they set where possible.',
    checks:
      'In the `withdraw` phase, after the scanner accepted, reloaded, reopened the consent settings and refused everything there (and reloaded again): requests to known tracking services that started after the withdrawal, from the fresh load of the start page on (`afterConsent` in this phase; the last beacons of the withdrawn page itself while the refusal is clicked and while it unloads come from the accept and are not counted), on the start page and the later pages, with the tracking cookies still in the jar as evidence; and the consent claims read before and after the withdrawal (the CMP\'s own state, the TCF string\'s consents, Consent Mode\'s ad_storage / analytics_storage) that still say consent. When independent signals did not verify the withdrawal, findings are needs-review with the reason; a withdrawal that left the consent record unchanged with nothing else showing the refusal is needs-review too.',
  },
  messages,
  appliesTo,
  check(site, context) {
    const withdrawal = site.consent.withdraw!;
    const how = withdrawal.via === 'cmp-api' ? ` (through ${withdrawal.api ?? 'the CMP API'})` : withdrawal.control ? ` ("${withdrawal.control}")` : '';
    const findings: RuleFinding<typeof messages>[] = [];
    const perPage = pagesIn(site, 'withdraw').map(({ page, evidence }) => ({
      page,
      requests: visibleRequests(evidence, context).filter((r) => isTrackingRequest(r) && r.afterConsent),
      cookies: evidence.cookies.filter((c) => isTrackingCookie(c) && !context.isAllowedCookie(c)),
    }));
    for (const p of perPage) {
      if (p.requests.length === 0) continue;
      const evidence: FindingEvidence[] = [...p.requests.map((r) => requestEvidence(r)), ...p.cookies.map((c) => cookieEvidence(c, 'still on the device after the withdrawal'))];
      const what = receivedInWords(p.requests);
      if (withdrawal.verified) findings.push({ outcome: 'fail', phase: 'withdraw', pageUrl: p.page.url, messageId: 'trackedAfterWithdrawal', data: { what, how }, evidence });
      else findings.push({ outcome: 'needs-review', phase: 'withdraw', pageUrl: p.page.url, messageId: 'unverifiedWithdrawal', data: { what, how, why: asClause(withdrawal.verification) }, evidence });
    }
    const claims = withdrawal.claims.filter((c) => c.stillConsented);
    if (claims.length > 0) {
      findings.push({
        outcome: 'fail',
        phase: 'withdraw',
        pageUrl: sitePageUrl(site),
        messageId: 'stillClaimsConsent',
        data: { how, claims: claims.map((c) => `${c.source} (${c.after})`).join(', ') },
        evidence: [...claims.map((c): FindingEvidence => ({ kind: 'consent', value: `${c.source}: ${c.after}`, detail: `before the withdrawal: ${c.before}` })), ...reopenEvidence(withdrawal)],
      });
    }
    if (findings.length === 0 && !withdrawal.signals.some((s) => s.confirms && s.kind !== 'banner-gone')) {
      const unchanged = withdrawal.records.filter((r) => r.change === 'unchanged');
      if (unchanged.length > 0) {
        findings.push({
          outcome: 'needs-review',
          phase: 'withdraw',
          pageUrl: sitePageUrl(site),
          messageId: 'recordUnchanged',
          data: { how, records: unchanged.map((r) => `"${r.name}"`).join(', ') },
          evidence: [...unchanged.map((r): FindingEvidence => ({ kind: r.kind === 'cookie' ? 'cookie' : 'storage', value: r.name, detail: 'unchanged by the withdrawal' })), ...reopenEvidence(withdrawal)],
        });
      }
    }
    return findings;
  },
});
