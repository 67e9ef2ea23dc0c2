// Shared CLI helpers: one clear line and a non-zero exit for bad input, never a stack trace.
export class CliError extends Error {}

export function fail(message: string): never {
  throw new CliError(message);
}

export function intFlag(name: string, raw: string | undefined, min: number, max: number): number | undefined {
  if (raw === undefined) return undefined;
  if (!/^-?\d+$/.test(raw.trim())) fail(`--${name} must be an integer, got "${raw}"`);
  const v = Number(raw);
  if (v < min || v > max) fail(`--${name} must be between ${min} and ${max}, got ${v}`);
  return v;
}

export function choiceFlag<T extends string>(name: string, raw: string | undefined, choices: readonly T[]): T | undefined {
  if (raw === undefined) return undefined;
  if (!(choices as readonly string[]).includes(raw)) fail(`--${name} must be one of ${choices.join(', ')}, got "${raw}"`);
  return raw as T;
}

/** Run a CLI main: CliError and config errors print one line to stderr and exit 2. */
export function runMain(main: () => Promise<void>): void {
  main().then(
    () => process.exit(0),
    (e: unknown) => {
      const msg = e instanceof Error ? e.message : String(e);
      process.stderr.write(`error: ${msg.split('\n')[0]}\n`);
      if (!(e instanceof CliError) && process.env.GRPO_DEBUG) console.error(e);
      process.exit(2);
    },
  );
}

/**
 * node:util parseArgs reads "--group-size -3" as two options; join a flag with a following negative number
 * ("--group-size=-3") so range checks can give their own clear message.
 */
export function joinNegativeValues(argv: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = argv[i + 1];
    if (a.startsWith('--') && !a.includes('=') && next !== undefined && /^-\d/.test(next)) {
      out.push(`${a}=${next}`);
      i++;
    } else out.push(a);
  }
  return out;
}
