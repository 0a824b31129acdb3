/**
 * Reading a saved JSON artifact back (report.json, evidence.json): read, parse, check the format
 * version, upgrade an older version to today's shape, validate against the published schema, and
 * say what is wrong in one line that starts with the path. One home, so every reader words its
 * problems the same way.
 */
import { readFile } from 'node:fs/promises';

/** What is wrong with a saved file, for callers that react to the kind rather than the wording. */
export type SavedFileProblem = 'not-found' | 'directory' | 'unreadable' | 'not-json' | 'unsupported' | 'invalid';

/** A saved file that cannot be used; the message is one line that starts with the path. */
export class SavedFileError extends Error {
  constructor(
    readonly path: string,
    readonly problem: SavedFileProblem,
    message: string,
  ) {
    super(message);
    this.name = 'SavedFileError';
  }
}

/** How one kind of saved file is recognised and checked. */
export interface SavedFileKind {
  /** Its usual name, for "is a directory; name the <fileName> inside it". */
  fileName: string;
  /** What messages start with; default the path (e.g. "--baseline main/report.json"). */
  label?: string;
  /** What it is called in messages: "gdpr-scan report", "gdpr-scan evidence file". */
  noun: string;
  /** Why this version of the format cannot be read, checked before the schema; undefined when it can. */
  unsupported?: (data: unknown) => string | undefined;
  /** An older version of the format in today's shape (pure), applied before the schema check; what is read is the upgraded copy. */
  upgrade?: (data: unknown) => unknown;
  /** Schema problems, one line each; empty when valid. */
  validate: (data: unknown) => string[];
  /** The error to throw (its own class, so callers can tell the kinds apart). */
  error: (path: string, problem: SavedFileProblem, message: string) => Error;
}

/** Reads and checks one saved file of `kind` (from `readPath`, default `path`); throws `kind.error(...)` with one line. */
export async function readSavedFile<T>(path: string, kind: SavedFileKind, readPath = path): Promise<T> {
  const label = kind.label ?? path;
  let text: string;
  try {
    text = await readFile(readPath, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw kind.error(path, 'not-found', `${label}: file not found`);
    if (code === 'EISDIR') throw kind.error(path, 'directory', `${label}: is a directory; name the ${kind.fileName} inside it`);
    throw kind.error(path, 'unreadable', `${label}: cannot be read (${code ?? (error as Error).message.split('\n')[0]})`);
  }
  let data: unknown;
  try {
    // A byte-order mark is common in files saved by Windows editors; JSON.parse rejects it.
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw kind.error(path, 'not-json', `${label}: not JSON (${(error as Error).message.split('\n')[0]})`);
  }
  const unsupported = kind.unsupported?.(data);
  if (unsupported !== undefined) throw kind.error(path, 'unsupported', `${label}: ${unsupported}`);
  if (kind.upgrade) data = kind.upgrade(data);
  const problems = kind.validate(data);
  if (problems.length > 0) {
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more problem${problems.length > 2 ? 's' : ''})` : '';
    throw kind.error(path, 'invalid', `${label}: not a valid ${kind.noun}: ${problems[0]}${more}`);
  }
  return data as T;
}
