// "Not expressible" notes for the issue-15 method knobs, shared by the TRL and verl exports (one place, so a new
// knob cannot be silently dropped by one exporter). Only knobs that are on produce a line.
import type { RunConfig } from '../engine/config';

export function methodKnobNotes(config: RunConfig, framework: 'trl' | 'verl' = 'trl'): string[] {
  const { advantage: adv, objective: obj } = config;
  const notes: string[] = [];
  if (adv.g2rpo) notes.push('G^2RPO advantage (group rewards mapped onto N(0,1) by rank)');
  if (config.data.vas) notes.push(`MMR1 variance-aware sampling (pool ${config.data.vasPoolSize}, mixture ${config.data.vasMixture})`);
  if (config.data.sage) notes.push('SAGE self-hinting (all-wrong groups resampled with a hint the policy wrote from the reference answer)');
  if (config.data.hill) notes.push(`HiLL hint selection (transfer-weighted reward, T ${config.data.hillTemperature})`);
  if (config.data.igrpo) notes.push(`iGRPO draft stage (${config.data.igrpoDrafts} drafts per prompt, the best one conditions the trained refinements)`);
  if (config.data.gdro) {
    const d = config.data;
    notes.push(`Prompt-GDRO sampling (pool ${d.gdroPoolSize}, ${d.gdroBins} pass@k bins, eta ${d.gdroEta}, EMA ${d.gdroEmaBeta}, window ${d.gdroWindow}, floor ${d.gdroFloor})`);
  }
  if (adv.arena) notes.push('ArenaRL advantage (seeded single-elimination tournament ranking inside each group)');
  if (framework === 'verl' && obj.clipDelta > 0) notes.push(`two-sided clip delta ${obj.clipDelta} (TRL delta): verl has no such option`);
  if (obj.clipMode === 'rec-ring') notes.push(`clipMode "rec-ring" (REC ring mask, outer bands ${obj.recRingEpsLow} / ${obj.recRingEpsHigh}, see Trinity-RFT)`);
  if (obj.ratioLevel === 'hybrid') {
    notes.push(`DHPO hybrid ratio (${obj.dhpoMix} mix of token and sequence ratios, sequence trust region ${obj.dhpoSeqEpsLow} / ${obj.dhpoSeqEpsHigh})`);
  }
  if (obj.srpo) {
    notes.push(`SRPO sample routing (failed samples self-distil from the hinted policy, lambda ${obj.srpoCoef}${obj.srpoEntropyWeighting ? ', entropy-weighted' : ''})`);
  }
  if (obj.lldsCoef > 0) notes.push(`LLDS likelihood-preserving regulariser (lambda ${obj.lldsCoef})`);
  if (obj.entropyAdaptive) {
    notes.push(`Skywork-OR1 adaptive entropy control (target ${obj.entropyTarget}, step ${obj.entropyCoefDelta}, range [${obj.entropyCoefMin}, ${obj.entropyCoefMax}])`);
  }
  return notes;
}
