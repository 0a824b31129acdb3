/**
 * Evidence of data leaving the page: the scanner's own marker values typed into form fields
 * (never submitted), the requests that carried one, and identifiers one party set that another
 * party received (cookie syncing). Raw facts; first or third party is the judge's call.
 */

/** The kind of form field a marker was typed into. */
export type MarkerField = 'email' | 'name' | 'phone';
export const MARKER_FIELDS: readonly MarkerField[] = ['email', 'name', 'phone'];

/**
 * How a marker was written in a request: as typed, percent-encoded once or twice, base64
 * (standard or URL-safe alphabet, padding optional), or a digest (MD5, SHA-1, SHA-256) written in
 * hex or in base64.
 */
export type MarkerEncoding =
  | 'plain'
  | 'url-encoded'
  | 'double-url-encoded'
  | 'base64'
  | 'base64url'
  | 'md5-hex'
  | 'md5-base64'
  | 'sha1-hex'
  | 'sha1-base64'
  | 'sha256-hex'
  | 'sha256-base64';
export const MARKER_ENCODINGS: readonly MarkerEncoding[] = [
  'plain',
  'url-encoded',
  'double-url-encoded',
  'base64',
  'base64url',
  'md5-hex',
  'md5-base64',
  'sha1-hex',
  'sha1-base64',
  'sha256-hex',
  'sha256-base64',
];

/** One marker found in one place of a request. */
export interface MarkerMatch {
  /** Which typed marker: the e-mail, the name or the phone number. */
  field: MarkerField;
  /** How the marker was written in the request. */
  encoding: MarkerEncoding;
  /** The marker was normalised before encoding: lower-cased and trimmed (e-mail, name), or the phone's E.164 digits. */
  normalised: boolean;
  /** Where in the request: its URL (query or path), its body (POST data, beacons), or a header (see `header`). */
  where: 'url' | 'body' | 'header';
  /** The header's name (lower-case) when `where` is header, e.g. referer. */
  header?: string;
  /** The encoded marker as found (derived from the scanner's own value, never the visitor's data); for a truncated digest, the part found. */
  matched: string;
  /** Only the first part of the digest was found (at least 16 hex digits), not the whole: a likely but not certain match. */
  truncated?: boolean;
  /** Percent-encoding layers around the match (1: inside a URL-encoded value, 2: double-encoded); absent when none. */
  urlEncodedLayers?: number;
  /** The marker was found inside a base64 token of the request (e.g. a base64-encoded JSON payload). */
  insideBase64?: boolean;
}

/** One form field the scanner typed a marker into. */
export interface TypedField {
  /** Which marker was typed. */
  field: MarkerField;
  /** The marker typed: the scanner's own value, not personal data. */
  value: string;
  /** The field as a CSS-like description (tag, type, name or id), e.g. input[type=email][name=newsletter]. */
  element: string;
  /** What told the field's kind: its type, autocomplete, name/id or label. */
  recognisedBy: 'type' | 'autocomplete' | 'name' | 'label';
}

/** What the form-typing step did on one page (after it settled, before scrolling). Nothing was submitted. */
export interface FormTyping {
  /** Fields typed into, in order. */
  fields: TypedField[];
  /** Fields that qualified but were left out because of the per-page cap. */
  capped?: number;
  /** A navigation the typing set off in the top-level document, stopped and not followed: its URL. */
  navigationStopped?: string;
  /** Why typing stopped early or could not start (the page did not answer, the field went away). */
  error?: string;
  /** Milliseconds the typing step took on this page (finding the fields included). */
  durationMs: number;
}

/** Where an identifier was kept before another party received it. */
export type IdentifierSource = 'cookie' | 'localStorage' | 'sessionStorage';

/**
 * An identifier one party kept (a cookie or storage value) that appeared in a request to a
 * different registrable domain: cookie syncing or ID sharing. The value itself is never stored.
 */
export interface SharedIdentifier {
  /** Where the identifier was kept. */
  source: IdentifierSource;
  /** The cookie's name or the storage key. */
  name: string;
  /** The cookie's domain, or the storage's origin. */
  setBy: string;
  /** Host the request carrying the identifier went to. */
  sentToHost: string;
  /** URL of that request, query dropped and the identifier replaced by {id}. */
  sentToUrl: string;
  /** Where in the request the identifier appeared. */
  where: 'url' | 'body';
  /** The query or form parameter it was sent under, when recognisable. */
  parameter?: string;
  /** The identifier appeared percent-encoded rather than as stored. */
  urlEncoded?: boolean;
  /** Length of the identifier in characters (its value is personal data and is not kept). */
  length: number;
}

/** A shared identifier with both parties classified by the judge. */
export interface SharedIdentifierRecord extends SharedIdentifier {
  /** The party that kept the identifier is the site itself (same registrable domain). */
  setByFirstParty: boolean;
  /** The receiving host belongs to the site itself. */
  sentToFirstParty: boolean;
  /** Organisation behind the party that kept the identifier, when known. */
  setByOrganization?: string;
  /** Organisation behind the receiving host, when known. */
  sentToOrganization?: string;
}
