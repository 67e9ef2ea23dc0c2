// React access to the RunStore: a context for actions and a snapshot hook. Worker-driven updates render as
// transitions (interruptible, so charts never hold the main thread); user actions render at once.
import { createContext, startTransition, useContext, useEffect, useState } from 'react';
import type { RunStore, Snapshot } from './store';

export const StoreContext = createContext<RunStore | null>(null);

export function useStore(): RunStore {
  const s = useContext(StoreContext);
  if (!s) throw new Error('useStore outside StoreContext');
  return s;
}

export function useRunSnapshot(store: RunStore): Snapshot {
  const [snap, setSnap] = useState(store.getSnapshot);
  useEffect(() => {
    const off = store.subscribe((urgent) => {
      const next = store.getSnapshot();
      if (urgent) setSnap(next);
      else startTransition(() => setSnap(next));
    });
    setSnap(store.getSnapshot());
    return off;
  }, [store]);
  return snap;
}
