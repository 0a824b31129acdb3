/**
 * Finding, reading and validating the config file (gdpr-scan.config.json): found with --config or
 * in the working directory, validated against configSchema, every problem one line that names the
 * file and the setting.
 */
import { readFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import { ConfigError, describeSchemaError } from './config-errors.js';
import { configSchema } from './config-schema.js';
import type { UserConfig } from './config-types.js';

/** File names looked for in the working directory, in this order, when --config is not given. */
export const CONFIG_FILE_NAMES = ['gdpr-scan.config.json', '.gdpr-scanrc.json'] as const;

let compiled: ValidateFunction | undefined;
function validator(): ValidateFunction {
  // Compiled once per process: the schema is fixed, so the cache holds no scan state.
  compiled ??= new Ajv2020({ allErrors: true, strict: true }).compile(configSchema);
  return compiled;
}

/**
 * Validates parsed JSON as a config file. Returns the config, or throws a ConfigError whose lines
 * start with `label` (the file name).
 */
export function validateConfig(data: unknown, label: string): UserConfig {
  const validate = validator();
  if (validate(data)) return data as UserConfig;
  const lines = (validate.errors ?? []).map((e) => describeSchemaError(e, data)).filter((l): l is string => l !== undefined);
  const unique = [...new Set(lines)];
  throw new ConfigError((unique.length > 0 ? unique : ['is not a valid config file']).map((l) => `${label}: ${l}`));
}

/** "Unexpected token } in JSON at position 42" -> " (line 3, column 5)". */
function jsonErrorPlace(text: string, message: string): string {
  const match = /position (\d+)/.exec(message);
  if (!match) return '';
  const before = text.slice(0, Number(match[1]));
  const line = before.split('\n').length;
  const column = before.length - before.lastIndexOf('\n');
  return ` (line ${line}, column ${column})`;
}

function parseJson(text: string, label: string): unknown {
  try {
    // A byte-order mark is common in files saved by Windows editors; JSON.parse rejects it.
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new ConfigError([`${label}: not valid JSON${jsonErrorPlace(text, message)}: ${message.split('\n')[0]}`]);
  }
}

async function readIfExists(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new ConfigError([`${path}: cannot be read: ${(error as Error).message}`]);
  }
}

/**
 * Loads the config file: `path` (from --config) when given, else the first of CONFIG_FILE_NAMES
 * found in `cwd`. No file at all is fine (empty config); a file named explicitly must exist. Two
 * candidate files in `cwd` are an error: silently ignoring one would surprise.
 */
export async function loadConfig(path?: string, cwd = process.cwd()): Promise<{ path?: string; config: UserConfig }> {
  if (path !== undefined) {
    const absolute = resolve(cwd, path);
    const text = await readIfExists(absolute);
    if (text === undefined) throw new ConfigError([`${path}: config file not found`]);
    return { path: absolute, config: validateConfig(parseJson(text, path), path) };
  }
  const found: Array<{ path: string; text: string }> = [];
  for (const name of CONFIG_FILE_NAMES) {
    const absolute = resolve(cwd, name);
    const text = await readIfExists(absolute);
    if (text !== undefined) found.push({ path: absolute, text });
  }
  if (found.length === 0) return { config: {} };
  if (found.length > 1) {
    throw new ConfigError([`${found.map((f) => basename(f.path)).join(' and ')} both exist in ${cwd}: keep one, or name it with --config`]);
  }
  const [file] = found as [{ path: string; text: string }];
  const label = basename(file.path);
  return { path: file.path, config: validateConfig(parseJson(file.text, label), label) };
}
