// The two sides every bench compares: main's code path (every fast path off) and this branch (all on).
import type { FastPaths } from '../../src/engine/policy/fast-paths';

export const ALL_OFF: FastPaths = {
  matmul: false,
  kvCache: false,
  fusedAdam: false,
  leanLayerNorm: false,
  fusedLayerNorm: false,
  fusedBias: false,
  fusedEmbedding: false,
};
export const ALL_ON: FastPaths = {
  matmul: true,
  kvCache: true,
  fusedAdam: true,
  leanLayerNorm: true,
  fusedLayerNorm: true,
  fusedBias: true,
  fusedEmbedding: true,
};
