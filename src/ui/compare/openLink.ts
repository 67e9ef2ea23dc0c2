// A comparison link (url.ts's run link plus `cmp=`, see share/compare-link.ts) opened in the page: the comparison is
// shown ready to run over the link's base settings and backend. A bad `cmp=` gets a notice and changes nothing.
import { comparisonParam, decodeComparison } from '../../share/compare-link';
import type { SharedState } from '../../share/url';
import type { SeedCompareStore } from './seedCompareStore';

interface Notifier {
  notify(id: string, kind: 'error', message: string): void;
  dismiss(id: string): void;
}

/** Returns true when the state string held a comparison that was opened. */
export function openComparisonLink(stateString: string, state: SharedState, compare: SeedCompareStore, notices: Notifier): boolean {
  const param = comparisonParam(stateString);
  if (param === undefined) return false;
  const r = decodeComparison(param, state.config);
  if (!r.ok) {
    notices.notify('compare-link', 'error', `${r.error} Nothing on screen was changed.`);
    return false;
  }
  notices.dismiss('compare-link');
  compare.load(r.spec, state.config, state.backend);
  return true;
}
