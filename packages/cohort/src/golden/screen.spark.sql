SET TIME ZONE 'UTC';

CREATE OR REPLACE TEMPORARY VIEW hs_exposure AS SELECT person_id, drug, class, min(dose_at) AS first_at FROM (
         SELECT g.person_id, k.drug, k.class, coalesce(g.drug_exposure_start_datetime, CAST(g.drug_exposure_start_date AS TIMESTAMP)) AS dose_at FROM cdm.drug_exposure g
           JOIN hemosentinel_results.drug_map k ON k.concept_id = g.drug_concept_id AND k.source = 'drug' AND k.kind = 'immunotherapy'
         UNION ALL
         SELECT g.person_id, k.drug, k.class, coalesce(g.drug_exposure_start_datetime, CAST(g.drug_exposure_start_date AS TIMESTAMP)) AS dose_at FROM cdm.drug_exposure g
           JOIN hemosentinel_results.drug_map k ON k.source = 'drug_source_value' AND k.source_value = g.drug_source_value AND k.kind = 'immunotherapy'
           WHERE g.drug_concept_id = 0
         UNION ALL
         SELECT p.person_id, k.drug, k.class, coalesce(p.procedure_datetime, CAST(p.procedure_date AS TIMESTAMP)) AS dose_at FROM cdm.procedure_occurrence p
           JOIN hemosentinel_results.drug_map k ON k.concept_id = p.procedure_concept_id AND k.source = 'procedure'
         UNION ALL
         SELECT p.person_id, k.drug, k.class, coalesce(p.procedure_datetime, CAST(p.procedure_date AS TIMESTAMP)) AS dose_at FROM cdm.procedure_occurrence p
           JOIN hemosentinel_results.drug_map k ON k.source = 'procedure_source_value' AND k.source_value = p.procedure_source_value
           WHERE p.procedure_concept_id = 0) e
       WHERE dose_at <= TIMESTAMP '2025-06-30 23:59:59' GROUP BY person_id, drug, class;

CREATE OR REPLACE TEMPORARY VIEW hs_context AS SELECT g.person_id, k.roles, coalesce(g.drug_exposure_start_datetime, CAST(g.drug_exposure_start_date AS TIMESTAMP)) AS start_at, coalesce(coalesce(g.drug_exposure_end_datetime, CAST(g.drug_exposure_end_date AS TIMESTAMP), CASE WHEN g.days_supply > 0 THEN (CAST(g.drug_exposure_start_date AS TIMESTAMP) + make_interval(0, 0, 0, CAST(g.days_supply - 1 AS INT))) END), coalesce(g.drug_exposure_start_datetime, CAST(g.drug_exposure_start_date AS TIMESTAMP))) AS end_at
       FROM cdm.drug_exposure g JOIN hemosentinel_results.drug_map k ON k.concept_id = g.drug_concept_id AND k.source = 'drug' AND k.kind = 'context'
       WHERE coalesce(g.drug_exposure_start_datetime, CAST(g.drug_exposure_start_date AS TIMESTAMP)) <= TIMESTAMP '2025-06-30 23:59:59' AND g.person_id IN (SELECT person_id FROM hs_exposure)
         AND (k.roles LIKE '%;anticoagulant;%' OR k.roles LIKE '%;heparin;%' OR k.roles LIKE '%;vka;%' OR k.roles LIKE '%;parenteral-thrombin-inhibitor;%' OR k.roles LIKE '%;lmwh;%')
       UNION ALL
       SELECT g.person_id, k.roles, coalesce(g.drug_exposure_start_datetime, CAST(g.drug_exposure_start_date AS TIMESTAMP)) AS start_at, coalesce(coalesce(g.drug_exposure_end_datetime, CAST(g.drug_exposure_end_date AS TIMESTAMP), CASE WHEN g.days_supply > 0 THEN (CAST(g.drug_exposure_start_date AS TIMESTAMP) + make_interval(0, 0, 0, CAST(g.days_supply - 1 AS INT))) END), coalesce(g.drug_exposure_start_datetime, CAST(g.drug_exposure_start_date AS TIMESTAMP))) AS end_at
       FROM cdm.drug_exposure g JOIN hemosentinel_results.drug_map k ON k.source_value = g.drug_source_value AND k.source = 'drug_source_value' AND g.drug_concept_id = 0 AND k.kind = 'context'
       WHERE coalesce(g.drug_exposure_start_datetime, CAST(g.drug_exposure_start_date AS TIMESTAMP)) <= TIMESTAMP '2025-06-30 23:59:59' AND g.person_id IN (SELECT person_id FROM hs_exposure)
         AND (k.roles LIKE '%;anticoagulant;%' OR k.roles LIKE '%;heparin;%' OR k.roles LIKE '%;vka;%' OR k.roles LIKE '%;parenteral-thrombin-inhibitor;%' OR k.roles LIKE '%;lmwh;%');

CREATE OR REPLACE TEMPORARY VIEW hs_event AS SELECT o.person_id, e.kind, coalesce(o.condition_start_datetime, CAST(o.condition_start_date AS TIMESTAMP)) AS at_time, coalesce(coalesce(o.condition_end_datetime, CAST(o.condition_end_date AS TIMESTAMP)), coalesce(o.condition_start_datetime, CAST(o.condition_start_date AS TIMESTAMP))) AS end_at
       FROM cdm.condition_occurrence o JOIN hemosentinel_results.event_map e ON e.concept_id = o.condition_concept_id AND e.source = 'condition'
       WHERE e.kind IN ('ttp', 'thrombocytopenia', 'itp', 'evans', 'hemolysis', 'bleeding', 'anemia', 'aha', 'aha-considered', 'dic', 'active-cancer', 'sepsis', 'infection', 'crs', 'hlh', 'thrombosis', 'coagulopathy', 'hypofibrinogenemia', 'thrombosis-suspected', 'bleeding-suspected', 'neurologic-event', 'hus', 'congenital-ttp', 'marrow-failure', 'neutropenia', 'pancytopenia', 'hlh-considered', 'itp-considered', 'dic-considered', 'antiphospholipid-syndrome', 'hit') AND coalesce(o.condition_start_datetime, CAST(o.condition_start_date AS TIMESTAMP)) <= TIMESTAMP '2025-06-30 23:59:59' AND o.person_id IN (SELECT person_id FROM hs_exposure)
       UNION ALL
       SELECT o.person_id, e.kind, coalesce(o.condition_start_datetime, CAST(o.condition_start_date AS TIMESTAMP)), coalesce(coalesce(o.condition_end_datetime, CAST(o.condition_end_date AS TIMESTAMP)), coalesce(o.condition_start_datetime, CAST(o.condition_start_date AS TIMESTAMP)))
       FROM cdm.condition_occurrence o JOIN hemosentinel_results.event_map e ON e.source = 'condition_source_value' AND e.source_value = o.condition_source_value
       WHERE o.condition_concept_id = 0 AND e.kind IN ('ttp', 'thrombocytopenia', 'itp', 'evans', 'hemolysis', 'bleeding', 'anemia', 'aha', 'aha-considered', 'dic', 'active-cancer', 'sepsis', 'infection', 'crs', 'hlh', 'thrombosis', 'coagulopathy', 'hypofibrinogenemia', 'thrombosis-suspected', 'bleeding-suspected', 'neurologic-event', 'hus', 'congenital-ttp', 'marrow-failure', 'neutropenia', 'pancytopenia', 'hlh-considered', 'itp-considered', 'dic-considered', 'antiphospholipid-syndrome', 'hit') AND coalesce(o.condition_start_datetime, CAST(o.condition_start_date AS TIMESTAMP)) <= TIMESTAMP '2025-06-30 23:59:59' AND o.person_id IN (SELECT person_id FROM hs_exposure)
       UNION ALL
       SELECT p.person_id, e.kind, coalesce(p.procedure_datetime, CAST(p.procedure_date AS TIMESTAMP)), coalesce(p.procedure_datetime, CAST(p.procedure_date AS TIMESTAMP))
       FROM cdm.procedure_occurrence p JOIN hemosentinel_results.event_map e ON e.concept_id = p.procedure_concept_id AND e.source = 'procedure'
       WHERE e.kind IN ('ttp', 'thrombocytopenia', 'itp', 'evans', 'hemolysis', 'bleeding', 'anemia', 'aha', 'aha-considered', 'dic', 'active-cancer', 'sepsis', 'infection', 'crs', 'hlh', 'thrombosis', 'coagulopathy', 'hypofibrinogenemia', 'thrombosis-suspected', 'bleeding-suspected', 'neurologic-event', 'hus', 'congenital-ttp', 'marrow-failure', 'neutropenia', 'pancytopenia', 'hlh-considered', 'itp-considered', 'dic-considered', 'antiphospholipid-syndrome', 'hit') AND coalesce(p.procedure_datetime, CAST(p.procedure_date AS TIMESTAMP)) <= TIMESTAMP '2025-06-30 23:59:59' AND p.person_id IN (SELECT person_id FROM hs_exposure)
       UNION ALL
       SELECT p.person_id, e.kind, coalesce(p.procedure_datetime, CAST(p.procedure_date AS TIMESTAMP)), coalesce(p.procedure_datetime, CAST(p.procedure_date AS TIMESTAMP))
       FROM cdm.procedure_occurrence p JOIN hemosentinel_results.event_map e ON e.source = 'procedure_source_value' AND e.source_value = p.procedure_source_value
       WHERE p.procedure_concept_id = 0 AND e.kind IN ('ttp', 'thrombocytopenia', 'itp', 'evans', 'hemolysis', 'bleeding', 'anemia', 'aha', 'aha-considered', 'dic', 'active-cancer', 'sepsis', 'infection', 'crs', 'hlh', 'thrombosis', 'coagulopathy', 'hypofibrinogenemia', 'thrombosis-suspected', 'bleeding-suspected', 'neurologic-event', 'hus', 'congenital-ttp', 'marrow-failure', 'neutropenia', 'pancytopenia', 'hlh-considered', 'itp-considered', 'dic-considered', 'antiphospholipid-syndrome', 'hit') AND coalesce(p.procedure_datetime, CAST(p.procedure_date AS TIMESTAMP)) <= TIMESTAMP '2025-06-30 23:59:59' AND p.person_id IN (SELECT person_id FROM hs_exposure)
       UNION ALL
       SELECT m.person_id, e.kind, coalesce(m.measurement_datetime, CAST(m.measurement_date AS TIMESTAMP)), coalesce(m.measurement_datetime, CAST(m.measurement_date AS TIMESTAMP))
       FROM cdm.measurement m JOIN hemosentinel_results.event_map e ON e.concept_id = m.measurement_concept_id AND e.source = 'measurement'
       WHERE e.kind IN ('ttp', 'thrombocytopenia', 'itp', 'evans', 'hemolysis', 'bleeding', 'anemia', 'aha', 'aha-considered', 'dic', 'active-cancer', 'sepsis', 'infection', 'crs', 'hlh', 'thrombosis', 'coagulopathy', 'hypofibrinogenemia', 'thrombosis-suspected', 'bleeding-suspected', 'neurologic-event', 'hus', 'congenital-ttp', 'marrow-failure', 'neutropenia', 'pancytopenia', 'hlh-considered', 'itp-considered', 'dic-considered', 'antiphospholipid-syndrome', 'hit') AND coalesce(m.measurement_datetime, CAST(m.measurement_date AS TIMESTAMP)) <= TIMESTAMP '2025-06-30 23:59:59' AND m.person_id IN (SELECT person_id FROM hs_exposure)
       UNION ALL
       SELECT m.person_id, e.kind, coalesce(m.measurement_datetime, CAST(m.measurement_date AS TIMESTAMP)), coalesce(m.measurement_datetime, CAST(m.measurement_date AS TIMESTAMP))
       FROM cdm.measurement m JOIN hemosentinel_results.event_map e ON e.source = 'measurement_source_value' AND e.source_value = m.measurement_source_value
       WHERE m.measurement_concept_id = 0 AND e.kind IN ('ttp', 'thrombocytopenia', 'itp', 'evans', 'hemolysis', 'bleeding', 'anemia', 'aha', 'aha-considered', 'dic', 'active-cancer', 'sepsis', 'infection', 'crs', 'hlh', 'thrombosis', 'coagulopathy', 'hypofibrinogenemia', 'thrombosis-suspected', 'bleeding-suspected', 'neurologic-event', 'hus', 'congenital-ttp', 'marrow-failure', 'neutropenia', 'pancytopenia', 'hlh-considered', 'itp-considered', 'dic-considered', 'antiphospholipid-syndrome', 'hit') AND coalesce(m.measurement_datetime, CAST(m.measurement_date AS TIMESTAMP)) <= TIMESTAMP '2025-06-30 23:59:59' AND m.person_id IN (SELECT person_id FROM hs_exposure);

CREATE OR REPLACE TEMPORARY VIEW hs_lab AS WITH base AS (
         SELECT m.person_id, lm.lab_id, coalesce(m.measurement_datetime, CAST(m.measurement_date AS TIMESTAMP)) AS at_time, m.value_as_number * lm.factor AS value,
                coalesce(m.operator_concept_id, 0) NOT IN (0, 4172703) AS censored,
                m.range_low * lm.factor AS ref_low, m.range_high * lm.factor AS ref_high,
                lm.ref_low AS cat_low, lm.ref_high AS cat_high
         FROM cdm.measurement m
         JOIN hemosentinel_results.lab_map lm ON lm.concept_id = m.measurement_concept_id
     AND lm.unit_concept_id = coalesce(m.unit_concept_id, 0)
     AND lm.unit_text = CASE WHEN coalesce(m.unit_concept_id, 0) = 0 THEN coalesce(m.unit_source_value, '') ELSE '' END
     AND lm.source_value = CASE WHEN m.measurement_concept_id = 0 THEN coalesce(m.measurement_source_value, '') ELSE '' END
         WHERE lm.lab_id IN ('platelets', 'adamts13-activity', 'schistocytes', 'schistocytes-pct', 'haptoglobin', 'ldh', 'bilirubin-indirect', 'reticulocytes-pct', 'reticulocytes-abs', 'adamts13-inhibitor', 'dat', 'dat-igg', 'hemoglobin', 'dat-c3', 'aptt', 'fviii-inhibitor', 'fviii-activity', 'aptt-mixing-study', 'fibrinogen', 'inr', 'd-dimer-feu', 'd-dimer-ddu', 'd-dimer-unspecified', 'fdp', 'pt', 'anc', 'anti-xa-heparin') AND lm.unit_reason IS NULL
           AND coalesce(m.measurement_datetime, CAST(m.measurement_date AS TIMESTAMP)) <= TIMESTAMP '2025-06-30 23:59:59' AND m.person_id IN (SELECT person_id FROM hs_exposure)),
       extreme AS (
         SELECT person_id, lab_id, min(value) AS min_value, max(value) AS max_value FROM base
         WHERE lab_id IN ('inr') GROUP BY person_id, lab_id)
       SELECT * FROM (
         SELECT b.*, e.min_value, e.max_value FROM base b
         LEFT JOIN extreme e ON e.person_id = b.person_id AND e.lab_id = b.lab_id) l
       WHERE ((l.lab_id = 'platelets' AND ((l.value IS NOT NULL AND (l.censored OR l.value <= 150.00000015)) OR (l.value IS NOT NULL AND (l.censored OR l.value <= 150.00000015)) OR (l.value IS NOT NULL AND (l.censored OR l.value <= 100.0000001)) OR (l.value IS NOT NULL AND (l.censored OR l.value <= 100.0000001)) OR (l.value IS NOT NULL AND (l.censored OR l.value <= 100.0000001)) OR (l.value IS NOT NULL AND (l.censored OR l.value <= 100.0000001)) OR (l.value IS NOT NULL AND (l.censored OR l.value <= 100.0000001)) OR (l.value IS NOT NULL AND (l.censored OR l.value <= 100.0000001)) OR (l.value IS NOT NULL AND (l.censored OR l.value <= 100.0000001)) OR ((l.value IS NOT NULL AND (l.censored OR l.value <= 25.000000025)) OR (l.value IS NOT NULL AND (l.censored OR l.value <= 50.00000005))))) OR (l.lab_id = 'adamts13-activity' AND ((l.value IS NOT NULL AND (l.censored OR l.value <= 10.00000001)) OR (l.value IS NOT NULL AND (l.censored OR l.value <= 10.00000001)))) OR l.lab_id = 'schistocytes' OR (l.lab_id = 'schistocytes-pct' AND (l.value IS NOT NULL AND (l.censored OR l.value >= 0.999999999))) OR (l.lab_id = 'haptoglobin' AND ((l.value IS NOT NULL AND (l.censored OR l.value <= coalesce(greatest(l.ref_low, l.cat_low), l.ref_low, l.cat_low) * 1.000000001)) OR (l.value IS NOT NULL AND (l.censored OR l.value <= coalesce(greatest(l.ref_low, l.cat_low), l.ref_low, l.cat_low) * 1.000000001)) OR (l.value IS NOT NULL AND (l.censored OR l.value <= coalesce(greatest(l.ref_low, l.cat_low), l.ref_low, l.cat_low) * 1.000000001)))) OR (l.lab_id = 'ldh' AND ((l.value IS NOT NULL AND (l.censored OR l.value >= coalesce(least(l.ref_high, l.cat_high), l.ref_high, l.cat_high) * 0.999999999)) OR (l.value IS NOT NULL AND (l.censored OR l.value >= coalesce(least(l.ref_high, l.cat_high), l.ref_high, l.cat_high) * 0.999999999)) OR (l.value IS NOT NULL AND (l.censored OR l.value >= coalesce(least(l.ref_high, l.cat_high), l.ref_high, l.cat_high) * 0.999999999)))) OR (l.lab_id = 'bilirubin-indirect' AND ((l.value IS NOT NULL AND (l.censored OR l.value >= coalesce(least(l.ref_high, l.cat_high), l.ref_high, l.cat_high) * 0.999999999)) OR (l.value IS NOT NULL AND (l.censored OR l.value >= coalesce(least(l.ref_high, l.cat_high), l.ref_high, l.cat_high) * 0.999999999)) OR (l.value IS NOT NULL AND (l.censored OR l.value >= coalesce(least(l.ref_high, l.cat_high), l.ref_high, l.cat_high) * 0.999999999)))) OR (l.lab_id = 'reticulocytes-pct' AND ((l.value IS NOT NULL AND (l.censored OR l.value >= coalesce(least(l.ref_high, l.cat_high), l.ref_high, l.cat_high) * 0.999999999)) OR (l.value IS NOT NULL AND (l.censored OR l.value >= coalesce(least(l.ref_high, l.cat_high), l.ref_high, l.cat_high) * 0.999999999)) OR (l.value IS NOT NULL AND (l.censored OR l.value >= coalesce(least(l.ref_high, l.cat_high), l.ref_high, l.cat_high) * 0.999999999)))) OR (l.lab_id = 'reticulocytes-abs' AND ((l.value IS NOT NULL AND (l.censored OR l.value >= coalesce(least(l.ref_high, l.cat_high), l.ref_high, l.cat_high) * 0.999999999)) OR (l.value IS NOT NULL AND (l.censored OR l.value >= coalesce(least(l.ref_high, l.cat_high), l.ref_high, l.cat_high) * 0.999999999)) OR (l.value IS NOT NULL AND (l.censored OR l.value >= coalesce(least(l.ref_high, l.cat_high), l.ref_high, l.cat_high) * 0.999999999)))) OR l.lab_id = 'adamts13-inhibitor' OR l.lab_id = 'dat' OR l.lab_id = 'dat-igg' OR (l.lab_id = 'hemoglobin' AND ((l.value IS NOT NULL AND (l.censored OR l.value <= 10.00000001)) OR (l.value IS NOT NULL AND (l.censored OR l.value <= 10.00000001)) OR ((l.value IS NOT NULL AND (l.censored OR l.value <= 8.000000008)) OR (l.value IS NOT NULL AND (l.censored OR l.value <= 10.00000001)) OR (l.value IS NOT NULL AND (l.censored OR l.value <= coalesce(greatest(l.ref_low, l.cat_low), l.ref_low, l.cat_low) * 1.000000001))))) OR l.lab_id = 'dat-c3' OR (l.lab_id = 'aptt' AND ((l.value IS NOT NULL AND (l.censored OR l.value >= coalesce(least(l.ref_high, l.cat_high), l.ref_high, l.cat_high) * 0.999999999)) OR (l.value IS NOT NULL AND (l.censored OR l.value >= coalesce(least(l.ref_high, l.cat_high), l.ref_high, l.cat_high) * 0.999999999)) OR (l.value IS NOT NULL AND (l.censored OR l.value >= coalesce(least(l.ref_high, l.cat_high), l.ref_high, l.cat_high) * 0.999999999)) OR (l.value IS NOT NULL AND (l.censored OR l.value >= coalesce(least(l.ref_high, l.cat_high), l.ref_high, l.cat_high) * 0.999999999)) OR ((l.value IS NOT NULL AND (l.censored OR l.value >= coalesce(least(l.ref_high, l.cat_high), l.ref_high, l.cat_high) * 2.4999999975)) OR (l.value IS NOT NULL AND (l.censored OR l.value >= coalesce(least(l.ref_high, l.cat_high), l.ref_high, l.cat_high) * 1.4999999985))) OR (l.value IS NOT NULL AND (l.censored OR l.value >= 89.99999991)) OR (l.value IS NOT NULL))) OR l.lab_id = 'fviii-inhibitor' OR (l.lab_id = 'fviii-activity' AND ((l.value IS NOT NULL AND (l.censored OR l.value <= coalesce(greatest(l.ref_low, l.cat_low), l.ref_low, l.cat_low) * 1.000000001)) OR (l.value IS NOT NULL AND (l.censored OR l.value <= coalesce(greatest(l.ref_low, l.cat_low), l.ref_low, l.cat_low) * 1.000000001)))) OR l.lab_id = 'aptt-mixing-study' OR (l.lab_id = 'fibrinogen' AND ((l.value IS NOT NULL AND (l.censored OR l.value <= 1.5000000015)) OR (l.value IS NOT NULL AND (l.censored OR l.value <= coalesce(greatest(l.ref_low, l.cat_low), l.ref_low, l.cat_low) * 1.000000001)) OR (l.value IS NOT NULL AND (l.censored OR l.value <= coalesce(greatest(l.ref_low, l.cat_low), l.ref_low, l.cat_low) * 1.000000001)) OR (l.value IS NOT NULL AND (l.censored OR l.value <= coalesce(greatest(l.ref_low, l.cat_low), l.ref_low, l.cat_low) * 1.000000001)) OR (l.value IS NOT NULL AND (l.censored OR l.value <= 1.5000000015)) OR (l.value IS NOT NULL AND (l.censored OR l.value <= 1.5000000015)) OR ((l.value IS NOT NULL AND (l.censored OR l.value <= 0.5000000005)) OR (l.value IS NOT NULL AND (l.censored OR l.value <= coalesce(greatest(l.ref_low, l.cat_low), l.ref_low, l.cat_low) * 0.25000000025)) OR (l.value IS NOT NULL AND (l.censored OR l.value <= coalesce(greatest(l.ref_low, l.cat_low), l.ref_low, l.cat_low) * 1.000000001)) OR (l.value IS NOT NULL AND (l.censored OR l.value <= coalesce(greatest(l.ref_low, l.cat_low), l.ref_low, l.cat_low) * 0.5000000005)) OR (l.value IS NOT NULL AND (l.censored OR l.value <= coalesce(greatest(l.ref_low, l.cat_low), l.ref_low, l.cat_low) * 1.000000001)) OR (l.value IS NOT NULL AND (l.censored OR l.value <= coalesce(greatest(l.ref_low, l.cat_low), l.ref_low, l.cat_low) * 0.75000000075)) OR (l.value IS NOT NULL AND (l.censored OR l.value <= coalesce(greatest(l.ref_low, l.cat_low), l.ref_low, l.cat_low) * 1.000000001))))) OR (l.lab_id = 'inr' AND ((l.value IS NOT NULL AND (l.censored OR l.value >= 1.2999999987)) OR (l.value IS NOT NULL AND (l.censored OR l.value >= 1.4999999985)) OR (l.value IS NOT NULL AND (l.censored OR l.value >= 1.4999999985)) OR (l.value IS NOT NULL AND (l.censored OR l.value >= 1.4999999985)) OR ((l.value IS NOT NULL AND (l.censored OR l.value >= 2.4999999975)) OR (l.value IS NOT NULL AND (l.censored OR (l.value >= l.min_value * 2.4999999975 AND l.person_id IN (SELECT person_id FROM hs_context c WHERE (c.roles LIKE '%;anticoagulant;%' OR c.roles LIKE '%;heparin;%'))))) OR (l.value IS NOT NULL AND (l.censored OR l.value >= 1.4999999985)) OR (l.value IS NOT NULL AND (l.censored OR (l.value >= l.min_value * 1.4999999985 AND l.person_id IN (SELECT person_id FROM hs_context c WHERE (c.roles LIKE '%;anticoagulant;%' OR c.roles LIKE '%;heparin;%')))))) OR (l.value IS NOT NULL AND (l.censored OR l.value >= 4.4999999955)))) OR (l.lab_id = 'd-dimer-feu' AND ((l.value IS NOT NULL AND (l.censored OR l.value >= coalesce(least(l.ref_high, l.cat_high), l.ref_high, l.cat_high) * 6.999999993)) OR (l.value IS NOT NULL AND (l.censored OR l.value >= coalesce(least(l.ref_high, l.cat_high), l.ref_high, l.cat_high) * 6.999999993)) OR (l.value IS NOT NULL AND (l.censored OR l.value >= coalesce(least(l.ref_high, l.cat_high), l.ref_high, l.cat_high) * 6.999999993)) OR (l.value IS NOT NULL AND (l.censored OR l.value >= coalesce(least(l.ref_high, l.cat_high), l.ref_high, l.cat_high) * 0.999999999)) OR (l.value IS NOT NULL AND (l.censored OR l.value >= coalesce(least(l.ref_high, l.cat_high), l.ref_high, l.cat_high) * 0.999999999)) OR (l.value IS NOT NULL AND (l.censored OR l.value >= coalesce(least(l.ref_high, l.cat_high), l.ref_high, l.cat_high) * 0.999999999)))) OR (l.lab_id = 'd-dimer-ddu' AND ((l.value IS NOT NULL AND (l.censored OR l.value >= coalesce(least(l.ref_high, l.cat_high), l.ref_high, l.cat_high) * 6.999999993)) OR (l.value IS NOT NULL AND (l.censored OR l.value >= coalesce(least(l.ref_high, l.cat_high), l.ref_high, l.cat_high) * 6.999999993)) OR (l.value IS NOT NULL AND (l.censored OR l.value >= coalesce(least(l.ref_high, l.cat_high), l.ref_high, l.cat_high) * 6.999999993)) OR (l.value IS NOT NULL AND (l.censored OR l.value >= coalesce(least(l.ref_high, l.cat_high), l.ref_high, l.cat_high) * 0.999999999)) OR (l.value IS NOT NULL AND (l.censored OR l.value >= coalesce(least(l.ref_high, l.cat_high), l.ref_high, l.cat_high) * 0.999999999)) OR (l.value IS NOT NULL AND (l.censored OR l.value >= coalesce(least(l.ref_high, l.cat_high), l.ref_high, l.cat_high) * 0.999999999)))) OR (l.lab_id = 'd-dimer-unspecified' AND ((l.value IS NOT NULL AND (l.censored OR l.value >= coalesce(least(l.ref_high, l.cat_high), l.ref_high, l.cat_high) * 6.999999993)) OR (l.value IS NOT NULL AND (l.censored OR l.value >= coalesce(least(l.ref_high, l.cat_high), l.ref_high, l.cat_high) * 6.999999993)) OR (l.value IS NOT NULL AND (l.censored OR l.value >= coalesce(least(l.ref_high, l.cat_high), l.ref_high, l.cat_high) * 6.999999993)) OR (l.value IS NOT NULL AND (l.censored OR l.value >= coalesce(least(l.ref_high, l.cat_high), l.ref_high, l.cat_high) * 0.999999999)) OR (l.value IS NOT NULL AND (l.censored OR l.value >= coalesce(least(l.ref_high, l.cat_high), l.ref_high, l.cat_high) * 0.999999999)) OR (l.value IS NOT NULL AND (l.censored OR l.value >= coalesce(least(l.ref_high, l.cat_high), l.ref_high, l.cat_high) * 0.999999999)))) OR (l.lab_id = 'fdp' AND ((l.value IS NOT NULL AND (l.censored OR l.value >= coalesce(least(l.ref_high, l.cat_high), l.ref_high, l.cat_high) * 6.999999993)) OR (l.value IS NOT NULL AND (l.censored OR l.value >= coalesce(least(l.ref_high, l.cat_high), l.ref_high, l.cat_high) * 6.999999993)) OR (l.value IS NOT NULL AND (l.censored OR l.value >= coalesce(least(l.ref_high, l.cat_high), l.ref_high, l.cat_high) * 6.999999993)) OR (l.value IS NOT NULL AND (l.censored OR l.value >= coalesce(least(l.ref_high, l.cat_high), l.ref_high, l.cat_high) * 0.999999999)) OR (l.value IS NOT NULL AND (l.censored OR l.value >= coalesce(least(l.ref_high, l.cat_high), l.ref_high, l.cat_high) * 0.999999999)))) OR (l.lab_id = 'pt' AND ((l.value IS NOT NULL AND (l.censored OR l.value >= coalesce(least(l.ref_high, l.cat_high), l.ref_high, l.cat_high) * 0.999999999)) OR (l.value IS NOT NULL AND (l.censored OR l.value >= coalesce(least(l.ref_high, l.cat_high), l.ref_high, l.cat_high) * 0.999999999)))) OR (l.lab_id = 'anc' AND ((l.value IS NOT NULL AND (l.censored OR l.value <= 0.5000000005)) OR (l.value IS NOT NULL AND (l.censored OR l.value <= 1.000000001)))) OR (l.lab_id = 'anti-xa-heparin' AND (l.value IS NOT NULL AND (l.censored OR l.value >= 1.0999999989))));

WITH hs_leaf AS (SELECT x.person_id, x.drug, 1 AS leaf FROM hs_exposure x JOIN hs_lab l ON l.person_id = x.person_id WHERE l.lab_id IN ('platelets') AND (l.at_time >= (x.first_at - INTERVAL 1 DAYS) AND (l.value IS NOT NULL AND (l.censored OR l.value <= 150.00000015)))
UNION ALL
SELECT x.person_id, x.drug, 2 AS leaf FROM hs_exposure x JOIN hs_lab l ON l.person_id = x.person_id WHERE l.lab_id IN ('adamts13-activity') AND (l.at_time >= (x.first_at - INTERVAL 1 DAYS) AND (l.value IS NOT NULL AND (l.censored OR l.value <= 10.00000001)))
UNION ALL
SELECT x.person_id, x.drug, 3 AS leaf FROM hs_exposure x JOIN hs_event e ON e.person_id = x.person_id WHERE e.kind IN ('ttp', 'thrombocytopenia') AND e.end_at >= x.first_at
UNION ALL
SELECT x.person_id, x.drug, 4 AS leaf FROM hs_exposure x JOIN hs_event e ON e.person_id = x.person_id WHERE e.kind IN ('ttp') AND (e.end_at >= (x.first_at - INTERVAL 1 DAYS) AND e.at_time <= (x.first_at + INTERVAL 1 DAYS))
UNION ALL
SELECT x.person_id, x.drug, 5 AS leaf FROM hs_exposure x JOIN hs_event e ON e.person_id = x.person_id WHERE e.kind IN ('ttp') AND e.at_time <= (x.first_at + INTERVAL 1 DAYS)
UNION ALL
SELECT x.person_id, x.drug, 6 AS leaf FROM hs_exposure x JOIN hs_lab l ON l.person_id = x.person_id WHERE l.lab_id IN ('platelets') AND (l.value IS NOT NULL AND (l.censored OR l.value <= 150.00000015))
UNION ALL
SELECT x.person_id, x.drug, 7 AS leaf FROM hs_exposure x JOIN hs_event e ON e.person_id = x.person_id WHERE e.kind IN ('thrombocytopenia', 'ttp', 'itp', 'evans') AND TRUE
UNION ALL
SELECT x.person_id, x.drug, 8 AS leaf FROM hs_exposure x JOIN hs_lab l ON l.person_id = x.person_id WHERE l.lab_id IN ('adamts13-activity') AND (l.value IS NOT NULL AND (l.censored OR l.value <= 10.00000001))
UNION ALL
SELECT x.person_id, x.drug, 9 AS leaf FROM hs_exposure x JOIN hs_lab l ON l.person_id = x.person_id WHERE l.lab_id IN ('schistocytes') AND TRUE
UNION ALL
SELECT x.person_id, x.drug, 10 AS leaf FROM hs_exposure x JOIN hs_lab l ON l.person_id = x.person_id WHERE l.lab_id IN ('schistocytes-pct') AND (l.value IS NOT NULL AND (l.censored OR l.value >= 0.999999999))
UNION ALL
SELECT x.person_id, x.drug, 11 AS leaf FROM hs_exposure x JOIN hs_event e ON e.person_id = x.person_id WHERE e.kind IN ('hemolysis') AND TRUE
UNION ALL
SELECT x.person_id, x.drug, 12 AS leaf FROM hs_exposure x JOIN hs_lab l ON l.person_id = x.person_id WHERE l.lab_id IN ('haptoglobin') AND (l.value IS NOT NULL AND (l.censored OR l.value <= coalesce(greatest(l.ref_low, l.cat_low), l.ref_low, l.cat_low) * 1.000000001))
UNION ALL
SELECT x.person_id, x.drug, 13 AS leaf FROM hs_exposure x JOIN hs_lab l ON l.person_id = x.person_id WHERE l.lab_id IN ('ldh') AND (l.value IS NOT NULL AND (l.censored OR l.value >= coalesce(least(l.ref_high, l.cat_high), l.ref_high, l.cat_high) * 0.999999999))
UNION ALL
SELECT x.person_id, x.drug, 14 AS leaf FROM hs_exposure x JOIN hs_lab l ON l.person_id = x.person_id WHERE l.lab_id IN ('bilirubin-indirect') AND (l.value IS NOT NULL AND (l.censored OR l.value >= coalesce(least(l.ref_high, l.cat_high), l.ref_high, l.cat_high) * 0.999999999))
UNION ALL
SELECT x.person_id, x.drug, 15 AS leaf FROM hs_exposure x JOIN hs_lab l ON l.person_id = x.person_id WHERE l.lab_id IN ('reticulocytes-pct', 'reticulocytes-abs') AND (l.value IS NOT NULL AND (l.censored OR l.value >= coalesce(least(l.ref_high, l.cat_high), l.ref_high, l.cat_high) * 0.999999999))
UNION ALL
SELECT x.person_id, x.drug, 16 AS leaf FROM hs_exposure x JOIN hs_lab l ON l.person_id = x.person_id WHERE l.lab_id IN ('adamts13-inhibitor') AND TRUE
UNION ALL
SELECT x.person_id, x.drug, 17 AS leaf FROM hs_exposure x JOIN hs_lab l ON l.person_id = x.person_id WHERE l.lab_id IN ('adamts13-inhibitor') AND (l.value IS NOT NULL AND (l.censored OR l.value >= coalesce(least(l.ref_high, l.cat_high), l.ref_high, l.cat_high) * 0.999999999))
UNION ALL
SELECT x.person_id, x.drug, 18 AS leaf FROM hs_exposure x JOIN hs_lab l ON l.person_id = x.person_id WHERE l.lab_id IN ('dat', 'dat-igg') AND TRUE
UNION ALL
SELECT x.person_id, x.drug, 19 AS leaf FROM hs_exposure x JOIN hs_event e ON e.person_id = x.person_id WHERE e.kind IN ('ttp') AND TRUE
UNION ALL
SELECT x.person_id, x.drug, 20 AS leaf FROM hs_exposure x JOIN hs_lab l ON l.person_id = x.person_id WHERE l.lab_id IN ('platelets') AND (l.at_time >= (x.first_at - INTERVAL 1 DAYS) AND (l.value IS NOT NULL AND (l.censored OR l.value <= 100.0000001)))
UNION ALL
SELECT x.person_id, x.drug, 21 AS leaf FROM hs_exposure x JOIN hs_event e ON e.person_id = x.person_id WHERE e.kind IN ('itp', 'thrombocytopenia') AND e.end_at >= x.first_at
UNION ALL
SELECT x.person_id, x.drug, 22 AS leaf FROM hs_exposure x JOIN hs_event e ON e.person_id = x.person_id WHERE e.kind IN ('itp', 'thrombocytopenia') AND (e.end_at >= (x.first_at - INTERVAL 1 DAYS) AND e.at_time <= (x.first_at + INTERVAL 1 DAYS))
UNION ALL
SELECT x.person_id, x.drug, 23 AS leaf FROM hs_exposure x JOIN hs_lab l ON l.person_id = x.person_id WHERE l.lab_id IN ('platelets') AND (l.at_time >= (x.first_at - INTERVAL 2 DAYS) AND (l.value IS NOT NULL AND (l.censored OR l.value <= 100.0000001)))
UNION ALL
SELECT x.person_id, x.drug, 24 AS leaf FROM hs_exposure x JOIN hs_event e ON e.person_id = x.person_id WHERE e.kind IN ('thrombocytopenia', 'itp') AND e.end_at >= (x.first_at - INTERVAL 2 DAYS)
UNION ALL
SELECT x.person_id, x.drug, 25 AS leaf FROM hs_exposure x JOIN hs_lab l ON l.person_id = x.person_id WHERE l.lab_id IN ('schistocytes') AND l.at_time >= (x.first_at - INTERVAL 9 DAYS)
UNION ALL
SELECT x.person_id, x.drug, 26 AS leaf FROM hs_exposure x JOIN hs_event e ON e.person_id = x.person_id WHERE e.kind IN ('itp') AND e.end_at >= (x.first_at - INTERVAL 5 DAYS)
UNION ALL
SELECT x.person_id, x.drug, 27 AS leaf FROM hs_exposure x JOIN hs_lab l ON l.person_id = x.person_id WHERE l.lab_id IN ('platelets') AND (l.at_time >= (x.first_at + INTERVAL 30 DAYS) AND (l.value IS NOT NULL AND (l.censored OR l.value <= 100.0000001)))
UNION ALL
SELECT x.person_id, x.drug, 28 AS leaf FROM hs_exposure x JOIN hs_event e ON e.person_id = x.person_id WHERE e.kind IN ('itp', 'thrombocytopenia') AND e.end_at >= (x.first_at + INTERVAL 30 DAYS)
UNION ALL
SELECT x.person_id, x.drug, 29 AS leaf FROM hs_exposure x JOIN hs_event e ON e.person_id = x.person_id WHERE e.kind IN ('itp', 'thrombocytopenia') AND (e.end_at >= (x.first_at + INTERVAL 30 DAYS) AND e.at_time <= (x.first_at + INTERVAL 1 DAYS))
UNION ALL
SELECT x.person_id, x.drug, 30 AS leaf FROM hs_exposure x JOIN hs_lab l ON l.person_id = x.person_id WHERE l.lab_id IN ('platelets') AND (l.at_time >= (x.first_at + INTERVAL 29 DAYS) AND (l.value IS NOT NULL AND (l.censored OR l.value <= 100.0000001)))
UNION ALL
SELECT x.person_id, x.drug, 31 AS leaf FROM hs_exposure x JOIN hs_event e ON e.person_id = x.person_id WHERE e.kind IN ('thrombocytopenia', 'itp') AND e.end_at >= (x.first_at + INTERVAL 29 DAYS)
UNION ALL
SELECT x.person_id, x.drug, 32 AS leaf FROM hs_exposure x JOIN hs_lab l ON l.person_id = x.person_id WHERE l.lab_id IN ('schistocytes') AND l.at_time >= (x.first_at + INTERVAL 22 DAYS)
UNION ALL
SELECT x.person_id, x.drug, 33 AS leaf FROM hs_exposure x JOIN hs_event e ON e.person_id = x.person_id WHERE e.kind IN ('itp') AND e.end_at >= (x.first_at + INTERVAL 26 DAYS)
UNION ALL
SELECT x.person_id, x.drug, 34 AS leaf FROM hs_exposure x JOIN hs_lab l ON l.person_id = x.person_id WHERE l.lab_id IN ('hemoglobin') AND (l.at_time >= (x.first_at - INTERVAL 1 DAYS) AND (l.value IS NOT NULL AND (l.censored OR l.value <= 10.00000001)))
UNION ALL
SELECT x.person_id, x.drug, 35 AS leaf FROM hs_exposure x JOIN hs_event e ON e.person_id = x.person_id WHERE e.kind IN ('itp') AND e.end_at >= x.first_at
UNION ALL
SELECT x.person_id, x.drug, 36 AS leaf FROM hs_exposure x JOIN hs_event e ON e.person_id = x.person_id WHERE e.kind IN ('hemolysis') AND e.end_at >= x.first_at
UNION ALL
SELECT x.person_id, x.drug, 37 AS leaf FROM hs_exposure x JOIN hs_lab l ON l.person_id = x.person_id WHERE l.lab_id IN ('platelets') AND (l.at_time >= (x.first_at - INTERVAL 16 DAYS) AND (l.value IS NOT NULL AND (l.censored OR l.value <= 100.0000001)))
UNION ALL
SELECT x.person_id, x.drug, 38 AS leaf FROM hs_exposure x JOIN hs_event e ON e.person_id = x.person_id WHERE e.kind IN ('itp', 'thrombocytopenia') AND e.end_at >= (x.first_at - INTERVAL 16 DAYS)
UNION ALL
SELECT x.person_id, x.drug, 39 AS leaf FROM hs_exposure x JOIN hs_lab l ON l.person_id = x.person_id WHERE l.lab_id IN ('hemoglobin') AND (l.at_time >= (x.first_at - INTERVAL 16 DAYS) AND (l.value IS NOT NULL AND (l.censored OR l.value <= 10.00000001)))
UNION ALL
SELECT x.person_id, x.drug, 40 AS leaf FROM hs_exposure x JOIN hs_event e ON e.person_id = x.person_id WHERE e.kind IN ('anemia', 'hemolysis') AND e.end_at >= (x.first_at - INTERVAL 16 DAYS)
UNION ALL
SELECT x.person_id, x.drug, 41 AS leaf FROM hs_exposure x JOIN hs_lab l ON l.person_id = x.person_id WHERE l.lab_id IN ('dat', 'dat-igg', 'dat-c3') AND l.at_time >= (x.first_at - INTERVAL 16 DAYS)
UNION ALL
SELECT x.person_id, x.drug, 42 AS leaf FROM hs_exposure x JOIN hs_lab l ON l.person_id = x.person_id WHERE l.lab_id IN ('haptoglobin') AND (l.at_time >= (x.first_at - INTERVAL 16 DAYS) AND (l.value IS NOT NULL AND (l.censored OR l.value <= coalesce(greatest(l.ref_low, l.cat_low), l.ref_low, l.cat_low) * 1.000000001)))
UNION ALL
SELECT x.person_id, x.drug, 43 AS leaf FROM hs_exposure x JOIN hs_lab l ON l.person_id = x.person_id WHERE l.lab_id IN ('ldh') AND (l.at_time >= (x.first_at - INTERVAL 16 DAYS) AND (l.value IS NOT NULL AND (l.censored OR l.value >= coalesce(least(l.ref_high, l.cat_high), l.ref_high, l.cat_high) * 0.999999999)))
UNION ALL
SELECT x.person_id, x.drug, 44 AS leaf FROM hs_exposure x JOIN hs_lab l ON l.person_id = x.person_id WHERE l.lab_id IN ('bilirubin-indirect') AND (l.at_time >= (x.first_at - INTERVAL 16 DAYS) AND (l.value IS NOT NULL AND (l.censored OR l.value >= coalesce(least(l.ref_high, l.cat_high), l.ref_high, l.cat_high) * 0.999999999)))
UNION ALL
SELECT x.person_id, x.drug, 45 AS leaf FROM hs_exposure x JOIN hs_lab l ON l.person_id = x.person_id WHERE l.lab_id IN ('reticulocytes-pct', 'reticulocytes-abs') AND (l.at_time >= (x.first_at - INTERVAL 16 DAYS) AND (l.value IS NOT NULL AND (l.censored OR l.value >= coalesce(least(l.ref_high, l.cat_high), l.ref_high, l.cat_high) * 0.999999999)))
UNION ALL
SELECT x.person_id, x.drug, 46 AS leaf FROM hs_exposure x JOIN hs_event e ON e.person_id = x.person_id WHERE e.kind IN ('hemolysis') AND e.end_at >= (x.first_at - INTERVAL 16 DAYS)
UNION ALL
SELECT x.person_id, x.drug, 47 AS leaf FROM hs_exposure x JOIN hs_event e ON e.person_id = x.person_id WHERE e.kind IN ('itp') AND e.end_at >= (x.first_at - INTERVAL 16 DAYS)
UNION ALL
SELECT x.person_id, x.drug, 48 AS leaf FROM hs_exposure x JOIN hs_lab l ON l.person_id = x.person_id WHERE l.lab_id IN ('hemoglobin') AND (l.at_time >= (x.first_at + INTERVAL 30 DAYS) AND (l.value IS NOT NULL AND (l.censored OR l.value <= 10.00000001)))
UNION ALL
SELECT x.person_id, x.drug, 49 AS leaf FROM hs_exposure x JOIN hs_event e ON e.person_id = x.person_id WHERE e.kind IN ('itp') AND e.end_at >= (x.first_at + INTERVAL 30 DAYS)
UNION ALL
SELECT x.person_id, x.drug, 50 AS leaf FROM hs_exposure x JOIN hs_event e ON e.person_id = x.person_id WHERE e.kind IN ('hemolysis') AND e.end_at >= (x.first_at + INTERVAL 30 DAYS)
UNION ALL
SELECT x.person_id, x.drug, 51 AS leaf FROM hs_exposure x JOIN hs_lab l ON l.person_id = x.person_id WHERE l.lab_id IN ('platelets') AND (l.at_time >= (x.first_at + INTERVAL 15 DAYS) AND (l.value IS NOT NULL AND (l.censored OR l.value <= 100.0000001)))
UNION ALL
SELECT x.person_id, x.drug, 52 AS leaf FROM hs_exposure x JOIN hs_event e ON e.person_id = x.person_id WHERE e.kind IN ('itp', 'thrombocytopenia') AND e.end_at >= (x.first_at + INTERVAL 15 DAYS)
UNION ALL
SELECT x.person_id, x.drug, 53 AS leaf FROM hs_exposure x JOIN hs_lab l ON l.person_id = x.person_id WHERE l.lab_id IN ('hemoglobin') AND (l.at_time >= (x.first_at + INTERVAL 15 DAYS) AND (l.value IS NOT NULL AND (l.censored OR l.value <= 10.00000001)))
UNION ALL
SELECT x.person_id, x.drug, 54 AS leaf FROM hs_exposure x JOIN hs_event e ON e.person_id = x.person_id WHERE e.kind IN ('anemia', 'hemolysis') AND e.end_at >= (x.first_at + INTERVAL 15 DAYS)
UNION ALL
SELECT x.person_id, x.drug, 55 AS leaf FROM hs_exposure x JOIN hs_lab l ON l.person_id = x.person_id WHERE l.lab_id IN ('dat', 'dat-igg', 'dat-c3') AND l.at_time >= (x.first_at + INTERVAL 15 DAYS)
UNION ALL
SELECT x.person_id, x.drug, 56 AS leaf FROM hs_exposure x JOIN hs_lab l ON l.person_id = x.person_id WHERE l.lab_id IN ('haptoglobin') AND (l.at_time >= (x.first_at + INTERVAL 15 DAYS) AND (l.value IS NOT NULL AND (l.censored OR l.value <= coalesce(greatest(l.ref_low, l.cat_low), l.ref_low, l.cat_low) * 1.000000001)))
UNION ALL
SELECT x.person_id, x.drug, 57 AS leaf FROM hs_exposure x JOIN hs_lab l ON l.person_id = x.person_id WHERE l.lab_id IN ('ldh') AND (l.at_time >= (x.first_at + INTERVAL 15 DAYS) AND (l.value IS NOT NULL AND (l.censored OR l.value >= coalesce(least(l.ref_high, l.cat_high), l.ref_high, l.cat_high) * 0.999999999)))
UNION ALL
SELECT x.person_id, x.drug, 58 AS leaf FROM hs_exposure x JOIN hs_lab l ON l.person_id = x.person_id WHERE l.lab_id IN ('bilirubin-indirect') AND (l.at_time >= (x.first_at + INTERVAL 15 DAYS) AND (l.value IS NOT NULL AND (l.censored OR l.value >= coalesce(least(l.ref_high, l.cat_high), l.ref_high, l.cat_high) * 0.999999999)))
UNION ALL
SELECT x.person_id, x.drug, 59 AS leaf FROM hs_exposure x JOIN hs_lab l ON l.person_id = x.person_id WHERE l.lab_id IN ('reticulocytes-pct', 'reticulocytes-abs') AND (l.at_time >= (x.first_at + INTERVAL 15 DAYS) AND (l.value IS NOT NULL AND (l.censored OR l.value >= coalesce(least(l.ref_high, l.cat_high), l.ref_high, l.cat_high) * 0.999999999)))
UNION ALL
SELECT x.person_id, x.drug, 60 AS leaf FROM hs_exposure x JOIN hs_event e ON e.person_id = x.person_id WHERE e.kind IN ('hemolysis') AND e.end_at >= (x.first_at + INTERVAL 15 DAYS)
UNION ALL
SELECT x.person_id, x.drug, 61 AS leaf FROM hs_exposure x JOIN hs_event e ON e.person_id = x.person_id WHERE e.kind IN ('itp') AND e.end_at >= (x.first_at + INTERVAL 15 DAYS)
UNION ALL
SELECT x.person_id, x.drug, 62 AS leaf FROM hs_exposure x JOIN hs_lab l ON l.person_id = x.person_id WHERE l.lab_id IN ('aptt') AND (l.at_time >= (x.first_at - INTERVAL 1 DAYS) AND (l.value IS NOT NULL AND (l.censored OR l.value >= coalesce(least(l.ref_high, l.cat_high), l.ref_high, l.cat_high) * 0.999999999)))
UNION ALL
SELECT x.person_id, x.drug, 63 AS leaf FROM hs_exposure x JOIN hs_lab l ON l.person_id = x.person_id WHERE l.lab_id IN ('fviii-inhibitor') AND (l.at_time >= (x.first_at - INTERVAL 1 DAYS) AND (l.value IS NOT NULL AND (l.censored OR l.value >= 0.5999999993999999)))
UNION ALL
SELECT x.person_id, x.drug, 64 AS leaf FROM hs_exposure x JOIN hs_lab l ON l.person_id = x.person_id WHERE l.lab_id IN ('fviii-inhibitor') AND l.at_time >= (x.first_at - INTERVAL 1 DAYS)
UNION ALL
SELECT x.person_id, x.drug, 65 AS leaf FROM hs_exposure x JOIN hs_lab l ON l.person_id = x.person_id WHERE l.lab_id IN ('fviii-activity') AND (l.at_time >= (x.first_at - INTERVAL 1 DAYS) AND (l.value IS NOT NULL AND (l.censored OR l.value <= coalesce(greatest(l.ref_low, l.cat_low), l.ref_low, l.cat_low) * 1.000000001)))
UNION ALL
SELECT x.person_id, x.drug, 66 AS leaf FROM hs_exposure x JOIN hs_event e ON e.person_id = x.person_id WHERE e.kind IN ('aha') AND e.end_at >= x.first_at
UNION ALL
SELECT x.person_id, x.drug, 67 AS leaf FROM hs_exposure x JOIN hs_event e ON e.person_id = x.person_id WHERE e.kind IN ('aha') AND (e.end_at >= (x.first_at - INTERVAL 1 DAYS) AND e.at_time <= (x.first_at + INTERVAL 1 DAYS))
UNION ALL
SELECT x.person_id, x.drug, 68 AS leaf FROM hs_exposure x JOIN hs_event e ON e.person_id = x.person_id WHERE e.kind IN ('aha') AND e.at_time <= (x.first_at + INTERVAL 1 DAYS)
UNION ALL
SELECT x.person_id, x.drug, 69 AS leaf FROM hs_exposure x JOIN hs_lab l ON l.person_id = x.person_id WHERE l.lab_id IN ('fviii-activity') AND (l.value IS NOT NULL AND (l.censored OR l.value <= coalesce(greatest(l.ref_low, l.cat_low), l.ref_low, l.cat_low) * 1.000000001))
UNION ALL
SELECT x.person_id, x.drug, 70 AS leaf FROM hs_exposure x JOIN hs_lab l ON l.person_id = x.person_id WHERE l.lab_id IN ('fviii-inhibitor') AND TRUE
UNION ALL
SELECT x.person_id, x.drug, 71 AS leaf FROM hs_exposure x JOIN hs_lab l ON l.person_id = x.person_id WHERE l.lab_id IN ('aptt') AND (l.value IS NOT NULL AND (l.censored OR l.value >= coalesce(least(l.ref_high, l.cat_high), l.ref_high, l.cat_high) * 0.999999999))
UNION ALL
SELECT x.person_id, x.drug, 72 AS leaf FROM hs_exposure x JOIN hs_event e ON e.person_id = x.person_id WHERE e.kind IN ('bleeding') AND TRUE
UNION ALL
SELECT x.person_id, x.drug, 73 AS leaf FROM hs_exposure x JOIN hs_lab l ON l.person_id = x.person_id WHERE l.lab_id IN ('aptt-mixing-study') AND TRUE
UNION ALL
SELECT x.person_id, x.drug, 74 AS leaf FROM hs_exposure x JOIN hs_event e ON e.person_id = x.person_id WHERE e.kind IN ('aha') AND TRUE
UNION ALL
SELECT x.person_id, x.drug, 75 AS leaf FROM hs_exposure x JOIN hs_event e ON e.person_id = x.person_id WHERE e.kind IN ('aha-considered') AND TRUE
UNION ALL
SELECT x.person_id, x.drug, 76 AS leaf FROM hs_exposure x JOIN hs_lab l ON l.person_id = x.person_id WHERE l.lab_id IN ('fibrinogen') AND (l.at_time >= (x.first_at - INTERVAL 1 DAYS) AND (l.value IS NOT NULL AND (l.censored OR l.value <= 1.5000000015)))
UNION ALL
SELECT x.person_id, x.drug, 77 AS leaf FROM hs_exposure x JOIN hs_lab l ON l.person_id = x.person_id WHERE l.lab_id IN ('inr') AND (l.at_time >= (x.first_at - INTERVAL 1 DAYS) AND (l.value IS NOT NULL AND (l.censored OR l.value >= 1.2999999987)))
UNION ALL
SELECT x.person_id, x.drug, 78 AS leaf FROM hs_exposure x JOIN hs_event e ON e.person_id = x.person_id WHERE e.kind IN ('dic') AND e.end_at >= (x.first_at - INTERVAL 1 DAYS)
UNION ALL
SELECT x.person_id, x.drug, 79 AS leaf FROM hs_exposure x JOIN hs_event e ON e.person_id = x.person_id WHERE e.kind IN ('active-cancer') AND e.end_at >= (x.first_at - INTERVAL 3652 DAYS)
UNION ALL
SELECT x.person_id, x.drug, 80 AS leaf FROM hs_exposure x JOIN hs_event e ON e.person_id = x.person_id WHERE e.kind IN ('sepsis', 'infection', 'crs', 'hlh') AND e.end_at >= (x.first_at - INTERVAL 16 DAYS)
UNION ALL
SELECT x.person_id, x.drug, 81 AS leaf FROM hs_exposure x JOIN hs_lab l ON l.person_id = x.person_id WHERE l.lab_id IN ('inr') AND (l.at_time >= (x.first_at - INTERVAL 5 DAYS) AND (l.value IS NOT NULL AND (l.censored OR l.value >= 1.4999999985)))
UNION ALL
SELECT x.person_id, x.drug, 82 AS leaf FROM hs_exposure x JOIN hs_event e ON e.person_id = x.person_id WHERE e.kind IN ('thrombosis') AND e.end_at >= (x.first_at - INTERVAL 16 DAYS)
UNION ALL
SELECT x.person_id, x.drug, 83 AS leaf FROM hs_exposure x JOIN hs_lab l ON l.person_id = x.person_id WHERE l.lab_id IN ('fibrinogen') AND (l.at_time >= (x.first_at - INTERVAL 5 DAYS) AND (l.value IS NOT NULL AND (l.censored OR l.value <= coalesce(greatest(l.ref_low, l.cat_low), l.ref_low, l.cat_low) * 1.000000001)))
UNION ALL
SELECT x.person_id, x.drug, 84 AS leaf FROM hs_exposure x JOIN hs_lab l ON l.person_id = x.person_id WHERE l.lab_id IN ('d-dimer-feu', 'd-dimer-ddu', 'd-dimer-unspecified', 'fdp') AND (l.at_time >= (x.first_at - INTERVAL 5 DAYS) AND (l.value IS NOT NULL AND (l.censored OR l.value >= coalesce(least(l.ref_high, l.cat_high), l.ref_high, l.cat_high) * 6.999999993)))
UNION ALL
SELECT x.person_id, x.drug, 85 AS leaf FROM hs_exposure x JOIN hs_event e ON e.person_id = x.person_id WHERE e.kind IN ('sepsis', 'infection') AND e.end_at >= (x.first_at - INTERVAL 16 DAYS)
UNION ALL
SELECT x.person_id, x.drug, 86 AS leaf FROM hs_exposure x JOIN hs_lab l ON l.person_id = x.person_id WHERE l.lab_id IN ('platelets') AND (l.at_time >= (x.first_at - INTERVAL 5 DAYS) AND (l.value IS NOT NULL AND (l.censored OR l.value <= 100.0000001)))
UNION ALL
SELECT x.person_id, x.drug, 87 AS leaf FROM hs_exposure x JOIN hs_event e ON e.person_id = x.person_id WHERE e.kind IN ('dic') AND e.end_at >= (x.first_at - INTERVAL 5 DAYS)
UNION ALL
SELECT x.person_id, x.drug, 88 AS leaf FROM hs_exposure x JOIN hs_lab l ON l.person_id = x.person_id WHERE l.lab_id IN ('inr') AND (l.at_time >= (x.first_at - INTERVAL 1 DAYS) AND (l.value IS NOT NULL AND (l.censored OR l.value >= 1.4999999985)))
UNION ALL
SELECT x.person_id, x.drug, 89 AS leaf FROM hs_exposure x JOIN hs_lab l ON l.person_id = x.person_id WHERE l.lab_id IN ('pt') AND (l.at_time >= (x.first_at - INTERVAL 1 DAYS) AND (l.value IS NOT NULL AND (l.censored OR l.value >= coalesce(least(l.ref_high, l.cat_high), l.ref_high, l.cat_high) * 0.999999999)))
UNION ALL
SELECT x.person_id, x.drug, 90 AS leaf FROM hs_exposure x JOIN hs_lab l ON l.person_id = x.person_id WHERE l.lab_id IN ('d-dimer-feu', 'd-dimer-ddu', 'd-dimer-unspecified', 'fdp') AND (l.at_time >= (x.first_at - INTERVAL 1 DAYS) AND (l.value IS NOT NULL AND (l.censored OR l.value >= coalesce(least(l.ref_high, l.cat_high), l.ref_high, l.cat_high) * 0.999999999)))
UNION ALL
SELECT x.person_id, x.drug, 91 AS leaf FROM hs_exposure x JOIN hs_event e ON e.person_id = x.person_id WHERE e.kind IN ('coagulopathy', 'hypofibrinogenemia', 'dic') AND e.end_at >= (x.first_at - INTERVAL 1 DAYS)
UNION ALL
SELECT x.person_id, x.drug, 92 AS leaf FROM hs_exposure x JOIN hs_event e ON e.person_id = x.person_id WHERE e.kind IN ('crs') AND e.end_at >= (x.first_at - INTERVAL 1 DAYS)
UNION ALL
SELECT x.person_id, x.drug, 93 AS leaf FROM hs_exposure x JOIN hs_lab l ON l.person_id = x.person_id WHERE l.lab_id IN ('fibrinogen') AND (l.at_time >= (x.first_at - INTERVAL 2 DAYS) AND (l.value IS NOT NULL AND (l.censored OR l.value <= 1.5000000015)))
UNION ALL
SELECT x.person_id, x.drug, 94 AS leaf FROM hs_exposure x JOIN hs_event e ON e.person_id = x.person_id WHERE e.kind IN ('hypofibrinogenemia') AND e.end_at >= (x.first_at - INTERVAL 2 DAYS)
UNION ALL
SELECT x.person_id, x.drug, 95 AS leaf FROM hs_exposure x JOIN hs_lab l ON l.person_id = x.person_id WHERE l.lab_id IN ('pt') AND (l.at_time >= (x.first_at - INTERVAL 2 DAYS) AND (l.value IS NOT NULL AND (l.censored OR l.value >= coalesce(least(l.ref_high, l.cat_high), l.ref_high, l.cat_high) * 0.999999999)))
UNION ALL
SELECT x.person_id, x.drug, 96 AS leaf FROM hs_exposure x JOIN hs_lab l ON l.person_id = x.person_id WHERE l.lab_id IN ('inr') AND (l.at_time >= (x.first_at - INTERVAL 2 DAYS) AND (l.value IS NOT NULL AND (l.censored OR l.value >= 1.4999999985)))
UNION ALL
SELECT x.person_id, x.drug, 97 AS leaf FROM hs_exposure x JOIN hs_lab l ON l.person_id = x.person_id WHERE l.lab_id IN ('aptt') AND (l.at_time >= (x.first_at - INTERVAL 2 DAYS) AND (l.value IS NOT NULL AND (l.censored OR l.value >= coalesce(least(l.ref_high, l.cat_high), l.ref_high, l.cat_high) * 0.999999999)))
UNION ALL
SELECT x.person_id, x.drug, 98 AS leaf FROM hs_exposure x JOIN hs_lab l ON l.person_id = x.person_id WHERE l.lab_id IN ('d-dimer-feu', 'd-dimer-ddu', 'd-dimer-unspecified', 'fdp') AND (l.at_time >= (x.first_at - INTERVAL 2 DAYS) AND (l.value IS NOT NULL AND (l.censored OR l.value >= coalesce(least(l.ref_high, l.cat_high), l.ref_high, l.cat_high) * 0.999999999)))
UNION ALL
SELECT x.person_id, x.drug, 99 AS leaf FROM hs_exposure x JOIN hs_event e ON e.person_id = x.person_id WHERE e.kind IN ('bleeding') AND e.end_at >= (x.first_at - INTERVAL 5 DAYS)
UNION ALL
SELECT x.person_id, x.drug, 100 AS leaf FROM hs_exposure x JOIN hs_event e ON e.person_id = x.person_id WHERE e.kind IN ('coagulopathy', 'hypofibrinogenemia', 'dic') AND e.end_at >= (x.first_at - INTERVAL 5 DAYS)
UNION ALL
SELECT x.person_id, x.drug, 101 AS leaf FROM hs_exposure x JOIN hs_event e ON e.person_id = x.person_id WHERE e.kind IN ('thrombosis') AND e.end_at >= (x.first_at - INTERVAL 1 DAYS)
UNION ALL
SELECT x.person_id, x.drug, 102 AS leaf FROM hs_exposure x JOIN hs_event e ON e.person_id = x.person_id WHERE e.kind IN ('thrombosis') AND e.end_at >= (x.first_at - INTERVAL 2 DAYS)),
f AS (SELECT x.person_id, x.drug, x.class, coalesce(bool_or(h.leaf = 1), FALSE) AS l1, coalesce(bool_or(h.leaf = 2), FALSE) AS l2, coalesce(bool_or(h.leaf = 3), FALSE) AS l3, coalesce(bool_or(h.leaf = 4), FALSE) AS l4, coalesce(bool_or(h.leaf = 5), FALSE) AS l5, coalesce(bool_or(h.leaf = 6), FALSE) AS l6, coalesce(bool_or(h.leaf = 7), FALSE) AS l7, coalesce(bool_or(h.leaf = 8), FALSE) AS l8, coalesce(bool_or(h.leaf = 9), FALSE) AS l9, coalesce(bool_or(h.leaf = 10), FALSE) AS l10, coalesce(bool_or(h.leaf = 11), FALSE) AS l11, coalesce(bool_or(h.leaf = 12), FALSE) AS l12, coalesce(bool_or(h.leaf = 13), FALSE) AS l13, coalesce(bool_or(h.leaf = 14), FALSE) AS l14, coalesce(bool_or(h.leaf = 15), FALSE) AS l15, coalesce(bool_or(h.leaf = 16), FALSE) AS l16, coalesce(bool_or(h.leaf = 17), FALSE) AS l17, coalesce(bool_or(h.leaf = 18), FALSE) AS l18, coalesce(bool_or(h.leaf = 19), FALSE) AS l19, coalesce(bool_or(h.leaf = 20), FALSE) AS l20, coalesce(bool_or(h.leaf = 21), FALSE) AS l21, coalesce(bool_or(h.leaf = 22), FALSE) AS l22, coalesce(bool_or(h.leaf = 23), FALSE) AS l23, coalesce(bool_or(h.leaf = 24), FALSE) AS l24, coalesce(bool_or(h.leaf = 25), FALSE) AS l25, coalesce(bool_or(h.leaf = 26), FALSE) AS l26, coalesce(bool_or(h.leaf = 27), FALSE) AS l27, coalesce(bool_or(h.leaf = 28), FALSE) AS l28, coalesce(bool_or(h.leaf = 29), FALSE) AS l29, coalesce(bool_or(h.leaf = 30), FALSE) AS l30, coalesce(bool_or(h.leaf = 31), FALSE) AS l31, coalesce(bool_or(h.leaf = 32), FALSE) AS l32, coalesce(bool_or(h.leaf = 33), FALSE) AS l33, coalesce(bool_or(h.leaf = 34), FALSE) AS l34, coalesce(bool_or(h.leaf = 35), FALSE) AS l35, coalesce(bool_or(h.leaf = 36), FALSE) AS l36, coalesce(bool_or(h.leaf = 37), FALSE) AS l37, coalesce(bool_or(h.leaf = 38), FALSE) AS l38, coalesce(bool_or(h.leaf = 39), FALSE) AS l39, coalesce(bool_or(h.leaf = 40), FALSE) AS l40, coalesce(bool_or(h.leaf = 41), FALSE) AS l41, coalesce(bool_or(h.leaf = 42), FALSE) AS l42, coalesce(bool_or(h.leaf = 43), FALSE) AS l43, coalesce(bool_or(h.leaf = 44), FALSE) AS l44, coalesce(bool_or(h.leaf = 45), FALSE) AS l45, coalesce(bool_or(h.leaf = 46), FALSE) AS l46, coalesce(bool_or(h.leaf = 47), FALSE) AS l47, coalesce(bool_or(h.leaf = 48), FALSE) AS l48, coalesce(bool_or(h.leaf = 49), FALSE) AS l49, coalesce(bool_or(h.leaf = 50), FALSE) AS l50, coalesce(bool_or(h.leaf = 51), FALSE) AS l51, coalesce(bool_or(h.leaf = 52), FALSE) AS l52, coalesce(bool_or(h.leaf = 53), FALSE) AS l53, coalesce(bool_or(h.leaf = 54), FALSE) AS l54, coalesce(bool_or(h.leaf = 55), FALSE) AS l55, coalesce(bool_or(h.leaf = 56), FALSE) AS l56, coalesce(bool_or(h.leaf = 57), FALSE) AS l57, coalesce(bool_or(h.leaf = 58), FALSE) AS l58, coalesce(bool_or(h.leaf = 59), FALSE) AS l59, coalesce(bool_or(h.leaf = 60), FALSE) AS l60, coalesce(bool_or(h.leaf = 61), FALSE) AS l61, coalesce(bool_or(h.leaf = 62), FALSE) AS l62, coalesce(bool_or(h.leaf = 63), FALSE) AS l63, coalesce(bool_or(h.leaf = 64), FALSE) AS l64, coalesce(bool_or(h.leaf = 65), FALSE) AS l65, coalesce(bool_or(h.leaf = 66), FALSE) AS l66, coalesce(bool_or(h.leaf = 67), FALSE) AS l67, coalesce(bool_or(h.leaf = 68), FALSE) AS l68, coalesce(bool_or(h.leaf = 69), FALSE) AS l69, coalesce(bool_or(h.leaf = 70), FALSE) AS l70, coalesce(bool_or(h.leaf = 71), FALSE) AS l71, coalesce(bool_or(h.leaf = 72), FALSE) AS l72, coalesce(bool_or(h.leaf = 73), FALSE) AS l73, coalesce(bool_or(h.leaf = 74), FALSE) AS l74, coalesce(bool_or(h.leaf = 75), FALSE) AS l75, coalesce(bool_or(h.leaf = 76), FALSE) AS l76, coalesce(bool_or(h.leaf = 77), FALSE) AS l77, coalesce(bool_or(h.leaf = 78), FALSE) AS l78, coalesce(bool_or(h.leaf = 79), FALSE) AS l79, coalesce(bool_or(h.leaf = 80), FALSE) AS l80, coalesce(bool_or(h.leaf = 81), FALSE) AS l81, coalesce(bool_or(h.leaf = 82), FALSE) AS l82, coalesce(bool_or(h.leaf = 83), FALSE) AS l83, coalesce(bool_or(h.leaf = 84), FALSE) AS l84, coalesce(bool_or(h.leaf = 85), FALSE) AS l85, coalesce(bool_or(h.leaf = 86), FALSE) AS l86, coalesce(bool_or(h.leaf = 87), FALSE) AS l87, coalesce(bool_or(h.leaf = 88), FALSE) AS l88, coalesce(bool_or(h.leaf = 89), FALSE) AS l89, coalesce(bool_or(h.leaf = 90), FALSE) AS l90, coalesce(bool_or(h.leaf = 91), FALSE) AS l91, coalesce(bool_or(h.leaf = 92), FALSE) AS l92, coalesce(bool_or(h.leaf = 93), FALSE) AS l93, coalesce(bool_or(h.leaf = 94), FALSE) AS l94, coalesce(bool_or(h.leaf = 95), FALSE) AS l95, coalesce(bool_or(h.leaf = 96), FALSE) AS l96, coalesce(bool_or(h.leaf = 97), FALSE) AS l97, coalesce(bool_or(h.leaf = 98), FALSE) AS l98, coalesce(bool_or(h.leaf = 99), FALSE) AS l99, coalesce(bool_or(h.leaf = 100), FALSE) AS l100, coalesce(bool_or(h.leaf = 101), FALSE) AS l101, coalesce(bool_or(h.leaf = 102), FALSE) AS l102
           FROM hs_exposure x LEFT JOIN hs_leaf h ON h.person_id = x.person_id AND h.drug = x.drug
           GROUP BY x.person_id, x.drug, x.class),
cand_ttp AS (SELECT DISTINCT f.person_id FROM f WHERE ((f.class = 'ici' AND (f.l1 OR f.l2 OR f.l3 OR f.l4 OR f.l5) AND (((f.l6 OR f.l7) AND f.l8 AND ((f.l9 OR f.l10 OR f.l11) OR (f.l11 OR f.l12 OR f.l13 OR f.l14 OR f.l15))) OR (f.l8 AND ((f.l6 OR f.l7) OR (f.l11 OR f.l12 OR f.l13 OR f.l14 OR f.l15))) OR ((f.l6 OR f.l7) AND (f.l9 OR f.l10 OR f.l11) AND (f.l11 OR f.l12 OR f.l13 OR f.l14 OR f.l15)) OR ((f.l6 OR f.l7) AND (f.l16 OR f.l17) AND ((f.l9 OR f.l10 OR f.l11) OR (f.l11 OR f.l12 OR f.l13 OR f.l14 OR f.l15))) OR ((f.l6 OR f.l7) AND (f.l9 OR f.l10 OR f.l11) AND (f.l11 OR f.l12 OR f.l13 OR f.l14 OR f.l15)) OR ((f.l6 OR f.l7) AND (f.l11 OR f.l12 OR f.l13 OR f.l14 OR f.l15) AND f.l18) OR ((f.l6 OR f.l7) AND (CASE WHEN f.l12 THEN 1 ELSE 0 END + CASE WHEN f.l13 THEN 1 ELSE 0 END + CASE WHEN f.l14 THEN 1 ELSE 0 END + CASE WHEN f.l15 THEN 1 ELSE 0 END + CASE WHEN f.l11 THEN 1 ELSE 0 END) >= 2) OR ((f.l6 OR f.l7) AND (f.l9 OR f.l10 OR f.l11)) OR (f.l8 AND (f.l9 OR f.l10 OR f.l11)) OR ((f.l6 OR f.l7) AND (f.l16 OR f.l17)) OR f.l19 OR (f.l19 AND f.l4) OR (f.l19 AND f.l5 AND f.class IN ('ici')))) OR (f.class = 'bispecific' AND (f.l1 OR f.l2 OR f.l3 OR f.l4 OR f.l5) AND (((f.l6 OR f.l7) AND f.l8 AND ((f.l9 OR f.l10 OR f.l11) OR (f.l11 OR f.l12 OR f.l13 OR f.l14 OR f.l15))) OR (f.l8 AND ((f.l6 OR f.l7) OR (f.l11 OR f.l12 OR f.l13 OR f.l14 OR f.l15))) OR ((f.l6 OR f.l7) AND (f.l9 OR f.l10 OR f.l11) AND (f.l11 OR f.l12 OR f.l13 OR f.l14 OR f.l15)) OR ((f.l6 OR f.l7) AND (f.l16 OR f.l17) AND ((f.l9 OR f.l10 OR f.l11) OR (f.l11 OR f.l12 OR f.l13 OR f.l14 OR f.l15))) OR ((f.l6 OR f.l7) AND (f.l9 OR f.l10 OR f.l11) AND (f.l11 OR f.l12 OR f.l13 OR f.l14 OR f.l15)) OR ((f.l6 OR f.l7) AND (f.l11 OR f.l12 OR f.l13 OR f.l14 OR f.l15) AND f.l18) OR ((f.l6 OR f.l7) AND (CASE WHEN f.l12 THEN 1 ELSE 0 END + CASE WHEN f.l13 THEN 1 ELSE 0 END + CASE WHEN f.l14 THEN 1 ELSE 0 END + CASE WHEN f.l15 THEN 1 ELSE 0 END + CASE WHEN f.l11 THEN 1 ELSE 0 END) >= 2) OR ((f.l6 OR f.l7) AND (f.l9 OR f.l10 OR f.l11)) OR (f.l8 AND (f.l9 OR f.l10 OR f.l11)) OR ((f.l6 OR f.l7) AND (f.l16 OR f.l17)) OR f.l19 OR (f.l19 AND f.l4) OR (f.l19 AND f.l5 AND f.class IN ('ici')))) OR (f.class = 'antibody' AND (f.l1 OR f.l2 OR f.l3 OR f.l4 OR f.l5) AND (((f.l6 OR f.l7) AND f.l8 AND ((f.l9 OR f.l10 OR f.l11) OR (f.l11 OR f.l12 OR f.l13 OR f.l14 OR f.l15))) OR (f.l8 AND ((f.l6 OR f.l7) OR (f.l11 OR f.l12 OR f.l13 OR f.l14 OR f.l15))) OR ((f.l6 OR f.l7) AND (f.l9 OR f.l10 OR f.l11) AND (f.l11 OR f.l12 OR f.l13 OR f.l14 OR f.l15)) OR ((f.l6 OR f.l7) AND (f.l16 OR f.l17) AND ((f.l9 OR f.l10 OR f.l11) OR (f.l11 OR f.l12 OR f.l13 OR f.l14 OR f.l15))) OR ((f.l6 OR f.l7) AND (f.l9 OR f.l10 OR f.l11) AND (f.l11 OR f.l12 OR f.l13 OR f.l14 OR f.l15)) OR ((f.l6 OR f.l7) AND (f.l11 OR f.l12 OR f.l13 OR f.l14 OR f.l15) AND f.l18) OR ((f.l6 OR f.l7) AND (CASE WHEN f.l12 THEN 1 ELSE 0 END + CASE WHEN f.l13 THEN 1 ELSE 0 END + CASE WHEN f.l14 THEN 1 ELSE 0 END + CASE WHEN f.l15 THEN 1 ELSE 0 END + CASE WHEN f.l11 THEN 1 ELSE 0 END) >= 2) OR ((f.l6 OR f.l7) AND (f.l9 OR f.l10 OR f.l11)) OR (f.l8 AND (f.l9 OR f.l10 OR f.l11)) OR ((f.l6 OR f.l7) AND (f.l16 OR f.l17)) OR f.l19 OR (f.l19 AND f.l4) OR (f.l19 AND f.l5 AND f.class IN ('ici')))) OR (f.class = 'car-t' AND (f.l1 OR f.l2 OR f.l3 OR f.l4 OR f.l5) AND (((f.l6 OR f.l7) AND f.l8 AND ((f.l9 OR f.l10 OR f.l11) OR (f.l11 OR f.l12 OR f.l13 OR f.l14 OR f.l15))) OR (f.l8 AND ((f.l6 OR f.l7) OR (f.l11 OR f.l12 OR f.l13 OR f.l14 OR f.l15))) OR ((f.l6 OR f.l7) AND (f.l9 OR f.l10 OR f.l11) AND (f.l11 OR f.l12 OR f.l13 OR f.l14 OR f.l15)) OR ((f.l6 OR f.l7) AND (f.l16 OR f.l17) AND ((f.l9 OR f.l10 OR f.l11) OR (f.l11 OR f.l12 OR f.l13 OR f.l14 OR f.l15))) OR ((f.l6 OR f.l7) AND (f.l9 OR f.l10 OR f.l11) AND (f.l11 OR f.l12 OR f.l13 OR f.l14 OR f.l15)) OR ((f.l6 OR f.l7) AND (f.l11 OR f.l12 OR f.l13 OR f.l14 OR f.l15) AND f.l18) OR ((f.l6 OR f.l7) AND (CASE WHEN f.l12 THEN 1 ELSE 0 END + CASE WHEN f.l13 THEN 1 ELSE 0 END + CASE WHEN f.l14 THEN 1 ELSE 0 END + CASE WHEN f.l15 THEN 1 ELSE 0 END + CASE WHEN f.l11 THEN 1 ELSE 0 END) >= 2) OR ((f.l6 OR f.l7) AND (f.l9 OR f.l10 OR f.l11)) OR (f.l8 AND (f.l9 OR f.l10 OR f.l11)) OR ((f.l6 OR f.l7) AND (f.l16 OR f.l17)) OR f.l19 OR (f.l19 AND f.l4) OR (f.l19 AND f.l5 AND f.class IN ('ici')))))),
cand_itp AS (SELECT DISTINCT f.person_id FROM f WHERE ((f.class = 'ici' AND (f.l20 OR f.l21 OR f.l22) AND (((f.l23 OR f.l24) AND f.l25) OR (f.l23 OR f.l24) OR (f.l23 OR f.l24) OR (f.l23 OR f.l24) OR (f.l23 OR f.l24) OR f.l26)) OR (f.class = 'bispecific' AND (f.l20 OR f.l21 OR f.l22) AND (((f.l23 OR f.l24) AND f.l25) OR (f.l23 OR f.l24) OR (f.l23 OR f.l24) OR (f.l23 OR f.l24) OR (f.l23 OR f.l24) OR f.l26)) OR (f.class = 'antibody' AND (f.l20 OR f.l21 OR f.l22) AND (((f.l23 OR f.l24) AND f.l25) OR (f.l23 OR f.l24) OR (f.l23 OR f.l24) OR (f.l23 OR f.l24) OR (f.l23 OR f.l24) OR f.l26)) OR (f.class = 'car-t' AND (f.l27 OR f.l28 OR f.l29) AND (((f.l30 OR f.l31) AND f.l32) OR (f.l30 OR f.l31) OR (f.l30 OR f.l31) OR (f.l30 OR f.l31) OR (f.l30 OR f.l31) OR f.l33)))),
cand_evans AS (SELECT DISTINCT f.person_id FROM f WHERE ((f.class = 'ici' AND (f.l20 OR f.l34 OR f.l35 OR f.l36) AND (((f.l37 OR f.l38) AND f.l41 AND (CASE WHEN f.l42 THEN 1 ELSE 0 END + CASE WHEN f.l43 THEN 1 ELSE 0 END + CASE WHEN f.l44 THEN 1 ELSE 0 END + CASE WHEN f.l45 THEN 1 ELSE 0 END) >= 2) OR ((f.l37 OR f.l38) AND f.l41 AND (CASE WHEN f.l42 THEN 1 ELSE 0 END + CASE WHEN f.l43 THEN 1 ELSE 0 END + CASE WHEN f.l44 THEN 1 ELSE 0 END + CASE WHEN f.l45 THEN 1 ELSE 0 END) >= 1) OR ((f.l37 OR f.l38) AND (CASE WHEN f.l42 THEN 1 ELSE 0 END + CASE WHEN f.l43 THEN 1 ELSE 0 END + CASE WHEN f.l44 THEN 1 ELSE 0 END + CASE WHEN f.l45 THEN 1 ELSE 0 END) >= 2) OR ((f.l37 OR f.l38) AND (CASE WHEN f.l41 THEN 1 ELSE 0 END + CASE WHEN f.l42 THEN 1 ELSE 0 END + CASE WHEN f.l43 THEN 1 ELSE 0 END + CASE WHEN f.l44 THEN 1 ELSE 0 END + CASE WHEN f.l45 THEN 1 ELSE 0 END) >= 1) OR ((f.l37 OR f.l38) AND f.l46) OR (f.l47 AND f.l46) OR f.l47)) OR (f.class = 'bispecific' AND (f.l20 OR f.l34 OR f.l35 OR f.l36) AND (((f.l37 OR f.l38) AND f.l41 AND (CASE WHEN f.l42 THEN 1 ELSE 0 END + CASE WHEN f.l43 THEN 1 ELSE 0 END + CASE WHEN f.l44 THEN 1 ELSE 0 END + CASE WHEN f.l45 THEN 1 ELSE 0 END) >= 2) OR ((f.l37 OR f.l38) AND f.l41 AND (CASE WHEN f.l42 THEN 1 ELSE 0 END + CASE WHEN f.l43 THEN 1 ELSE 0 END + CASE WHEN f.l44 THEN 1 ELSE 0 END + CASE WHEN f.l45 THEN 1 ELSE 0 END) >= 1) OR ((f.l37 OR f.l38) AND (CASE WHEN f.l42 THEN 1 ELSE 0 END + CASE WHEN f.l43 THEN 1 ELSE 0 END + CASE WHEN f.l44 THEN 1 ELSE 0 END + CASE WHEN f.l45 THEN 1 ELSE 0 END) >= 2) OR ((f.l37 OR f.l38) AND (CASE WHEN f.l41 THEN 1 ELSE 0 END + CASE WHEN f.l42 THEN 1 ELSE 0 END + CASE WHEN f.l43 THEN 1 ELSE 0 END + CASE WHEN f.l44 THEN 1 ELSE 0 END + CASE WHEN f.l45 THEN 1 ELSE 0 END) >= 1) OR ((f.l37 OR f.l38) AND f.l46) OR (f.l47 AND f.l46) OR f.l47)) OR (f.class = 'antibody' AND (f.l20 OR f.l34 OR f.l35 OR f.l36) AND (((f.l37 OR f.l38) AND f.l41 AND (CASE WHEN f.l42 THEN 1 ELSE 0 END + CASE WHEN f.l43 THEN 1 ELSE 0 END + CASE WHEN f.l44 THEN 1 ELSE 0 END + CASE WHEN f.l45 THEN 1 ELSE 0 END) >= 2) OR ((f.l37 OR f.l38) AND f.l41 AND (CASE WHEN f.l42 THEN 1 ELSE 0 END + CASE WHEN f.l43 THEN 1 ELSE 0 END + CASE WHEN f.l44 THEN 1 ELSE 0 END + CASE WHEN f.l45 THEN 1 ELSE 0 END) >= 1) OR ((f.l37 OR f.l38) AND (CASE WHEN f.l42 THEN 1 ELSE 0 END + CASE WHEN f.l43 THEN 1 ELSE 0 END + CASE WHEN f.l44 THEN 1 ELSE 0 END + CASE WHEN f.l45 THEN 1 ELSE 0 END) >= 2) OR ((f.l37 OR f.l38) AND (CASE WHEN f.l41 THEN 1 ELSE 0 END + CASE WHEN f.l42 THEN 1 ELSE 0 END + CASE WHEN f.l43 THEN 1 ELSE 0 END + CASE WHEN f.l44 THEN 1 ELSE 0 END + CASE WHEN f.l45 THEN 1 ELSE 0 END) >= 1) OR ((f.l37 OR f.l38) AND f.l46) OR (f.l47 AND f.l46) OR f.l47)) OR (f.class = 'car-t' AND (f.l27 OR f.l48 OR f.l49 OR f.l50) AND (((f.l51 OR f.l52) AND f.l55 AND (CASE WHEN f.l56 THEN 1 ELSE 0 END + CASE WHEN f.l57 THEN 1 ELSE 0 END + CASE WHEN f.l58 THEN 1 ELSE 0 END + CASE WHEN f.l59 THEN 1 ELSE 0 END) >= 2) OR ((f.l51 OR f.l52) AND f.l55 AND (CASE WHEN f.l56 THEN 1 ELSE 0 END + CASE WHEN f.l57 THEN 1 ELSE 0 END + CASE WHEN f.l58 THEN 1 ELSE 0 END + CASE WHEN f.l59 THEN 1 ELSE 0 END) >= 1) OR ((f.l51 OR f.l52) AND (CASE WHEN f.l56 THEN 1 ELSE 0 END + CASE WHEN f.l57 THEN 1 ELSE 0 END + CASE WHEN f.l58 THEN 1 ELSE 0 END + CASE WHEN f.l59 THEN 1 ELSE 0 END) >= 2) OR ((f.l51 OR f.l52) AND (CASE WHEN f.l55 THEN 1 ELSE 0 END + CASE WHEN f.l56 THEN 1 ELSE 0 END + CASE WHEN f.l57 THEN 1 ELSE 0 END + CASE WHEN f.l58 THEN 1 ELSE 0 END + CASE WHEN f.l59 THEN 1 ELSE 0 END) >= 1) OR ((f.l51 OR f.l52) AND f.l60) OR (f.l61 AND f.l60) OR f.l61)))),
cand_aha AS (SELECT DISTINCT f.person_id FROM f WHERE ((f.class = 'ici' AND (f.l62 OR f.l63 OR f.l64 OR f.l65 OR f.l66 OR f.l67 OR f.l68) AND ((f.l69 AND f.l70) OR f.l70 OR (f.l71 AND f.l69 AND (f.l72 OR f.l73)) OR (f.l71 AND f.l73 AND f.l72) OR (f.l71 AND f.l69) OR (f.l71 AND f.l72) OR (f.l71 AND f.l73 AND f.l72) OR f.l74 OR (f.l75 AND f.l69) OR (f.l74 AND f.l67) OR (f.l74 AND f.l68 AND f.class IN ('ici')))) OR (f.class = 'bispecific' AND (f.l62 OR f.l63 OR f.l64 OR f.l65 OR f.l66 OR f.l67 OR f.l68) AND ((f.l69 AND f.l70) OR f.l70 OR (f.l71 AND f.l69 AND (f.l72 OR f.l73)) OR (f.l71 AND f.l73 AND f.l72) OR (f.l71 AND f.l69) OR (f.l71 AND f.l72) OR (f.l71 AND f.l73 AND f.l72) OR f.l74 OR (f.l75 AND f.l69) OR (f.l74 AND f.l67) OR (f.l74 AND f.l68 AND f.class IN ('ici')))) OR (f.class = 'antibody' AND (f.l62 OR f.l63 OR f.l64 OR f.l65 OR f.l66 OR f.l67 OR f.l68) AND ((f.l69 AND f.l70) OR f.l70 OR (f.l71 AND f.l69 AND (f.l72 OR f.l73)) OR (f.l71 AND f.l73 AND f.l72) OR (f.l71 AND f.l69) OR (f.l71 AND f.l72) OR (f.l71 AND f.l73 AND f.l72) OR f.l74 OR (f.l75 AND f.l69) OR (f.l74 AND f.l67) OR (f.l74 AND f.l68 AND f.class IN ('ici')))) OR (f.class = 'car-t' AND (f.l62 OR f.l63 OR f.l64 OR f.l65 OR f.l66 OR f.l67 OR f.l68) AND ((f.l69 AND f.l70) OR f.l70 OR (f.l71 AND f.l69 AND (f.l72 OR f.l73)) OR (f.l71 AND f.l73 AND f.l72) OR (f.l71 AND f.l69) OR (f.l71 AND f.l72) OR (f.l71 AND f.l73 AND f.l72) OR f.l74 OR (f.l75 AND f.l69) OR (f.l74 AND f.l67) OR (f.l74 AND f.l68 AND f.class IN ('ici')))))),
cand_dic AS (SELECT DISTINCT f.person_id FROM f WHERE ((f.class = 'ici' AND (f.l20 OR f.l76 OR f.l77 OR f.l78)) OR (f.class = 'bispecific' AND (f.l20 OR f.l76 OR f.l77 OR f.l78)) OR (f.class = 'antibody' AND (f.l20 OR f.l76 OR f.l77 OR f.l78)) OR (f.class = 'car-t' AND (f.l20 OR f.l76 OR f.l77 OR f.l78)))),
cand_carac AS (SELECT DISTINCT f.person_id FROM f WHERE ((f.class = 'car-t' AND (f.l76 OR f.l88 OR f.l89 OR f.l62 OR f.l90 OR f.l91) AND ((f.class IN ('car-t') AND f.l92 AND ((f.l93 OR f.l94) OR (f.l95 OR f.l96)) AND (CASE WHEN (f.l93 OR f.l94) THEN 1 ELSE 0 END + CASE WHEN (f.l95 OR f.l96) THEN 1 ELSE 0 END + CASE WHEN f.l97 THEN 1 ELSE 0 END + CASE WHEN f.l98 THEN 1 ELSE 0 END) >= 2) OR (f.class IN ('car-t') AND f.l92 AND ((f.l93 OR f.l94) OR (f.l95 OR f.l96))) OR (f.class IN ('car-t') AND f.l99 AND ((f.l93 OR f.l94) OR (f.l95 OR f.l96) OR f.l97)) OR (f.l92 AND ((f.l93 OR f.l94) OR (f.l95 OR f.l96))) OR (f.l92 AND f.l100) OR (f.class IN ('car-t') AND f.l99 AND f.l100))) OR (f.class = 'bispecific' AND (f.l76 OR f.l88 OR f.l89 OR f.l62 OR f.l90 OR f.l91) AND ((f.class IN ('car-t') AND f.l92 AND ((f.l93 OR f.l94) OR (f.l95 OR f.l96)) AND (CASE WHEN (f.l93 OR f.l94) THEN 1 ELSE 0 END + CASE WHEN (f.l95 OR f.l96) THEN 1 ELSE 0 END + CASE WHEN f.l97 THEN 1 ELSE 0 END + CASE WHEN f.l98 THEN 1 ELSE 0 END) >= 2) OR (f.class IN ('car-t') AND f.l92 AND ((f.l93 OR f.l94) OR (f.l95 OR f.l96))) OR (f.class IN ('car-t') AND f.l99 AND ((f.l93 OR f.l94) OR (f.l95 OR f.l96) OR f.l97)) OR (f.l92 AND ((f.l93 OR f.l94) OR (f.l95 OR f.l96))) OR (f.l92 AND f.l100) OR (f.class IN ('car-t') AND f.l99 AND f.l100))))),
cand_thrombosis AS (SELECT DISTINCT f.person_id FROM f WHERE ((f.class = 'ici' AND f.l101 AND (f.l102 OR f.l102)) OR (f.class = 'bispecific' AND f.l101 AND (f.l102 OR f.l102)) OR (f.class = 'antibody' AND f.l101 AND (f.l102 OR f.l102)) OR (f.class = 'car-t' AND f.l101 AND (f.l102 OR f.l102)))),
hs_start AS (SELECT person_id, min(first_at) AS first_at FROM hs_exposure GROUP BY person_id),
hs_words AS (SELECT c.concept_id FROM cdm.concept c
     WHERE c.concept_id IN (SELECT condition_concept_id FROM cdm.condition_occurrence
                            UNION SELECT procedure_concept_id FROM cdm.procedure_occurrence)
       AND (lower(c.concept_name) RLIKE '(^|[^a-z0-9])(nivolumabs?|opdivos?|bms[^a-z0-9]+936558s?|mdxs?[^a-z0-9]+1106s?|onos?[^a-z0-9]+4538s?|nivos?|pembrolizumabs?|keytrudas?|mk[^a-z0-9]+3475s?|lambrolizumabs?|pembros?|cemiplimabs?|libtayos?|regn2810s?|dostarlimabs?|jemperlis?|tsrs?[^a-z0-9]+042s?|retifanlimabs?|zynyzs?|incmga00012s?|mga012s?|toripalimabs?|loqtorzis?|tuoyis?|js001s?|tislelizumabs?|tevimbras?|baizeans?|bgbs?[^a-z0-9]+a317s?|sintilimabs?|tyvyts?|ibi308s?|camrelizumabs?|airuikas?|shrs?[^a-z0-9]+1210s?|penpulimabs?|annikes?|ak105s?|serplulimabs?|(hetronifly|hetroniflys|hetroniflies)|hansizhuangs?|hlx10s?|zimberelimabs?|gls[^a-z0-9]+010s?|ab122s?|pucotenlimabs?|puyouhengs?|hx008s?|finotonlimabs?|anyoupings?|prolgolimabs?|fortecas?|bcds?[^a-z0-9]+100s?|sasanlimabs?|pf[^a-z0-9]+06801591s?|atezolizumabs?|tecentriqs?|mpdl3280as?|rg7446s?|atezos?|durvalumabs?|imfinzis?|medi4736s?|durvas?|avelumabs?|bavencios?|msb0010718cs?|cosibelimabs?|unloxcyts?|ck[^a-z0-9]+301s?|sugemalimabs?|(cejemly|cejemlys|cejemlies)|cs1001s?|envafolimabs?|envidas?|kn035s?|adebrelimabs?|(ariely|arielys|arielies)|shrs?[^a-z0-9]+1316s?|socazolimabs?|tagitanlimabs?|benmelstobarts?|tqb2450s?|ipilimumabs?|(yervoy|yervoys|yervoies)|mdxs?[^a-z0-9]+010s?|bms[^a-z0-9]+734016s?|ipis?|tremelimumabs?|imjudos?|cp[^a-z0-9]+675206s?|ticilimumabs?|nivolumabs?[^a-z0-9]+relatlimabs?|nivolumabs?[^a-z0-9]+ands?[^a-z0-9]+relatlimabs?|opdualags?|relatlimabs?|relatlimabs?[^a-z0-9]+rmbws?|bms[^a-z0-9]+986016s?|prolgolimabs?[^a-z0-9]+nurulimabs?|prolgolimabs?[^a-z0-9]+ands?[^a-z0-9]+nurulimabs?|nurulimabs?|nivolumabs?[^a-z0-9]+hyaluronidases?|nivolumabs?[^a-z0-9]+ands?[^a-z0-9]+hyaluronidases?|opdivos?[^a-z0-9]+qvantigs?|hyaluronidases?[^a-z0-9]+(nvhy|nvhys|nvhies)|atezolizumabs?[^a-z0-9]+hyaluronidases?|atezolizumabs?[^a-z0-9]+ands?[^a-z0-9]+hyaluronidases?|tecentriqs?[^a-z0-9]+hybrezas?|hyaluronidases?[^a-z0-9]+tqjs|pembrolizumabs?[^a-z0-9]+berahyaluronidases?[^a-z0-9]+alfas?|pembrolizumabs?[^a-z0-9]+ands?[^a-z0-9]+berahyaluronidases?[^a-z0-9]+alfas?|keytrudas?[^a-z0-9]+qlexs?|berahyaluronidases?[^a-z0-9]+alfas?|berahyaluronidases?[^a-z0-9]+alfas?[^a-z0-9]+pmphs?|cadonilimabs?|kaitannis?|ak104s?|iparomlimabs?[^a-z0-9]+tuvonralimabs?|iparomlimabs?[^a-z0-9]+ands?[^a-z0-9]+tuvonralimabs?|ql1706s?|iparomlimabs?|tuvonralimabs?|ivonescimabs?|ak112s?|smt112s?|blinatumomabs?|blincytos?|mt103s?|amgs?[^a-z0-9]+103s?|blinas?|teclistamabs?|tecvaylis?|jnjs?[^a-z0-9]+64007957s?|elranatamabs?|elrexfios?|pf[^a-z0-9]+06863135s?|linvoseltamabs?|lynozyfics?|regn5458s?|talquetamabs?|(talvey|talveys|talveies)|jnjs?[^a-z0-9]+64407564s?|epcoritamabs?|(epkinly|epkinlys|epkinlies)|(tepkinly|tepkinlys|tepkinlies)|gen3013s?|glofitamabs?|columvis?|rg6026s?|cd20s?[^a-z0-9]+tcbs?|mosunetuzumabs?|lunsumios?|rg7828s?|btct4465as?|odronextamabs?|ordsponos?|regn1979s?|tarlatamabs?|imdelltras?|amgs?[^a-z0-9]+757s?|tebentafusps?|kimmtraks?|imcgp100s?|tebentafusps?[^a-z0-9]+tebns?|catumaxomabs?|removabs?|(korjuny|korjunys|korjunies)|rituximabs?|rituxans?|mabtheras?|rituxans?[^a-z0-9]+hycelas?|truximas?|ruxiences?|riabnis?|idecs?[^a-z0-9]+c2b8s?|obinutuzumabs?|gazyvas?|gazyvaros?|ga101s?|ro5072759s?|ofatumumabs?|arzerras?|kesimptas?|humaxs?[^a-z0-9]+cd20s?|ocrelizumabs?|(ocrevus|ocrevi)|ublituximabs?|briumvis?|ublituximabs?[^a-z0-9]+(xiiy|xiiys|xiiies)|tg[^a-z0-9]+1101s?|inebilizumabs?|upliznas?|inebilizumabs?[^a-z0-9]+cdons?|medis?[^a-z0-9]+551s?|daratumumabs?|darzalexs?|darzalexs?[^a-z0-9]+faspros?|humaxs?[^a-z0-9]+cd38s?|isatuximabs?|sarclisas?|sar650984s?|isatuximabs?[^a-z0-9]+irfcs?|alemtuzumabs?|campaths?|mabcampaths?|lemtradas?|campaths?[^a-z0-9]+1h|elotuzumabs?|emplicitis?|huluc63s?|bms[^a-z0-9]+901608s?|gemtuzumabs?[^a-z0-9]+ozogamicins?|mylotargs?|cmas?[^a-z0-9]+676s?|gemtuzumabs?|inotuzumabs?[^a-z0-9]+ozogamicins?|besponsas?|cmcs?[^a-z0-9]+544s?|inotuzumabs?|brentuximabs?[^a-z0-9]+vedotins?|adcetris|sgns?[^a-z0-9]+35|brentuximabs?|polatuzumabs?[^a-z0-9]+vedotins?|(polivy|polivys|polivies)|dcds4501as?|polatuzumabs?|polatuzumabs?[^a-z0-9]+vedotins?[^a-z0-9]+piiqs?|loncastuximabs?[^a-z0-9]+tesirines?|zynlontas?|adcts?[^a-z0-9]+402s?|loncastuximabs?|loncastuximabs?[^a-z0-9]+tesirines?[^a-z0-9]+lpyls?|belantamabs?[^a-z0-9]+mafodotins?|blenreps?|gsk2857916s?|belantamabs?|belantamabs?[^a-z0-9]+mafodotins?[^a-z0-9]+blmfs?|mogamulizumabs?|poteligeos?|kw[^a-z0-9]+0761s?|mogamulizumabs?[^a-z0-9]+kpkcs?|tafasitamabs?|monjuvis?|minjuvis?|mor208s?|xmab5574s?|tafasitamabs?[^a-z0-9]+cxixs?|dinutuximabs?|unituxins?|ch14s?[^a-z0-9]+18|dinutuximabs?[^a-z0-9]+betas?|qarzibas?|ch14s?[^a-z0-9]+18[^a-z0-9]+chos?|naxitamabs?|danyelzas?|hu3f8s?|naxitamabs?[^a-z0-9]+gqgks?|tisagenlecleucels?|kymriahs?|ctl019s?|tisas?[^a-z0-9]+cels?|axicabtagenes?[^a-z0-9]+ciloleucels?|yescartas?|ktes?[^a-z0-9]+c19s?|axis?[^a-z0-9]+cels?|axicabtagenes?|brexucabtagenes?[^a-z0-9]+autoleucels?|(tecartus|tecarti)|ktes?[^a-z0-9]+x19s?|brexu[^a-z0-9]+cels?|brexucabtagenes?|lisocabtagenes?[^a-z0-9]+maraleucels?|breyanzis?|jcar017s?|lisos?[^a-z0-9]+cels?|lisocabtagenes?|idecabtagenes?[^a-z0-9]+vicleucels?|abecmas?|bb2121s?|ides?[^a-z0-9]+cels?|idecabtagenes?|ciltacabtagenes?[^a-z0-9]+autoleucels?|carvyktis?|jnjs?[^a-z0-9]+68284528s?|lcars?[^a-z0-9]+b38ms?|ciltas?[^a-z0-9]+cels?|ciltacabtagenes?|obecabtagenes?[^a-z0-9]+autoleucels?|aucatzyls?|auto1s?|obes?[^a-z0-9]+cels?|obecabtagenes?|relmacabtagenes?[^a-z0-9]+autoleucels?|carteyvas?|jwcar029s?|relmas?[^a-z0-9]+cels?|relmacabtagenes?|equecabtagenes?[^a-z0-9]+autoleucels?|fucasos?|ct103as?|eques?[^a-z0-9]+cels?|equecabtagenes?|inaticabtagenes?[^a-z0-9]+autoleucels?|cnct19s?|inatis?[^a-z0-9]+cels?|inaticabtagenes?|zevorcabtagenes?[^a-z0-9]+autoleucels?|ct053s?|zevors?[^a-z0-9]+cels?|zevorcabtagenes?|actalycabtagenes?[^a-z0-9]+autoleucels?|nexcar19s?|(actaly|actalys|actalies)[^a-z0-9]+cels?|actalycabtagenes?|cars?[^a-z0-9]+t[^a-z0-9]+unspecifieds?|cars?[^a-z0-9]+t[^a-z0-9]+cells?[^a-z0-9]+products?[^a-z0-9]+nots?[^a-z0-9]+nameds?|cars?[^a-z0-9]+t|cars?[^a-z0-9]+t[^a-z0-9]+cells|cars?[^a-z0-9]+t[^a-z0-9]+cells?[^a-z0-9]+(therapy|therapys|therapies)|chimerics?[^a-z0-9]+antigens?[^a-z0-9]+receptors?[^a-z0-9]+t[^a-z0-9]+cells|chimerics?[^a-z0-9]+antigens?[^a-z0-9]+receptors?[^a-z0-9]+t[^a-z0-9]+cells?[^a-z0-9]+(therapy|therapys|therapies)|bispecifics?[^a-z0-9]+unspecifieds?|bispecifics?[^a-z0-9]+t[^a-z0-9]+cells?[^a-z0-9]+engagers?[^a-z0-9]+nots?[^a-z0-9]+nameds?|bispecifics?[^a-z0-9]+t[^a-z0-9]+cells?[^a-z0-9]+engagers?|bites?|t[^a-z0-9]+cells?[^a-z0-9]+engagers?)([^a-z0-9]|$)')),
hs_source_words AS (SELECT v.source_value FROM (SELECT DISTINCT condition_source_value AS source_value
       FROM cdm.condition_occurrence WHERE condition_concept_id = 0
       UNION SELECT DISTINCT procedure_source_value FROM cdm.procedure_occurrence WHERE procedure_concept_id = 0) v
     WHERE (lower(v.source_value) RLIKE '(^|[^a-z0-9])(nivolumabs?|opdivos?|bms[^a-z0-9]+936558s?|mdxs?[^a-z0-9]+1106s?|onos?[^a-z0-9]+4538s?|nivos?|pembrolizumabs?|keytrudas?|mk[^a-z0-9]+3475s?|lambrolizumabs?|pembros?|cemiplimabs?|libtayos?|regn2810s?|dostarlimabs?|jemperlis?|tsrs?[^a-z0-9]+042s?|retifanlimabs?|zynyzs?|incmga00012s?|mga012s?|toripalimabs?|loqtorzis?|tuoyis?|js001s?|tislelizumabs?|tevimbras?|baizeans?|bgbs?[^a-z0-9]+a317s?|sintilimabs?|tyvyts?|ibi308s?|camrelizumabs?|airuikas?|shrs?[^a-z0-9]+1210s?|penpulimabs?|annikes?|ak105s?|serplulimabs?|(hetronifly|hetroniflys|hetroniflies)|hansizhuangs?|hlx10s?|zimberelimabs?|gls[^a-z0-9]+010s?|ab122s?|pucotenlimabs?|puyouhengs?|hx008s?|finotonlimabs?|anyoupings?|prolgolimabs?|fortecas?|bcds?[^a-z0-9]+100s?|sasanlimabs?|pf[^a-z0-9]+06801591s?|atezolizumabs?|tecentriqs?|mpdl3280as?|rg7446s?|atezos?|durvalumabs?|imfinzis?|medi4736s?|durvas?|avelumabs?|bavencios?|msb0010718cs?|cosibelimabs?|unloxcyts?|ck[^a-z0-9]+301s?|sugemalimabs?|(cejemly|cejemlys|cejemlies)|cs1001s?|envafolimabs?|envidas?|kn035s?|adebrelimabs?|(ariely|arielys|arielies)|shrs?[^a-z0-9]+1316s?|socazolimabs?|tagitanlimabs?|benmelstobarts?|tqb2450s?|ipilimumabs?|(yervoy|yervoys|yervoies)|mdxs?[^a-z0-9]+010s?|bms[^a-z0-9]+734016s?|ipis?|tremelimumabs?|imjudos?|cp[^a-z0-9]+675206s?|ticilimumabs?|nivolumabs?[^a-z0-9]+relatlimabs?|nivolumabs?[^a-z0-9]+ands?[^a-z0-9]+relatlimabs?|opdualags?|relatlimabs?|relatlimabs?[^a-z0-9]+rmbws?|bms[^a-z0-9]+986016s?|prolgolimabs?[^a-z0-9]+nurulimabs?|prolgolimabs?[^a-z0-9]+ands?[^a-z0-9]+nurulimabs?|nurulimabs?|nivolumabs?[^a-z0-9]+hyaluronidases?|nivolumabs?[^a-z0-9]+ands?[^a-z0-9]+hyaluronidases?|opdivos?[^a-z0-9]+qvantigs?|hyaluronidases?[^a-z0-9]+(nvhy|nvhys|nvhies)|atezolizumabs?[^a-z0-9]+hyaluronidases?|atezolizumabs?[^a-z0-9]+ands?[^a-z0-9]+hyaluronidases?|tecentriqs?[^a-z0-9]+hybrezas?|hyaluronidases?[^a-z0-9]+tqjs|pembrolizumabs?[^a-z0-9]+berahyaluronidases?[^a-z0-9]+alfas?|pembrolizumabs?[^a-z0-9]+ands?[^a-z0-9]+berahyaluronidases?[^a-z0-9]+alfas?|keytrudas?[^a-z0-9]+qlexs?|berahyaluronidases?[^a-z0-9]+alfas?|berahyaluronidases?[^a-z0-9]+alfas?[^a-z0-9]+pmphs?|cadonilimabs?|kaitannis?|ak104s?|iparomlimabs?[^a-z0-9]+tuvonralimabs?|iparomlimabs?[^a-z0-9]+ands?[^a-z0-9]+tuvonralimabs?|ql1706s?|iparomlimabs?|tuvonralimabs?|ivonescimabs?|ak112s?|smt112s?|blinatumomabs?|blincytos?|mt103s?|amgs?[^a-z0-9]+103s?|blinas?|teclistamabs?|tecvaylis?|jnjs?[^a-z0-9]+64007957s?|elranatamabs?|elrexfios?|pf[^a-z0-9]+06863135s?|linvoseltamabs?|lynozyfics?|regn5458s?|talquetamabs?|(talvey|talveys|talveies)|jnjs?[^a-z0-9]+64407564s?|epcoritamabs?|(epkinly|epkinlys|epkinlies)|(tepkinly|tepkinlys|tepkinlies)|gen3013s?|glofitamabs?|columvis?|rg6026s?|cd20s?[^a-z0-9]+tcbs?|mosunetuzumabs?|lunsumios?|rg7828s?|btct4465as?|odronextamabs?|ordsponos?|regn1979s?|tarlatamabs?|imdelltras?|amgs?[^a-z0-9]+757s?|tebentafusps?|kimmtraks?|imcgp100s?|tebentafusps?[^a-z0-9]+tebns?|catumaxomabs?|removabs?|(korjuny|korjunys|korjunies)|rituximabs?|rituxans?|mabtheras?|rituxans?[^a-z0-9]+hycelas?|truximas?|ruxiences?|riabnis?|idecs?[^a-z0-9]+c2b8s?|obinutuzumabs?|gazyvas?|gazyvaros?|ga101s?|ro5072759s?|ofatumumabs?|arzerras?|kesimptas?|humaxs?[^a-z0-9]+cd20s?|ocrelizumabs?|(ocrevus|ocrevi)|ublituximabs?|briumvis?|ublituximabs?[^a-z0-9]+(xiiy|xiiys|xiiies)|tg[^a-z0-9]+1101s?|inebilizumabs?|upliznas?|inebilizumabs?[^a-z0-9]+cdons?|medis?[^a-z0-9]+551s?|daratumumabs?|darzalexs?|darzalexs?[^a-z0-9]+faspros?|humaxs?[^a-z0-9]+cd38s?|isatuximabs?|sarclisas?|sar650984s?|isatuximabs?[^a-z0-9]+irfcs?|alemtuzumabs?|campaths?|mabcampaths?|lemtradas?|campaths?[^a-z0-9]+1h|elotuzumabs?|emplicitis?|huluc63s?|bms[^a-z0-9]+901608s?|gemtuzumabs?[^a-z0-9]+ozogamicins?|mylotargs?|cmas?[^a-z0-9]+676s?|gemtuzumabs?|inotuzumabs?[^a-z0-9]+ozogamicins?|besponsas?|cmcs?[^a-z0-9]+544s?|inotuzumabs?|brentuximabs?[^a-z0-9]+vedotins?|adcetris|sgns?[^a-z0-9]+35|brentuximabs?|polatuzumabs?[^a-z0-9]+vedotins?|(polivy|polivys|polivies)|dcds4501as?|polatuzumabs?|polatuzumabs?[^a-z0-9]+vedotins?[^a-z0-9]+piiqs?|loncastuximabs?[^a-z0-9]+tesirines?|zynlontas?|adcts?[^a-z0-9]+402s?|loncastuximabs?|loncastuximabs?[^a-z0-9]+tesirines?[^a-z0-9]+lpyls?|belantamabs?[^a-z0-9]+mafodotins?|blenreps?|gsk2857916s?|belantamabs?|belantamabs?[^a-z0-9]+mafodotins?[^a-z0-9]+blmfs?|mogamulizumabs?|poteligeos?|kw[^a-z0-9]+0761s?|mogamulizumabs?[^a-z0-9]+kpkcs?|tafasitamabs?|monjuvis?|minjuvis?|mor208s?|xmab5574s?|tafasitamabs?[^a-z0-9]+cxixs?|dinutuximabs?|unituxins?|ch14s?[^a-z0-9]+18|dinutuximabs?[^a-z0-9]+betas?|qarzibas?|ch14s?[^a-z0-9]+18[^a-z0-9]+chos?|naxitamabs?|danyelzas?|hu3f8s?|naxitamabs?[^a-z0-9]+gqgks?|tisagenlecleucels?|kymriahs?|ctl019s?|tisas?[^a-z0-9]+cels?|axicabtagenes?[^a-z0-9]+ciloleucels?|yescartas?|ktes?[^a-z0-9]+c19s?|axis?[^a-z0-9]+cels?|axicabtagenes?|brexucabtagenes?[^a-z0-9]+autoleucels?|(tecartus|tecarti)|ktes?[^a-z0-9]+x19s?|brexu[^a-z0-9]+cels?|brexucabtagenes?|lisocabtagenes?[^a-z0-9]+maraleucels?|breyanzis?|jcar017s?|lisos?[^a-z0-9]+cels?|lisocabtagenes?|idecabtagenes?[^a-z0-9]+vicleucels?|abecmas?|bb2121s?|ides?[^a-z0-9]+cels?|idecabtagenes?|ciltacabtagenes?[^a-z0-9]+autoleucels?|carvyktis?|jnjs?[^a-z0-9]+68284528s?|lcars?[^a-z0-9]+b38ms?|ciltas?[^a-z0-9]+cels?|ciltacabtagenes?|obecabtagenes?[^a-z0-9]+autoleucels?|aucatzyls?|auto1s?|obes?[^a-z0-9]+cels?|obecabtagenes?|relmacabtagenes?[^a-z0-9]+autoleucels?|carteyvas?|jwcar029s?|relmas?[^a-z0-9]+cels?|relmacabtagenes?|equecabtagenes?[^a-z0-9]+autoleucels?|fucasos?|ct103as?|eques?[^a-z0-9]+cels?|equecabtagenes?|inaticabtagenes?[^a-z0-9]+autoleucels?|cnct19s?|inatis?[^a-z0-9]+cels?|inaticabtagenes?|zevorcabtagenes?[^a-z0-9]+autoleucels?|ct053s?|zevors?[^a-z0-9]+cels?|zevorcabtagenes?|actalycabtagenes?[^a-z0-9]+autoleucels?|nexcar19s?|(actaly|actalys|actalies)[^a-z0-9]+cels?|actalycabtagenes?|cars?[^a-z0-9]+t[^a-z0-9]+unspecifieds?|cars?[^a-z0-9]+t[^a-z0-9]+cells?[^a-z0-9]+products?[^a-z0-9]+nots?[^a-z0-9]+nameds?|cars?[^a-z0-9]+t|cars?[^a-z0-9]+t[^a-z0-9]+cells|cars?[^a-z0-9]+t[^a-z0-9]+cells?[^a-z0-9]+(therapy|therapys|therapies)|chimerics?[^a-z0-9]+antigens?[^a-z0-9]+receptors?[^a-z0-9]+t[^a-z0-9]+cells|chimerics?[^a-z0-9]+antigens?[^a-z0-9]+receptors?[^a-z0-9]+t[^a-z0-9]+cells?[^a-z0-9]+(therapy|therapys|therapies)|bispecifics?[^a-z0-9]+unspecifieds?|bispecifics?[^a-z0-9]+t[^a-z0-9]+cells?[^a-z0-9]+engagers?[^a-z0-9]+nots?[^a-z0-9]+nameds?|bispecifics?[^a-z0-9]+t[^a-z0-9]+cells?[^a-z0-9]+engagers?|bites?|t[^a-z0-9]+cells?[^a-z0-9]+engagers?)([^a-z0-9]|$)'))
    SELECT CAST(person_id AS STRING) AS person_id, array_join(array_sort(collect_set(reason)), ',') AS reasons
    FROM (SELECT person_id, 'ttp' AS reason FROM cand_ttp
UNION ALL
SELECT person_id, 'itp' AS reason FROM cand_itp
UNION ALL
SELECT person_id, 'evans' AS reason FROM cand_evans
UNION ALL
SELECT person_id, 'aha' AS reason FROM cand_aha
UNION ALL
SELECT person_id, 'dic' AS reason FROM cand_dic
UNION ALL
SELECT person_id, 'carac' AS reason FROM cand_carac
UNION ALL
SELECT person_id, 'thrombosis' AS reason FROM cand_thrombosis
UNION ALL
SELECT DISTINCT x.person_id, 'unexplained:platelet-count-decreased' AS reason
       FROM hs_start x JOIN hs_lab l ON l.person_id = x.person_id AND l.lab_id = 'platelets'
       WHERE l.at_time >= (x.first_at - INTERVAL 1 DAYS) AND ((l.value IS NOT NULL AND (l.censored OR l.value <= 25.000000025)) OR (l.value IS NOT NULL AND (l.censored OR l.value <= 50.00000005)))
UNION ALL
SELECT DISTINCT x.person_id, 'unexplained:anemia' AS reason
       FROM hs_start x JOIN hs_lab l ON l.person_id = x.person_id AND l.lab_id = 'hemoglobin'
       WHERE l.at_time >= (x.first_at - INTERVAL 1 DAYS) AND ((l.value IS NOT NULL AND (l.censored OR l.value <= 8.000000008)) OR (((l.value IS NOT NULL AND (l.censored OR l.value <= 8.000000008)) OR (l.value IS NOT NULL AND (l.censored OR l.value <= 10.00000001)) OR (l.value IS NOT NULL AND (l.censored OR l.value <= coalesce(greatest(l.ref_low, l.cat_low), l.ref_low, l.cat_low) * 1.000000001))) AND l.person_id IN (SELECT q.person_id FROM hs_lab q WHERE q.lab_id IN ('dat', 'dat-igg', 'dat-c3'))))
UNION ALL
SELECT DISTINCT x.person_id, 'unexplained:neutrophil-count-decreased' AS reason
       FROM hs_start x JOIN hs_lab l ON l.person_id = x.person_id AND l.lab_id = 'anc'
       WHERE l.at_time >= (x.first_at - INTERVAL 1 DAYS) AND ((l.value IS NOT NULL AND (l.censored OR l.value <= 0.5000000005)) OR (l.value IS NOT NULL AND (l.censored OR l.value <= 1.000000001)))
UNION ALL
SELECT DISTINCT x.person_id, 'unexplained:inr-increased' AS reason
       FROM hs_start x JOIN hs_lab l ON l.person_id = x.person_id AND l.lab_id = 'inr'
       WHERE l.at_time >= (x.first_at - INTERVAL 1 DAYS) AND ((l.value IS NOT NULL AND (l.censored OR l.value >= 2.4999999975)) OR (l.value IS NOT NULL AND (l.censored OR (l.value >= l.min_value * 2.4999999975 AND l.person_id IN (SELECT person_id FROM hs_context c WHERE (c.roles LIKE '%;anticoagulant;%' OR c.roles LIKE '%;heparin;%'))))) OR (l.value IS NOT NULL AND (l.censored OR l.value >= 1.4999999985)) OR (l.value IS NOT NULL AND (l.censored OR (l.value >= l.min_value * 1.4999999985 AND l.person_id IN (SELECT person_id FROM hs_context c WHERE (c.roles LIKE '%;anticoagulant;%' OR c.roles LIKE '%;heparin;%'))))))
UNION ALL
SELECT DISTINCT x.person_id, 'unexplained:activated-partial-thromboplastin-time-prolonged' AS reason
       FROM hs_start x JOIN hs_lab l ON l.person_id = x.person_id AND l.lab_id = 'aptt'
       WHERE l.at_time >= (x.first_at - INTERVAL 1 DAYS) AND ((l.value IS NOT NULL AND (l.censored OR l.value >= coalesce(least(l.ref_high, l.cat_high), l.ref_high, l.cat_high) * 2.4999999975)) OR (l.value IS NOT NULL AND (l.censored OR l.value >= coalesce(least(l.ref_high, l.cat_high), l.ref_high, l.cat_high) * 1.4999999985)))
UNION ALL
SELECT DISTINCT x.person_id, 'unexplained:fibrinogen-decreased' AS reason
       FROM hs_start x JOIN hs_lab l ON l.person_id = x.person_id AND l.lab_id = 'fibrinogen'
       WHERE l.at_time >= (x.first_at - INTERVAL 1 DAYS) AND ((l.value IS NOT NULL AND (l.censored OR l.value <= 0.5000000005)) OR (l.value IS NOT NULL AND (l.censored OR l.value <= coalesce(greatest(l.ref_low, l.cat_low), l.ref_low, l.cat_low) * 0.25000000025)) OR (l.value IS NOT NULL AND (l.censored OR l.value <= coalesce(greatest(l.ref_low, l.cat_low), l.ref_low, l.cat_low) * 1.000000001)) OR (l.value IS NOT NULL AND (l.censored OR l.value <= coalesce(greatest(l.ref_low, l.cat_low), l.ref_low, l.cat_low) * 0.5000000005)) OR (l.value IS NOT NULL AND (l.censored OR l.value <= coalesce(greatest(l.ref_low, l.cat_low), l.ref_low, l.cat_low) * 1.000000001)) OR (l.value IS NOT NULL AND (l.censored OR l.value <= coalesce(greatest(l.ref_low, l.cat_low), l.ref_low, l.cat_low) * 0.75000000075)) OR (l.value IS NOT NULL AND (l.censored OR l.value <= coalesce(greatest(l.ref_low, l.cat_low), l.ref_low, l.cat_low) * 1.000000001)))
UNION ALL
SELECT DISTINCT x.person_id, 'unexplained:inr-above-vka-range' AS reason
       FROM hs_start x JOIN hs_lab l ON l.person_id = x.person_id AND l.lab_id = 'inr'
       WHERE l.at_time >= (x.first_at - INTERVAL 1 DAYS) AND ((l.value IS NOT NULL AND (l.censored OR l.value >= 4.4999999955)) AND l.person_id IN (SELECT person_id FROM hs_context c WHERE c.roles LIKE '%;vka;%'))
UNION ALL
SELECT DISTINCT x.person_id, 'unexplained:aptt-above-ufh-nomogram' AS reason
       FROM hs_start x JOIN hs_lab l ON l.person_id = x.person_id AND l.lab_id = 'aptt'
       WHERE l.at_time >= (x.first_at - INTERVAL 1 DAYS) AND ((l.value IS NOT NULL AND (l.censored OR l.value >= 89.99999991)) AND l.person_id IN (SELECT person_id FROM hs_context c WHERE c.roles LIKE '%;heparin;%'))
UNION ALL
SELECT DISTINCT x.person_id, 'unexplained:aptt-above-dti-ceiling' AS reason
       FROM hs_start x JOIN hs_lab l ON l.person_id = x.person_id AND l.lab_id = 'aptt'
       WHERE l.at_time >= (x.first_at - INTERVAL 1 DAYS) AND ((l.value IS NOT NULL) AND l.person_id IN (SELECT person_id FROM hs_context c WHERE c.roles LIKE '%;parenteral-thrombin-inhibitor;%'))
UNION ALL
SELECT DISTINCT x.person_id, 'unexplained:anti-xa-above-lmwh-range' AS reason
       FROM hs_start x JOIN hs_lab l ON l.person_id = x.person_id AND l.lab_id = 'anti-xa-heparin'
       WHERE l.at_time >= (x.first_at - INTERVAL 1 DAYS) AND ((l.value IS NOT NULL AND (l.censored OR l.value >= 1.0999999989)) AND l.person_id IN (SELECT person_id FROM hs_context c WHERE c.roles LIKE '%;lmwh;%'))
UNION ALL
SELECT DISTINCT x.person_id, 'unexplained:thrombosis' AS reason
       FROM hs_start x JOIN hs_event e ON e.person_id = x.person_id AND e.kind = 'thrombosis'
       WHERE e.at_time >= (x.first_at - INTERVAL 1 DAYS)
UNION ALL
SELECT DISTINCT x.person_id, 'unexplained:suspected-pulmonary-embolism' AS reason
       FROM hs_start x JOIN hs_event e ON e.person_id = x.person_id AND e.kind = 'thrombosis-suspected'
       WHERE e.at_time >= (x.first_at - INTERVAL 1 DAYS)
UNION ALL
SELECT DISTINCT x.person_id, 'unexplained:suspected-venous-thrombosis' AS reason
       FROM hs_start x JOIN hs_event e ON e.person_id = x.person_id AND e.kind = 'thrombosis-suspected'
       WHERE e.at_time >= (x.first_at - INTERVAL 1 DAYS)
UNION ALL
SELECT DISTINCT x.person_id, 'unexplained:suspected-stroke' AS reason
       FROM hs_start x JOIN hs_event e ON e.person_id = x.person_id AND e.kind = 'thrombosis-suspected'
       WHERE e.at_time >= (x.first_at - INTERVAL 1 DAYS)
UNION ALL
SELECT DISTINCT x.person_id, 'unexplained:suspected-myocardial-infarction' AS reason
       FROM hs_start x JOIN hs_event e ON e.person_id = x.person_id AND e.kind = 'thrombosis-suspected'
       WHERE e.at_time >= (x.first_at - INTERVAL 1 DAYS)
UNION ALL
SELECT DISTINCT x.person_id, 'unexplained:suspected-arterial-occlusion' AS reason
       FROM hs_start x JOIN hs_event e ON e.person_id = x.person_id AND e.kind = 'thrombosis-suspected'
       WHERE e.at_time >= (x.first_at - INTERVAL 1 DAYS)
UNION ALL
SELECT DISTINCT x.person_id, 'unexplained:suspected-thrombosis' AS reason
       FROM hs_start x JOIN hs_event e ON e.person_id = x.person_id AND e.kind = 'thrombosis-suspected'
       WHERE e.at_time >= (x.first_at - INTERVAL 1 DAYS)
UNION ALL
SELECT DISTINCT x.person_id, 'unexplained:suspected-bleeding' AS reason
       FROM hs_start x JOIN hs_event e ON e.person_id = x.person_id AND e.kind = 'bleeding-suspected'
       WHERE e.at_time >= (x.first_at - INTERVAL 1 DAYS)
UNION ALL
SELECT DISTINCT x.person_id, 'unexplained:major-bleeding' AS reason
       FROM hs_start x JOIN hs_event e ON e.person_id = x.person_id AND e.kind = 'bleeding'
       WHERE e.at_time >= (x.first_at - INTERVAL 1 DAYS)
UNION ALL
SELECT DISTINCT x.person_id, 'unexplained:muscle-bleeding' AS reason
       FROM hs_start x JOIN hs_event e ON e.person_id = x.person_id AND e.kind = 'bleeding'
       WHERE e.at_time >= (x.first_at - INTERVAL 1 DAYS)
UNION ALL
SELECT DISTINCT x.person_id, 'unexplained:clinically-significant-bleeding' AS reason
       FROM hs_start x JOIN hs_event e ON e.person_id = x.person_id AND e.kind = 'bleeding'
       WHERE e.at_time >= (x.first_at - INTERVAL 1 DAYS)
UNION ALL
SELECT DISTINCT x.person_id, 'unexplained:stroke-of-unstated-type' AS reason
       FROM hs_start x JOIN hs_event e ON e.person_id = x.person_id AND e.kind = 'neurologic-event'
       WHERE e.at_time >= (x.first_at - INTERVAL 1 DAYS)
UNION ALL
SELECT DISTINCT x.person_id, 'unexplained:itp-charted' AS reason
       FROM hs_start x JOIN hs_event e ON e.person_id = x.person_id AND e.kind = 'itp'
       WHERE e.at_time >= (x.first_at - INTERVAL 1 DAYS)
UNION ALL
SELECT DISTINCT x.person_id, 'unexplained:ttp-charted' AS reason
       FROM hs_start x JOIN hs_event e ON e.person_id = x.person_id AND e.kind = 'ttp'
       WHERE e.at_time >= (x.first_at - INTERVAL 1 DAYS)
UNION ALL
SELECT DISTINCT x.person_id, 'unexplained:maha-charted' AS reason
       FROM hs_start x JOIN hs_event e ON e.person_id = x.person_id AND e.kind = 'hemolysis'
       WHERE e.at_time >= (x.first_at - INTERVAL 1 DAYS)
UNION ALL
SELECT DISTINCT x.person_id, 'unexplained:hus-charted' AS reason
       FROM hs_start x JOIN hs_event e ON e.person_id = x.person_id AND e.kind = 'hus'
       WHERE e.at_time >= (x.first_at - INTERVAL 1 DAYS)
UNION ALL
SELECT DISTINCT x.person_id, 'unexplained:congenital-ttp-charted' AS reason
       FROM hs_start x JOIN hs_event e ON e.person_id = x.person_id AND e.kind = 'congenital-ttp'
       WHERE e.at_time >= (x.first_at - INTERVAL 1 DAYS)
UNION ALL
SELECT DISTINCT x.person_id, 'unexplained:aha-charted' AS reason
       FROM hs_start x JOIN hs_event e ON e.person_id = x.person_id AND e.kind = 'aha'
       WHERE e.at_time >= (x.first_at - INTERVAL 1 DAYS)
UNION ALL
SELECT DISTINCT x.person_id, 'unexplained:dic-charted' AS reason
       FROM hs_start x JOIN hs_event e ON e.person_id = x.person_id AND e.kind = 'dic'
       WHERE e.at_time >= (x.first_at - INTERVAL 1 DAYS)
UNION ALL
SELECT DISTINCT x.person_id, 'unexplained:aiha-charted' AS reason
       FROM hs_start x JOIN hs_event e ON e.person_id = x.person_id AND e.kind = 'hemolysis'
       WHERE e.at_time >= (x.first_at - INTERVAL 1 DAYS)
UNION ALL
SELECT DISTINCT x.person_id, 'unexplained:marrow-failure-charted' AS reason
       FROM hs_start x JOIN hs_event e ON e.person_id = x.person_id AND e.kind = 'marrow-failure'
       WHERE e.at_time >= (x.first_at - INTERVAL 1 DAYS)
UNION ALL
SELECT DISTINCT x.person_id, 'unexplained:neutropenia-charted' AS reason
       FROM hs_start x JOIN hs_event e ON e.person_id = x.person_id AND e.kind = 'neutropenia'
       WHERE e.at_time >= (x.first_at - INTERVAL 1 DAYS)
UNION ALL
SELECT DISTINCT x.person_id, 'unexplained:thrombocytopenia-charted' AS reason
       FROM hs_start x JOIN hs_event e ON e.person_id = x.person_id AND e.kind = 'thrombocytopenia'
       WHERE e.at_time >= (x.first_at - INTERVAL 1 DAYS)
UNION ALL
SELECT DISTINCT x.person_id, 'unexplained:pancytopenia-charted' AS reason
       FROM hs_start x JOIN hs_event e ON e.person_id = x.person_id AND e.kind = 'pancytopenia'
       WHERE e.at_time >= (x.first_at - INTERVAL 1 DAYS)
UNION ALL
SELECT DISTINCT x.person_id, 'unexplained:hlh-charted' AS reason
       FROM hs_start x JOIN hs_event e ON e.person_id = x.person_id AND e.kind = 'hlh'
       WHERE e.at_time >= (x.first_at - INTERVAL 1 DAYS)
UNION ALL
SELECT DISTINCT x.person_id, 'unexplained:hlh-considered' AS reason
       FROM hs_start x JOIN hs_event e ON e.person_id = x.person_id AND e.kind = 'hlh-considered'
       WHERE e.at_time >= (x.first_at - INTERVAL 1 DAYS)
UNION ALL
SELECT DISTINCT x.person_id, 'unexplained:evans-considered' AS reason
       FROM hs_start x JOIN hs_event e ON e.person_id = x.person_id AND e.kind = 'itp-considered'
       WHERE e.at_time >= (x.first_at - INTERVAL 1 DAYS)
UNION ALL
SELECT DISTINCT x.person_id, 'unexplained:itp-considered' AS reason
       FROM hs_start x JOIN hs_event e ON e.person_id = x.person_id AND e.kind = 'itp-considered'
       WHERE e.at_time >= (x.first_at - INTERVAL 1 DAYS)
UNION ALL
SELECT DISTINCT x.person_id, 'unexplained:dic-considered' AS reason
       FROM hs_start x JOIN hs_event e ON e.person_id = x.person_id AND e.kind = 'dic-considered'
       WHERE e.at_time >= (x.first_at - INTERVAL 1 DAYS)
UNION ALL
SELECT DISTINCT x.person_id, 'unexplained:aha-considered' AS reason
       FROM hs_start x JOIN hs_event e ON e.person_id = x.person_id AND e.kind = 'aha-considered'
       WHERE e.at_time >= (x.first_at - INTERVAL 1 DAYS)
UNION ALL
SELECT DISTINCT x.person_id, 'unexplained:coagulopathy-charted' AS reason
       FROM hs_start x JOIN hs_event e ON e.person_id = x.person_id AND e.kind = 'coagulopathy'
       WHERE e.at_time >= (x.first_at - INTERVAL 1 DAYS)
UNION ALL
SELECT DISTINCT x.person_id, 'unexplained:caps-charted' AS reason
       FROM hs_start x JOIN hs_event e ON e.person_id = x.person_id AND e.kind = 'antiphospholipid-syndrome'
       WHERE e.at_time >= (x.first_at - INTERVAL 1 DAYS)
UNION ALL
SELECT DISTINCT x.person_id, 'unexplained:non-immune-hit-charted' AS reason
       FROM hs_start x JOIN hs_event e ON e.person_id = x.person_id AND e.kind = 'hit'
       WHERE e.at_time >= (x.first_at - INTERVAL 1 DAYS)
UNION ALL
SELECT DISTINCT x.person_id, 'unexplained:hit-charted' AS reason
       FROM hs_start x JOIN hs_event e ON e.person_id = x.person_id AND e.kind = 'hit'
       WHERE e.at_time >= (x.first_at - INTERVAL 1 DAYS)
UNION ALL
SELECT DISTINCT x.person_id, 'unexplained:hypofibrinogenemia-charted' AS reason
       FROM hs_start x JOIN hs_event e ON e.person_id = x.person_id AND e.kind = 'hypofibrinogenemia'
       WHERE e.at_time >= (x.first_at - INTERVAL 1 DAYS)
UNION ALL
SELECT DISTINCT m.person_id, 'printed-value' AS reason
     FROM cdm.measurement m
     JOIN hemosentinel_results.lab_map lm ON lm.concept_id = m.measurement_concept_id
     AND lm.unit_concept_id = coalesce(m.unit_concept_id, 0)
     AND lm.unit_text = CASE WHEN coalesce(m.unit_concept_id, 0) = 0 THEN coalesce(m.unit_source_value, '') ELSE '' END
     AND lm.source_value = CASE WHEN m.measurement_concept_id = 0 THEN coalesce(m.measurement_source_value, '') ELSE '' END
     JOIN hs_start x ON x.person_id = m.person_id
     WHERE m.value_as_number IS NULL AND m.value_source_value IS NOT NULL AND NOT lm.qualitative
       AND lm.unit_reason IS NULL AND lm.lab_id IN ('platelets', 'adamts13-activity', 'schistocytes', 'schistocytes-pct', 'haptoglobin', 'ldh', 'bilirubin-indirect', 'reticulocytes-pct', 'reticulocytes-abs', 'adamts13-inhibitor', 'dat', 'dat-igg', 'hemoglobin', 'dat-c3', 'aptt', 'fviii-inhibitor', 'fviii-activity', 'aptt-mixing-study', 'fibrinogen', 'inr', 'd-dimer-feu', 'd-dimer-ddu', 'd-dimer-unspecified', 'fdp', 'pt', 'anc', 'anti-xa-heparin')
       AND coalesce(m.measurement_datetime, CAST(m.measurement_date AS TIMESTAMP)) <= TIMESTAMP '2025-06-30 23:59:59' AND coalesce(m.measurement_datetime, CAST(m.measurement_date AS TIMESTAMP)) >= (x.first_at - INTERVAL 1 DAYS)
UNION ALL
SELECT DISTINCT o.person_id, 'drug-words' AS reason FROM cdm.condition_occurrence o
     WHERE o.condition_concept_id IN (SELECT concept_id FROM hs_words) AND coalesce(o.condition_start_datetime, CAST(o.condition_start_date AS TIMESTAMP)) <= TIMESTAMP '2025-06-30 23:59:59'
     UNION ALL
     SELECT DISTINCT o.person_id, 'drug-words' AS reason FROM cdm.condition_occurrence o
     WHERE o.condition_concept_id = 0 AND o.condition_source_value IN (SELECT source_value FROM hs_source_words) AND coalesce(o.condition_start_datetime, CAST(o.condition_start_date AS TIMESTAMP)) <= TIMESTAMP '2025-06-30 23:59:59'
     UNION ALL
     SELECT DISTINCT p.person_id, 'drug-words' AS reason FROM cdm.procedure_occurrence p
     WHERE p.procedure_concept_id IN (SELECT concept_id FROM hs_words) AND coalesce(p.procedure_datetime, CAST(p.procedure_date AS TIMESTAMP)) <= TIMESTAMP '2025-06-30 23:59:59'
       AND p.procedure_concept_id NOT IN (SELECT k.concept_id FROM hemosentinel_results.drug_map k WHERE k.source = 'procedure')
     UNION ALL
     SELECT DISTINCT p.person_id, 'drug-words' AS reason FROM cdm.procedure_occurrence p
     WHERE p.procedure_concept_id = 0 AND p.procedure_source_value IN (SELECT source_value FROM hs_source_words) AND coalesce(p.procedure_datetime, CAST(p.procedure_date AS TIMESTAMP)) <= TIMESTAMP '2025-06-30 23:59:59'
       AND p.procedure_source_value NOT IN (SELECT k.source_value FROM hemosentinel_results.drug_map k WHERE k.source = 'procedure_source_value')) r GROUP BY person_id ORDER BY min(person_id);

DROP VIEW IF EXISTS hs_exposure;

DROP VIEW IF EXISTS hs_lab;

DROP VIEW IF EXISTS hs_event;

DROP VIEW IF EXISTS hs_context;
