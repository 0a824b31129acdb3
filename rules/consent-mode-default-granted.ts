import { pagesIn, receivedInWords, requestEvidence, visibleRequests } from '../src/judge/rule-engine/helpers.js';
import type { Phase, RequestRecord, Rule, RuleFinding } from '../src/judge/rule-engine/types.js';

function grantedStorages(r: RequestRecord): string[] {
  const granted: string[] = [];
  if (r.consentMode?.adStorage === 'granted') granted.push('ad_storage');
  if (r.consentMode?.analyticsStorage === 'granted') granted.push('analytics_storage');
  return granted;
}

function signalDetail(r: RequestRecord): string {
  const raw = [r.consentMode?.gcs ? `gcs=${r.consentMode.gcs}` : '', r.consentMode?.gcd ? `gcd=${r.consentMode.gcd}` : ''].filter(Boolean).join(' ');
  return `${grantedStorages(r).join(' and ')} granted${raw ? ` (${raw})` : ''}`;
}

/** Google Consent Mode says "granted" although the visitor has not consented (or refused). */
export const rule: Rule = {
  meta: {
    id: 'consent-mode-default-granted',
    title: 'Google Consent Mode granted without consent',
    severity: 'high',
    references: ['ePrivacy Directive 2002/58/EC, Art. 5(3)', 'GDPR Art. 4(11)', 'GDPR Recital 32', 'TDDDG §25'],
    rationale:
      'Google tags report the visitor\'s consent state with every hit (Consent Mode). A default of "granted" tells Google to store cookies and use the data for measurement and ads as if the visitor had agreed, although silence or inactivity is not consent.',
    remediation:
      'Set the Consent Mode defaults to denied (gtag(\'consent\', \'default\', { ad_storage: \'denied\', analytics_storage: \'denied\', ad_user_data: \'denied\', ad_personalization: \'denied\' })) before any Google tag runs, and update them to granted only from the consent manager after the visitor accepts.',
    checks:
      'Google requests carrying Consent Mode parameters (gcs / gcd) that say ad_storage or analytics_storage is granted: in the `before` phase, and in the `reject` phase after the reject click.',
  },
  check(site, context) {
    const findings: RuleFinding[] = [];
    const scan = (phase: Phase, include: (r: RequestRecord) => boolean, when: string) => {
      for (const { page, evidence } of pagesIn(site, phase)) {
        const requests = visibleRequests(evidence, context).filter((r) => include(r) && grantedStorages(r).length > 0);
        if (requests.length === 0) continue;
        const storages = [...new Set(requests.flatMap(grantedStorages))];
        findings.push({
          outcome: 'fail',
          phase,
          pageUrl: page.url,
          message: `Google Consent Mode signalled ${storages.join(' and ')} as granted ${when}: ${receivedInWords(requests)} saying so.`,
          evidence: requests.map((r) => requestEvidence(r, signalDetail(r))),
        });
      }
    };
    scan('before', () => true, 'before the visitor made any choice');
    if (site.consent.reject?.done === true) scan('reject', (r) => r.afterConsent, 'after the visitor clicked "reject all"');
    return findings;
  },
};
