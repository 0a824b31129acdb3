/**
 * Facts read from a page's rendered HTML (the DOM after scripts ran, as links.ts reads it): its
 * forms and its legal links. Pure functions on the HTML: no page script runs and the page cannot
 * see the read.
 */
import * as cheerio from 'cheerio';
import type { FormRecord, LegalLink, LegalLinkKind } from '../../model/transport.js';
import { COOKIE_POLICY_LINK_PATTERN, LEGAL_NOTICE_LINK_PATTERN, normalizeLabel, PRIVACY_POLICY_LINK_PATTERN } from '../consent/phrases.js';

/** At most this many forms and legal links are kept per page: a hostile page could have thousands. */
export const MAX_FORMS = 50;
export const MAX_LEGAL_LINKS = 20;
/** Link texts longer than this are sentences or whole teasers, not a link to a policy. */
const MAX_LINK_TEXT = 100;

type Document = cheerio.CheerioAPI;

/** The parsed page and the URL relative links resolve against (its `<base href>`, else the page's URL). */
export interface ParsedPage {
  $: Document;
  baseUrl: string;
}

export function parsePage(html: string, pageUrl: string): ParsedPage {
  const $ = cheerio.load(html);
  const base = $('base[href]').attr('href');
  return { $, baseUrl: resolve(base ?? '', pageUrl) ?? pageUrl };
}

/** Field types a visitor does not type into. */
const NOT_A_FIELD = new Set(['hidden', 'submit', 'button', 'reset', 'image']);

/**
 * Every form of the document, in document order: where it sends its fields (action resolved; a
 * missing or empty action posts to the document itself), how, and whether it asks for a password or
 * an e-mail address. Buttons with `formaction` are not followed (rare; the form's own action is what a
 * visitor's Enter key submits to).
 */
export function readForms({ $, baseUrl }: ParsedPage, documentUrl: string): FormRecord[] {
  const forms: FormRecord[] = [];
  $('form').each((_, element) => {
    if (forms.length >= MAX_FORMS) return false;
    const form = $(element);
    const actionAttr = form.attr('action')?.trim();
    const action = actionAttr ? (resolve(actionAttr, baseUrl) ?? actionAttr) : documentUrl;
    const method = (form.attr('method') ?? '').trim().toLowerCase();
    let fields = 0;
    let hasPassword = false;
    let hasEmail = false;
    form.find('input, select, textarea').each((_, field) => {
      const tag = field.tagName.toLowerCase();
      const type = (tag === 'input' ? ($(field).attr('type') ?? 'text') : tag).trim().toLowerCase();
      if (NOT_A_FIELD.has(type)) return;
      fields++;
      const autocomplete = ($(field).attr('autocomplete') ?? '').toLowerCase();
      if (type === 'password' || /\b(current|new)-password\b/.test(autocomplete)) hasPassword = true;
      if (type === 'email' || /\bemail\b/.test(autocomplete)) hasEmail = true;
    });
    forms.push({ action, method: method === 'post' || method === 'dialog' ? method : 'get', hasPassword, hasEmail, fields });
    return undefined;
  });
  return forms;
}

const KIND_PATTERNS: ReadonlyArray<[LegalLinkKind, RegExp]> = [
  ['privacy', new RegExp(PRIVACY_POLICY_LINK_PATTERN)],
  ['legal-notice', new RegExp(LEGAL_NOTICE_LINK_PATTERN)],
  ['cookie-policy', new RegExp(COOKIE_POLICY_LINK_PATTERN)],
];

/** What a link text says it leads to, in the 26 languages of the phrase tables; null when none. "Impressum & Datenschutzerklärung" is a privacy link first. */
export function legalLinkKind(text: string): LegalLinkKind | null {
  const label = normalizeLabel(text);
  if (!label || label.length > MAX_LINK_TEXT) return null;
  for (const [kind, pattern] of KIND_PATTERNS) if (pattern.test(label)) return kind;
  return null;
}

/**
 * Links to a privacy policy, legal notice or cookie policy, by their visible text (else their
 * aria-label or title), in document order; each target once per kind.
 */
export function findLegalLinks({ $, baseUrl }: ParsedPage): LegalLink[] {
  const links: LegalLink[] = [];
  const seen = new Set<string>();
  $('a[href]').each((_, element) => {
    if (links.length >= MAX_LEGAL_LINKS) return false;
    const anchor = $(element);
    const href = anchor.attr('href')?.trim() ?? '';
    if (!href || /^(javascript|mailto|tel|data):/i.test(href)) return undefined;
    const text = collapse(anchor.text()) || collapse(anchor.attr('aria-label') ?? '') || collapse(anchor.attr('title') ?? '');
    const kind = legalLinkKind(text);
    if (!kind) return undefined;
    const target = resolve(href, baseUrl);
    if (!target) return undefined;
    const key = `${kind} ${target}`;
    if (seen.has(key)) return undefined;
    seen.add(key);
    links.push({ kind, text: text.slice(0, MAX_LINK_TEXT), href: target });
    return undefined;
  });
  return links;
}

function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function resolve(href: string, base: string): string | undefined {
  try {
    return new URL(href, base).href;
  } catch {
    return undefined;
  }
}
