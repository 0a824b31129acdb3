/**
 * The phrase tables as data: every file is complete and clean, every phrase classifies as its own
 * list says in its own language, the labels that mean different things in different languages are
 * listed here, and the word patterns built from the tables keep what the inline tables had.
 */
import { describe, expect, it } from 'vitest';
import legacy from '../fixtures-data/consent-phrases-legacy.json' with { type: 'json' };
import {
  CATEGORY_CLASS,
  CONSENT_TEXT_PATTERN,
  MAX_LABEL_LENGTH,
  NECESSARY_PATTERN,
  PHRASE_CATEGORIES,
  PHRASE_TABLES,
  PRIVACY_LINK_PATTERN,
  SUPPORTED_LANGUAGES,
  ambiguousLabels,
  classifyLabel,
  classifyReopenLabel,
  languageOfLocale,
  normalizeLabel,
  wordPattern,
  type PhraseTable,
} from '../../src/gather/consent/phrases.js';
import { bannersIn, bestControl, type ConsentControl } from '../../src/gather/consent/heuristics.js';

const WORD_LISTS = ['consentWords', 'privacyLinkWords', 'legalNoticeWords', 'cookiePolicyWords', 'necessaryWords'] as const;
const KEYS = ['note', 'language', 'name', ...PHRASE_CATEGORIES, ...WORD_LISTS, 'reopen'].sort();

/** How the in-page scan makes page text comparable (heuristics-script.ts `plain`). */
const plain = (text: string) => text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();

const duplicates = (items: readonly string[]) => items.filter((item, i) => items.indexOf(item) !== i);

describe('the languages', () => {
  it('are the 24 official EU languages, Norwegian Bokmål and Icelandic; English first, then by code', () => {
    expect([...SUPPORTED_LANGUAGES].sort()).toEqual(
      ['bg', 'cs', 'da', 'de', 'el', 'en', 'es', 'et', 'fi', 'fr', 'ga', 'hr', 'hu', 'is', 'it', 'lt', 'lv', 'mt', 'nb', 'nl', 'pl', 'pt', 'ro', 'sk', 'sl', 'sv'],
    );
    expect(SUPPORTED_LANGUAGES[0]).toBe('en');
    expect(SUPPORTED_LANGUAGES.slice(1)).toEqual([...SUPPORTED_LANGUAGES.slice(1)].sort());
    expect(Object.keys(PHRASE_TABLES).sort()).toEqual([...SUPPORTED_LANGUAGES].sort());
  });

  it.each([
    ['de', 'de'],
    ['de-AT', 'de'],
    ['DE_ch', 'de'],
    ['pt-BR', 'pt'],
    ['nb-NO', 'nb'],
    ['no', 'nb'],
    ['nn-NO', 'nb'],
    ['nb', 'nb'],
    ['el-GR', 'el'],
    ['ga-IE', 'ga'],
    [' en-GB ', 'en'],
    ['tr-TR', undefined],
    ['', undefined],
    ['x-klingon', undefined],
  ])('languageOfLocale(%j) → %s', (locale, language) => {
    expect(languageOfLocale(locale)).toBe(language);
  });
});

describe.each(SUPPORTED_LANGUAGES.map((language) => [language, PHRASE_TABLES[language]] as const))('the %s table', (language, table: PhraseTable) => {
  const phrases = PHRASE_CATEGORIES.flatMap((category) => table[category].map((phrase) => [phrase, category] as const));

  it('has every key and nothing else, says where it comes from and names its language', () => {
    expect(Object.keys(table).sort()).toEqual(KEYS);
    expect(table.language).toBe(language);
    expect(table.name.trim()).not.toBe('');
    expect(table.note).toMatch(/written for gdpr-scan/i);
    expect(table.note).toMatch(/licen[cs]e/i);
  });

  it('has non-empty lists of strings (acknowledge may be empty) without duplicates', () => {
    for (const key of [...PHRASE_CATEGORIES, ...WORD_LISTS, 'reopen'] as const) {
      const list = table[key];
      expect(Array.isArray(list), key).toBe(true);
      if (key !== 'acknowledge') expect(list.length, key).toBeGreaterThan(0);
      for (const item of list) {
        expect(typeof item, `${key}: ${item}`).toBe('string');
        expect(item, `${key}: ${item}`).toBe(item.trim());
        expect(item.length, key).toBeGreaterThan(0);
      }
      expect(duplicates(list), key).toEqual([]);
    }
  });

  it('has enough phrases of each kind', () => {
    expect(table.acceptAll.length + table.accept.length).toBeGreaterThanOrEqual(8);
    expect(table.rejectAll.length + table.reject.length).toBeGreaterThanOrEqual(8);
    expect(table.acceptAll.length).toBeGreaterThanOrEqual(3);
    expect(table.rejectAll.length).toBeGreaterThanOrEqual(3);
    expect(table.settings.length).toBeGreaterThanOrEqual(4);
    expect(table.save.length).toBeGreaterThanOrEqual(4);
  });

  it('has each normalised label once, shorter than MAX_LABEL_LENGTH', () => {
    const labels = phrases.map(([phrase]) => normalizeLabel(phrase));
    expect(duplicates(labels)).toEqual([]);
    for (const label of labels) {
      expect(label.length, label).toBeGreaterThan(0);
      expect(label.length, label).toBeLessThan(MAX_LABEL_LENGTH);
    }
  });

  it('writes its words as the page scan sees text: accent-free lower case, no apostrophe or ß, at least 4 characters', () => {
    for (const key of WORD_LISTS) {
      for (const word of table[key]) {
        expect(plain(word), `${key}: ${word}`).toBe(word);
        expect(word, `${key}: ${word}`).not.toMatch(/['\u2019ß]/);
        expect(word.length, `${key}: ${word}`).toBeGreaterThanOrEqual(4);
      }
    }
  });

  it('has words that the built patterns match', () => {
    const consent = new RegExp(CONSENT_TEXT_PATTERN);
    const privacy = new RegExp(PRIVACY_LINK_PATTERN);
    const necessary = new RegExp(NECESSARY_PATTERN);
    for (const word of table.consentWords) expect(consent.test(word), word).toBe(true);
    for (const word of table.privacyLinkWords) expect(privacy.test(word), word).toBe(true);
    for (const word of table.necessaryWords) expect(necessary.test(word), word).toBe(true);
  });

  it('has at least 6 reopen labels, each once when normalised, shorter than MAX_LABEL_LENGTH, each a reopen label in its language', () => {
    expect(table.reopen.length).toBeGreaterThanOrEqual(6);
    const labels = table.reopen.map(normalizeLabel);
    expect(duplicates(labels)).toEqual([]);
    for (const phrase of table.reopen) {
      expect(normalizeLabel(phrase).length, phrase).toBeLessThan(MAX_LABEL_LENGTH);
      expect(classifyReopenLabel(phrase, [language]), phrase).toEqual({ language });
    }
  });

  it.each(phrases)('%j is %s', (phrase, category) => {
    expect(classifyLabel(phrase, [language])).toEqual({ ...CATEGORY_CLASS[category], language });
    // the same label without the language has the same meaning (there are no conflicts: see below)
    expect(classifyLabel(phrase)).toMatchObject(CATEGORY_CLASS[category]);
  });
});

describe('labels in more than one language', () => {
  /**
   * Every normalised label that means a different kind or strength in different languages, with
   * its meaning in each (default order). There are none today: a label several languages share
   * ("ok", "accepter", "guardar", "kun nødvendige") means the same in all of them. A phrase that
   * adds a conflict fails here until someone decides it and lists it.
   */
  const CONFLICTS: Array<[label: string, meanings: string[]]> = [];

  it('are listed here when their meanings differ', () => {
    const found = ambiguousLabels().map(({ label, meanings }) => [label, meanings.map((m) => `${m.language}: ${m.kind} ${m.strength}`)]);
    expect(found).toEqual(CONFLICTS);
  });

  it('take the language of the first preferred language that has them, else the default order', () => {
    expect(classifyLabel('Accepter')).toEqual({ kind: 'accept', strength: 2, language: 'da' });
    expect(classifyLabel('Accepter', ['fr-FR'])).toEqual({ kind: 'accept', strength: 2, language: 'fr' });
    expect(classifyLabel('Accepter', ['xx', 'de', 'fr', 'da'])).toEqual({ kind: 'accept', strength: 2, language: 'fr' });
    expect(classifyLabel('OK')).toEqual({ kind: 'accept', strength: 1, language: 'en' });
    expect(classifyLabel('OK', ['de-AT'])).toEqual({ kind: 'accept', strength: 1, language: 'de' });
    expect(classifyLabel('Guardar', ['pt-BR'])).toEqual({ kind: 'save', strength: 2, language: 'pt' });
    expect(classifyLabel('Kun nødvendige', ['no'])).toEqual({ kind: 'reject', strength: 2, language: 'nb' });
    // a preferred language without the label does not block the others
    expect(classifyLabel('Alle akzeptieren', ['fr'])).toEqual({ kind: 'accept', strength: 3, language: 'de' });
  });
});

describe('labels as pages write them', () => {
  it.each([
    ['Samþykkja allt', 'samþykkja allt', 'is', 'accept', 3],
    ['SAMÞYKKJA ALLT', 'samþykkja allt', 'is', 'accept', 3],
    ['Aðeins nauðsynlegar', 'aðeins nauðsynlegar', 'is', 'reject', 2],
    ['Akceptuję wszystkie', 'akceptuje wszystkie', 'pl', 'accept', 3],
    ['AKCEPTUJĘ WSZYSTKIE', 'akceptuje wszystkie', 'pl', 'accept', 3],
    ['Odrzuć wszystkie', 'odrzuc wszystkie', 'pl', 'reject', 3],
    ['Приемам всички', 'приемам всички', 'bg', 'accept', 3],
    ['ПРИЕМАМ ВСИЧКИ', 'приемам всички', 'bg', 'accept', 3],
    ['Настройки', 'настроики', 'bg', 'settings', 2],
    ['Αποδοχή όλων', 'αποδοχη ολων', 'el', 'accept', 3],
    ['ΑΠΟΔΟΧΗ ΟΛΩΝ', 'αποδοχη ολων', 'el', 'accept', 3],
    ['ΡΥΘΜΙΣΕΙΣ', 'ρυθμισεις', 'el', 'settings', 2],
    ['Απόρριψη όλων', 'απορριψη ολων', 'el', 'reject', 3],
    ['Kun nødvendige', 'kun nødvendige', 'da', 'reject', 2],
    ['Godkänn alla', 'godkann alla', 'sv', 'accept', 3],
    ['Hyväksy kaikki', 'hyvaksy kaikki', 'fi', 'accept', 3],
    ['Összes elutasítása', 'osszes elutasitasa', 'hu', 'reject', 3],
    ['Přijmout vše', 'prijmout vse', 'cs', 'accept', 3],
    ['Odmietnuť všetko', 'odmietnut vsetko', 'sk', 'reject', 3],
    ['Acceptă toate', 'accepta toate', 'ro', 'accept', 3],
    ['Pieņemt visu', 'pienemt visu', 'lv', 'accept', 3],
    ['Išsaugoti pasirinkimą', 'issaugoti pasirinkima', 'lt', 'save', 2],
    ['Nõustu kõigiga', 'noustu koigiga', 'et', 'accept', 3],
    ['Aċċetta kollox', 'accetta kollox', 'mt', 'accept', 3],
    ['Diúltaigh do gach rud', 'diultaigh do gach rud', 'ga', 'reject', 3],
    ['Odbij sve', 'odbij sve', 'hr', 'reject', 3],
    ['Zavrni vse', 'zavrni vse', 'sl', 'reject', 3],
    ['Aceitar todos', 'aceitar todos', 'pt', 'accept', 3],
    ['Alle akzeptieren und schliessen', 'alle akzeptieren und schliessen', 'de', 'accept', 3],
    ['ALLE AKZEPTIEREN UND SCHLIESSEN', 'alle akzeptieren und schliessen', 'de', 'accept', 3],
    ['Alle akzeptieren und schließen', 'alle akzeptieren und schliessen', 'de', 'accept', 3],
    ['  Gérer mes choix →', 'gerer mes choix', 'fr', 'settings', 2],
    ['Valider mes choix ✓', 'valider mes choix', 'fr', 'save', 2],
    ['Auswahl bestätigen', 'auswahl bestatigen', 'de', 'save', 2],
  ] as const)('%j → %j (%s %s %s)', (raw, normalised, language, kind, strength) => {
    expect(normalizeLabel(raw)).toBe(normalised);
    expect(classifyLabel(raw)).toEqual({ kind, strength, language });
  });

  it('matches whole labels only', () => {
    expect(classifyLabel('Alle akzeptieren bitte')).toBeNull();
    expect(classifyLabel('Ρυθμίσεις και άλλα')).toBeNull();
    expect(classifyLabel("Don't accept all")).toBeNull();
  });
});

describe('MAX_LABEL_LENGTH', () => {
  it('is 50: long enough for the longest phrase, and longer labels are sentences', () => {
    expect(MAX_LABEL_LENGTH).toBe(50);
    expect(classifyLabel('Aceitar apenas cookies estritamente necessários')).toEqual({ kind: 'reject', strength: 2, language: 'pt' });
    expect(classifyLabel('We accept all major credit cards and PayPal payments')).toBeNull();
    expect(classifyLabel(`Accept all${' '.repeat(10)}`)).toMatchObject({ kind: 'accept' });
  });
});

describe('the labels of the inline tables (before the data files)', () => {
  /**
   * What classifyLabel said for them then; since then a few name the whole set and are strength 3,
   * and one was longer than the old 40-character limit.
   */
  const CHANGED: Record<string, [string, number] | null> = {
    'alle cookies ablehnen': ['reject', 3],
    'refuser tous les cookies': ['reject', 3],
    'rechazar todas': ['reject', 3],
    'rechazar todas las cookies': ['reject', 3],
    'denegar todo': ['reject', 3],
    'nega tutto': ['reject', 3],
    'accepter uniquement les cookies necessaires': ['reject', 2],
  };
  const cases = Object.entries(legacy as unknown as Record<string, [string, number] | null>).map(
    ([label, before]) => [label, label in CHANGED ? CHANGED[label]! : before] as const,
  );

  it('are all still there', () => {
    expect(cases.length).toBe(294);
    for (const label of Object.keys(CHANGED)) expect(label in legacy, label).toBe(true);
  });

  it.each(cases)('%j → %j', (label, expected) => {
    const result = classifyLabel(label);
    if (expected === null) expect(result).toBeNull();
    else expect([result?.kind, result?.strength]).toEqual(expected);
  });
});

describe('the word patterns', () => {
  it('escape what regular expressions would read', () => {
    expect(wordPattern(['a.b', 'c|d', 'e(f)', 'a.b'])).toBe('a\\.b|c\\|d|e\\(f\\)');
    expect(new RegExp(wordPattern(['a.b'])).test('axb')).toBe(false);
  });

  it('drop duplicates and words that contain another word', () => {
    expect(wordPattern(['privacy', 'privacy policy', 'cookie', 'cookies', 'cookie'])).toBe('cookie|privacy');
  });

  it('are valid with and without the u flag, and reasonably short', () => {
    for (const pattern of [CONSENT_TEXT_PATTERN, PRIVACY_LINK_PATTERN, NECESSARY_PATTERN]) {
      expect(() => new RegExp(pattern)).not.toThrow();
      expect(() => new RegExp(pattern, 'u')).not.toThrow();
      expect(pattern.length).toBeLessThan(4000);
    }
  });

  it('CONSENT_TEXT_PATTERN keeps every word it had', () => {
    const before =
      'cookie|consent|gdpr|dsgvo|rgpd|privacy|tracking|personal data|datenschutz|privatsphare|einwilligung|' +
      'vie privee|donnees personnelles|confidentialite|consentement|traceurs|privacidad|consentimiento|datos personales|' +
      'riservatezza|consenso|dati personali|toestemming|persoonsgegevens|privacyverklaring';
    const consent = new RegExp(CONSENT_TEXT_PATTERN);
    for (const word of before.split('|')) expect(consent.test(word), word).toBe(true);
  });

  it.each([
    ['Diese Website verwendet Cookies', true],
    ['Nous utilisons des traceurs pour mesurer l’audience', true],
    ['Używamy plików cookie', true],
    ['Ta strona korzysta z ciasteczek', true],
    ['Χρησιμοποιούμε cookies για την ιδιωτικότητα σας', true],
    ['Този сайт използва бисквитки', true],
    ['Við notum vafrakökur', true],
    ['Käytämme evästeitä', true],
    ['Ez a weboldal sütiket használ', true],
    ['Kasutame küpsiseid', true],
    ['Mēs izmantojam sīkdatnes', true],
    ['Naudojame slapukus', true],
    ['Úsáidimid fianáin', true],
    ['Vi bruker informasjonskapsler', true],
    ['Vi använder kakor', true],
    ['Subscribe to our newsletter for weekly deals', false],
    ['Sign in to your account', false],
    ['Your basket is empty', false],
  ] as const)('CONSENT_TEXT_PATTERN on %j → %s', (text, expected) => {
    expect(new RegExp(CONSENT_TEXT_PATTERN).test(plain(text))).toBe(expected);
  });

  it.each([
    ['Privacy Policy', true],
    ['Datenschutzerklärung', true],
    ['Impressum', true],
    ['Politique de confidentialité', true],
    ['Mentions légales', true],
    ['Política de privacidad', true],
    ['Polityka prywatności', true],
    ['Πολιτική απορρήτου', true],
    ['Политика за поверителност', true],
    ['Persónuverndarstefna', true],
    ['Contact us', false],
    ['Accept all', false],
  ] as const)('PRIVACY_LINK_PATTERN on %j → %s', (text, expected) => {
    expect(new RegExp(PRIVACY_LINK_PATTERN).test(plain(text))).toBe(expected);
  });

  it.each([
    ['Strictly necessary cookies', true],
    ['Essential', true],
    ['Unbedingt erforderliche Cookies', true],
    ['Technisch notwendig', true],
    ['Cookies strictement nécessaires', true],
    ['Cookie tecnici', true],
    ['Niezbędne', true],
    ['Απαραίτητα cookies', true],
    ['Необходими', true],
    ['Nauðsynlegar vafrakökur', true],
    ['Nødvendige', true],
    ['Välttämättömät evästeet', true],
    ['Always active', true],
    ['Marketing', false],
    ['Statistics', false],
    ['Non-essential cookies', false],
    ['Unnecessary cookies', false],
    ['Nicht notwendige Cookies', false],
    ['Niet-noodzakelijke cookies', false],
    ['Cookies non nécessaires', false],
    ['Cookies no necesarias', false],
    ['Neobvezni piškotki', false],
    ['Ikke-nødvendige cookies', false],
    ['Μη απαραίτητα cookies', false],
    ['Незадължителни бисквитки', false],
  ] as const)('NECESSARY_PATTERN on %j → %s', (text, expected) => {
    expect(new RegExp(NECESSARY_PATTERN).test(plain(text))).toBe(expected);
  });
});

describe('the heuristics with settings and save labels', () => {
  const control = (index: number, kind: ConsentControl['kind'], score: number): ConsentControl => ({
    frameId: 'F',
    index,
    label: `control ${index}`,
    kind,
    strength: 2,
    containerKind: 'fixed',
    score,
  });

  it('bestControl returns only controls of the asked kind, however well the others score', () => {
    const controls = [control(0, 'settings', 99), control(1, 'save', 98), control(2, 'accept', 10), control(3, 'reject', 5)];
    expect(bestControl(controls, 'accept')?.index).toBe(2);
    expect(bestControl(controls, 'reject')?.index).toBe(3);
    expect(bestControl([control(0, 'settings', 99), control(1, 'save', 98)], 'accept')).toBeUndefined();
  });

  it('a banner keeps its settings and save controls by kind, next to accept', () => {
    const [banner] = bannersIn('F', {
      controls: ['Einstellungen', 'Auswahl speichern', 'Alle akzeptieren'].map((label, index) => ({ index, label, tag: 'button', containerKind: 'consent-named' as const, depth: 1, container: 0 })),
      containers: [{ kind: 'consent-named', mentionsConsent: true, hasPrivacyLink: false, viewportShare: 0.3, shadowRoot: null }],
      toggles: [],
      truncated: false,
    });
    expect(banner?.controls.map((c) => [c.index, c.kind])).toEqual([[0, 'settings'], [1, 'save'], [2, 'accept']]);
    expect(bestControl(banner!.controls, 'accept')?.index).toBe(2);
    expect(bestControl(banner!.controls, 'reject')).toBeUndefined();
  });
});
