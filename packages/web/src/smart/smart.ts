/**
 * SMART on FHIR with fhirclient: the EHR launch (`/launch?iss=…&launch=…`) and the standalone launch (a
 * FHIR server address typed by the user) both end at `/launch/ready`, where the patient's records are
 * fetched into this browser as one collection Bundle for the engine. Only the resource types of the
 * input contract are asked for.
 */
import FHIR from "fhirclient";

/** The client id HemoSentinel registers with an EHR unless the launch names another (`client_id`). */
export const DEFAULT_CLIENT_ID = "hemosentinel";

/** The resource types the engine reads, besides the Patient. */
export const SEARCHED_TYPES = [
  "Observation",
  "MedicationAdministration",
  "MedicationRequest",
  "MedicationStatement",
  "Condition",
  "Procedure",
  // A planned lumbar puncture or line insertion is usually ordered as a ServiceRequest.
  "ServiceRequest",
  // A heparin-induced thrombocytopenia is often charted as an allergy to heparin.
  "AllergyIntolerance",
  // Drug-safety systems chart immune-related adverse events (an ITP, a pulmonary embolism) this way.
  "AdverseEvent",
] as const;

/** R4 AdverseEvent names its patient in `subject` and has no `patient` search parameter (R5 adds one). */
const PATIENT_PARAMETER: Partial<Record<(typeof SEARCHED_TYPES)[number], string>> = {
  AdverseEvent: "subject",
};

/** Starts the authorization: an EHR launch when `launch` is given, else a standalone launch. */
export function authorize(options: {
  readonly iss: string;
  readonly launch?: string;
  readonly clientId?: string;
}) {
  const ehr = options.launch !== undefined && options.launch !== "";
  return FHIR.oauth2.authorize({
    iss: options.iss,
    ...(ehr ? { launch: options.launch } : {}),
    clientId: options.clientId ?? DEFAULT_CLIENT_ID,
    scope: `${ehr ? "launch" : "launch/patient"} openid fhirUser patient/*.read`,
    redirectUri: "/launch/ready",
  });
}

export interface EhrRecord {
  readonly serverUrl: string;
  readonly patientId: string;
  /** The patient and their records as a collection Bundle. */
  readonly bundle: unknown;
  /** Searches that failed, by resource type, with the reason. */
  readonly failures: readonly { readonly type: string; readonly detail: string }[];
}

interface Resource {
  readonly resourceType: string;
  readonly id?: string;
}

/** Completes the authorization and fetches the launch patient's records. */
export async function fetchLaunchRecord(): Promise<EhrRecord> {
  const client = await FHIR.oauth2.ready();
  const patientId = client.patient.id;
  if (patientId === null || patientId === undefined)
    throw new Error("the EHR did not say which patient to open (no patient in the launch context)");
  const patient = (await client.patient.read()) as Resource;
  const failures: { type: string; detail: string }[] = [];
  const resources: Resource[] = [patient];
  for (const type of SEARCHED_TYPES) {
    try {
      const parameter = PATIENT_PARAMETER[type] ?? "patient";
      const value = parameter === "subject" ? `Patient/${patientId}` : patientId;
      const found = (await client.request(`${type}?${parameter}=${encodeURIComponent(value)}&_count=200`, {
        pageLimit: 0,
        flat: true,
      })) as Resource[];
      resources.push(...found.filter((r) => r?.resourceType === type));
    } catch (e) {
      failures.push({ type, detail: e instanceof Error ? e.message : String(e) });
    }
  }
  const serverUrl = client.state.serverUrl;
  const bundle = {
    resourceType: "Bundle",
    type: "collection",
    entry: resources.map((resource) => ({
      fullUrl: `${serverUrl.replace(/\/$/, "")}/${resource.resourceType}/${resource.id ?? ""}`,
      resource,
    })),
  };
  return { serverUrl, patientId, bundle, failures };
}
