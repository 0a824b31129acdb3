import { SEVERITIES, type FailOn } from '../model/report.js';
import { UsageError } from './usage-error.js';

/** --fail-on as typed ("High ", "none") -> the threshold; anything else is a UsageError naming the choices. */
export function parseFailOn(text: string): FailOn {
  const value = String(text).trim().toLowerCase();
  if (value === 'none' || SEVERITIES.includes(value as never)) return value as FailOn;
  throw new UsageError(`--fail-on: "${text}" is not one of none, ${SEVERITIES.join(', ')}`);
}
