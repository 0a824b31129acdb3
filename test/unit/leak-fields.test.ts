import { describe, expect, it } from 'vitest';
import { chooseFields, classifyField, MAX_FIELDS_PER_KIND, MAX_FIELDS_PER_PAGE, type FieldFacts } from '../../src/gather/leak/fields.js';

const field = (facts: Partial<FieldFacts>): FieldFacts => ({
  index: 0, type: 'text', name: '', id: '', autocomplete: '', label: '', visible: true, disabled: false, readOnly: false, filled: false, inSearch: false,
  ...facts,
});

describe('field chooser', () => {
  const recognised: Array<[string, Partial<FieldFacts>, ReturnType<typeof classifyField>]> = [
    ['type=email', { type: 'email' }, { field: 'email', recognisedBy: 'type' }],
    ['type=tel', { type: 'tel' }, { field: 'phone', recognisedBy: 'type' }],
    ['autocomplete=email on a text field', { autocomplete: 'section-x email' }, { field: 'email', recognisedBy: 'autocomplete' }],
    ['autocomplete=given-name', { autocomplete: 'given-name' }, { field: 'name', part: 'given', recognisedBy: 'autocomplete' }],
    ['autocomplete=family-name', { autocomplete: 'family-name' }, { field: 'name', part: 'family', recognisedBy: 'autocomplete' }],
    ['name=user_email', { name: 'user_email' }, { field: 'email', recognisedBy: 'name' }],
    ['name=last_name', { name: 'last_name' }, { field: 'name', part: 'family', recognisedBy: 'name' }],
    ['German label E-Mail-Adresse', { label: 'Ihre E-Mail-Adresse' }, { field: 'email', recognisedBy: 'label' }],
    ['French label Courriel', { label: 'Adresse courriel' }, { field: 'email', recognisedBy: 'label' }],
    ['Finnish label Sähköposti', { label: 'Sähköposti' }, { field: 'email', recognisedBy: 'label' }],
    ['German label Telefonnummer', { label: 'Telefonnummer' }, { field: 'phone', recognisedBy: 'label' }],
    ['Greek label Τηλέφωνο', { label: 'Τηλέφωνο' }, { field: 'phone', recognisedBy: 'label' }],
    ['German label Vorname', { label: 'Vorname' }, { field: 'name', part: 'given', recognisedBy: 'label' }],
    ['Polish label Nazwisko', { label: 'Nazwisko' }, { field: 'name', part: 'family', recognisedBy: 'label' }],
    ['French label Nom', { label: 'Votre nom' }, { field: 'name', recognisedBy: 'label' }],
  ];
  it.each(recognised)('recognises %s', (_label, facts, expected) => {
    expect(classifyField(field(facts))).toEqual(expected);
  });

  const refused: Array<[string, Partial<FieldFacts>]> = [
    ['a password', { type: 'password', name: 'email' }],
    ['a hidden field', { type: 'hidden', name: 'email' }],
    ['an invisible field', { type: 'email', visible: false }],
    ['a disabled field', { type: 'email', disabled: true }],
    ['a read-only field', { type: 'email', readOnly: true }],
    ['a prefilled field', { type: 'email', filled: true }],
    ['a search box by type', { type: 'search', label: 'Name' }],
    ['a field in a search landmark', { name: 'name', inSearch: true }],
    ['a search box by name', { name: 'q', label: 'Name or keyword' }],
    ['a search box by label', { label: 'Suche nach Namen' }],
    ['a card number', { autocomplete: 'cc-name', label: 'Name on card' }],
    ['a card holder by label', { label: 'Karteninhaber Name', name: 'kreditkarte_name' }],
    ['a user name', { label: 'Username' }],
    ['a company name', { label: 'Company name' }],
    ['an unrelated text field', { label: 'Message', name: 'subject' }],
    ['a checkbox labelled e-mail', { type: 'checkbox', label: 'E-Mail newsletter' }],
  ];
  it.each(refused)('leaves alone %s', (_label, facts) => {
    expect(classifyField(field(facts))).toBeNull();
  });

  it('caps fields per kind and per page, in page order, and counts the rest', () => {
    const facts = [
      ...Array.from({ length: 3 }, (_, i) => field({ index: i, type: 'email', name: `e${i}` })),
      ...Array.from({ length: 3 }, (_, i) => field({ index: 3 + i, type: 'tel', name: `p${i}` })),
      ...Array.from({ length: 3 }, (_, i) => field({ index: 6 + i, name: `name${i}` })),
    ];
    const { chosen, capped } = chooseFields(facts);
    expect(chosen.map((c) => c.index)).toEqual([0, 1, 3, 4, 6, 7]);
    expect(chosen.length).toBe(MAX_FIELDS_PER_PAGE);
    expect(chosen.filter((c) => c.field === 'email')).toHaveLength(MAX_FIELDS_PER_KIND);
    expect(capped).toBe(3);
    expect(chosen[0]!.element).toBe('input[type=email][name=e0]');
  });
});
