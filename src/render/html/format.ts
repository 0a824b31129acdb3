/** Dates, durations, lifetimes and yes / no in words: the same in every time zone and locale. */
import { plural } from '../../util/text.js';

/** "2025-11-29 21:15 UTC": the same in every time zone and locale, so reports are reproducible. */
export function formatDate(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** "42 s", "1 min 5 s"; empty when the times make no sense. */
export function formatDuration(startIso: string, endIso: string): string {
  const ms = new Date(endIso).getTime() - new Date(startIso).getTime();
  if (!Number.isFinite(ms) || ms < 0) return '';
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  return `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
}

/** A cookie's lifetime: "session", "< 1 day", "400 days". */
export function lifetimeText(days: number | null): string {
  if (days === null) return 'session';
  if (days < 1) return '< 1 day';
  return plural(Math.round(days), 'day');
}

/** yes / no, or `unknown` when the scan could not tell. */
export function yesNoText(value: boolean | null | undefined, unknown = 'not determined'): string {
  return value === true ? 'yes' : value === false ? 'no' : unknown;
}
