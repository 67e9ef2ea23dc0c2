// The shipped base policy of a (task, model size), fetched from the app's checkpoint folder.
import type { RunConfig } from '../../engine/config';
import { decodeCheckpoint } from '../../engine/policy/checkpoint';

/** The weights, 'missing' when the server has no such file, or a sentence saying why the file is unusable. */
export async function loadCheckpoint(config: RunConfig, base: string): Promise<Map<string, Float32Array> | 'missing' | string> {
  const file = `${config.task}-${config.modelSize}.json`;
  let res: Response;
  try {
    res = await fetch(`${base}${file}`);
  } catch {
    return 'missing';
  }
  // A static server may answer a missing file with the app's index.html (SPA fallback): not JSON means missing.
  const type = res.headers.get('content-type') ?? '';
  if (!res.ok || !type.includes('json')) return 'missing';
  try {
    const ck = decodeCheckpoint(await res.json());
    if (ck.spec.size !== config.modelSize) return `checkpoint ${file} is for model size ${ck.spec.size}`;
    return ck.values;
  } catch (e) {
    return `checkpoint ${file} could not be read: ${(e as Error).message}`;
  }
}
