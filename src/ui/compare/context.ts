// React access to the multi-seed comparison store (a context for actions, a snapshot hook for rendering).
import { createContext, useContext, useSyncExternalStore } from 'react';
import type { SeedCompareState, SeedCompareStore } from './seedCompareStore';

export const SeedCompareContext = createContext<SeedCompareStore | null>(null);

/** The store, or null where none was provided (the comparison feature is then absent). */
export function useSeedCompareStore(): SeedCompareStore | null {
  return useContext(SeedCompareContext);
}

export function useSeedCompare(store: SeedCompareStore | null): SeedCompareState | null {
  return useSyncExternalStore(store?.subscribe ?? noSubscribe, store?.getSnapshot ?? noSnapshot);
}

const noSubscribe = () => () => undefined;
const noSnapshot = () => null;
