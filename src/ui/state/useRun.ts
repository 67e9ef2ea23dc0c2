// React access to the PlaygroundStore: a context for actions and a snapshot hook. Worker-driven updates render as
// transitions (interruptible, so charts never hold the main thread); user actions render at once.
import { createContext, startTransition, useContext, useEffect, useState } from 'react';
import type { PlaygroundStore, Snapshot } from './store';

export const StoreContext = createContext<PlaygroundStore | null>(null);

export function useStore(): PlaygroundStore {
  const s = useContext(StoreContext);
  if (!s) throw new Error('useStore outside StoreContext');
  return s;
}

export function useRunSnapshot(store: PlaygroundStore): Snapshot {
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
