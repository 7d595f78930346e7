/**
 * Schema pieces every knowledge file shares: kebab-case ids, source citations and the closed vocabularies
 * of src/core/model.ts (event kinds, therapy classes, context roles), so each is spelled out once.
 */
import { z } from "zod";
import type { ContextRole, EventKind, TherapyClass } from "./model.js";

/** A kebab-case identifier (lab, term, rule, reference id). */
export const Id = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "ids are kebab-case");
/** Reference ids a threshold or rule is taken from; at least one. */
export const SourceIds = z.array(Id).min(1);

export const EVENT_KINDS = [
  "bleeding",
  "thrombosis",
  "crs",
  "icans",
  "sepsis",
  "infection",
  "hlh",
  "liver-disease",
  "marrow-involvement",
  "marrow-failure",
  "active-cancer",
  "transplant",
  "hit",
  "dic",
  "ttp",
  "hus",
  "hemolysis",
  "itp",
  "aha",
  "platelet-transfusion",
  "rbc-transfusion",
  "skin-necrosis",
  "thrombocytopenia",
  "anemia",
  "neutropenia",
  "coagulopathy",
  "hypofibrinogenemia",
] as const satisfies readonly EventKind[];
/** Does not compile when src/core/model.ts gains an event kind that EVENT_KINDS does not list. */
const _everyEventKindListed: Record<Exclude<EventKind, (typeof EVENT_KINDS)[number]>, never> = {};
export const EventKindSchema = z.enum(EVENT_KINDS);

const THERAPY_CLASSES = ["ici", "bispecific", "antibody", "car-t"] as const satisfies readonly TherapyClass[];
export const TherapyClassSchema = z.enum(THERAPY_CLASSES);

const CONTEXT_ROLES = [
  "heparin",
  "anticoagulant",
  "antiplatelet",
  "chemotherapy",
  "tocilizumab",
  "corticosteroid",
  "asparaginase",
  "tma-inducing",
  "tpo-receptor-agonist",
  "ivig",
  "emicizumab",
  "esa",
  "caplacizumab",
] as const satisfies readonly ContextRole[];
export const ContextRoleSchema = z.enum(CONTEXT_ROLES);

/** A CTCAE-style grade, 1–5. */
export const Grade = z.number().int().min(1).max(5);
/** Certainty of a finding, as the disorder definitions assign it. */
export const CertaintySchema = z.enum(["definite", "probable", "possible"]);
