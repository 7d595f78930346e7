import type { PatientRecord } from "../contracts/model.js";

/** A record of `patientId` with nothing in it yet: what adapters start from and tests build on. */
export function emptyRecord(patientId: string): PatientRecord {
  return {
    patientId,
    exposures: [],
    contextDrugs: [],
    labs: [],
    events: [],
    rejected: [],
    conflicts: [],
    ignored: {},
    notUsed: {},
    counts: { read: 0, used: 0, merged: 0, rejected: 0, notUsed: 0, ignored: 0 },
  };
}
