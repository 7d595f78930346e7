import { type RefObject, useEffect, useState } from "react";

/**
 * Whether the timeline should be pinned (sticky, scrolling on its own) beside the findings: only in a
 * window wide enough for the two columns, and when the findings column is the taller one. Beside shorter findings a pinned timeline would be cut at the height
 * of the window with blank page below it.
 */
export function usePinned(pinnable: RefObject<HTMLElement | null>, beside: RefObject<HTMLElement | null>) {
  const [pinned, setPinned] = useState(false);
  useEffect(() => {
    const a = pinnable.current;
    const b = beside.current;
    if (a === null || b === null) return;
    // Side by side only in a wide window (styles.css: the two-column grid).
    const wide = window.matchMedia("(min-width: 1100px)");
    const measure = () => setPinned(wide.matches && b.offsetHeight > a.scrollHeight);
    const observer = new ResizeObserver(measure);
    observer.observe(a);
    observer.observe(b);
    measure();
    return () => observer.disconnect();
  }, [pinnable, beside]);
  return pinned;
}
