import { defineRule } from '../src/judge/rule-engine/define-rule.js';
import { controlEvidence, screenshotEvidence, sitePageUrl } from '../src/judge/rule-engine/helpers.js';
import type { FindingEvidence } from '../src/judge/rule-engine/types.js';
import type { PageBehind } from '../src/model/banner.js';

/** Share of the grid points outside the banner that must hit an overlay for the page to count as covered. */
export const DEFAULT_MIN_BLOCKED_SHARE = 0.5;

const messages = {
  wall: 'The consent banner blocks the page ({{blocked}}) and offers no way to refuse or to continue without accepting: {{refusal}}.',
  rejectUnknown: 'The consent banner blocks the page ({{blocked}}); whether it can be refused is unclear: {{refusal}}.',
} as const;

/** Whether the page behind counts as blocked, in words; undefined when it is usable. */
export function blockedBy(behind: PageBehind, minShare: number): string | undefined {
  if (behind.pointsTested === 0) return undefined;
  const share = behind.pointsBlocked / behind.pointsTested;
  if (share < minShare) return undefined;
  // An overlay the visitor can scroll past, with nothing inert, does not lock the page.
  if (behind.scrollLocked === false && behind.inert.length === 0) return undefined;
  const parts = [`an overlay covers ${behind.pointsBlocked} of ${behind.pointsTested} points outside the banner`];
  if (behind.scrollLocked === true) parts.push('scrolling is locked');
  if (behind.inert.length > 0) parts.push(behind.inert.join(', '));
  return parts.join('; ');
}

/** The page is blocked until the visitor accepts: no reject, no way on without consenting. */
export const rule = defineRule({
  meta: {
    id: 'cookie-wall',
    title: 'Cookie wall: the page cannot be used without accepting',
    severity: 'high',
    references: [
      'EDPB Guidelines 05/2020 on consent, §39-41 (cookie walls)',
      'GDPR Art. 7(4)',
      'GDPR Art. 4(11)',
      'Autoriteit Persoonsgegevens (NL), position on cookie walls (7 Mar 2019)',
      'CNIL deliberation 2020-091 (17 Sep 2020), case-by-case view on cookie walls and paywalls',
    ],
    rationale:
      'Consent obtained by denying access to the content unless the visitor agrees is not freely given: the EDPB (Guidelines 05/2020, §39-41) and the Dutch AP consider such cookie walls unlawful. Authorities differ on "pay or consent" walls (the CNIL judges them case by case, some German authorities accept a fair paid alternative), so the severity is configurable.',
    remediation:
      'Let the visitor refuse on the first layer (a "reject all" next to "accept all") or continue to the content without accepting; a paid alternative should be assessed with your authority\'s current position.',
    checks:
      'Once per site, on the banner as the plan\'s first phase measured it before any click: the page behind counts as blocked when at least `minBlockedShare` of a 6 × 6 grid of points outside the banner hit an overlay or modal backdrop, unless a scroll still moves the page and nothing is inert. A blocked page fails when the first layer has no reject control and the reject phase found no refusal that worked. A reject click that went through but that nothing verified makes it needs-review (the rule checks that itself: a blocked page with a reject on its first layer passes whatever the proof of its click), as does a blocked page whose reject phase did not run. Severity is configurable ("cookie-wall": "medium") since authorities differ.',
    options: {
      minBlockedShare: { type: 'number', minimum: 0.05, maximum: 1, default: DEFAULT_MIN_BLOCKED_SHARE, description: 'Share of the grid points outside the banner that must hit an overlay (0.5: half the page).' },
    },
  },
  messages,
  appliesTo(site) {
    if (!site.consent.bannerFound) return 'no consent banner was found';
    const behind = site.consent.bannerDesign?.pageBehind;
    if (!behind) return 'the page behind the banner was not measured';
    return true;
  },
  check(site, context) {
    const design = site.consent.bannerDesign!;
    const blocked = blockedBy(design.pageBehind!, context.options.minBlockedShare);
    if (!blocked) return [];
    const pageUrl = sitePageUrl(site);
    const rejectOnFirst = design.controls.find((c) => c.role === 'reject');
    if (rejectOnFirst || site.consent.rejectOnFirstLayer === true) return [];
    const evidence: FindingEvidence[] = [
      { kind: 'consent', value: `page behind: ${blocked}`, detail: design.pageBehind!.scrollDetail },
      ...design.controls.filter((c) => c.role !== 'other').map((c) => controlEvidence(c.role, c)),
      ...screenshotEvidence(site),
    ];
    const reject = site.consent.reject;
    if (!reject) return [{ outcome: 'needs-review', pageUrl, messageId: 'rejectUnknown', data: { blocked, refusal: 'no reject control on the first layer, and the reject phase did not run' }, evidence }];
    evidence.push({ kind: 'consent', value: `reject phase: ${reject.done ? `done (${reject.method}), ${reject.verified ? 'verified' : 'not verified'}` : 'no refusal found'}`, ...(reject.detail ? { detail: reject.detail } : {}) });
    if (reject.done && reject.verified) return [];
    if (reject.done) {
      const clicked = reject.clicks.map((c) => `"${c.label}"`).join(', ') || 'through';
      return [{ outcome: 'needs-review', phase: 'reject', pageUrl, messageId: 'rejectUnknown', data: { blocked, refusal: `no reject control on the first layer; the reject phase clicked ${clicked}, but nothing verified the refusal (${reject.verification})` }, evidence }];
    }
    const refusal = `no reject control on the first layer, and the reject phase found none (${reject.detail ?? 'nothing to click'})`;
    return [{ outcome: 'fail', phase: 'reject', pageUrl, messageId: 'wall', data: { blocked, refusal }, evidence }];
  },
});
