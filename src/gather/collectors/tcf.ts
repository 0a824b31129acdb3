import { TCString } from '@iabtechlabtcf/core';
import type { CdpClient } from '../browser/types.js';
import type { TcfSnapshot } from '../../model/evidence.js';
import type { CollectedEvidence, Collector, CollectorContext, PageVisit } from './collector.js';

/** How long the page's CMP gets to answer __tcfapi. */
const TCF_ANSWER_MS = 1_000;

/**
 * Asks the page's IAB TCF CMP for its current state the way a vendor script would:
 * __tcfapi('addEventListener', 2, cb) (getTCData is deprecated in TCF v2.2), then removes the
 * listener. Runs in the page's main world, where __tcfapi lives; bounded in time.
 */
const READ_TCF = `new Promise((resolve) => {
  if (typeof window.__tcfapi !== 'function') return resolve({ cmpPresent: false });
  let answered = false;
  const timer = setTimeout(() => { if (!answered) { answered = true; resolve({ cmpPresent: true, error: 'the CMP did not answer __tcfapi within ${TCF_ANSWER_MS} ms' }); } }, ${TCF_ANSWER_MS});
  try {
    window.__tcfapi('addEventListener', 2, (data, success) => {
      if (answered) return;
      answered = true;
      clearTimeout(timer);
      try { if (data && data.listenerId !== undefined) window.__tcfapi('removeEventListener', 2, () => {}, data.listenerId); } catch (e) {}
      if (!success || !data) return resolve({ cmpPresent: true, error: 'the CMP reported failure' });
      resolve({ cmpPresent: true, gdprApplies: data.gdprApplies, eventStatus: data.eventStatus, tcString: data.tcString, cmpId: data.cmpId });
    });
  } catch (e) {
    answered = true;
    clearTimeout(timer);
    resolve({ cmpPresent: true, error: 'calling __tcfapi failed: ' + String(e && e.message || e) });
  }
})`;

/** The page's TCF state at the end of each visit that loaded (an error page has no CMP worth asking). */
export class TcfCollector implements Collector<Pick<CollectedEvidence, 'tcf'>> {
  readonly name = 'TCF';

  constructor(private readonly context: CollectorContext) {}

  async collect(visit: PageVisit): Promise<Pick<CollectedEvidence, 'tcf'>> {
    if (!visit.loaded) return {};
    const tcf = await collectTcf(this.context.page.cdp);
    return tcf ? { tcf } : {};
  }
}

/** The page's TCF state, or undefined when the page has no TCF CMP. */
export async function collectTcf(cdp: CdpClient): Promise<TcfSnapshot | undefined> {
  const result = await cdp.send('Runtime.evaluate', {
    expression: READ_TCF,
    awaitPromise: true,
    returnByValue: true,
    silent: true,
    timeout: TCF_ANSWER_MS + 1_000,
  });
  // RemoteObject.value is untyped; READ_TCF above resolves to a RawTcf.
  const raw = result.result?.value as RawTcf | undefined;
  if (!raw || !raw.cmpPresent) return undefined;
  return decodeTcf(raw);
}

interface RawTcf {
  cmpPresent: boolean;
  gdprApplies?: unknown;
  eventStatus?: unknown;
  tcString?: unknown;
  cmpId?: unknown;
  error?: string;
}

/** Turns what the page said into a snapshot, decoding the TC string in Node (the page's word is not trusted). */
export function decodeTcf(raw: RawTcf): TcfSnapshot {
  const snapshot: TcfSnapshot = { cmpPresent: true };
  if (typeof raw.gdprApplies === 'boolean') snapshot.gdprApplies = raw.gdprApplies;
  if (typeof raw.eventStatus === 'string') snapshot.eventStatus = raw.eventStatus.slice(0, 40);
  if (typeof raw.cmpId === 'number') snapshot.cmpId = raw.cmpId;
  if (raw.error) snapshot.error = raw.error;
  if (typeof raw.tcString === 'string' && raw.tcString.length > 0) {
    snapshot.tcString = raw.tcString.slice(0, 10_000);
    try {
      const model = TCString.decode(raw.tcString);
      snapshot.purposeConsents = idsOf(model.purposeConsents);
      snapshot.vendorConsents = idsOf(model.vendorConsents);
      if (snapshot.cmpId === undefined && typeof model.cmpId === 'number' && model.cmpId > 0) snapshot.cmpId = model.cmpId;
    } catch (error) {
      snapshot.error = `the TC string could not be decoded: ${error instanceof Error ? error.message : String(error)}`;
    }
  }
  return snapshot;
}

function idsOf(vector: { forEach(callback: (value: boolean, id: number) => void): void }): number[] {
  const ids: number[] = [];
  vector.forEach((value, id) => {
    if (value) ids.push(id);
  });
  return ids;
}
