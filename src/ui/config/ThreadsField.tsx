// The WASM thread count: a device setting beside the backend (speed only; the numbers are the same on any count).
// The worker's pool is fixed when its backend starts, so a change starts a new worker at the next reset.
import { autoThreads, type ThreadsPref } from '../../engine/threads';

interface Props {
  pref: ThreadsPref;
  pending: ThreadsPref | null;
  cores: number;
  onChange: (t: ThreadsPref) => void;
}

export function ThreadsField({ pref, pending, cores, onChange }: Props) {
  const counts = Array.from({ length: Math.max(1, cores) }, (_, i) => i + 1);
  const auto = autoThreads(cores);
  return (
    <div className="knob" data-knob="threads">
      <div className="knob-row">
        <label className="knob-label" htmlFor="threads-select">
          WASM threads
        </label>
        <span className="knob-control">
          <select
            id="threads-select"
            data-testid="threads-select"
            value={String(pending ?? pref)}
            onChange={(e) => onChange(e.target.value === 'auto' ? 'auto' : Number(e.target.value))}
          >
            <option value="auto">
              Auto ({auto} of {cores})
            </option>
            {counts.map((n) => (
              <option key={n} value={String(n)}>
                {n}
              </option>
            ))}
          </select>
        </span>
        <span className="icon-spacer" />
      </div>
      <div className="knob-help">
        Speed only: every count gives the same numbers. Auto uses half the cores; on 2 cores one thread measured faster than two.
        {pending !== null ? <span className="chip chip-pending">applies on reset</span> : null}
      </div>
    </div>
  );
}
