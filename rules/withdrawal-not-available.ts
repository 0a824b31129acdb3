import { sitePageUrl } from '../src/judge/rule-engine/helpers.js';
import { defineRule } from '../src/judge/rule-engine/define-rule.js';
import type { ClassifiedSite, FindingEvidence } from '../src/judge/rule-engine/types.js';
import type { WithdrawalRecord } from '../src/model/withdrawal.js';

const messages = {
  noWayBack:
    'After "accept all", the scanner found no way to reopen the consent settings on the start page: {{how}}. Withdrawing consent must be as easy as giving it.',
  apiOnly:
    'After "accept all", the consent settings could only be reopened through the consent manager\'s JavaScript API ({{api}}), which a visitor cannot call; no link or button on the start page did it ({{how}}). Check whether the site offers a way back elsewhere (privacy policy, footer on other pages).',
} as const;

/** The withdraw phase ran, found a banner and accepted: then there is consent to withdraw (both withdrawal rules). */
export function appliesTo(site: ClassifiedSite): true | string {
  const withdrawal = site.consent.withdraw;
  if (!withdrawal) return 'no withdraw phase ran';
  if (withdrawal.skipped) return `nothing to withdraw: ${withdrawal.skipped}`;
  return true;
}

/** How reopening was looked for, as evidence. */
export function reopenEvidence(withdrawal: WithdrawalRecord): FindingEvidence[] {
  const evidence: FindingEvidence[] = [{ kind: 'consent', value: `reopen: ${withdrawal.via}`, detail: withdrawal.reopenDetail }];
  for (const label of withdrawal.candidates) evidence.push({ kind: 'consent', value: `reopen candidate: ${label}` });
  for (const api of withdrawal.apis) evidence.push({ kind: 'consent', value: `CMP API: ${api}`, detail: api === withdrawal.api ? 'reopened the settings' : 'offered by the page' });
  for (const click of withdrawal.clicks) evidence.push({ kind: 'consent', value: `click (${click.role}): ${click.label}`, detail: click.trusted ? 'trusted click' : 'element.click()' });
  return evidence;
}

/** A visitor who accepted must find a way back to the consent settings (GDPR Art. 7(3)). */
export const rule = defineRule({
  meta: {
    id: 'withdrawal-not-available',
    title: 'No way to withdraw consent',
    severity: 'high',
    references: ['GDPR Art. 7(3)', 'GDPR Recital 42', 'EDPB Guidelines 05/2020 on consent, §113-114', 'TDDDG §25', 'CNIL deliberation 2020-091, Art. 2'],
    rationale:
      'Consent must be as easy to withdraw as to give (GDPR Art. 7(3)). A site that asks for consent on a banner but offers no persistent way back to the consent settings (a "cookie settings" link or a floating button) leaves a visitor who accepted with no means to change their mind.',
    remediation:
      'Offer a persistent control on every page, e.g. a "Cookie settings" / "Datenschutzeinstellungen" link in the footer or the consent manager\'s floating button, that reopens the consent settings with a way to refuse everything.',
    checks:
      'In the `withdraw` phase: a fresh profile accepts on the banner, reloads the start page and looks for a control that reopens the consent settings: links, buttons and floating icons whose label, aria-label or title is a reopen phrase in any of the 26 languages, CMP reopen markup (e.g. `data-cc="show-preferencesModal"`, Cookiebot\'s widget, tarteaucitron\'s icon) or a handler calling a CMP reopen API. When none reopens a consent layer, the CMP\'s documented API is tried (`klaro.show()`, `CookieConsent.showPreferences()`, `Cookiebot.renew()`, …). Not applicable when the phase found no banner or could not accept.',
  },
  messages,
  appliesTo,
  check(site) {
    const withdrawal = site.consent.withdraw;
    if (!withdrawal || withdrawal.skipped || withdrawal.via === 'page-control') return [];
    const how = withdrawal.reopenDetail.replace(/[.;\s]+$/, '');
    if (withdrawal.via === 'cmp-api') {
      return [{ outcome: 'needs-review', phase: 'withdraw', pageUrl: sitePageUrl(site), messageId: 'apiOnly', data: { api: withdrawal.api ?? 'the CMP API', how }, evidence: reopenEvidence(withdrawal) }];
    }
    return [{ outcome: 'fail', phase: 'withdraw', pageUrl: sitePageUrl(site), messageId: 'noWayBack', data: { how }, evidence: reopenEvidence(withdrawal) }];
  },
});
