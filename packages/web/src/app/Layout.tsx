/**
 * The frame of every page: a skip link, the app bar with the main navigation (the routes that name a
 * `nav` label), the page and a footer stating the privacy model.
 */
import type { ReactNode } from "react";
import { Link } from "./router.js";

export interface NavItem {
  readonly to: string;
  readonly label: string;
}

export function Layout(props: {
  readonly nav: readonly NavItem[];
  readonly current: string;
  readonly children: ReactNode;
  readonly mainRef: React.RefObject<HTMLElement | null>;
}) {
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="app-bar no-print">
        <Link to="/" className="brand">
          HemoSentinel
        </Link>
        <nav aria-label="Main">
          <ul>
            {props.nav.map((item) => (
              <li key={item.to}>
                <Link to={item.to} aria-current={props.current === item.to ? "page" : undefined}>
                  {item.label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
      </header>
      <main id="main" tabIndex={-1} ref={props.mainRef}>
        {props.children}
      </main>
      <footer className="app-footer">
        <p>
          HemoSentinel {__HEMOSENTINEL_VERSION__} — decision support, not a diagnosis. Files you open are read
          and assessed in this browser: nothing is uploaded or stored.
        </p>
      </footer>
    </>
  );
}
