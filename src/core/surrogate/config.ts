import type { EncodingSpec, SpaceId } from '../spaces/types';

export const SURROGATE_FORMAT = 'nas-lens-surrogate';
export const SURROGATE_VERSION = 1;

/** Training objectives: three ranking losses and the regression baseline. */
export type LossName = 'pairwise' | 'hinge' | 'listmle' | 'mse';
export const LOSS_NAMES: readonly LossName[] = ['pairwise', 'hinge', 'listmle', 'mse'];

/**
 * How cells are turned into graphs before encoding.
 *   'none':             the space's own encoding.
 *   'nb201-live-edges': NB-201 edges off every input→output path of non-'none' edges become 'none',
 *                       and 'none' op nodes are masked out, so cells that compute the same function
 *                       give (WL-)isomorphic graphs.
 */
export type Preprocess = 'none' | 'nb201-live-edges';

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
  readonly version: typeof SURROGATE_VERSION;
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
    specs.push(
      { name: `gin${l}/w1`, shape: [3, d, d] },
      { name: `gin${l}/b1`, shape: [d] },
      { name: `gin${l}/w2`, shape: [d, d] },
      { name: `gin${l}/b2`, shape: [d] },
    );
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
  const layers = arch.layers * (3 * d * d + d + d * d + d);
  const head = encoding.graphs * d * (arch.layers + 1) * h + h + h + 1;
  const tiers = arch.tiers > 0 ? h * arch.tiers + arch.tiers : 0;
  return members * (embed + layers + head + tiers);
}

export function allWeightSpecs(encoding: EncodingSpec, arch: SurrogateArchitecture, members: number): WeightSpec[] {
  const one = memberWeightSpecs(encoding, arch);
  const out: WeightSpec[] = [];
  for (let m = 0; m < members; m++) for (const s of one) out.push({ name: `m${m}/${s.name}`, shape: s.shape });
  return out;
}
