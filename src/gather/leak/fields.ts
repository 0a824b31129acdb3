/**
 * Which form fields get a marker: a pure choice on the facts the in-page scan recorded of each
 * field (type, autocomplete, name, id, label), in the EU languages. Never a password, payment,
 * hidden, disabled, read-only or prefilled field, and never a search box (typing there is not
 * what a newsletter or contact form is, and a page may search as you type).
 */
import type { MarkerField, TypedField } from '../../model/leak.js';

/** What the in-page scan records of one input field. */
export interface FieldFacts {
  /** Position in the scan's list (the in-page store keeps the element under it). */
  index: number;
  /** The input's type attribute, lower-cased ("" when absent). */
  type: string;
  name: string;
  id: string;
  /** The autocomplete attribute, lower-cased. */
  autocomplete: string;
  /** Label text, aria-label, aria-labelledby text, placeholder and title, joined. */
  label: string;
  /** Laid out with a size, not hidden by CSS. */
  visible: boolean;
  disabled: boolean;
  readOnly: boolean;
  /** Holds a value already (prefilled by the page or the browser). */
  filled: boolean;
  /** Inside a role=search landmark, a <search> element or a form of role search. */
  inSearch: boolean;
}

/** A field chosen for a marker. */
export interface ChosenField extends Pick<TypedField, 'field' | 'element' | 'recognisedBy'> {
  index: number;
  /** A name field that asks for one part of the name only. */
  part?: 'given' | 'family';
}

/** At most this many fields a page, and this many of one kind: a form, not every input of a long page. */
export const MAX_FIELDS_PER_PAGE = 6;
export const MAX_FIELDS_PER_KIND = 2;

/** Input types text can be typed into; anything else (password, hidden, checkbox, date, number, search, ...) is left alone. */
const TYPEABLE = new Set(['', 'text', 'email', 'tel']);

/** A word at a word start (so "Nachname" and "E-Mail-Adresse" match), any letter case and script. */
const wordsAt = (words: string[]) => new RegExp(`(?<!\\p{L})(?:${words.join('|')})`, 'iu');

const EMAIL_LABEL = wordsAt([
  'e-?mail', 'courriel', 'correo', 'posta elettronica', 'indirizzo e-?mail', 'e-?post', 'sähköposti', 'e-?pasts', 'el\\.? ?paštas',
  'e-?pošt', 'e-?posti', 'ηλεκτρονικ', 'имейл', 'електронна поща', 'r-phost', 'endereço de e-?mail', 'adresă de e-?mail', 'e-?mail cím',
]);
const PHONE_LABEL = wordsAt([
  'phone', 'telephone', 'téléphone', 'telefon', 'teléfono', 'telefono', 'telefone', 'telefoon', 'puhelin', 'τηλέφων', 'τηλ\\.', 'телефон',
  'tālr', 'mobil', 'handy', 'gsm', 'tel\\.', 'tel(?!\\p{L})', 'portable', 'móvil', 'cellulare', 'matkapuhelin',
]);
const NAME_LABEL = wordsAt([
  'name', 'full name', 'your name', 'nom', 'prénom', 'prenom', 'nombre', 'apellido', 'nome', 'cognome', 'naam', 'voornaam', 'achternaam',
  'vorname', 'nachname', 'familienname', 'imię', 'imie', 'nazwisko', 'jméno', 'příjmení', 'meno', 'priezvisko', 'nimi', 'etunimi',
  'sukunimi', 'navn', 'fornavn', 'etternavn', 'efternavn', 'namn', 'förnamn', 'efternamn', 'όνομα', 'επώνυμο', 'име', 'фамилия',
  'ime', 'prezime', 'vardas', 'pavardė', 'vārds', 'uzvārds', 'nume', 'prenume', 'név', 'vezetéknév', 'keresztnév', 'apelido',
  'eesnimi', 'perekonnanimi', 'ainm', 'sloinne', 'isem', 'kunjom',
]);
const GIVEN_WORDS = wordsAt([
  'first', 'given', 'fore', 'vorname', 'prénom', 'prenom', 'voornaam', 'förnamn', 'fornavn', 'etunimi', 'eesnimi', 'imię', 'imie', 'jméno',
  'keresztnév', 'prenume', 'vardas', 'vārds', 'fname',
]);
const FAMILY_WORDS = wordsAt([
  'last', 'family', 'sur', 'nachname', 'familienname', 'nom de famille', 'achternaam', 'efternamn', 'etternavn', 'efternavn', 'sukunimi',
  'perekonnanimi', 'nazwisko', 'příjmení', 'priezvisko', 'vezetéknév', 'pavardė', 'uzvārds', 'prezime', 'cognome', 'apellido', 'apelido',
  'επώνυμο', 'фамилия', 'sloinne', 'lname',
]);
/** Not a person's name, though the label says "name". */
const NOT_PERSON_NAME = /user ?name|benutzername|login|company|firm|organi[sz]|soci[eé]t[eé]|empresa|azienda|domain|file|product|shop|street|stra(ss|ß)e|city|stadt|ville|pet/i;

const EMAIL_ATTR = /e-?mail|courriel|correo/i;
const PHONE_ATTR = /phone|(?:^|[^a-z])tel(?:[^a-z]|$)|telefon|mobile|handy|gsm/i;
const NAME_ATTR = /(?:^|[^a-z])(?:first|last|given|family|full|sur|your)?[_-]?name(?:[^a-z]|$)|vorname|nachname|pr[eé]nom|^nom$|^f?name$|^l?name$|^[fl]name|surname|nombre|apellido|cognome/i;

const SEARCH = /search|suche|recherche|buscar|búsqueda|cerca|zoeken|szukaj|hledat|haku|sök|søg|αναζήτηση|търсене|pretraž|iskanje|paieška|meklēt|căutare|keresés|pesquisa|otsi|cuardach|fittex/i;
const SEARCH_NAMES = /^(q|s|k|query|search|keywords?|term|searchterm|suche|recherche)$/i;
const PAYMENT_OR_SECRET = /card|kreditkarte|carte|tarjeta|carta|iban|bic|cvc|cvv|csc|security code|password|passwort|mot de passe|contraseña|kennwort|pin|otp|one-time|tan(?![a-z])/i;

/** What a field is, or null when it is no field for a marker. */
export function classifyField(facts: FieldFacts): Omit<ChosenField, 'index' | 'element'> | null {
  if (!TYPEABLE.has(facts.type) || !facts.visible || facts.disabled || facts.readOnly || facts.filled || facts.inSearch) return null;
  const attrs = `${facts.name} ${facts.id}`;
  const autocomplete = facts.autocomplete.split(/\s+/);
  const all = `${attrs} ${facts.label}`;
  if (autocomplete.some((t) => t.startsWith('cc-') || t.includes('password') || t === 'one-time-code') || PAYMENT_OR_SECRET.test(all)) return null;
  if (SEARCH.test(all) || SEARCH_NAMES.test(facts.name) || SEARCH_NAMES.test(facts.id)) return null;
  if (facts.type === 'email') return { field: 'email', recognisedBy: 'type' };
  if (facts.type === 'tel') return { field: 'phone', recognisedBy: 'type' };
  if (autocomplete.includes('email')) return { field: 'email', recognisedBy: 'autocomplete' };
  if (autocomplete.some((t) => t === 'tel' || t === 'tel-national')) return { field: 'phone', recognisedBy: 'autocomplete' };
  if (autocomplete.includes('name')) return { field: 'name', recognisedBy: 'autocomplete' };
  if (autocomplete.includes('given-name')) return { field: 'name', part: 'given', recognisedBy: 'autocomplete' };
  if (autocomplete.includes('family-name')) return { field: 'name', part: 'family', recognisedBy: 'autocomplete' };
  const named = (by: 'name' | 'label', text: string) => {
    if (by === 'name' ? EMAIL_ATTR.test(text) : EMAIL_LABEL.test(text)) return { field: 'email' as const, recognisedBy: by };
    if (by === 'name' ? PHONE_ATTR.test(text) : PHONE_LABEL.test(text)) return { field: 'phone' as const, recognisedBy: by };
    if ((by === 'name' ? NAME_ATTR.test(text) : NAME_LABEL.test(text)) && !NOT_PERSON_NAME.test(text)) {
      const part: ChosenField['part'] = FAMILY_WORDS.test(text) ? 'family' : GIVEN_WORDS.test(text) ? 'given' : undefined;
      return { field: 'name' as const, recognisedBy: by, ...(part ? { part } : {}) };
    }
    return null;
  };
  return named('name', attrs) ?? named('label', facts.label);
}

/** The fields to type into, in page order, within the caps; `capped` counts those that qualified but were left out. */
export function chooseFields(facts: readonly FieldFacts[]): { chosen: ChosenField[]; capped: number } {
  const chosen: ChosenField[] = [];
  let capped = 0;
  for (const f of facts) {
    const kind = classifyField(f);
    if (!kind) continue;
    if (chosen.length >= MAX_FIELDS_PER_PAGE || chosen.filter((c) => c.field === kind.field).length >= MAX_FIELDS_PER_KIND) {
      capped++;
      continue;
    }
    chosen.push({ ...kind, index: f.index, element: describeField(f) });
  }
  return { chosen, capped };
}

/** input[type=email][name=newsletter]: enough to find the field again, nothing the visitor typed. */
export function describeField(f: Pick<FieldFacts, 'type' | 'name' | 'id'>): string {
  const clean = (v: string) => v.replace(/[^\p{L}\p{N}_.:-]/gu, '').slice(0, 60);
  let out = 'input';
  if (f.type) out += `[type=${clean(f.type)}]`;
  if (f.name) out += `[name=${clean(f.name)}]`;
  else if (f.id) out += `#${clean(f.id)}`;
  return out;
}
