// Counts GPU-to-CPU readbacks made by the engine, for the benchmark and the status bar.
let readbacks = 0;

export function countReadback(n = 1): void {
  readbacks += n;
}

export function readbackCount(): number {
  return readbacks;
}
