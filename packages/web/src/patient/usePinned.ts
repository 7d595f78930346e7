import { type RefObject, useEffect, useState } from "react";

/**
 * Whether the timeline should be pinned (sticky, scrolling on its own) beside the findings: only when the
 * findings column is the taller one. Beside shorter findings a pinned timeline would be cut at the height
 * of the window with blank page below it.
 */
export function usePinned(pinnable: RefObject<HTMLElement | null>, beside: RefObject<HTMLElement | null>) {
  const [pinned, setPinned] = useState(false);
  useEffect(() => {
    const a = pinnable.current;
    const b = beside.current;
    if (a === null || b === null) return;
    const measure = () => setPinned(b.offsetHeight > a.scrollHeight);
    const observer = new ResizeObserver(measure);
    observer.observe(a);
    observer.observe(b);
    measure();
    return () => observer.disconnect();
  }, [pinnable, beside]);
  return pinned;
}
