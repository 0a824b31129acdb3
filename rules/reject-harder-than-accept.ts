import { defineRule } from '../src/judge/rule-engine/define-rule.js';
import { controlEvidence, screenshotEvidence, sitePageUrl, unmeasuredReason } from '../src/judge/rule-engine/helpers.js';
import { boxArea, clicksNeeded, controlFor } from '../src/model/banner.js';
import type { FindingEvidence, RuleFinding } from '../src/judge/rule-engine/types.js';

/** Accept's area at least this many times reject's is "far larger" (EDPB taskforce: buttons of unequal size). */
export const DEFAULT_MIN_AREA_RATIO = 2;
/** WCAG 2.x SC 1.4.3 (level AA): normal text needs 4.5:1 against its background. */
export const DEFAULT_MIN_TEXT_CONTRAST = 4.5;

const messages = {
  harder: 'Refusing is made harder than accepting: {{reasons}}.',
  unclear: 'The scanner could not compare the banner\'s reject and accept controls: {{reason}}. Check the banner screenshot.',
} as const;

/** Rejecting takes more clicks, or reject is a text link next to an accept button, or it is much smaller or hard to read. */
export const rule = defineRule({
  meta: {
    id: 'reject-harder-than-accept',
    title: 'Rejecting is harder than accepting',
    severity: 'medium',
    consentClicks: ['accept', 'reject'],
    references: [
      'EDPB Cookie Banner Taskforce report (adopted 17 Jan 2023), items "deceptive link design" and "deceptive button colours / contrast"',
      'GDPR Art. 7(3)',
      'GDPR Art. 4(11)',
      'CNIL deliberations 2020-091 and 2020-092 (17 Sep 2020)',
      'WCAG 2.1 SC 1.4.3 Contrast (Minimum)',
    ],
    rationale:
      'Consent is only freely given when refusing is as easy as accepting. The EDPB cookie banner taskforce (2023) found that a reject offered as a plain link inside the text next to an accept button, or a reject button whose colour and contrast make it hard to see, mislead visitors into accepting; the CNIL asks that refusing take the same effort (clicks) as accepting.',
    remediation:
      'Offer "reject all" on the first layer as a button of the same kind, size and contrast as "accept all", reached with the same number of clicks. Text of both must meet WCAG 2.x contrast (4.5:1).',
    checks:
      'Once per site, on the banner as the plan\'s first phase measured it before any click, and on the clicks the accept and reject phases recorded: fails when rejecting took more clicks than accepting (both clicks verified), when the reject control on the first layer is a text link while accept is a button, when accept\'s area is at least `minAreaRatio` times reject\'s, when reject\'s text contrast is below `minTextContrast` while accept\'s is not, or (when `minProminenceRatio` is set) when accept stands out against the banner that many times more than reject. Needs-review when the banner could not be measured, no reject control could be measured while the first layer has one, or colours were unreadable. When a click went through but nothing verified it, a pass is needs-review.',
    options: {
      minAreaRatio: { type: 'number', minimum: 1, maximum: 100, default: DEFAULT_MIN_AREA_RATIO, description: "Accept's area at least this many times reject's fails (2: accept twice as large)." },
      minTextContrast: { type: 'number', minimum: 1, maximum: 21, default: DEFAULT_MIN_TEXT_CONTRAST, description: "Reject's text contrast below this (while accept's is not) fails; 4.5 is WCAG 2.x AA for normal text." },
      minProminenceRatio: {
        type: 'number',
        minimum: 0,
        maximum: 21,
        default: 0,
        description: "Accept's prominence (its background's contrast against the banner's) at least this many times reject's fails; 0 turns the check off (an outlined secondary button has prominence 1 and is usually accepted while its text is readable).",
      },
    },
  },
  messages,
  appliesTo(site) {
    if (!site.consent.bannerFound) return 'no consent banner was found';
    if (!site.consent.bannerDesign) return "the banner's design was not measured (evidence of an older version, or the first phase saw no banner)";
    return true;
  },
  check(site, context) {
    const design = site.consent.bannerDesign!;
    const { minAreaRatio, minTextContrast, minProminenceRatio } = context.options;
    const pageUrl = sitePageUrl(site);
    const unclear = (reason: string, evidence: FindingEvidence[] = []): RuleFinding<typeof messages>[] => [
      { outcome: 'needs-review', pageUrl, messageId: 'unclear', data: { reason }, evidence: [...evidence, ...screenshotEvidence(site)] },
    ];
    const notMeasured = unmeasuredReason(design);
    if (notMeasured) return unclear(notMeasured);

    const accept = controlFor(design, 'accept', site.consent.accept);
    const reject = controlFor(design, 'reject', site.consent.reject);
    const reasons: string[] = [];
    const doubts: string[] = [];
    const evidence: FindingEvidence[] = [];
    if (accept) evidence.push(controlEvidence('accept', accept));
    if (reject) evidence.push(controlEvidence('reject', reject));

    const acceptClicks = clicksNeeded(site.consent.accept);
    const rejectClicks = clicksNeeded(site.consent.reject);
    const clicksText = (c: typeof acceptClicks) => ('clicks' in c ? String(c.clicks) : `unknown (${c.unknown})`);
    evidence.push({ kind: 'consent', value: `clicks to accept: ${clicksText(acceptClicks)}; clicks to reject: ${clicksText(rejectClicks)}` });
    if ('clicks' in acceptClicks && 'clicks' in rejectClicks && rejectClicks.clicks > acceptClicks.clicks) {
      reasons.push(`rejecting took ${rejectClicks.clicks} clicks, accepting ${acceptClicks.clicks}`);
    }

    if (accept && reject) {
      if (accept.kind === 'button' && reject.kind === 'link') reasons.push(`"${reject.label}" is a text link while "${accept.label}" is a button`);
      const acceptArea = boxArea(accept.box);
      const rejectArea = boxArea(reject.box);
      if (rejectArea > 0 && acceptArea >= minAreaRatio * rejectArea) {
        reasons.push(`"${accept.label}" covers ${acceptArea} px², ${Math.round((acceptArea / rejectArea) * 10) / 10} times the ${rejectArea} px² of "${reject.label}" (limit ${minAreaRatio}×)`);
      }
      if (accept.textContrast === null || reject.textContrast === null) doubts.push('the text colours of accept or reject could not be read');
      else if (reject.textContrast < minTextContrast && accept.textContrast >= minTextContrast) {
        reasons.push(`the text of "${reject.label}" has a contrast of ${reject.textContrast}:1, below ${minTextContrast}:1, while "${accept.label}" has ${accept.textContrast}:1`);
      }
      if (minProminenceRatio > 0) {
        if (accept.prominence === null || reject.prominence === null) doubts.push('the backgrounds of accept or reject could not be read');
        else if (accept.prominence >= minProminenceRatio * reject.prominence) {
          reasons.push(`"${accept.label}" stands out ${accept.prominence}:1 against the banner, "${reject.label}" ${reject.prominence}:1 (limit ${minProminenceRatio}×)`);
        }
      }
    } else if (!accept) {
      doubts.push('no accept control could be measured on the first layer');
    } else if (site.consent.rejectOnFirstLayer === true) {
      doubts.push('the first layer has a reject control, but the measurement found none to compare');
    }

    if (reasons.length > 0) {
      return [{ outcome: 'fail', pageUrl, messageId: 'harder', data: { reasons: reasons.join('; ') }, evidence: [...evidence, ...screenshotEvidence(site)] }];
    }
    if (doubts.length > 0) return unclear(doubts.join('; '), evidence);
    return [];
  },
});
