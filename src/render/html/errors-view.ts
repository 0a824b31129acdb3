/** Scan errors as the HTML report lists them: stage, message, and where (page · phase). */
import type { ScanError } from '../../model/evidence.js';
import { PHASE_LABELS } from './phases.js';

export interface ErrorView {
  stage: string;
  message: string;
  where?: string;
}

export function errorView(e: ScanError): ErrorView {
  const where = [e.pageUrl, e.phase ? PHASE_LABELS[e.phase] : undefined].filter((x): x is string => Boolean(x)).join(' · ');
  return { stage: e.stage, message: e.message, where: where || undefined };
}
