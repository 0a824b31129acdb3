import { GVL, TCModel, TCString } from '@iabtechlabtcf/core';
import { describe, expect, it } from 'vitest';
import { decodeTcf } from '../../src/gather/collectors/tcf.js';

/** Encodes a TC string as a CMP would, against a minimal vendor list that knows `vendors`. */
function encode(purposes: number[], vendors: number[]): string {
  const vendorList = Object.fromEntries(
    [10, 755].map((id) => [id, { id, name: `vendor ${id}`, purposes: [1], legIntPurposes: [], flexiblePurposes: [], specialPurposes: [], features: [], specialFeatures: [], policyUrl: '' }]),
  );
  const model = new TCModel(new GVL({ vendorListVersion: 1, tcfPolicyVersion: 4, lastUpdated: '2024-01-01', gvlSpecificationVersion: 3, vendors: vendorList, purposes: { 1: { id: 1, name: 'Store and/or access information on a device', description: '', illustrations: [] } }, specialPurposes: {}, features: {}, specialFeatures: {}, stacks: {}, dataCategories: {} } as never));
  model.cmpId = 300;
  model.cmpVersion = 1;
  model.purposeConsents.set(purposes);
  model.vendorConsents.set(vendors);
  return TCString.encode(model, { isForVendors: false } as never);
}

describe('TCF snapshot decoding', () => {
  it('decodes purposes and vendors with consent from the TC string, not from what the page claims', () => {
    const tcString = encode([1, 2, 3], [755, 10]);
    const snapshot = decodeTcf({ cmpPresent: true, gdprApplies: true, eventStatus: 'useractioncomplete', tcString, cmpId: 300 });
    expect(snapshot).toMatchObject({ cmpPresent: true, gdprApplies: true, eventStatus: 'useractioncomplete', cmpId: 300 });
    expect(snapshot.purposeConsents).toEqual([1, 2, 3]);
    expect(snapshot.vendorConsents).toEqual([10, 755]);
  });

  it('an empty choice decodes to no consents', () => {
    const snapshot = decodeTcf({ cmpPresent: true, eventStatus: 'useractioncomplete', tcString: encode([], []) });
    expect(snapshot.purposeConsents).toEqual([]);
    expect(snapshot.vendorConsents).toEqual([]);
  });

  it('records a string it cannot decode as an error instead of throwing', () => {
    const snapshot = decodeTcf({ cmpPresent: true, tcString: 'not-a-tc-string' });
    expect(snapshot.error).toMatch(/could not be decoded/);
    expect(snapshot.purposeConsents).toBeUndefined();
  });
});
