import * as tf from '@tensorflow/tfjs-core';

/**
 * The optimiser every surrogate fit uses (the training driver and the predictor strategy's re-fits):
 * AdamW (Loshchilov & Hutter) over one flat parameter vector, with decoupled weight decay on the
 * entries `decay` marks (weight matrices, not biases or norm gains):
 *   m ← β1·m + (1−β1)·g,  v ← β2·v + (1−β2)·g²,  m̂ = m/(1−β1ᵗ),  v̂ = v/(1−β2ᵗ)
 *   p ← p − lr·( m̂/(√v̂ + ε) + wd·decay·p )
 */
export interface AdamWState {
  params: tf.Tensor1D;
  m1: tf.Tensor1D;
  m2: tf.Tensor1D;
  /** Steps taken so far (bias correction); the next step is step + 1. */
  step: number;
}

export const ADAM_BETA1 = 0.9;
export const ADAM_BETA2 = 0.999;
export const ADAM_EPSILON = 1e-8;

/** A fresh state owning `params` (zero moments). */
export function adamWState(params: tf.Tensor1D): AdamWState {
  return { params, m1: tf.zerosLike(params), m2: tf.zerosLike(params), step: 0 };
}

/** One step in place: the state's tensors are replaced (the old ones disposed); `grad` stays the caller's. */
export function adamWStep(state: AdamWState, grad: tf.Tensor1D, learningRate: number, weightDecay: number, decay: tf.Tensor1D): void {
  const t = state.step + 1;
  const next = tf.tidy(() => {
    const m1 = tf.add(tf.mul(state.m1, ADAM_BETA1), tf.mul(grad, 1 - ADAM_BETA1));
    const m2 = tf.add(tf.mul(state.m2, ADAM_BETA2), tf.mul(tf.square(grad), 1 - ADAM_BETA2));
    const update = tf.div(tf.div(m1, 1 - ADAM_BETA1 ** t), tf.add(tf.sqrt(tf.div(m2, 1 - ADAM_BETA2 ** t)), ADAM_EPSILON));
    const params = tf.sub(state.params, tf.mul(tf.add(update, tf.mul(tf.mul(state.params, decay), weightDecay)), learningRate));
    return [params, m1, m2] as tf.Tensor1D[];
  });
  disposeAdamW(state);
  [state.params, state.m1, state.m2] = next;
  state.step = t;
}

export function disposeAdamW(state: AdamWState): void {
  state.params.dispose();
  state.m1.dispose();
  state.m2.dispose();
}

/**
 * Learning-rate schedules over `total` steps (step = 0 … total − 1):
 *   'cosine':    maxLr·(1 + cos(π·step/total))/2, from maxLr down towards 0.
 *   'one-cycle': as PyTorch's OneCycleLR with its defaults: a cosine warm-up from maxLr/25 to maxLr
 *                over the first 30 % of the steps, then a cosine down to maxLr/(25·10⁴) at the last step.
 */
export type LearningRateSchedule = 'cosine' | 'one-cycle';
export const LEARNING_RATE_SCHEDULES: readonly LearningRateSchedule[] = ['cosine', 'one-cycle'];

export const ONE_CYCLE_WARMUP = 0.3;
export const ONE_CYCLE_DIV = 25;
export const ONE_CYCLE_FINAL_DIV = 1e4;

export function learningRateAt(schedule: LearningRateSchedule, maxLr: number, step: number, total: number): number {
  if (schedule === 'cosine') return 0.5 * maxLr * (1 + Math.cos((Math.PI * step) / total));
  const initial = maxLr / ONE_CYCLE_DIV;
  const final = initial / ONE_CYCLE_FINAL_DIV;
  const warmEnd = ONE_CYCLE_WARMUP * total - 1;
  const anneal = (from: number, to: number, fraction: number) => to + ((from - to) * (1 + Math.cos(Math.PI * Math.min(1, Math.max(0, fraction))))) / 2;
  if (step <= warmEnd) return anneal(initial, maxLr, warmEnd > 0 ? step / warmEnd : 1);
  const downSteps = total - 1 - warmEnd;
  return anneal(maxLr, final, downSteps > 0 ? (step - warmEnd) / downSteps : 1);
}
