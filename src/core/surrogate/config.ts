import type { EncodingSpec, SpaceId } from '../spaces/types';

export const SURROGATE_FORMAT = 'nas-lens-surrogate';
/**
 * Version 1: the plain directed GIN with 'none' / 'nb201-live-edges' preprocessing. Version 2 adds the
 * architecture options (residual, norm, messages, auxiliary) and 'nb201-canonical'. A model is written
 * with the lowest version that describes it, so that plain models still load in version-1 builds.
 */
export const SURROGATE_VERSION = 2;
export const SURROGATE_VERSIONS = [1, 2] as const;
export type SurrogateVersion = (typeof SURROGATE_VERSIONS)[number];

/** Training objectives: three ranking losses and the regression baseline. */
export type LossName = 'pairwise' | 'hinge' | 'listmle' | 'mse';
export const LOSS_NAMES: readonly LossName[] = ['pairwise', 'hinge', 'listmle', 'mse'];

/**
 * How cells are turned into graphs before encoding.
 *   'none':             the space's own encoding.
 *   'nb201-live-edges': NB-201 edges off every input→output path of non-'none' edges become 'none',
 *                       and 'none' op nodes are masked out, so cells that compute the same function
 *                       give (WL-)isomorphic graphs.
 *   'nb201-canonical':  every NB-201 cell replaced by one fixed member of its isomorphism class (NB-201's
 *                       unique string, the space's hash) before 'nb201-live-edges': cells that compute the
 *                       same function get the same graph.
 */
export type Preprocess = 'none' | 'nb201-live-edges' | 'nb201-canonical';
export const PREPROCESSES: readonly Preprocess[] = ['none', 'nb201-live-edges', 'nb201-canonical'];

export interface SurrogateArchitecture {
  /** Width of node embeddings. */
  readonly hidden: number;
  /** Message-passing layers (each: self, along-edge and against-edge sums → 2-layer MLP). */
  readonly layers: number;
  /** Width of the head's hidden layer. */
  readonly headHidden: number;
  /** Quantile tiers of the NAR-style tier head; 0 for none. */
  readonly tiers: number;
  /** Readout: masked sum (or mean) over nodes of every layer's embeddings, concatenated. */
  readonly pooling: 'sum' | 'mean';
  /** Version 2: each layer's output added to its input (h' = h + f(h)); default false. */
  readonly residual?: boolean;
  /** Version 2: 'layer' normalises every node's embedding after each layer (LayerNorm); default 'none'. */
  readonly norm?: 'none' | 'layer';
  /**
   * Version 2: 'joint' (default) mixes self, along-edge and against-edge sums in one MLP; 'separate' gives
   * the forward (self + predecessors) and backward (self + successors) messages MLPs of their own, summed.
   */
  readonly messages?: 'joint' | 'separate';
  /** Version 2: extra score heads trained on auxiliary targets (e.g. lower-fidelity accuracies); unused at inference. */
  readonly auxiliary?: number;
}

/** True when the architecture uses none of the version-2 layer options (the plain GIN layer). */
export function isPlainLayer(arch: SurrogateArchitecture): boolean {
  return !arch.residual && (arch.norm ?? 'none') === 'none' && (arch.messages ?? 'joint') === 'joint';
}

/** One parameter tensor of one ensemble member, stored in order in weights.bin. */
export interface WeightSpec {
  readonly name: string;
  readonly shape: readonly number[];
}

/** Per-member affine map that puts member scores on a common scale before averaging. */
export interface MemberScale {
  readonly mean: number;
  readonly std: number;
}

/** model.json: everything needed to rebuild the network from weights.bin. */
export interface SurrogateConfig {
  readonly format: typeof SURROGATE_FORMAT;
  readonly version: SurrogateVersion;
  readonly space: SpaceId;
  readonly encoding: EncodingSpec;
  /** nodes × nodes, row-major, when encoding.fixedAdjacency. */
  readonly fixedAdjacency?: readonly number[];
  readonly preprocess: Preprocess;
  readonly architecture: SurrogateArchitecture;
  /** Member networks; each has the weights `weights` prefixed by `m<k>/`. */
  readonly members: number;
  readonly memberScales: readonly MemberScale[];
  /** Weight layout (all members), float32 little-endian, concatenated in this order. */
  readonly weights: readonly WeightSpec[];
  /** What the score means, e.g. "c10_test_200 (higher is better)"; informational. */
  readonly target?: string;
}

export function weightSize(spec: WeightSpec): number {
  return spec.shape.reduce((a, b) => a * b, 1);
}

/** The parameter tensors of one member network, in storage order. */
export function memberWeightSpecs(encoding: EncodingSpec, arch: SurrogateArchitecture): WeightSpec[] {
  const d = arch.hidden;
  const specs: WeightSpec[] = [
    { name: 'embed/w', shape: [encoding.features, d] },
    { name: 'embed/b', shape: [d] },
  ];
  for (let l = 0; l < arch.layers; l++) {
    if ((arch.messages ?? 'joint') === 'separate') {
      specs.push(
        { name: `gin${l}/fw1`, shape: [2, d, d] },
        { name: `gin${l}/bw1`, shape: [2, d, d] },
        { name: `gin${l}/b1`, shape: [2 * d] },
        { name: `gin${l}/w2`, shape: [2 * d, d] },
        { name: `gin${l}/b2`, shape: [d] },
      );
    } else {
      specs.push(
        { name: `gin${l}/w1`, shape: [3, d, d] },
        { name: `gin${l}/b1`, shape: [d] },
        { name: `gin${l}/w2`, shape: [d, d] },
        { name: `gin${l}/b2`, shape: [d] },
      );
    }
    if (arch.norm === 'layer') specs.push({ name: `gin${l}/ln_gain`, shape: [d] }, { name: `gin${l}/ln_bias`, shape: [d] });
  }
  const readout = encoding.graphs * d * (arch.layers + 1);
  specs.push(
    { name: 'head/w1', shape: [readout, arch.headHidden] },
    { name: 'head/b1', shape: [arch.headHidden] },
    { name: 'head/w2', shape: [arch.headHidden, 1] },
    { name: 'head/b2', shape: [1] },
  );
  if (arch.tiers > 0) {
    specs.push({ name: 'tiers/w', shape: [arch.headHidden, arch.tiers] }, { name: 'tiers/b', shape: [arch.tiers] });
  }
  if ((arch.auxiliary ?? 0) > 0) {
    specs.push({ name: 'aux/w', shape: [arch.headHidden, arch.auxiliary!] }, { name: 'aux/b', shape: [arch.auxiliary!] });
  }
  return specs;
}

/**
 * How many float32 values the layout of allWeightSpecs(encoding, arch, members) holds, computed without
 * building it: a model file's declared sizes are checked against weights.bin before anything is allocated.
 */
export function weightValueCount(encoding: EncodingSpec, arch: SurrogateArchitecture, members: number): number {
  const d = arch.hidden;
  const h = arch.headHidden;
  const embed = encoding.features * d + d;
  const message = (arch.messages ?? 'joint') === 'separate' ? 6 * d * d + 3 * d : 3 * d * d + d + d * d + d;
  const norm = arch.norm === 'layer' ? 2 * d : 0;
  const layers = arch.layers * (message + norm);
  const head = encoding.graphs * d * (arch.layers + 1) * h + h + h + 1;
  const tiers = arch.tiers > 0 ? h * arch.tiers + arch.tiers : 0;
  const auxiliary = arch.auxiliary ?? 0;
  const aux = auxiliary > 0 ? h * auxiliary + auxiliary : 0;
  return members * (embed + layers + head + tiers + aux);
}

export function allWeightSpecs(encoding: EncodingSpec, arch: SurrogateArchitecture, members: number): WeightSpec[] {
  const one = memberWeightSpecs(encoding, arch);
  const out: WeightSpec[] = [];
  for (let m = 0; m < members; m++) for (const s of one) out.push({ name: `m${m}/${s.name}`, shape: s.shape });
  return out;
}

/** The lowest format version that describes a model with this architecture and preprocessing. */
export function formatVersionOf(arch: SurrogateArchitecture, preprocess: Preprocess): SurrogateVersion {
  return isPlainLayer(arch) && !(arch.auxiliary ?? 0) && preprocess !== 'nb201-canonical' ? 1 : 2;
}
