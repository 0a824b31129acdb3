/**
 * Multilingual labels of consent-banner buttons, for the project's own fallback heuristics
 * (banners autoconsent has no rule for). Matching is on whole, normalised labels only: a
 * substring test for "accept" would also match "don't accept" or "accept only necessary".
 * Reject phrases are checked first, so "accept only necessary" is a reject.
 */

/** What a control does when clicked. */
export type ControlKind = 'accept' | 'reject' | 'settings' | 'save';

/** How sure the label is: 3 "accept all" / "reject all", 2 a plain accept / refuse, 1 an acknowledgement ("ok"). */
export type PhraseStrength = 1 | 2 | 3;

export interface LabelClass {
  kind: ControlKind;
  strength: PhraseStrength;
}

/**
 * Lower case, accents stripped, typographic apostrophes made straight, whitespace collapsed and
 * decoration (✓, →, "!", "×") trimmed from both ends. The in-page scan sends raw labels;
 * everything is classified here, so this is the only normaliser.
 */
export function normalizeLabel(raw: string): string {
  return raw
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[\u2018\u2019\u02bc`´]/g, "'")
    .replace(/[\s\u00a0]+/g, ' ')
    .replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '')
    .replace(/\s*&\s*/g, ' and ');
}

/** Labels longer than this are sentences, not buttons; never matched. */
export const MAX_LABEL_LENGTH = 40;

// Phrase tables, written as people see them; they are normalised when this module loads.
const REJECT_ALL: readonly string[] = [
  // English
  'reject all', 'reject all cookies', 'reject cookies', 'reject', 'reject and close', 'reject all and close',
  'decline all', 'decline all cookies', 'decline', 'decline cookies', 'i decline', 'deny', 'deny all', 'deny all cookies',
  'refuse', 'refuse all', 'refuse all cookies', 'i refuse', 'disagree', 'i disagree', 'do not agree', "don't agree",
  'i do not agree', 'do not accept', "don't accept", 'i do not accept', 'reject optional cookies', 'decline optional cookies',
  'reject non-essential', 'reject non-essential cookies', 'refuse non-essential cookies', 'decline non-essential cookies',
  'reject additional cookies', 'reject unnecessary cookies', 'continue without accepting', 'continue without consent',
  'only necessary', 'only necessary cookies', 'necessary only', 'necessary cookies only', 'strictly necessary only',
  'only essential', 'only essential cookies', 'essential only', 'essential cookies only', 'use necessary cookies only',
  'use essential cookies only', 'accept only necessary', 'accept only necessary cookies', 'accept necessary',
  'accept necessary cookies', 'accept necessary only', 'accept essential', 'accept essential cookies',
  'accept only essential', 'accept only essential cookies', 'allow necessary only', 'allow only necessary',
  'allow necessary cookies', 'allow only necessary cookies', 'allow essential cookies only', 'only allow necessary cookies',
  'only allow essential cookies', 'no thanks', 'no, thanks', 'no, thank you',
  // German
  'alle ablehnen', 'alles ablehnen', 'ablehnen', 'alle cookies ablehnen', 'cookies ablehnen', 'ablehnen und schließen',
  'optionale ablehnen', 'optionale cookies ablehnen', 'nicht zustimmen', 'nicht einverstanden', 'ich lehne ab',
  'nur notwendige', 'nur notwendige cookies', 'nur notwendige cookies akzeptieren', 'nur notwendige akzeptieren',
  'notwendige cookies akzeptieren', 'nur notwendige zulassen', 'nur notwendige cookies zulassen', 'nur notwendige erlauben',
  'nur essenzielle', 'nur essenzielle cookies', 'nur essentielle', 'nur essentielle cookies', 'nur essenzielle akzeptieren',
  'nur erforderliche', 'nur erforderliche cookies', 'nur erforderliche cookies akzeptieren', 'nur technisch notwendige',
  'nur technisch notwendige cookies', 'weiter ohne einwilligung', 'ohne einwilligung fortfahren', 'ohne zustimmung fortfahren',
  'weiter ohne zustimmung', 'nein, danke',
  // French
  'tout refuser', 'refuser tout', 'refuser', 'refuser les cookies', 'refuser tous les cookies', 'je refuse',
  'refuser et fermer', 'tout rejeter', 'rejeter tout', 'rejeter', 'rejeter les cookies', 'continuer sans accepter',
  'continuer sans consentir', 'non merci', 'non, merci', 'cookies necessaires uniquement', 'uniquement les cookies necessaires',
  'accepter uniquement les cookies necessaires', "n'accepter que les cookies necessaires", 'seulement les cookies necessaires',
  // Spanish
  'rechazar todo', 'rechazar todas', 'rechazar', 'rechazar cookies', 'rechazar todas las cookies', 'rechazar y cerrar',
  'denegar', 'denegar todo', 'no acepto', 'no aceptar', 'solo necesarias', 'solo las necesarias', 'solo cookies necesarias',
  'aceptar solo necesarias', 'aceptar solo las necesarias', 'aceptar solo las cookies necesarias', 'continuar sin aceptar',
  // Italian
  'rifiuta tutto', 'rifiuta tutti', 'rifiuta', 'rifiuto', 'rifiuta i cookie', 'rifiuta tutti i cookie', 'rifiuta e chiudi',
  'nega', 'nega tutto', 'non accetto', 'continua senza accettare', 'solo necessari', 'solo cookie necessari',
  'accetta solo necessari', 'accetta solo i necessari', 'accetta solo i cookie necessari', 'usa solo i cookie necessari',
  // Dutch
  'alles weigeren', 'alle weigeren', 'weigeren', 'weiger', 'weiger alles', 'weiger alle cookies', 'cookies weigeren',
  'alles afwijzen', 'alle afwijzen', 'afwijzen', 'niet akkoord', 'nee, bedankt', 'alleen noodzakelijke',
  'alleen noodzakelijke cookies', 'alleen noodzakelijk', 'alleen functionele cookies', 'alleen noodzakelijke accepteren',
  'alleen noodzakelijke cookies accepteren', 'noodzakelijke cookies accepteren',
];

/** Reject labels that name the whole set ("reject all"); the others are strength 2. */
const REJECT_ALL_STRONG = /^(reject|decline|deny|refuse) all\b|^(alle|alles) ablehnen|^(tout refuser|refuser tout|tout rejeter|rejeter tout)|^rechazar todo|^rifiuta tutt|^(alles|alle) (weigeren|afwijzen)|^weiger alle/;

const ACCEPT_ALL: readonly string[] = [
  // English
  'accept all', 'accept all cookies', 'accept all and close', 'accept all and continue', 'allow all', 'allow all cookies',
  'allow all and continue', 'agree to all', 'consent to all', 'accept', 'accept cookies', 'accept and close',
  'accept and continue', 'i accept', 'i accept all', 'i accept cookies', 'agree', 'i agree', 'agree and close',
  'agree and continue', 'yes, i agree', 'yes, i accept', 'allow', 'allow cookies', 'i consent', 'consent', 'yes',
  "that's ok", 'that is ok', 'ok', 'okay', 'got it', 'ok, got it', 'i understand', 'understood', 'continue',
  // German
  'alle akzeptieren', 'alles akzeptieren', 'alle cookies akzeptieren', 'akzeptieren', 'cookies akzeptieren',
  'akzeptieren und schließen', 'akzeptieren und weiter', 'alle annehmen', 'annehmen', 'alle zulassen', 'alle erlauben',
  'alle cookies zulassen', 'alle cookies erlauben', 'zulassen', 'erlauben', 'zustimmen', 'allen zustimmen', 'alle zustimmen',
  'zustimmen und weiter', 'zustimmen und schließen', 'einverstanden', 'ich bin einverstanden', 'ich stimme zu',
  'ich akzeptiere', 'verstanden', 'alles klar',
  // French
  'tout accepter', 'accepter tout', 'accepter', 'accepter les cookies', 'accepter tous les cookies', 'accepter et fermer',
  'accepter et continuer', "j'accepte", "oui, j'accepte", 'tout autoriser', 'autoriser', 'autoriser tous les cookies',
  "d'accord", "j'ai compris", 'ok pour moi', 'continuer',
  // Spanish
  'aceptar todo', 'aceptar todas', 'aceptar', 'aceptar cookies', 'aceptar todas las cookies', 'aceptar y cerrar',
  'aceptar y continuar', 'acepto', 'permitir todas', 'permitir todo', 'permitir todas las cookies', 'de acuerdo',
  'estoy de acuerdo', 'entendido',
  // Italian
  'accetta tutto', 'accetta tutti', 'accetta', 'accetto', 'accetta i cookie', 'accetta tutti i cookie', 'accetta e chiudi',
  'accetta e continua', 'consenti tutti', 'consenti tutto', 'acconsento', 'ho capito', 'va bene',
  // Dutch
  'alles accepteren', 'alle cookies accepteren', 'accepteren', 'accepteer', 'accepteer alles', 'accepteer alle cookies',
  'alles toestaan', 'alle toestaan', 'alle cookies toestaan', 'toestaan', 'akkoord', 'ik ga akkoord', 'ja, ik ga akkoord',
  'akkoord en doorgaan', 'prima', 'begrepen',
];

/** Accept labels that name the whole set ("accept all"). */
const ACCEPT_ALL_STRONG = /^(accept|allow|agree to|consent to) all\b|^i accept all|^(alle|alles|allen) (cookies )?(akzeptieren|annehmen|zulassen|erlauben|zustimmen)|^(tout accepter|accepter tout|tout autoriser|accepter tous|autoriser tous)|^(aceptar|permitir) (todo|todas)|^(accetta|consenti) tutt|^(alles|alle) (cookies )?(accepteren|toestaan)|^accepteer all/;

/** Acknowledgements: they accept, but say little; never counted as a reject. */
const ACKNOWLEDGE: readonly string[] = [
  'ok', 'okay', 'got it', 'ok, got it', 'i understand', 'understood', 'continue', "that's ok", 'that is ok', 'yes',
  'verstanden', 'alles klar', "j'ai compris", 'ok pour moi', 'continuer', 'entendido', 'ho capito', 'va bene', 'prima', 'begrepen',
];

const rejectSet = new Set(REJECT_ALL.map(normalizeLabel));
const acceptSet = new Set(ACCEPT_ALL.map(normalizeLabel));
const acknowledgeSet = new Set(ACKNOWLEDGE.map(normalizeLabel));

/** Classifies a button label; null when it is neither an accept nor a reject. */
export function classifyLabel(raw: string, _preferredLanguages: readonly string[] = []): LabelClass | null {
  const label = normalizeLabel(raw);
  if (!label || label.length >= MAX_LABEL_LENGTH) return null;
  if (rejectSet.has(label)) return { kind: 'reject', strength: REJECT_ALL_STRONG.test(label) ? 3 : 2 };
  if (acceptSet.has(label)) {
    if (acknowledgeSet.has(label)) return { kind: 'accept', strength: 1 };
    return { kind: 'accept', strength: ACCEPT_ALL_STRONG.test(label) ? 3 : 2 };
  }
  return null;
}

/**
 * Words that make a container a consent banner (matched on accent-free lower-case text in the page).
 * A "modal" that mentions none of them is a newsletter or login box, not a banner.
 */
export const CONSENT_TEXT_PATTERN =
  'cookie|consent|gdpr|dsgvo|rgpd|privacy|tracking|personal data|datenschutz|privatsphare|einwilligung|' +
  'vie privee|donnees personnelles|confidentialite|consentement|traceurs|privacidad|consentimiento|datos personales|' +
  'riservatezza|consenso|dati personali|toestemming|persoonsgegevens|privacyverklaring';

/** id / class / aria-label / role fragments of banner containers (plus the generic overlay words). */
export const CONTAINER_NAME_PATTERN =
  'cookie|consent|gdpr|privacy|datenschutz|cmp|banner|notice|dialog|modal|popup|overlay|bandeau|aviso|avviso|melding';

/** The subset of container names that say "consent" on their own, without the text check. */
export const CONSENT_NAME_PATTERN = 'cookie|consent|gdpr|privacy|datenschutz|cmp';

/** Link texts of a privacy policy or legal notice. */
export const PRIVACY_LINK_PATTERN = 'privacy|datenschutz|impressum|confidentialite|mentions legales|privacidad|aviso legal|riservatezza|privacyverklaring';

/** Labels of necessary / essential categories, whose toggles are never touched. */
export const NECESSARY_PATTERN = 'necessary|essential|notwendig|erforderlich|necessaire|necesari|necessari|noodzakelijk';

/** The phrase-table language of a BCP 47 locale ("de-AT" → "de"); undefined when there is no table for it. */
export function languageOfLocale(locale: string): string | undefined {
  const language = locale.toLowerCase().split(/[-_]/)[0];
  return language && ['en', 'de', 'fr', 'es', 'it', 'nl'].includes(language) ? language : undefined;
}
