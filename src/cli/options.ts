import type { Argv, Options } from 'yargs';
import { SCAN_OPTIONS, type ScanOptionSpec } from '../plan/scan-options.js';

/** One table entry as yargs options: a repeatable option is yargs' string array. */
function yargsOption(option: ScanOptionSpec): Options {
  return {
    ...(option.alias ? { alias: option.alias } : {}),
    type: option.type === 'array' ? 'string' : option.type,
    ...(option.type === 'array' ? { array: true } : {}),
    // A copy: yargs hands the default on, and a caller may change the list it gets.
    ...('default' in option ? { default: Array.isArray(option.default) ? [...option.default] : option.default } : {}),
    describe: option.describe,
  };
}

/** Options of every command that runs a scan, from the table in src/plan/scan-options.ts. */
export function withScanOptions<T>(yargs: Argv<T>): Argv<T> {
  return SCAN_OPTIONS.reduce((y: Argv<T>, option) => y.option(option.flag, yargsOption(option)), yargs);
}

/**
 * Some options of the table, by flag, for commands that take only those (`audit`); `overrides`
 * changes an entry's yargs settings for that command (e.g. a different default).
 */
export function withTableOptions<T>(yargs: Argv<T>, flags: readonly string[], overrides: Readonly<Record<string, Partial<Options>>> = {}): Argv<T> {
  return flags.reduce((y: Argv<T>, flag) => {
    const option = SCAN_OPTIONS.find((o) => o.flag === flag);
    if (!option) throw new Error(`no scan option --${flag}`);
    const settings: Options = { ...yargsOption(option), ...overrides[flag] };
    if (overrides[flag] && 'default' in overrides[flag] && overrides[flag].default === undefined) delete settings.default;
    return y.option(flag, settings);
  }, yargs);
}
