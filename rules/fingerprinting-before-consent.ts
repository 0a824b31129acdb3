import { defineRule } from '../src/judge/rule-engine/define-rule.js';
import { behaviourIn, isProvenElsewhere, listInWords, pagesIn, provenScriptUrls, scriptEvidence, scriptLabel } from '../src/judge/rule-engine/helpers.js';
import type { RuleFinding } from '../src/judge/rule-engine/types.js';
import type { ScriptBehaviour, TechniqueFinding } from '../src/model/evidence.js';

const messages = {
  fingerprintedBeforeChoice: '{{script}} fingerprinted the browser before the visitor made any choice: {{techniques}}.',
  partialBeforeChoice:
    '{{script}} used {{techniques}} before the visitor made any choice, in part as fingerprinters do; whether it identifies the device needs a person to check.',
} as const;

const TECHNIQUE_NAMES: Record<TechniqueFinding['technique'], string> = {
  canvas: 'canvas fingerprinting',
  'canvas-font': 'font enumeration',
  webgl: 'WebGL renderer query',
  audio: 'audio fingerprinting',
  'navigator-sweep': 'a navigator / screen sweep',
  'high-entropy-hints': 'high-entropy client hints',
};

function techniquesInWords(techniques: readonly TechniqueFinding[]): string {
  return listInWords(techniques.map((t) => TECHNIQUE_NAMES[t.technique]), 6);
}

function techniqueEvidence(t: TechniqueFinding) {
  return { kind: 'other' as const, value: `${t.technique}${t.strong ? '' : ' (partial)'}`, detail: t.detail };
}

/** Scripts that fingerprint the browser before any consent choice. */
export const rule = defineRule({
  meta: {
    id: 'fingerprinting-before-consent',
    title: 'Browser fingerprinting before consent',
    severity: 'high',
    references: [
      'ePrivacy Directive 2002/58/EC, Art. 5(3)',
      'EDPB Guidelines 2/2023 on the technical scope of Art. 5(3) ePrivacy Directive',
      'TDDDG §25',
      'GDPR Art. 6(1)(a)',
      'Article 29 Working Party Opinion 9/2014 on device fingerprinting (WP224)',
    ],
    rationale:
      'A fingerprinting script reads what makes the browser unique (how it draws text on a canvas, renders audio, which fonts and GPU it has, dozens of navigator and screen properties) and turns it into an identifier that survives cookie deletion. Reading that information from the device is access under Art. 5(3) ePrivacy (EDPB Guidelines 2/2023 and WP29 Opinion 9/2014 say so explicitly) and needs consent unless strictly necessary for a service the visitor asked for.',
    remediation:
      'Load fingerprinting scripts (device identification, "visitor ID" libraries, ad-fraud scripts that fingerprint) only after consent, or drop them. Where fraud prevention truly requires it, run it only on the pages that need it (login, payment) and document why it is strictly necessary.',
    checks:
      'In the `before` phase: every script (by the URL on its call stack) whose calls the judge scored as fingerprinting after Englehardt & Narayanan 2016 / OpenWPM as Blacklight applies them: canvas text (≥ 10 distinct characters or ≥ 2 colours) read back from ≥ 16×16 px without save/restore or canvas listeners; ≥ 50 distinct fonts measured; OfflineAudioContext with oscillator or compressor, rendered and read; the WebGL unmasked renderer or vendor; ≥ 15 distinct navigator and screen properties; ≥ 2 high-entropy client hints. At least `minTechniques` such techniques fail; weaker signals (a read-back of an interactive canvas, 25 fonts, 10 properties, one high-entropy hint) are needs-review, unless the same script fingerprinted in full on another page of the phase (one script, one verdict). Allowlisted hosts are ignored.',
    options: {
      minTechniques: {
        type: 'integer',
        minimum: 1,
        maximum: 6,
        default: 1,
        description: 'Fingerprinting techniques a script must use in full for a fail (fewer: needs-review).',
      },
    },
  },
  messages,
  appliesTo: (site) => pagesIn(site, 'before').length > 0 || 'no before phase ran',
  check(site, context) {
    const { minTechniques } = context.options;
    const findings: RuleFinding<typeof messages>[] = [];
    const behaviour = behaviourIn(site, 'before', context);
    const isFingerprinting = (b: ScriptBehaviour) => b.techniques.filter((t) => t.strong).length >= minTechniques;
    const proven = provenScriptUrls(behaviour, isFingerprinting);
    for (const [pageUrl, scripts] of behaviour) {
      for (const b of scripts) {
        if (b.techniques.length === 0) continue;
        const strong = b.techniques.filter((t) => t.strong);
        const fail = isFingerprinting(b);
        if (!fail && isProvenElsewhere(b, proven)) continue;
        findings.push({
          outcome: fail ? 'fail' : 'needs-review',
          phase: 'before',
          pageUrl,
          messageId: fail ? 'fingerprintedBeforeChoice' : 'partialBeforeChoice',
          data: { script: scriptLabel(b), techniques: techniquesInWords(fail ? strong : b.techniques) },
          evidence: [scriptEvidence(b), ...b.techniques.map(techniqueEvidence)],
        });
      }
    }
    return findings;
  },
});
