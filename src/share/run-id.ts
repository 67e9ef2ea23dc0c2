// Identity of a saved run (not part of any training number, so it may come from the clock).
// crypto.randomUUID where available; otherwise time plus a per-page counter, never Math.random (which the
// project keeps out of src/ so reproducibility never depends on it by accident).
let counter = 0;

export function newRunId(): string {
  const c = globalThis.crypto;
  if (c && typeof c.randomUUID === 'function') return c.randomUUID();
  counter += 1;
  return `run-${Date.now().toString(36)}-${counter.toString(36)}`;
}
