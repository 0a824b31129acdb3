import { PHASES } from '../src/model/evidence.js';
import { defineRule } from '../src/judge/rule-engine/define-rule.js';
import { pagesIn, receivedInWords, requestEvidence, visibleRequests } from '../src/judge/rule-engine/helpers.js';
import type { ClassifiedSite, Phase, RequestRecord, RuleFinding } from '../src/judge/rule-engine/types.js';

function grantedStorages(r: RequestRecord): string[] {
  const granted: string[] = [];
  if (r.consentMode?.adStorage === 'granted') granted.push('ad_storage');
  if (r.consentMode?.analyticsStorage === 'granted') granted.push('analytics_storage');
  return granted;
}

/** Whether any phase recorded a Google request carrying Consent Mode parameters. */
function consentModeSeen(site: ClassifiedSite): boolean {
  return PHASES.some((phase) => pagesIn(site, phase).some(({ evidence }) => evidence.requests.some((r) => r.consentMode !== undefined)));
}

function signalDetail(r: RequestRecord): string {
  const raw = [r.consentMode?.gcs ? `gcs=${r.consentMode.gcs}` : '', r.consentMode?.gcd ? `gcd=${r.consentMode.gcd}` : ''].filter(Boolean).join(' ');
  return `${grantedStorages(r).join(' and ')} granted${raw ? ` (${raw})` : ''}`;
}

const messages = {
  grantedBeforeChoice: 'Google Consent Mode signalled {{storages}} as granted before the visitor made any choice: {{receivers}} saying so.',
  grantedAfterReject: 'Google Consent Mode signalled {{storages}} as granted after the visitor clicked "reject all": {{receivers}} saying so.',
} as const;

/** Google Consent Mode says "granted" although the visitor has not consented (or refused). */
export const rule = defineRule({
  meta: {
    id: 'consent-mode-default-granted',
    title: 'Google Consent Mode granted without consent',
    severity: 'high',
    consentClicks: ['reject'],
    references: ['ePrivacy Directive 2002/58/EC, Art. 5(3)', 'GDPR Art. 4(11)', 'GDPR Recital 32', 'TDDDG §25'],
    rationale:
      'Google tags report the visitor\'s consent state with every hit (Consent Mode). A default of "granted" tells Google to store cookies and use the data for measurement and ads as if the visitor had agreed, although silence or inactivity is not consent.',
    remediation:
      'Set the Consent Mode defaults to denied (gtag(\'consent\', \'default\', { ad_storage: \'denied\', analytics_storage: \'denied\', ad_user_data: \'denied\', ad_personalization: \'denied\' })) before any Google tag runs, and update them to granted only from the consent manager after the visitor accepts.',
    checks:
      'Google requests carrying Consent Mode parameters (gcs / gcd) that say ad_storage or analytics_storage is granted: in the `before` phase, and in the `reject` phase after the reject click. When the reject click went through but nothing verified it, fails in that phase are needs-review, and no finding there is needs-review rather than a pass.',
  },
  messages,
  appliesTo: (site) => consentModeSeen(site) || 'no Google request carried Consent Mode parameters',
  check(site, context) {
    const findings: RuleFinding<typeof messages>[] = [];
    const scan = (phase: Phase, include: (r: RequestRecord) => boolean, messageId: keyof typeof messages) => {
      for (const { page, evidence } of pagesIn(site, phase)) {
        const requests = visibleRequests(evidence, context).filter((r) => include(r) && grantedStorages(r).length > 0);
        if (requests.length === 0) continue;
        const storages = [...new Set(requests.flatMap(grantedStorages))];
        findings.push({
          outcome: 'fail',
          phase,
          pageUrl: page.url,
          messageId,
          data: { storages: storages.join(' and '), receivers: receivedInWords(requests) },
          evidence: requests.map((r) => requestEvidence(r, signalDetail(r))),
        });
      }
    };
    scan('before', () => true, 'grantedBeforeChoice');
    // An unverified reject click still scans: the engine turns its fails into needs-review (consentClicks).
    if (site.consent.reject?.done === true) scan('reject', (r) => r.afterConsent, 'grantedAfterReject');
    return findings;
  },
});
