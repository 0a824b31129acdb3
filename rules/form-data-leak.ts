import { defineRule } from '../src/judge/rule-engine/define-rule.js';
import { listInWords, receivedInWords, requestEvidence, visibleRequests } from '../src/judge/rule-engine/helpers.js';
import type { RuleFinding } from '../src/judge/rule-engine/types.js';
import type { Phase, RequestRecord } from '../src/model/evidence.js';
import type { MarkerMatch } from '../src/model/leak.js';

const messages = {
  leaked: 'The page sent the {{fields}} typed into its form, never submitted, to third parties {{when}}: {{receivers}}.',
  possibleLeak: 'Requests to third parties {{when}} carried part of a digest of the {{fields}} typed into the form, never submitted: {{receivers}}. A truncated digest is a likely but not a certain match; a person should confirm.',
} as const;

/** When the data left, in the words of the message. */
const WHEN: Record<Phase, string> = {
  before: 'before the visitor made any consent choice',
  accept: 'after the visitor accepted cookies',
  reject: 'after the visitor rejected cookies',
  withdraw: 'after the visitor withdrew consent',
};

const FIELD_WORDS: Record<MarkerMatch['field'], string> = { email: 'e-mail address', name: 'name', phone: 'phone number' };

/** "email as sha256-hex of the lower-cased, trimmed value, in the body". */
function matchInWords(match: MarkerMatch): string {
  const parts = [`${FIELD_WORDS[match.field]} as ${match.encoding}`];
  if (match.normalised) parts.push(match.field === 'phone' ? 'of the E.164 digits' : 'of the lower-cased, trimmed value');
  if (match.truncated) parts.push('(truncated digest)');
  if (match.insideBase64) parts.push('inside a base64 payload');
  if (match.urlEncodedLayers) parts.push(`URL-encoded ${match.urlEncodedLayers === 1 ? 'once' : 'twice'}`);
  parts.push(match.where === 'header' ? `in the ${match.header ?? ''} header` : `in the ${match.where}`);
  return parts.join(' ');
}

function fieldsInWords(matches: readonly MarkerMatch[]): string {
  return listInWords([...new Set(matches.map((m) => FIELD_WORDS[m.field]))]);
}

/** Form data (the scanner's typed markers) sent to third parties without the form being submitted. */
export const rule = defineRule({
  meta: {
    id: 'form-data-leak',
    title: 'Form data sent to third parties before submitting',
    severity: 'high',
    references: [
      'GDPR Art. 5(1)(a) and (c)',
      'GDPR Art. 6(1)',
      'ePrivacy Directive 2002/58/EC, Art. 5(3)',
      'TDDDG §25',
      'CJEU C-40/17 Fashion ID (29 Jul 2019)',
      'DSK Orientierungshilfe Telemedien 2021',
      'CNIL deliberation 2020-092 on cookies and other trackers (17 Sep 2020)',
    ],
    rationale:
      'A person who types an e-mail address, name or phone number into a form and leaves without sending it has shared nothing. Scripts that read the fields as they are typed and send the values (often hashed with SHA-256 after lower-casing, as "advanced matching" of advertising pixels does) to an advertiser collect personal data the visitor never gave: a hash of an e-mail address is still personal data, since the advertiser matches it to its users. There is no legal basis for this before consent, none after a refusal, and even after "accept all" it is not transparent (Art. 5(1)(a)) nor limited to what the visitor chose to submit (Art. 5(1)(c)). US class actions over the Meta pixel and the guidance of European authorities on trackers (CNIL, the German DSK) concern exactly this kind of collection.',
    remediation:
      'Turn off automatic advanced matching / enhanced conversions that read form fields ("automatic" or "auto" e-mail detection in the pixel or tag manager settings). Send customer data to an advertiser, if at all, only after the visitor submitted the form, with consent, and say so in the privacy notice. Mask form fields in session replay and analytics tools.',
    checks:
      'In every phase the scanner types its own marker values (an e-mail address on example.org, an unusual name, a reserved phone number) into the visible e-mail, name and phone fields of each page and leaves them without submitting. A request to a third party (another registrable domain than the site) that carries a marker, plain, URL-encoded, base64 or hashed with MD5, SHA-1 or SHA-256 (also of the lower-cased, trimmed value and of the phone\'s E.164 digits), is a leak. Requests to the site itself are its own form handling and not reported. Severity: high before any choice, after reject and after withdrawing (no consent at all), medium after accept (consent to cookies is not consent to harvesting unsent form input, but the visitor did agree to the advertiser). A match of only a truncated digest is needs-review.',
  },
  messages,
  appliesTo: (site) => site.pages.some((p) => Object.values(p.phases).some((e) => e?.formTyping?.fields.length)) || 'no form field was found to type a marker into',
  check(site, context) {
    const findings: RuleFinding<typeof messages>[] = [];
    for (const page of site.pages) {
      for (const [phase, evidence] of Object.entries(page.phases) as Array<[Phase, (typeof page.phases)[Phase]]>) {
        if (!evidence) continue;
        const leaking = visibleRequests(evidence, context).filter((r) => !r.firstParty && r.markers?.length);
        const certain = leaking.filter((r) => r.markers!.some((m) => !m.truncated));
        const truncatedOnly = leaking.filter((r) => !certain.includes(r));
        // A phase whose consent click did not happen saw the page as before any choice.
        const action = phase === 'accept' ? site.consent.accept : phase === 'reject' ? site.consent.reject : phase === 'withdraw' ? site.consent.withdraw : undefined;
        const chosen = phase !== 'before' && action?.done === true;
        const when = chosen ? WHEN[phase] : phase === 'before' ? WHEN.before : `without any consent choice (nothing was clicked in the ${phase} phase)`;
        const severity = chosen && phase === 'accept' ? ({ severity: 'medium' } as const) : {};
        const report = (requests: RequestRecord[], outcome: 'fail' | 'needs-review', messageId: keyof typeof messages) => {
          if (requests.length === 0) return;
          const matches = requests.flatMap((r) => r.markers!.filter((m) => outcome === 'needs-review' || !m.truncated));
          findings.push({
            outcome,
            phase,
            pageUrl: page.url,
            messageId,
            ...severity,
            data: { fields: fieldsInWords(matches), when, receivers: receivedInWords(requests) },
            evidence: requests.map((r) => requestEvidence(r, listInWords(r.markers!.filter((m) => outcome === 'needs-review' || !m.truncated).map(matchInWords), 4))),
          });
        };
        report(certain, 'fail', 'leaked');
        report(truncatedOnly, 'needs-review', 'possibleLeak');
      }
    }
    return findings;
  },
});
