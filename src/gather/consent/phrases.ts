/**
 * Multilingual labels of consent-banner buttons, for the project's own fallback heuristics
 * (banners autoconsent has no rule for). Matching is on whole, normalised labels only: a
 * substring test for "accept" would also match "don't accept" or "accept only necessary".
 * Within a language reject phrases come first, so "accept only necessary" is a reject.
 *
 * The tables are data: one file a language in ./phrases/<code>.json (the 24 official EU languages,
 * Norwegian Bokmål and Icelandic), written for this project. Phrases are written as people see
 * them and normalised when this module loads; the word lists (consentWords, privacyLinkWords,
 * necessaryWords) are written already accent-free and lower-case, as the in-page scan sees text.
 */
import bg from './phrases/bg.json' with { type: 'json' };
import cs from './phrases/cs.json' with { type: 'json' };
import da from './phrases/da.json' with { type: 'json' };
import de from './phrases/de.json' with { type: 'json' };
import el from './phrases/el.json' with { type: 'json' };
import en from './phrases/en.json' with { type: 'json' };
import es from './phrases/es.json' with { type: 'json' };
import et from './phrases/et.json' with { type: 'json' };
import fi from './phrases/fi.json' with { type: 'json' };
import fr from './phrases/fr.json' with { type: 'json' };
import ga from './phrases/ga.json' with { type: 'json' };
import hr from './phrases/hr.json' with { type: 'json' };
import hu from './phrases/hu.json' with { type: 'json' };
import is from './phrases/is.json' with { type: 'json' };
import it from './phrases/it.json' with { type: 'json' };
import lt from './phrases/lt.json' with { type: 'json' };
import lv from './phrases/lv.json' with { type: 'json' };
import mt from './phrases/mt.json' with { type: 'json' };
import nb from './phrases/nb.json' with { type: 'json' };
import nl from './phrases/nl.json' with { type: 'json' };
import pl from './phrases/pl.json' with { type: 'json' };
import pt from './phrases/pt.json' with { type: 'json' };
import ro from './phrases/ro.json' with { type: 'json' };
import sk from './phrases/sk.json' with { type: 'json' };
import sl from './phrases/sl.json' with { type: 'json' };
import sv from './phrases/sv.json' with { type: 'json' };

/**
 * What a control does when clicked: accept or reject consent, open the settings (second) layer,
 * or save the choices made there.
 */
export type ControlKind = 'accept' | 'reject' | 'settings' | 'save';

/**
 * How sure the label is: 3 "accept all" / "reject all", 2 a plain accept / refuse, 1 an
 * acknowledgement ("ok"). Settings and save labels are always 2.
 */
export type PhraseStrength = 1 | 2 | 3;

/**
 * The languages with a table, in the default order used when a label means different things in
 * different languages and the caller prefers none of them: English first, then by code.
 */
export const SUPPORTED_LANGUAGES = [
  'en', 'bg', 'cs', 'da', 'de', 'el', 'es', 'et', 'fi', 'fr', 'ga', 'hr', 'hu',
  'is', 'it', 'lt', 'lv', 'mt', 'nb', 'nl', 'pl', 'pt', 'ro', 'sk', 'sl', 'sv',
] as const;

export type PhraseLanguage = (typeof SUPPORTED_LANGUAGES)[number];

export interface LabelClass {
  kind: ControlKind;
  strength: PhraseStrength;
  /** The language whose table gave the meaning. */
  language: PhraseLanguage;
}

/** One language's table, as stored in phrases/<code>.json. */
export interface PhraseTable {
  /** Where the file comes from and under which licence. */
  note: string;
  language: string;
  /** The language's name for itself. */
  name: string;
  acceptAll: readonly string[];
  accept: readonly string[];
  acknowledge: readonly string[];
  rejectAll: readonly string[];
  reject: readonly string[];
  settings: readonly string[];
  save: readonly string[];
  /** Words and stems that make a container's text consent-related. */
  consentWords: readonly string[];
  /** Link texts (or stems) of a privacy policy or legal notice. */
  privacyLinkWords: readonly string[];
  /** Link texts (or stems) of a legal notice: Impressum, mentions légales, aviso legal, colofon, … */
  legalNoticeWords: readonly string[];
  /** Link texts (or stems) of a cookie policy. */
  cookiePolicyWords: readonly string[];
  /** Labels (or stems) of necessary categories, whose toggles are never touched. */
  necessaryWords: readonly string[];
  /**
   * Whole labels of persistent controls that reopen the consent settings after a choice (footer
   * links, floating buttons, their aria-label or title): "cookie settings", "manage consent".
   * Matched like button labels, on their own (withdraw phase), never as banner buttons.
   */
  reopen: readonly string[];
}

/** The label lists of a table, in precedence order: a label in two of them takes the first. */
export const PHRASE_CATEGORIES = ['rejectAll', 'reject', 'save', 'settings', 'acknowledge', 'accept', 'acceptAll'] as const;

export type PhraseCategory = (typeof PHRASE_CATEGORIES)[number];

/** What a label in each list means. */
export const CATEGORY_CLASS: Readonly<Record<PhraseCategory, { kind: ControlKind; strength: PhraseStrength }>> = {
  rejectAll: { kind: 'reject', strength: 3 },
  reject: { kind: 'reject', strength: 2 },
  save: { kind: 'save', strength: 2 },
  settings: { kind: 'settings', strength: 2 },
  acknowledge: { kind: 'accept', strength: 1 },
  accept: { kind: 'accept', strength: 2 },
  acceptAll: { kind: 'accept', strength: 3 },
};

export const PHRASE_TABLES: Readonly<Record<PhraseLanguage, PhraseTable>> = {
  en, bg, cs, da, de, el, es, et, fi, fr, ga, hr, hu, is, it, lt, lv, mt, nb, nl, pl, pt, ro, sk, sl, sv,
};

/**
 * Lower case, accents stripped, typographic apostrophes made straight, whitespace collapsed and
 * decoration (✓, →, "!", "×") trimmed from both ends; "ß" is written "ss" (Swiss spelling, and
 * upper-case labels). Letters without a decomposition (ð, þ, æ, ø, ł, đ, ħ) stay as they are, in
 * the tables as in labels. The in-page scan sends raw labels; everything is classified here, so
 * this is the only normaliser.
 */
export function normalizeLabel(raw: string): string {
  return raw
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .replace(/[\u2018\u2019\u02bc`´]/g, "'")
    .replace(/[\s\u00a0]+/g, ' ')
    .replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '')
    .replace(/\s*&\s*/g, ' and ');
}

/** Labels this long or longer are sentences, not buttons; never matched. */
export const MAX_LABEL_LENGTH = 50;

/** Normalised label → its meaning in each language that has it, in SUPPORTED_LANGUAGES order. */
const MEANINGS: ReadonlyMap<string, readonly LabelClass[]> = (() => {
  const meanings = new Map<string, LabelClass[]>();
  for (const language of SUPPORTED_LANGUAGES) {
    const table = PHRASE_TABLES[language];
    const seen = new Set<string>();
    for (const category of PHRASE_CATEGORIES) {
      for (const phrase of table[category]) {
        const label = normalizeLabel(phrase);
        if (seen.has(label)) continue; // an earlier list of this language has it
        seen.add(label);
        const list = meanings.get(label) ?? [];
        list.push({ ...CATEGORY_CLASS[category], language });
        meanings.set(label, list);
      }
    }
  }
  return meanings;
})();

/** Normalised reopen label → the languages that have it, in SUPPORTED_LANGUAGES order. */
const REOPEN_LABELS: ReadonlyMap<string, readonly PhraseLanguage[]> = (() => {
  const labels = new Map<string, PhraseLanguage[]>();
  for (const language of SUPPORTED_LANGUAGES) {
    for (const phrase of PHRASE_TABLES[language].reopen) {
      const label = normalizeLabel(phrase);
      const list = labels.get(label) ?? [];
      if (!list.includes(language)) list.push(language);
      labels.set(label, list);
    }
  }
  return labels;
})();

/**
 * The language whose reopen list has the label (the first preferred one that has it, else the
 * first in SUPPORTED_LANGUAGES order); null when no table has it. Whole labels only: "cookie
 * settings" is a reopen control, "read our cookie settings policy" is not.
 */
export function classifyReopenLabel(raw: string, preferredLanguages: readonly string[] = []): { language: PhraseLanguage } | null {
  const label = normalizeLabel(raw);
  if (!label || label.length >= MAX_LABEL_LENGTH) return null;
  const languages = REOPEN_LABELS.get(label);
  if (!languages) return null;
  const preferred = preferredLanguages.map(languageOfLocale).find((l) => l !== undefined && languages.includes(l));
  return { language: preferred ?? languages[0]! };
}

/** Every normalised label with more than one meaning across languages (for review in the tests). */
export function ambiguousLabels(): Array<{ label: string; meanings: readonly LabelClass[] }> {
  return [...MEANINGS]
    .filter(([, list]) => list.some((m) => m.kind !== list[0]!.kind || m.strength !== list[0]!.strength))
    .map(([label, meanings]) => ({ label, meanings }));
}

/**
 * The table language of a locale or language code: "de-AT" → "de", "pt_BR" → "pt", and "no",
 * "nn" and "nb" (with any region) → "nb". Undefined for languages without a table.
 */
export function languageOfLocale(locale: string): PhraseLanguage | undefined {
  const primary = locale.trim().toLowerCase().split(/[-_]/)[0] ?? '';
  const code = primary === 'no' || primary === 'nn' ? 'nb' : primary;
  return (SUPPORTED_LANGUAGES as readonly string[]).includes(code) ? (code as PhraseLanguage) : undefined;
}

/**
 * Classifies a button label; null when no table has it. preferredLanguages are language codes or
 * locales (the page's lang, the browser's locale), most preferred first: where the same label means
 * different things in different languages, the first preferred language that has it decides,
 * otherwise the first in SUPPORTED_LANGUAGES order.
 */
export function classifyLabel(raw: string, preferredLanguages: readonly string[] = []): LabelClass | null {
  const label = normalizeLabel(raw);
  if (!label || label.length >= MAX_LABEL_LENGTH) return null;
  const meanings = MEANINGS.get(label);
  if (!meanings) return null;
  for (const locale of preferredLanguages) {
    const language = languageOfLocale(locale);
    const meaning = language && meanings.find((m) => m.language === language);
    if (meaning) return { ...meaning };
  }
  return { ...meanings[0]! };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/**
 * One alternation of the words, for an unanchored search: duplicates dropped, and any word that
 * contains another (a longer form of a stem) too, since the shorter one already matches.
 */
export function wordPattern(words: Iterable<string>): string {
  const unique = [...new Set(words)];
  return unique
    .filter((word) => !unique.some((other) => other !== word && word.includes(other)))
    .sort()
    .map(escapeRegExp)
    .join('|');
}

const allWords = (key: 'consentWords' | 'privacyLinkWords' | 'legalNoticeWords' | 'cookiePolicyWords' | 'necessaryWords') =>
  SUPPORTED_LANGUAGES.flatMap((language) => PHRASE_TABLES[language][key]);

/**
 * Words that make a container a consent banner (matched on accent-free lower-case text in the page).
 * A "modal" that mentions none of them is a newsletter or login box, not a banner.
 */
export const CONSENT_TEXT_PATTERN = wordPattern(allWords('consentWords'));

/** Link texts of a privacy policy, cookie policy or legal notice (accent-free lower-case, unanchored). */
export const PRIVACY_LINK_PATTERN = wordPattern(allWords('privacyLinkWords'));

/** Link texts of a legal notice (Impressum, mentions légales, …; accent-free lower-case, unanchored). */
export const LEGAL_NOTICE_LINK_PATTERN = wordPattern(allWords('legalNoticeWords'));

/** Link texts of a cookie policy (accent-free lower-case, unanchored). */
export const COOKIE_POLICY_LINK_PATTERN = wordPattern(allWords('cookiePolicyWords'));

/**
 * Link texts of a privacy policy proper: the privacyLinkWords that are neither a legal notice's
 * nor a cookie policy's words (the banner scan treats all three alike; the legal-links record tells them apart).
 */
export const PRIVACY_POLICY_LINK_PATTERN = wordPattern(
  SUPPORTED_LANGUAGES.flatMap((language) => {
    const table = PHRASE_TABLES[language];
    const other = new Set([...table.legalNoticeWords, ...table.cookiePolicyWords]);
    return table.privacyLinkWords.filter((word) => !other.has(word));
  }),
);

/**
 * What comes right before a necessary-category word when the category is the opposite
 * ("non-essential", "unnecessary", "nicht notwendige", "niet-noodzakelijke", "no necesarias",
 * "ikke-nødvendige", "unødvendige", "icke-nödvändiga", "ónauðsynlegar", "ei-välttämättömät",
 * "epätarpeelliset", "mittevajalikud", "ebavajalikud", "neobvezni", "nieobowiązkowe", "innecesarias",
 * "desnecessários", "neamhriachtanach", "mhux meħtieġa", "незадължителни", "μη απαραίτητα").
 */
const NEGATIONS = [
  'non-', 'non ', 'non', 'un', 'u', 'in', 'des', 'not ', 'no ', 'nao ', 'nicht-', 'nicht ', 'niet-', 'niet ', 'ikke-', 'ikke ',
  'icke-', 'icke ', 'o', 'ei-', 'ei ', 'epa', 'mitte', 'eba', 'nem ', 'ne', 'nie', 'neamh', 'mhux ', 'не', 'μη ', 'μη-',
];

/**
 * Labels of necessary / essential categories, whose toggles must never be touched (accent-free
 * lower-case, unanchored); a negated word ("non-essential") does not match.
 */
export const NECESSARY_PATTERN = `(?<!${NEGATIONS.map(escapeRegExp).join('|')})(?:${wordPattern(allWords('necessaryWords'))})`;

/** id / class / aria-label / role fragments of banner containers (plus the generic overlay words). */
export const CONTAINER_NAME_PATTERN =
  'cookie|consent|gdpr|privacy|datenschutz|cmp|banner|notice|dialog|modal|popup|overlay|bandeau|aviso|avviso|melding';

/** The subset of container names that say "consent" on their own, without the text check. */
export const CONSENT_NAME_PATTERN = 'cookie|consent|gdpr|privacy|datenschutz|cmp';
