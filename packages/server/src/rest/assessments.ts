/**
 * The last assessment of each patient, in memory, for the report pages and the web app
 * (`GET /api/report/{id}`, `GET /api/patients/{id}`). Bounded: beyond `maxPatients` the least recently
 * used patient is dropped (a Map keeps insertion order; a read re-inserts). Nothing is written to disk:
 * a restart forgets every assessment.
 */
import type { PatientAssessment } from "@hemosentinel/core";

export interface AssessmentCache {
  put(assessment: PatientAssessment): void;
  get(patientId: string): PatientAssessment | undefined;
  readonly size: number;
}

/**
 * An LRU cache of at most `maxPatients` assessments.
 * @example
 * const cache = createAssessmentCache(1000);
 * cache.put(assessment);
 * cache.get(assessment.patient.patientId);
 */
export function createAssessmentCache(maxPatients: number): AssessmentCache {
  const map = new Map<string, PatientAssessment>();
  return {
    put(a) {
      map.delete(a.patient.patientId);
      map.set(a.patient.patientId, a);
      while (map.size > maxPatients) {
        const oldest = map.keys().next().value;
        if (oldest === undefined) break;
        map.delete(oldest);
      }
    },
    get(id) {
      const a = map.get(id);
      if (a !== undefined) {
        map.delete(id);
        map.set(id, a);
      }
      return a;
    },
    get size() {
      return map.size;
    },
  };
}
