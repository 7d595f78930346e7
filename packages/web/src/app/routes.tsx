/**
 * The app's pages by path. A later page (calculators, knowledge atlas, cohort) is one more entry here;
 * entries with `nav` appear in the main navigation in this order.
 */
import { calculatorForm, type Knowledge } from "@hemosentinel/core";
import type { ReactNode } from "react";
import { AtlasEntryPage, AtlasHomePage, atlasEntryName } from "../atlas/AtlasPages.js";
import { CalculatorPage } from "../calculators/CalculatorPage.js";
import { CalculatorsIndexPage } from "../calculators/CalculatorsIndex.js";
import { CohortPage } from "../cohort/CohortPage.js";
import { LaunchPage, LaunchReadyPage } from "../pages/LaunchPages.js";
import { OpenPage } from "../pages/OpenPage.js";
import { ServerPatientPage } from "../pages/ServerPatientPage.js";
import { SessionPage, SessionPatientPage } from "../pages/SessionPages.js";

export interface AppRoute {
  /** `/patients/:id`: segments starting with `:` are parameters. */
  readonly path: string;
  /** Label in the main navigation, for pages one goes to directly. */
  readonly nav?: string;
  /**
   * The document title (before " — HemoSentinel"); `knowledge`, once loaded, names what an id points to,
   * so a tab or a bookmark reads "Immune thrombocytopenia", not "itp".
   */
  readonly title: (params: Readonly<Record<string, string>>, knowledge?: Knowledge) => string;
  readonly render: (params: Readonly<Record<string, string>>) => ReactNode;
}

const calculatorTitle = (k: Knowledge | undefined, id: string) =>
  `${(k && calculatorForm(k, id)?.name) ?? id} — Calculators`;

export const ROUTES: readonly AppRoute[] = [
  { path: "/", nav: "Open a patient", title: () => "Open a patient", render: () => <OpenPage /> },
  { path: "/session", nav: "Opened patients", title: () => "Opened patients", render: () => <SessionPage /> },
  {
    path: "/session/:id",
    title: (p) => `Patient ${p.id}`,
    render: (p) => <SessionPatientPage id={p.id as string} />,
  },
  {
    path: "/patients/:id",
    title: (p) => `Patient ${p.id}`,
    render: (p) => <ServerPatientPage id={p.id as string} />,
  },
  { path: "/atlas", nav: "Knowledge atlas", title: () => "Knowledge atlas", render: () => <AtlasHomePage /> },
  {
    path: "/atlas/:kind/:id",
    title: (p, k) => `${(k && atlasEntryName(k, p.kind ?? "", p.id ?? "")) ?? p.id} — Knowledge atlas`,
    render: (p) => <AtlasEntryPage kind={p.kind as string} id={p.id as string} />,
  },
  {
    path: "/calculators",
    nav: "Calculators",
    title: () => "Calculators",
    render: () => <CalculatorsIndexPage />,
  },
  {
    path: "/calculators/:id",
    title: (p, k) => calculatorTitle(k, p.id ?? ""),
    render: (p) => <CalculatorPage id={p.id as string} />,
  },
  {
    path: "/calculators/ctcae/:term",
    title: (p, k) => calculatorTitle(k, `ctcae/${p.term}`),
    render: (p) => <CalculatorPage id={`ctcae/${p.term}`} />,
  },
  { path: "/cohort", nav: "Cohort", title: () => "Cohort", render: () => <CohortPage /> },
  {
    path: "/cohort/patients/:id",
    title: (p) => `Cohort person ${p.id}`,
    render: (p) => <ServerPatientPage id={p.id as string} cohort />,
  },
  { path: "/launch", title: () => "EHR launch", render: () => <LaunchPage /> },
  { path: "/launch/ready", title: () => "EHR launch", render: () => <LaunchReadyPage /> },
];
