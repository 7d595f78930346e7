/** Patients in the CSV format (docs/csv-format.md) shared by tests of different layers (renderers, web app). */

/**
 * A man of 62 with a grade 1 anaemia before nivolumab (Hb 11.4 g/dL) and after it (10.6 g/dL on 20 April 2026),
 * now with a positive DAT, LDH 520 U/L, haptoglobin 0.05 g/L and reticulocytes 6.5 %: a new haemolysis at the
 * anaemia's unchanged grade, listed as unexplained for what it shows (an AIHA after a checkpoint inhibitor).
 */
export const NEW_HAEMOLYSIS_CSV = `patient_id,record_type,date,code_system,code,text,value,unit,ref_low,ref_high,birth_date,sex
ah1,patient,,,,,,,,,1964-02-10,male
ah1,lab,2026-02-01,lab,hemoglobin,,11.4,g/dL,12,,,
ah1,lab,2026-02-01,lab,ldh,,210,U/L,,250,,
ah1,dose,2026-02-03,text,,nivolumab,,,,,,
ah1,dose,2026-03-31,text,,nivolumab,,,,,,
ah1,lab,2026-04-20,lab,hemoglobin,,10.6,g/dL,12,,,
ah1,lab,2026-04-20,lab,dat,,positive,,,,,
ah1,lab,2026-04-20,lab,ldh,,520,U/L,,250,,
ah1,lab,2026-04-20,lab,haptoglobin,,0.05,g/L,0.3,2,,
ah1,lab,2026-04-20,lab,reticulocytes-pct,,6.5,%,,,,
`;
