// The house rule "the UI never touches tfjs", checked on the module graph rather than on import lines: esbuild
// bundles an entry (type-only imports are erased, exactly as in the real build) and its metafile lists every module
// that would load. An entry whose graph reaches @tensorflow breaks the rule, however indirect the path.
import { build } from 'esbuild';

export interface BoundaryReport {
  entry: string;
  /** Modules of the entry's graph that are tfjs. */
  tfjsModules: string[];
  /** Project modules through which the entry reaches tfjs (the first import on each path into node_modules). */
  via: string[];
}

export async function tfjsReach(entry: string): Promise<BoundaryReport> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    metafile: true,
    format: 'esm',
    platform: 'browser',
    logLevel: 'silent',
    loader: { '.css': 'empty', '.png': 'empty', '.svg': 'empty', '.wasm': 'empty' },
  });
  const inputs = result.metafile.inputs;
  const isTf = (p: string) => p.includes('node_modules/@tensorflow/');
  const tfjsModules = Object.keys(inputs).filter(isTf);
  const via = Object.entries(inputs)
    .filter(([p, info]) => !p.includes('node_modules/') && info.imports.some((i) => isTf(i.path)))
    .map(([p]) => p);
  return { entry, tfjsModules, via };
}
