// The run's experts for an export: which are active (as the trainer's activeExperts decides) and the system prompt
// that stands in for each one's toy prefix on a real model. Lenient on prefix characters (a real tokenizer has
// them all); an expert whose style is not the task's is refused with a message naming the valid styles.
import type { RunConfig } from '../../engine/config';
import type { Task } from '../../engine/tasks/types';

export interface ExportExpert {
  id: string;
  index: number;
  /** The task expert style that describes the strategy. */
  style: string;
  prefix: string;
  systemPrompt: string;
}

export function expertSystemPrompt(task: Task, style: string): string {
  const s = task.experts.find((e) => e.id === style)!;
  return `You solve ${task.name} puzzles. ${s.description} Write only that, in exactly that format, and end with a period.`;
}

export function activeExpertsLenient(task: Task, config: RunConfig): ExportExpert[] {
  const list = config.experts.list ?? task.experts.map((e) => ({ id: e.id, prefix: e.prefix, enabled: true, style: e.id }));
  const styles = new Set(task.experts.map((e) => e.id));
  const enabled = list.filter((e) => e.enabled);
  if (enabled.length === 0) throw new Error('No expert prompt is enabled: enable at least one');
  const chosen = config.experts.enabled ? enabled : enabled.slice(0, 1);
  return chosen.map((e, index) => {
    const style = e.style ?? (styles.has(e.id) ? e.id : task.experts[0].id);
    if (!styles.has(style)) {
      throw new Error(
        `Expert ${JSON.stringify(e.id)}: style ${JSON.stringify(style)} is not a ${task.id} expert style (${[...styles].join(', ')})`,
      );
    }
    return { id: e.id, index, style, prefix: e.prefix, systemPrompt: expertSystemPrompt(task, style) };
  });
}
