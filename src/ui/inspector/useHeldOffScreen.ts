// While training, a panel out of view keeps what it last drew: each step's new groups rewrite about 30 text nodes of
// the group cards, and every such frame cost a full-document style, layout and paint that nobody saw (a CDP trace at
// nano's full speed, docs/ux-notes.md "Thread count"). The panel catches up when it comes into view or training stops.
import { type RefObject, useEffect, useRef, useState } from 'react';

/** Whether the element is in (or within 100 px of) the viewport; true until the observer first says otherwise. */
export function useOnScreen(ref: RefObject<HTMLElement | null>): boolean {
  const [on, setOn] = useState(true);
  useEffect(() => {
    const el = ref.current;
    if (!el || typeof IntersectionObserver === 'undefined') return;
    const io = new IntersectionObserver((entries) => setOn(entries[entries.length - 1].isIntersecting), { rootMargin: '100px 0px' });
    io.observe(el);
    return () => io.disconnect();
  }, [ref]);
  return on;
}

/** `value`, or the value of the last render that did not hold. */
export function useHeld<T>(value: T, hold: boolean): T {
  const last = useRef(value);
  if (!hold) last.current = value;
  return last.current;
}
