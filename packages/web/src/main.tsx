import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./app/App.js";
import "./styles.css";
import { browserKnowledge } from "./engine/knowledge.js";

// Every patient view needs the knowledge base: its download starts with the page.
void browserKnowledge();

const root = document.getElementById("root");
if (root === null) throw new Error("index.html has no #root element");
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
