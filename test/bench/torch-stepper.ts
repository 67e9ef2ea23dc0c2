// Drives test/bench/torch_step.py as a child process, one step per request, so the bench can interleave PyTorch
// steps with its own. Each request runs one step without and one with a KV cache in PyTorch's sampler.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface, type Interface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { RunConfig } from '../../src/engine/config';
import { modelSpec, type ModelSize } from '../../src/engine/policy/model';
import { EOS_ID } from '../../src/engine/policy/tokenizer';
import type { Phase } from './workload';

type Times = Record<Phase, number[]>;
const emptyTimes = (): Times => ({ rollout: [], scoring: [], advantages: [], update: [], total: [] });

export class TorchStepper {
  readonly times = { plain: emptyTimes(), cached: emptyTimes() };
  private waiting: ((line: string) => void) | null = null;

  private constructor(
    private readonly child: ChildProcessWithoutNullStreams,
    private readonly lines: Interface,
    readonly info: string,
  ) {
    lines.on('line', (line) => {
      const w = this.waiting;
      this.waiting = null;
      w?.(line);
    });
  }

  static async start(python: string, size: ModelSize, config: RunConfig): Promise<TorchStepper> {
    const script = fileURLToPath(new URL('./torch_step.py', import.meta.url));
    const spec = modelSpec(size);
    // 'p:' + 'dd+dd=' at the bench's difficulty: 8 prompt characters, as in the tfjs step
    const args = {
      prompts: config.prompts,
      groupSize: config.groupSize,
      promptWidth: 8,
      newTokens: config.maxCompletionLength,
      lr: config.lr,
      klCoef: config.objective.klCoef,
      eosId: EOS_ID,
      model: spec,
    };
    const child = spawn(python, [script, JSON.stringify(args)], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += String(d)));
    const lines = createInterface({ input: child.stdout });
    const first = await new Promise<string>((resolve, reject) => {
      lines.once('line', resolve);
      child.once('error', (e) => reject(new Error(`--vs-torch: cannot run ${python}: ${e.message}`)));
      child.once('exit', (code) =>
        reject(
          new Error(
            `--vs-torch: ${python} ${script} exited with code ${code}. Is PyTorch installed? See the install note at the top of test/bench/torch_step.py.\n${stderr.trim()}`,
          ),
        ),
      );
    });
    const ready = JSON.parse(first) as { info: string };
    return new TorchStepper(child, lines, ready.info);
  }

  async step(record = false): Promise<void> {
    const line = await new Promise<string>((resolve) => {
      this.waiting = resolve;
      this.child.stdin.write('{"cmd":"step"}\n');
    });
    if (!record) return;
    const r = JSON.parse(line) as { plain: Record<Phase, number>; cached: Record<Phase, number> };
    for (const mode of ['plain', 'cached'] as const) for (const p of Object.keys(r[mode]) as Phase[]) this.times[mode][p].push(r[mode][p]);
  }

  async stop(): Promise<void> {
    this.child.stdin.write('{"cmd":"quit"}\n');
    await new Promise((resolve) => this.child.once('exit', resolve));
    this.lines.close();
  }
}
