/** The knowledge base on the page (names, grade bands), loaded once. */
import type { Knowledge } from "@hemosentinel/core";
import { useEffect, useState } from "react";
import { browserKnowledge } from "../engine/knowledge.js";

export type KnowledgeState =
  | { readonly status: "loading" }
  | { readonly status: "ready"; readonly knowledge: Knowledge }
  | { readonly status: "failed"; readonly message: string };

export function useKnowledge(): KnowledgeState {
  const [state, setState] = useState<KnowledgeState>({ status: "loading" });
  useEffect(() => {
    let live = true;
    browserKnowledge().then(
      (knowledge) => live && setState({ status: "ready", knowledge }),
      (e: unknown) =>
        live && setState({ status: "failed", message: e instanceof Error ? e.message : String(e) }),
    );
    return () => {
      live = false;
    };
  }, []);
  return state;
}
