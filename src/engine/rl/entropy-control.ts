// Skywork-OR1 adaptive entropy control (arXiv:2505.22312). Read from the released code (SkyworkAI/Skywork-OR1,
// verl/trainer/ppo/core_algos.py EntController and dp_actor.py @ 64e96af): after each step, with the step's mean
// token entropy H, coef += delta when H < target else coef -= delta, clipped to [min, max]; the entropy bonus of the
// NEXT step is coef * 1[H < target] (the bonus is switched off while entropy is above the target).
// Their 7B script: target 0.2, delta 1e-4, max 0.005, min 0, initial coef 0.

export interface EntropyControlConfig {
  target: number;
  delta: number;
  min: number;
  max: number;
}

export interface EntropyControlState {
  /** The controller's coefficient. */
  value: number;
  /** 1 while the last measured entropy was below the target, else 0 (the bonus is gated by it). */
  enabled: number;
}

/** The state before the first step: the configured starting coefficient, bonus on (Skywork: entropy_loss_enabled = 1). */
export function initialEntropyControl(initialCoef: number): EntropyControlState {
  return { value: initialCoef, enabled: 1 };
}

/** One controller update from the step's mean token entropy (a non-finite entropy leaves the state unchanged). */
export function updateEntropyControl(state: EntropyControlState, entropy: number, cfg: EntropyControlConfig): EntropyControlState {
  if (!Number.isFinite(entropy)) return state;
  const below = entropy < cfg.target;
  const value = Math.min(cfg.max, Math.max(cfg.min, state.value + (below ? cfg.delta : -cfg.delta)));
  return { value, enabled: below ? 1 : 0 };
}

/** The entropy coefficient the loss uses this step. */
export function effectiveEntropyCoef(state: EntropyControlState): number {
  return state.value * state.enabled;
}
