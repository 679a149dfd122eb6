import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { kendallTau } from '../metrics/kendall';
import type { Rng } from '../rng';
import type { SpaceId } from '../spaces/types';
import {
  allWeightSpecs,
  formatVersionOf,
  isPlainLayer,
  SURROGATE_FORMAT,
  weightSize,
  type LossName,
  type MemberScale,
  type Preprocess,
  type SurrogateArchitecture,
  type SurrogateConfig,
} from './config';
import type { EncodedCells } from './encode-cells';
import { disposeGraphBatch, makeGraphBatch } from './graph-batch';
import { rankingLoss, softTierLabels, tierLoss } from './losses';
import { runNetwork } from './network';
import { fixedLayoutLossAndGrad, type LossOfOutputs } from './fixed-layout-grad';
import { adamWState, adamWStep, disposeAdamW, learningRateAt, type LearningRateSchedule } from './optimizer';
import { decayMask, initialParams, paramViews } from './params';
import { createScorer, fixedRelations } from './scorer';

export interface TrainHyperparameters {
  readonly loss: LossName;
  /** Upper bound on epochs; the learning rate follows a cosine from `learningRate` to 0 over them. */
  readonly epochs: number;
  readonly batchSize: number;
  readonly learningRate: number;
  /** AdamW decoupled weight decay on weight matrices. */
  readonly weightDecay: number;
  /** Stop a member after this many epochs without a better validation τ (0: never stop early). */
  readonly patience: number;
  /** Weight of the tier cross-entropy next to the main loss (architecture.tiers > 0). */
  readonly tierWeight: number;
  /** Margin of the hinge loss, in score units. */
  readonly margin: number;
  /** Independently initialised networks whose standardised scores are averaged. */
  readonly members: number;
  /** Learning-rate schedule over the `epochs` (optimizer.ts); default 'cosine'. */
  readonly schedule?: LearningRateSchedule;
  /** Weight of each auxiliary head's pairwise loss next to the main loss (architecture.auxiliary > 0). */
  readonly auxiliaryWeight?: number;
}

export const DEFAULT_HYPERPARAMETERS: TrainHyperparameters = {
  loss: 'listmle',
  epochs: 60,
  batchSize: 128,
  learningRate: 2e-3,
  weightDecay: 1e-4,
  patience: 15,
  tierWeight: 0.2,
  margin: 0.1,
  members: 1,
};

export const DEFAULT_AUXILIARY_WEIGHT = 0.5;

export const DEFAULT_ARCHITECTURE: SurrogateArchitecture = { hidden: 32, layers: 3, headHidden: 32, tiers: 5, pooling: 'sum' };

export interface LabelledCells {
  readonly cells: EncodedCells;
  /** One value per cell, higher = better. */
  readonly targets: Float32Array;
  /**
   * Source of each cell (0, 1, …) when targets of different sources are not comparable: training batches
   * are then drawn within one source (so every ranked pair is), and validation τ is the mean over sources.
   */
  readonly groups?: Int32Array;
  /**
   * Auxiliary targets (e.g. lower-fidelity accuracies), one array of `count` values per auxiliary head of
   * the architecture, higher = better; NaN where a cell has none (its pairs are skipped).
   */
  readonly auxiliary?: readonly Float32Array[];
}

export interface EpochReport {
  readonly member: number;
  readonly members: number;
  readonly epoch: number;
  readonly epochs: number;
  readonly loss: number;
  readonly validationTau?: number;
  readonly bestValidationTau?: number;
}

export interface TrainRequest {
  readonly space: SpaceId;
  readonly preprocess: Preprocess;
  readonly architecture: SurrogateArchitecture;
  readonly hyper: TrainHyperparameters;
  readonly train: LabelledCells;
  /** Early stopping and the reported τ; without it every member trains for `epochs`. */
  readonly validation?: LabelledCells;
  readonly rng: Rng;
  /**
   * Starting weights of member k in one member's layout (e.g. a bundled model's member, for a warm
   * start); undefined keeps the random initialisation.
   */
  readonly initialWeights?: (member: number) => Float32Array | undefined;
  readonly target?: string;
  /** Called after every epoch; a returned promise is awaited (a chance to yield to the event loop). */
  readonly onEpoch?: (report: EpochReport) => void | Promise<void>;
  /**
   * Warm start: member k starts from member k mod `init.config.members` of this model (same space,
   * preprocessing and architecture) instead of fresh weights.
   */
  readonly init?: { readonly config: SurrogateConfig; readonly weights: Float32Array };
  /**
   * Members finished by an earlier, interrupted run of the same request (from onMember): they are kept
   * as they are and the rest are trained, with the same random streams, so a resumed training ends
   * with the weights of an uninterrupted one.
   */
  readonly finishedMembers?: readonly TrainedMember[];
  /** Called when a member is finished (e.g. to save it for a resume); a returned promise is awaited. */
  readonly onMember?: (member: TrainedMember) => void | Promise<void>;
}

/** One finished ensemble member. */
export interface TrainedMember {
  readonly index: number;
  readonly weights: Float32Array;
  readonly keptEpoch: number;
  readonly scale: MemberScale;
}

export interface TrainedSurrogate {
  readonly config: SurrogateConfig;
  readonly weights: Float32Array;
  readonly history: readonly EpochReport[];
  /** Per member: the epoch (1-based) whose weights were kept. */
  readonly keptEpochs: readonly number[];
}

/** Trains `hyper.members` networks one after the other and returns them as one model. */
export async function trainSurrogate(request: TrainRequest): Promise<TrainedSurrogate> {
  const { train, validation, hyper, architecture } = request;
  checkLabelled(train, 'training', architecture.auxiliary ?? 0);
  if (validation) checkLabelled(validation, 'validation', 0);
  if (train.cells.count < 2) throw new Error('training needs at least 2 labelled cells');
  const spec = train.cells.spec;
  const fixedAdjacency = spec.fixedAdjacency && spec.graphs === 1 ? sharedAdjacency(train.cells) : undefined;
  const baseConfig: SurrogateConfig = {
    format: SURROGATE_FORMAT,
    version: formatVersionOf(architecture, request.preprocess),
    space: request.space,
    encoding: spec,
    ...(fixedAdjacency ? { fixedAdjacency } : {}),
    preprocess: request.preprocess,
    architecture,
    members: 1,
    memberScales: [{ mean: 0, std: 1 }],
    weights: allWeightSpecs(spec, architecture, 1),
    ...(request.target ? { target: request.target } : {}),
  };
  const initial = request.init ? initialMembers(request.init, baseConfig) : undefined;

  const history: EpochReport[] = [];
  const keptEpochs: number[] = [];
  const memberWeights: Float32Array[] = [];
  const memberScales: MemberScale[] = [];
  const memberSize = baseConfig.weights.reduce((s, w) => s + weightSize(w), 0);
  for (let k = 0; k < hyper.members; k++) {
    const memberRng = request.rng.fork();
    let member = request.finishedMembers?.find((m) => m.index === k);
    if (member && member.weights.length !== memberSize)
      throw new Error(`finished member ${k} has ${member.weights.length} weights, this architecture needs ${memberSize}`);
    if (!member) {
      const result = await trainMember(request, baseConfig, k, history, memberRng, initial?.[k % initial.length]);
      member = { index: k, weights: result.weights, keptEpoch: result.keptEpoch, scale: scaleOn(baseConfig, result.weights, train.cells) };
      await request.onMember?.(member);
    }
    memberWeights.push(member.weights);
    keptEpochs.push(member.keptEpoch);
    memberScales.push(member.scale);
  }
  const weights = new Float32Array(memberWeights.reduce((s, w) => s + w.length, 0));
  let offset = 0;
  for (const w of memberWeights) {
    weights.set(w, offset);
    offset += w.length;
  }
  const config: SurrogateConfig = {
    ...baseConfig,
    members: hyper.members,
    memberScales,
    weights: allWeightSpecs(spec, architecture, hyper.members),
  };
  return { config, weights, history, keptEpochs };
}

/** Each member's weights of a model to warm-start from, after checking that it has the layout of `config`. */
function initialMembers(init: { config: SurrogateConfig; weights: Float32Array }, config: SurrogateConfig): Float32Array[] {
  const from = init.config;
  if (from.space !== config.space || from.preprocess !== config.preprocess) {
    throw new Error(`cannot warm-start from a ${from.space}/${from.preprocess} model when training ${config.space}/${config.preprocess}`);
  }
  const layout = JSON.stringify(config.weights);
  const perMember = from.weights.length / from.members;
  if (JSON.stringify(from.weights.slice(0, perMember).map((w) => ({ ...w, name: w.name.replace(/^m\d+\//, 'm0/') }))) !== layout) {
    throw new Error('cannot warm-start: the model to start from has another architecture');
  }
  const size = config.weights.reduce((s, w) => s + weightSize(w), 0);
  if (init.weights.length !== size * from.members) throw new Error(`cannot warm-start: ${init.weights.length} weights for ${from.members} members of ${size}`);
  return Array.from({ length: from.members }, (_, k) => init.weights.slice(k * size, (k + 1) * size));
}

async function trainMember(
  request: TrainRequest,
  config: SurrogateConfig,
  member: number,
  history: EpochReport[],
  memberRng: Rng,
  start?: Float32Array,
): Promise<{ weights: Float32Array; keptEpoch: number }> {
  const { train, validation, hyper, architecture } = request;
  const specs = config.weights;
  const targets = hyper.loss === 'mse' ? standardise(train.targets) : train.targets;
  const sortedTrain = Float64Array.from(train.targets).sort();
  const relations = fixedRelations(config);
  const schedule = hyper.schedule ?? 'cosine';
  const auxiliaryWeight = hyper.auxiliaryWeight ?? DEFAULT_AUXILIARY_WEIGHT;
  // The hand-written gradient covers the plain layer on the fixed layout; every other case uses autograd.
  const handGradient = relations !== undefined && isPlainLayer(architecture);

  // A warm start (initialWeights, else init) replaces the random initialisation without drawing it.
  const warm = request.initialWeights?.(member) ?? start;
  const size = specs.reduce((s, w) => s + weightSize(w), 0);
  if (warm && warm.length !== size) throw new Error(`initial weights of member ${member} hold ${warm.length} values, the network has ${size}`);
  const state = adamWState(tf.tensor1d(warm ? Float32Array.from(warm) : initialParams(specs, memberRng)));
  const decay = tf.tensor1d(decayMask(specs));
  const n = train.cells.count;
  const batchSize = Math.min(hyper.batchSize, n);
  const { stepsPerEpoch, epochBatches } = batchPlanner(n, batchSize, train.groups);
  const totalSteps = stepsPerEpoch * hyper.epochs;
  let step = 0;
  let best = { tau: -Infinity, weights: undefined as Float32Array | undefined, epoch: 0 };
  let sinceBest = 0;

  try {
    for (let epoch = 1; epoch <= hyper.epochs; epoch++) {
      const batches = epochBatches(memberRng);
      let lossSum = 0;
      for (const rows of batches) {
        if (hyper.loss === 'listmle') rows.sort((i, j) => targets[j] - targets[i] || i - j);
        const batchTargets = Float32Array.from(rows, (i) => targets[i]);
        const tierLabels =
          architecture.tiers > 0
            ? softTierLabels(
                Float32Array.from(rows, (i) => train.targets[i]),
                architecture.tiers,
                sortedTrain,
              )
            : undefined;
        const auxiliaryTargets = train.auxiliary?.map((values) => Float32Array.from(rows, (i) => values[i]));
        const batch = makeGraphBatch(train.cells, rows, relations);
        const lr = learningRateAt(schedule, hyper.learningRate, step, totalSteps);
        step++;
        try {
          const lossOf: LossOfOutputs = (score, tierLogits, auxiliary) => {
            let loss = rankingLoss(hyper.loss, score, batchTargets, hyper.margin);
            if (tierLogits && tierLabels) loss = tf.add(loss, tf.mul(tierLoss(tierLogits, tierLabels), hyper.tierWeight));
            if (auxiliary && auxiliaryTargets) loss = tf.add(loss, tf.mul(auxiliaryLoss(auxiliary, auxiliaryTargets), auxiliaryWeight));
            return loss;
          };
          const { loss, grad } = tf.tidy(() => {
            if (handGradient && batch.layout === 'fixed') return fixedLayoutLossAndGrad(state.params, specs, architecture, batch, lossOf);
            const { value, grad: g } = tf.valueAndGrad((p: tf.Tensor1D) => {
              const out = runNetwork(paramViews(p, specs, 0, 'm0/'), architecture, batch);
              return lossOf(out.score, out.tierLogits, out.auxiliary);
            })(state.params);
            return { loss: value, grad: g };
          });
          adamWStep(state, grad as tf.Tensor1D, lr, hyper.weightDecay, decay);
          grad.dispose();
          lossSum += loss.dataSync()[0];
          loss.dispose();
        } finally {
          disposeGraphBatch(batch);
        }
      }
      const loss = lossSum / stepsPerEpoch;
      if (!Number.isFinite(loss)) throw new Error(`training diverged (loss ${loss}) in epoch ${epoch}; lower the learning rate`);
      let validationTau: number | undefined;
      if (validation) {
        const weights = state.params.dataSync() as Float32Array;
        validationTau = tauOn(config, weights, validation);
        if (validationTau > best.tau) {
          best = { tau: validationTau, weights: weights.slice(), epoch };
          sinceBest = 0;
        } else sinceBest++;
      }
      const report: EpochReport = {
        member,
        members: hyper.members,
        epoch,
        epochs: hyper.epochs,
        loss,
        ...(validationTau !== undefined ? { validationTau, bestValidationTau: best.tau } : {}),
      };
      history.push(report);
      await request.onEpoch?.(report);
      if (validation && hyper.patience > 0 && sinceBest >= hyper.patience) break;
    }
    if (best.weights) return { weights: best.weights, keptEpoch: best.epoch };
    return { weights: (state.params.dataSync() as Float32Array).slice(), keptEpoch: hyper.epochs };
  } finally {
    disposeAdamW(state);
    decay.dispose();
    relations?.dispose();
  }
}

/** The mean over auxiliary heads of the pairwise logistic loss on each head's targets (pairs with a NaN target skipped). */
function auxiliaryLoss(auxiliary: tf.Tensor2D, targets: readonly Float32Array[]): tf.Scalar {
  const columns = tf.unstack(auxiliary, 1) as tf.Tensor1D[];
  const losses = columns.map((column, k) => rankingLoss('pairwise', column, targets[k]));
  return tf.div(tf.addN(losses), losses.length) as tf.Scalar;
}

/**
 * The batches of one epoch: a shuffle cut into `batchSize` rows; with groups, each group's shuffle cut
 * into batches of that group alone (a last piece of ≥ 2 rows kept), in shuffled order.
 */
export function batchPlanner(n: number, batchSize: number, groups?: Int32Array): { stepsPerEpoch: number; epochBatches: (rng: Rng) => number[][] } {
  if (!groups) {
    const steps = Math.max(1, Math.floor(n / batchSize));
    return {
      stepsPerEpoch: steps,
      epochBatches: (rng) => {
        const order = rng.shuffle(Array.from({ length: n }, (_, i) => i));
        return Array.from({ length: steps }, (_, s) => order.slice(s * batchSize, (s + 1) * batchSize));
      },
    };
  }
  if (groups.length !== n) throw new Error(`training: ${n} cells but ${groups.length} group labels`);
  const members = membersOf(groups);
  if (!members.some((m) => m.length >= 2)) throw new Error('training: no source has 2 cells to rank');
  const piecesOf = (size: number) => Math.floor(size / batchSize) + (size % batchSize >= 2 ? 1 : 0);
  return {
    stepsPerEpoch: members.reduce((sum, rows) => sum + piecesOf(rows.length), 0),
    epochBatches: (rng) => {
      const batches: number[][] = [];
      for (const rows of members) {
        const order = rng.shuffle(rows);
        for (let start = 0; start < order.length; start += batchSize) {
          const piece = order.slice(start, start + batchSize);
          if (piece.length >= 2) batches.push(piece);
        }
      }
      return rng.shuffle(batches);
    },
  };
}

function membersOf(groups: Int32Array): number[][] {
  const byGroup = new Map<number, number[]>();
  groups.forEach((g, i) => {
    const list = byGroup.get(g);
    if (list) list.push(i);
    else byGroup.set(g, [i]);
  });
  return [...byGroup.keys()].sort((a, b) => a - b).map((g) => byGroup.get(g)!);
}

/** Kendall τ of a labelled set; with groups, the mean τ over groups of ≥ 3 cells. */
export function groupedTau(set: LabelledCells, scores: Float32Array): number {
  if (!set.groups) return kendallTau(set.targets, scores);
  const taus = membersOf(set.groups)
    .filter((rows) => rows.length >= 3)
    .map((rows) =>
      kendallTau(
        Float32Array.from(rows, (i) => set.targets[i]),
        Float32Array.from(rows, (i) => scores[i]),
      ),
    );
  return taus.length ? taus.reduce((a, b) => a + b, 0) / taus.length : NaN;
}

function tauOn(config: SurrogateConfig, weights: Float32Array, set: LabelledCells): number {
  const scorer = createScorer(config, weights);
  try {
    return groupedTau(set, scorer.score(set.cells));
  } finally {
    scorer.dispose();
  }
}

function scaleOn(config: SurrogateConfig, weights: Float32Array, cells: EncodedCells): MemberScale {
  const scorer = createScorer(config, weights);
  try {
    const s = scorer.score(cells);
    let mean = 0;
    for (const v of s) mean += v;
    mean /= s.length;
    let variance = 0;
    for (const v of s) variance += (v - mean) ** 2;
    const std = Math.sqrt(variance / s.length);
    return { mean, std: std > 1e-12 ? std : 1 };
  } finally {
    scorer.dispose();
  }
}

function standardise(values: Float32Array): Float32Array {
  let mean = 0;
  for (const v of values) mean += v;
  mean /= values.length;
  let variance = 0;
  for (const v of values) variance += (v - mean) ** 2;
  const std = Math.sqrt(variance / values.length) || 1;
  return Float32Array.from(values, (v) => (v - mean) / std);
}

function checkLabelled(set: LabelledCells, what: string, auxiliaryHeads: number): void {
  if (set.targets.length !== set.cells.count) throw new Error(`${what}: ${set.cells.count} cells but ${set.targets.length} targets`);
  const bad = set.targets.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0) throw new Error(`${what}: target of cell ${bad} is not a finite number`);
  const given = set.auxiliary?.length ?? 0;
  if (auxiliaryHeads > 0 && given !== auxiliaryHeads)
    throw new Error(`${what}: the architecture has ${auxiliaryHeads} auxiliary heads but ${given} auxiliary targets are given`);
  set.auxiliary?.forEach((values, k) => {
    if (values.length !== set.cells.count) throw new Error(`${what}: auxiliary target ${k} has ${values.length} values for ${set.cells.count} cells`);
  });
}

/** The adjacency every cell shares (checked), row-major. */
function sharedAdjacency(cells: EncodedCells): number[] {
  const size = cells.spec.nodes * cells.spec.nodes;
  const first = cells.adjacency.subarray(0, size);
  for (let i = 1; i < cells.count; i++) {
    const a = cells.adjacency.subarray(i * size, (i + 1) * size);
    for (let j = 0; j < size; j++) if (a[j] !== first[j]) throw new Error(`cell ${i} has a different adjacency although the encoding declares it fixed`);
  }
  return Array.from(first);
}
