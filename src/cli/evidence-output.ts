import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { EVIDENCE_FILE_NAME, type EvidenceFile } from '../model/evidence-file.js';
import { writeAtomically } from '../render/json.js';

/** Writes `evidence.json` into `dir` (created when missing), atomically; returns its path. */
export async function writeEvidenceFile(dir: string, evidence: EvidenceFile): Promise<string> {
  await mkdir(dir, { recursive: true });
  return writeAtomically(join(dir, EVIDENCE_FILE_NAME), `${JSON.stringify(evidence, null, 2)}\n`);
}
