// The scale project as one zip (the app's "Download project" button): every file under one folder named after the
// run, shell scripts executable. fflate builds it synchronously in the page; the project is a few hundred KB.
import { strToU8, zipSync, type Zippable } from 'fflate';

export function projectFolderName(task: string, preset: string): string {
  return `grpo-playground-${task}-${preset}`.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 80);
}

export function projectZip(files: Record<string, string>, folder: string): Uint8Array {
  const entries: Zippable = {};
  for (const [name, text] of Object.entries(files)) {
    // attrs: Unix mode in the high 16 bits of the external attributes.
    const mode = name.endsWith('.sh') ? 0o100755 : 0o100644;
    entries[`${folder}/${name}`] = [strToU8(text), { attrs: mode << 16, os: 3 }];
  }
  return zipSync(entries, { level: 6, mtime: new Date('2026-01-01T00:00:00Z') });
}
