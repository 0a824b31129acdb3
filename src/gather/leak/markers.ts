/**
 * The scanner's own marker values (typed into form fields, never submitted) and the matcher that
 * looks for them in requests: plain, percent-encoded (once or twice, `+` for spaces), base64
 * (standard and URL-safe, with or without padding, also inside a base64 token of the request),
 * and digested with MD5, SHA-1 and SHA-256 (hex, base64), of the value as typed and normalised
 * the way advertising pixels do before hashing ("advanced matching": lower-cased and trimmed, the
 * phone number as E.164 digits). Pure: no browser; the collector feeds it what the network saw.
 */
import { createHash, randomInt } from 'node:crypto';
import type { MarkerEncoding, MarkerField, MarkerMatch } from '../../model/leak.js';

/** The values typed into one phase's pages: unusual, recognisable, on reserved ranges. */
export interface MarkerSet {
  /** An e-mail address on example.org (RFC 2606), with capitals so that lower-casing shows. */
  email: string;
  /** Given name: random syllables, no real person's name. */
  givenName: string;
  /** Family name: random syllables. */
  familyName: string;
  /** A UK drama number (+44 7700 900000–900999, Ofcom's reserved range) as a person types it. */
  phone: string;
}

const CONSONANTS = 'bdfgklmnprstvxz';
const VOWELS = 'aeiou';

/** Fresh markers; `pick(n)` returns an integer in [0, n) (crypto by default, seedable in tests). */
export function createMarkerSet(pick: (n: number) => number = randomInt): MarkerSet {
  const syllables = (count: number) => {
    let out = '';
    for (let i = 0; i < count; i++) out += CONSONANTS[pick(CONSONANTS.length)]! + VOWELS[pick(VOWELS.length)]!;
    return out[0]!.toUpperCase() + out.slice(1);
  };
  let token = '';
  for (let i = 0; i < 8; i++) token += 'abcdefghijkmnpqrstuvwxyz23456789'[pick(32)];
  const digits = String(pick(1000)).padStart(3, '0');
  return { email: `GdprScan.${token}@example.org`, givenName: syllables(3), familyName: syllables(4), phone: `+44 7700 900${digits}` };
}

/** The full name typed into a single name field. */
export function fullName(markers: MarkerSet): string {
  return `${markers.givenName} ${markers.familyName}`;
}

/** The marker to type into a field of `kind` (a name field's part by its autocomplete token). */
export function markerFor(markers: MarkerSet, field: MarkerField, part?: 'given' | 'family'): string {
  if (field === 'email') return markers.email;
  if (field === 'phone') return markers.phone;
  return part === 'given' ? markers.givenName : part === 'family' ? markers.familyName : fullName(markers);
}

/** One string the matcher looks for. */
interface Needle {
  field: MarkerField;
  encoding: MarkerEncoding;
  normalised: boolean;
  text: string;
  /** Hex digests and plain text are compared case-insensitively, base64 exactly. */
  caseInsensitive: boolean;
  /** A digest prefix: found alone, the match is truncated. */
  truncated?: boolean;
}

/** Shortest hex prefix of a digest that still counts as a (truncated) match: 64 bits. */
export const TRUNCATED_HEX_DIGITS = 16;
/** Shortest base64 token decoded when looking for markers inside base64 payloads. */
const MIN_BASE64_TOKEN = 16;

/** What the matcher reads of a request. */
export interface RequestContent {
  url: string;
  /** POST data, as text. */
  body?: string;
  /** Request headers (names in any case). */
  headers?: Readonly<Record<string, string>>;
}

/** Headers that never carry page data worth matching (or carry the markers' own request line). */
const SKIPPED_HEADERS = new Set(['host', 'content-length', 'content-type', 'accept', 'accept-encoding', 'accept-language', 'connection', 'user-agent']);

/** The values of one field, as typed and normalised. */
function variants(markers: MarkerSet): Array<{ field: MarkerField; value: string; normalised: boolean }> {
  const out: Array<{ field: MarkerField; value: string; normalised: boolean }> = [];
  const add = (field: MarkerField, value: string, normalised: boolean) => {
    if (!out.some((v) => v.field === field && v.value === value)) out.push({ field, value, normalised });
  };
  add('email', markers.email, false);
  add('email', markers.email.trim().toLowerCase(), true);
  for (const name of [fullName(markers), markers.givenName, markers.familyName]) {
    add('name', name, false);
    add('name', name.trim().toLowerCase(), true);
  }
  add('phone', markers.phone, false);
  const digits = markers.phone.replace(/\D/g, '');
  add('phone', `+${digits}`, true);
  add('phone', digits, true);
  return out;
}

const DIGESTS = [
  ['md5', 'md5-hex', 'md5-base64'],
  ['sha1', 'sha1-hex', 'sha1-base64'],
  ['sha256', 'sha256-hex', 'sha256-base64'],
] as const;

function needlesOf(markers: MarkerSet): Needle[] {
  const needles: Needle[] = [];
  for (const { field, value, normalised } of variants(markers)) {
    needles.push({ field, encoding: 'plain', normalised, text: value, caseInsensitive: true });
    const base64 = Buffer.from(value, 'utf8').toString('base64').replace(/=+$/, '');
    needles.push({ field, encoding: 'base64', normalised, text: base64, caseInsensitive: false });
    const base64url = base64.replace(/\+/g, '-').replace(/\//g, '_');
    if (base64url !== base64) needles.push({ field, encoding: 'base64url', normalised, text: base64url, caseInsensitive: false });
    for (const [algorithm, hex, b64] of DIGESTS) {
      const digest = createHash(algorithm).update(value, 'utf8').digest();
      const hexText = digest.toString('hex');
      needles.push({ field, encoding: hex, normalised, text: hexText, caseInsensitive: true });
      needles.push({ field, encoding: hex, normalised, text: hexText.slice(0, TRUNCATED_HEX_DIGITS), caseInsensitive: true, truncated: true });
      const digest64 = digest.toString('base64').replace(/=+$/, '');
      needles.push({ field, encoding: b64, normalised, text: digest64, caseInsensitive: false });
      const digest64url = digest64.replace(/\+/g, '-').replace(/\//g, '_');
      if (digest64url !== digest64) needles.push({ field, encoding: b64, normalised, text: digest64url, caseInsensitive: false });
    }
  }
  return needles;
}

/** The text and its percent-decoded layers (`+` read as a space too), each once. */
function layers(text: string): string[] {
  const out = [text];
  let current = text;
  for (let depth = 1; depth <= 2; depth++) {
    const decoded = percentDecode(current);
    if (decoded === current) break;
    out.push(decoded);
    current = decoded;
  }
  return out;
}

function percentDecode(text: string): string {
  const spaced = text.replace(/\+/g, ' ');
  try {
    return decodeURIComponent(spaced);
  } catch {
    // A lone % in the text: decode what can be decoded.
    return spaced.replace(/(%[0-9a-f]{2})+/gi, (run) => {
      try {
        return decodeURIComponent(run);
      } catch {
        return run;
      }
    });
  }
}

/** Base64 tokens of the text, decoded (only those that decode to mostly printable UTF-8). */
function base64Payloads(text: string): string[] {
  const out: string[] = [];
  for (const token of text.match(new RegExp(`[A-Za-z0-9+/_-]{${MIN_BASE64_TOKEN},}={0,2}`, 'g')) ?? []) {
    const decoded = Buffer.from(token.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('utf8');
    const printable = decoded.replace(/[^\x20-\x7e\u00a0-\uffff]/g, '').length;
    if (decoded.length > 0 && printable / decoded.length > 0.9) out.push(decoded);
    if (out.length >= 50) break;
  }
  return out;
}

/**
 * Finds the markers of one phase in requests. Built once per phase (the digests are computed
 * once); `match` is cheap enough to run on every request.
 */
export class MarkerMatcher {
  private readonly needles: Needle[];

  constructor(readonly markers: MarkerSet) {
    this.needles = needlesOf(markers);
  }

  /** Every marker the request carries, one match per field, place and encoding (a full digest beats its prefix). */
  match(request: RequestContent): MarkerMatch[] {
    const found: MarkerMatch[] = [];
    this.scan(request.url, 'url', undefined, found);
    if (request.body) this.scan(request.body, 'body', undefined, found);
    for (const [name, value] of Object.entries(request.headers ?? {})) {
      const header = name.toLowerCase();
      if (!SKIPPED_HEADERS.has(header) && !header.startsWith(':') && value) this.scan(value, 'header', header, found);
    }
    return found;
  }

  private scan(text: string, where: MarkerMatch['where'], header: string | undefined, found: MarkerMatch[]): void {
    const texts = layers(text);
    const lowered = texts.map((t) => t.toLowerCase());
    const add = (needle: Needle, extra: Pick<MarkerMatch, 'urlEncodedLayers' | 'insideBase64'>) => {
      const encoding: MarkerEncoding =
        needle.encoding === 'plain' && extra.urlEncodedLayers ? (extra.urlEncodedLayers === 1 ? 'url-encoded' : 'double-url-encoded') : needle.encoding;
      const same = (m: MarkerMatch) => m.field === needle.field && m.where === where && m.header === header && m.encoding === encoding;
      const existing = found.find(same);
      if (existing && (needle.truncated || !existing.truncated)) return;
      if (existing) found.splice(found.indexOf(existing), 1);
      found.push({
        field: needle.field,
        encoding,
        normalised: needle.normalised,
        where,
        ...(header ? { header } : {}),
        matched: needle.text,
        ...(needle.truncated ? { truncated: true } : {}),
        ...(extra.urlEncodedLayers && needle.encoding !== 'plain' ? { urlEncodedLayers: extra.urlEncodedLayers } : {}),
        ...(extra.insideBase64 ? { insideBase64: true } : {}),
      });
    };
    // Full needles before prefixes, so a prefix is only kept where no full digest was found.
    const ordered = [...this.needles.filter((n) => !n.truncated), ...this.needles.filter((n) => n.truncated)];
    for (const needle of ordered) {
      const text = needle.caseInsensitive ? needle.text.toLowerCase() : needle.text;
      const layer = (needle.caseInsensitive ? lowered : texts).findIndex((t) => t.includes(text));
      if (layer >= 0) add(needle, layer > 0 ? { urlEncodedLayers: layer } : {});
    }
    // A marker inside a base64 payload (e.g. base64 of a JSON object holding the e-mail).
    const payloads = texts.flatMap(base64Payloads).map((p) => p.toLowerCase());
    if (payloads.length === 0) return;
    for (const needle of this.needles) {
      if (needle.encoding !== 'plain' || found.some((m) => m.field === needle.field && m.where === where && m.header === header)) continue;
      if (payloads.some((p) => p.includes(needle.text.toLowerCase()))) add({ ...needle, encoding: 'base64' }, { insideBase64: true });
    }
  }
}
