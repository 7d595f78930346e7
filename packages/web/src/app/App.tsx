/** The app: the session, the layout and the page of the current path. */
import { useEffect, useMemo, useRef } from "react";
import { NotFoundPage } from "../pages/NotFoundPage.js";
import { referenceLabels } from "../patient/reference-labels.js";
import { ReferenceLabelsContext } from "../patient/words.js";
import { useKnowledge } from "./knowledge.js";
import { Layout } from "./Layout.js";
import { matchPath, useLocation } from "./router.js";
import { ROUTES } from "./routes.js";
import { SessionProvider } from "./session.js";

export function App() {
  const { pathname } = useLocation();
  const mainRef = useRef<HTMLElement>(null);
  // The page on screen: an effect run twice (React's strict mode) must not count as a navigation.
  const shown = useRef(pathname);
  const matched = ROUTES.map((route) => ({ route, params: matchPath(route.path, pathname) })).find(
    (m) => m.params !== undefined,
  );
  const knowledge = useKnowledge();
  const labels = useMemo(
    () =>
      knowledge.status === "ready" ? referenceLabels(knowledge.knowledge.references.values()) : new Map(),
    [knowledge],
  );
  const title =
    matched === undefined
      ? "Page not found"
      : matched.route.title(
          matched.params ?? {},
          knowledge.status === "ready" ? knowledge.knowledge : undefined,
        );
  useEffect(() => {
    document.title = `${title} — HemoSentinel`;
  }, [title]);
  // After a navigation (not on the first load) focus goes to the new page, as a page load would put it.
  useEffect(() => {
    if (shown.current === pathname) return;
    shown.current = pathname;
    mainRef.current?.focus();
  }, [pathname]);
  const nav = ROUTES.flatMap((r) => (r.nav === undefined ? [] : [{ to: r.path, label: r.nav }]));
  return (
    <SessionProvider>
      <ReferenceLabelsContext.Provider value={labels}>
        <Layout nav={nav} current={pathname} mainRef={mainRef}>
          {matched === undefined ? <NotFoundPage /> : matched.route.render(matched.params ?? {})}
        </Layout>
      </ReferenceLabelsContext.Provider>
    </SessionProvider>
  );
}
