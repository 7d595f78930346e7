import type { PatientRecord } from "./model.js";

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
  };
}
