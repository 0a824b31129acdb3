/**
 * In-page functions of the form-typing step. Serialised with toString() and run by
 * Runtime.callFunctionOn in the scanner's isolated world of the top-level document: they share
 * the DOM with the page but not its globals, so the page cannot see the store of found fields.
 * Self-contained: no closures, no imports.
 */
import type { FieldFacts } from './fields.js';

/** Lists the document's input fields (at most `max`) and keeps them under `storeKey` in the scanner's world. */
export function listFormFields(storeKey: string, max: number): FieldFacts[] {
  const inputs = Array.from(document.querySelectorAll('input')).slice(0, max);
  (window as unknown as Record<string, unknown>)[storeKey] = inputs;
  const text = (value: string | null | undefined) => (value ?? '').replace(/\s+/g, ' ').trim();
  return inputs.map((el, index) => {
    const rect = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    const labelledBy = (el.getAttribute('aria-labelledby') ?? '')
      .split(/\s+/)
      .map((id) => (id ? text(document.getElementById(id)?.textContent) : ''))
      .join(' ');
    const labels = Array.from(el.labels ?? []).map((l) => text(l.textContent)).join(' ');
    const label = text([labels, el.getAttribute('aria-label'), labelledBy, el.getAttribute('placeholder'), el.getAttribute('title')].join(' ')).slice(0, 300);
    return {
      index,
      type: text(el.getAttribute('type')).toLowerCase(),
      name: text(el.getAttribute('name')).slice(0, 100),
      id: text(el.id).slice(0, 100),
      autocomplete: text(el.getAttribute('autocomplete')).toLowerCase(),
      label,
      visible: rect.width > 0 && rect.height > 0 && style.visibility !== 'hidden' && style.display !== 'none' && Number(style.opacity) > 0,
      disabled: el.disabled,
      readOnly: el.readOnly,
      filled: el.value !== '',
      inSearch: el.closest('[role=search], search, form[role=search]') !== null,
    };
  });
}

/** Brings a stored field into view and focuses it; true when it has the focus. */
export function focusStoredField(storeKey: string, index: number): boolean {
  const el = ((window as unknown as Record<string, HTMLInputElement[] | undefined>)[storeKey] ?? [])[index];
  if (!el || !el.isConnected) return false;
  el.scrollIntoView({ block: 'center' });
  el.focus();
  return document.activeElement === el;
}

/** Takes the focus away from a stored field (the page's blur and change listeners fire); true when it holds `expected`. */
export function blurStoredField(storeKey: string, index: number, expected: string): boolean {
  const el = ((window as unknown as Record<string, HTMLInputElement[] | undefined>)[storeKey] ?? [])[index];
  if (!el) return false;
  el.blur();
  return el.value === expected;
}
