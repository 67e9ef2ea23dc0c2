// Python port of src/engine/rl/advantages.ts computeAdvantages (the exported projects' advantage code). Pure Python
// floats (no numpy, no torch), operation for operation as the TypeScript, so the parity test can run it with any
// python3 and demand 1e-6. Keep the two in step: test/unit/scale-advantages.test.ts compares them on every preset.
// The source is split by stage under advantages-py/ (each a template literal: no backtick, dollar-brace or backslash).
import { STATISTICS_PY } from './advantages-py/statistics';
import { RANK_METHODS_PY } from './advantages-py/rank-methods';
import { BASELINES_PY } from './advantages-py/baselines';
import { TRANSFORMS_PY } from './advantages-py/transforms';
import { COMPOSE_PY } from './advantages-py/compose';

export const ADVANTAGES_PY = STATISTICS_PY + RANK_METHODS_PY + BASELINES_PY + TRANSFORMS_PY + COMPOSE_PY;
