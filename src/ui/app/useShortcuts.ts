// Keyboard shortcuts (see SHORTCUTS in Controls.tsx). Ignored while typing in a field.
import { useEffect } from 'react';
import type { PlaygroundStore } from '../state/store';

export function useShortcuts(store: PlaygroundStore, enabled: { seed: boolean }): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey) return;
      const t = e.target as HTMLElement | null;
      if (t && (t.isContentEditable || ['INPUT', 'SELECT', 'TEXTAREA'].includes(t.tagName))) return;
      if (document.querySelector('.modal-backdrop')) return; // a dialog is open
      const key = e.key.toLowerCase();
      if (key === ' ') {
        if (t && t.tagName === 'BUTTON') return; // Space on a focused button clicks it
        e.preventDefault();
        store.togglePlay();
      } else if (key === 's') store.step(1);
      else if (key === 'r') store.reset();
      else if (key === 'n' && enabled.seed) store.reset({ newSeed: true });
      else if (key === 't') store.stepThrough();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [store, enabled.seed]);
}
