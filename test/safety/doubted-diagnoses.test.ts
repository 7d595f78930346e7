/**
 * A diagnosis the care team doubts after pembrolizumab — a coded FHIR Condition whose verificationStatus is
 * provisional, differential or unconfirmed, a CSV row qualified "suspected" or "rule out" — is read as the same words
 * in a note are: an ITP, Evans syndrome, DIC or acquired haemophilia A is still in the differential, listed as the
 * question with the tests that answer it while they are missing, and never given a treatment line on the code alone
 * (events.yaml `doubt`, `ruleOutKinds`). With the results on record the detectors decide from them, so nothing serious
 * goes silent. A doubted TTP stays the working diagnosis: plasma exchange starts on suspicion (ISTH 2020).
 */
import { describe, expect, it } from "vitest";
import type { PatientReport } from "../../packages/core/src/contracts/report.js";
import { treatedCsv, treatedFhir } from "../support/charted-words.js";
import { readOne } from "../support/fhir-one.js";
import { testKnowledge } from "../support/knowledge.js";
import { conditionInWords, csvEventRow, csvPlateletRow, plateletResult } from "../support/study-results.js";

const k = testKnowledge();
const ON = "2026-03-10";
const VER = "http://terminology.hl7.org/CodeSystem/condition-ver-status";

/** The coded diagnoses: [disorder, the item listed when doubted, CSV code system, code, display]. */
const CODED = [
  ["itp", "itp-considered", "snomed", "32273002", "Immune thrombocytopenia"],
  ["evans", "evans-considered", "icd10cm", "D69.41", "Evans syndrome"],
  ["dic", "dic-considered", "snomed", "67406007", "Disseminated intravascular coagulation"],
  ["aha", "aha-considered", "icd10cm", "D68.311", "Acquired hemophilia"],
] as const;
const FHIR_SYSTEM = { snomed: "http://snomed.info/sct", icd10cm: "http://hl7.org/fhir/sid/icd-10-cm" };

type Coded = (typeof CODED)[number];
/** The coded Condition charted on 10 March, with `verification` as its verificationStatus when given. */
const coded = ([, , system, code, display]: Coded, verification?: string) =>
  conditionInWords("c1", display, ON, {
    code: { coding: [{ system: FHIR_SYSTEM[system], code, display }] },
    ...(verification !== undefined && {
      verificationStatus: { coding: [{ system: VER, code: verification }] },
    }),
  });
/** The same diagnosis as a CSV event row with `qualifiers`. */
const codedRow = ([, , system, code, display]: Coded, qualifiers = "") =>
  `p1,event,${ON},,${system},${code},"${display}",,,,,,,${qualifiers},,`;

const disorders = (p: PatientReport) => p.findings.map((f) => f.disorder);
const listed = (p: PatientReport) => p.unexplained.map((u) => u.abnormality);
/** Every plan line of the report, the findings' and the listed items'. */
const lines = (p: PatientReport) => [
  ...p.findings.flatMap((f) => f.management),
  ...p.unexplained.flatMap((u) => u.management ?? []),
];

describe("a coded diagnosis the care team doubts is the question, not the diagnosis (FHIR and CSV)", () => {
  const doubted = CODED.flatMap((c) =>
    ["provisional", "differential", "unconfirmed"].map((status) => [c[4], status, c] as const),
  );

  it.each(doubted)(
    "%s %s with no result on record: listed with its work-up, no finding, no plan line",
    (_, status, c) => {
      const p = treatedFhir(coded(c, status));
      expect(disorders(p)).not.toContain(c[0]);
      expect(listed(p)).toContain(c[1]);
      expect(lines(p)).toEqual([]);
    },
  );

  it.each(
    CODED.flatMap((c) =>
      ["suspected", "possible", "rule out", "r/o", "provisional", "differential"].map(
        (q) => [c[4], q, c] as const,
      ),
    ),
  )("a CSV row of %s qualified %j reads the same", (_, qualifier, c) => {
    const p = treatedCsv(codedRow(c, qualifier));
    expect(disorders(p)).not.toContain(c[0]);
    expect(listed(p)).toContain(c[1]);
    expect(lines(p)).toEqual([]);
  });

  it.each(CODED.map((c) => [c[4], c] as const))(
    "the other side: %s confirmed, or with no status, is the charted diagnosis",
    (_, c) => {
      for (const p of [
        treatedFhir(coded(c, "confirmed")),
        treatedFhir(coded(c)),
        treatedCsv(codedRow(c, "confirmed")),
        treatedCsv(codedRow(c)),
      ]) {
        expect(disorders(p)).toContain(c[0]);
        expect(listed(p)).not.toContain(c[1]);
      }
    },
  );

  it("the FHIR reader reads a provisional ITP Condition as the question, an ITP considered", () => {
    const read = readOne(
      { vocabulary: k.vocabulary, evaluatedAt: "2026-03-12T12:00:00Z" },
      coded(CODED[0], "provisional"),
    );
    expect(read.events.map((e) => e.kind)).toEqual(["itp-considered"]);
  });
});

describe("the results decide a doubted diagnosis: nothing serious goes silent", () => {
  it("a provisional ITP with platelets of 40 is the ITP the count shows (FHIR and CSV)", () => {
    for (const p of [
      treatedFhir(plateletResult(40, ON), coded(CODED[0], "provisional")),
      treatedCsv(csvPlateletRow(40, ON), codedRow(CODED[0], "suspected")),
    ]) {
      expect(disorders(p)).toContain("itp");
      expect(listed(p)).not.toContain("itp-considered");
    }
  });

  it("the other side: a provisional ITP with platelets of 230 is answered, and lists nothing", () => {
    for (const p of [
      treatedFhir(plateletResult(230, ON), coded(CODED[0], "provisional")),
      treatedCsv(csvPlateletRow(230, ON), codedRow(CODED[0], "suspected")),
    ]) {
      expect(disorders(p)).not.toContain("itp");
      expect(listed(p)).not.toContain("itp-considered");
    }
  });

  const fviii = (value: number) => `p1,lab,${ON},,loinc,3209-4,,${value},%,,,,,,,`;
  it("a suspected AHA with a FVIII activity of 2 % is a possible AHA, with no bypassing agent before a bleed", () => {
    const p = treatedCsv(fviii(2), codedRow(CODED[3], "suspected"));
    expect(p.findings.find((f) => f.disorder === "aha")?.certainty).toBe("possible");
  });

  it("the other side: the same suspicion with a normal FVIII activity (90 %) is no AHA", () => {
    expect(disorders(treatedCsv(fviii(90), codedRow(CODED[3], "suspected")))).not.toContain("aha");
  });
});

describe("a suspected acquired haemophilia A beside a bleed is an emergency, not only a work-up", () => {
  const URGENT = "unexplained-aha-considered-haemostatic-without-results";
  const bleed = conditionInWords("b1", "Melena", ON);
  const bleedRow = csvEventRow("Melena", ON);
  const item = (p: PatientReport) => p.unexplained.find((u) => u.abnormality === "aha-considered");
  const suspected: readonly (readonly [string, () => PatientReport, () => PatientReport])[] = [
    [
      "a provisional AHA Condition",
      () => treatedFhir(coded(CODED[3], "provisional"), bleed),
      () => treatedFhir(coded(CODED[3], "provisional")),
    ],
    [
      'the words "suspected AHA"',
      () => treatedFhir(conditionInWords("c1", "suspected AHA", ON), bleed),
      () => treatedFhir(conditionInWords("c1", "suspected AHA", ON)),
    ],
    [
      'the words "?acquired haemophilia"',
      () => treatedCsv(csvEventRow("?acquired haemophilia", ON), bleedRow),
      () => treatedCsv(csvEventRow("?acquired haemophilia", ON)),
    ],
    [
      "a CSV row qualified suspected",
      () => treatedCsv(codedRow(CODED[3], "suspected"), bleedRow),
      () => treatedCsv(codedRow(CODED[3], "suspected")),
    ],
  ];

  it.each(suspected)(
    "%s beside a melena with no aPTT: the urgent line, the bleed named, no bypassing agent",
    (_, withBleed) => {
      const p = withBleed();
      const listedItem = item(p);
      expect(disorders(p)).not.toContain("aha");
      const line = listedItem?.management?.find((m) => m.id === URGENT);
      expect(line?.urgent).toBe(true);
      expect(line?.action).toMatch(/send the aPTT with a mixing study.*call the haemophilia centre now/);
      expect(line?.action).toMatch(/Do not rely on human FVIII or desmopressin/);
      expect(line?.action).toMatch(/intramuscular injections/);
      expect(listedItem?.shows?.id).toBe("aha-considered-with-bleeding");
      expect(listedItem?.why).toMatch(/Melena charted on 2026-03-10/);
      // No bypassing agent is given on the words: no line names rFVIIa or aPCC to give.
      expect(lines(p).filter((m) => /rFVIIa|aPCC/.test(m.action))).toEqual([]);
    },
  );

  it.each(suspected)(
    "the other side: %s with no bleed keeps the listed work-up alone, no haemostatic line",
    (_, _b, alone) => {
      const p = alone();
      expect(item(p)?.workup.map((w) => w.id)).toEqual(expect.arrayContaining(["aptt", "fviii-activity"]));
      expect(item(p)?.shows).toBeUndefined();
      expect(lines(p)).toEqual([]);
    },
  );

  // The bleed is read from 14 days before the suspicion (the plans' bleeding look-back, a HemoSentinel convention).
  it.each([
    ["2026-02-24", true],
    ["2026-02-23", false],
  ] as const)("a melena charted on %s, before a suspicion of 10 March: urgent line %s", (on, shown) => {
    const p = treatedCsv(codedRow(CODED[3], "suspected"), csvEventRow("Melena", on));
    expect(item(p)?.shows?.id === "aha-considered-with-bleeding").toBe(shown);
    expect(lines(p).some((m) => m.id === URGENT)).toBe(shown);
  });

  const aptt = (value: number) => `p1,lab,${ON},,loinc,3173-2,,${value},s,,,,,,,`;
  it("the other side: with a normal aPTT drawn the question is answered, and no urgent line is made", () => {
    const p = treatedCsv(aptt(30), codedRow(CODED[3], "suspected"), bleedRow);
    expect(item(p)).toBeUndefined();
    expect(lines(p).map((m) => m.id)).not.toContain(URGENT);
  });

  it("with a FVIII of 2 % on record beside the bleed the detector's AHA decides, with its haemostatic treatment", () => {
    const fviii = `p1,lab,${ON},,loinc,3209-4,,2,%,,,,,,,`;
    const p = treatedCsv(aptt(70), fviii, codedRow(CODED[3], "suspected"), bleedRow);
    const aha = p.findings.find((f) => f.disorder === "aha");
    expect(aha).toBeDefined();
    expect(aha?.management.map((m) => m.id)).toContain("aha-haemostatic-treatment");
    expect(aha?.management.map((m) => m.id)).not.toContain("aha-haemostatic-without-results");
    expect(item(p)).toBeUndefined();
  });
});

describe("a doubted TTP stays the working diagnosis, worked up and treated on suspicion", () => {
  const ttp = conditionInWords("c1", "Thrombotic thrombocytopenic purpura", ON, {
    verificationStatus: { coding: [{ system: VER, code: "provisional" }] },
  });
  it("a provisional TTP Condition, or a CSV row of it qualified suspected, is a possible TTP with the ISTH steps", () => {
    for (const p of [
      treatedFhir(ttp),
      treatedCsv(`p1,event,${ON},,text,,"Thrombotic thrombocytopenic purpura",,,,,,,suspected,,`),
    ]) {
      const found = p.findings.find((f) => f.disorder === "ttp");
      expect(found?.certainty).toBe("possible");
      expect(found?.management.map((m) => m.id)).toContain("ttp-hematology-now");
    }
  });
});
