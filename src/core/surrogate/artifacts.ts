import type { SpaceId } from '../spaces/types';
import { allWeightSpecs, SURROGATE_FORMAT, SURROGATE_VERSION, weightSize, type SurrogateArchitecture, type SurrogateConfig } from './config';
import { encodingSpecOf } from './encode-cells';

/** The two files of a saved model: model.json (text) and weights.bin (float32 little-endian). */
export interface SurrogateFiles {
  readonly modelJson: string;
  readonly weightsBin: Uint8Array;
}

/** model.json = the config plus the byte length of weights.bin. */
interface ModelJson extends SurrogateConfig {
  readonly weightsByteLength: number;
}

export function serializeSurrogate(config: SurrogateConfig, weights: Float32Array): SurrogateFiles {
  const expected = config.weights.reduce((s, w) => s + weightSize(w), 0);
  if (weights.length !== expected) throw new Error(`weights hold ${weights.length} values, the config lays out ${expected}`);
  const bytes = new Uint8Array(weights.length * 4);
  const view = new DataView(bytes.buffer);
  weights.forEach((v, i) => view.setFloat32(i * 4, v, true));
  const json: ModelJson = { ...config, weightsByteLength: bytes.length };
  return { modelJson: JSON.stringify(json, null, 1), weightsBin: bytes };
}

export class SurrogateFormatError extends Error {
  override readonly name = 'SurrogateFormatError';
}

/**
 * Reads and checks model.json + weights.bin. Every mismatch (format, space, encoding, layout,
 * byte length, non-finite values) throws a SurrogateFormatError that says what was expected.
 */
export function parseSurrogate(model: string | unknown, weightsBin: Uint8Array | ArrayBuffer): { config: SurrogateConfig; weights: Float32Array } {
  let json: unknown = model;
  if (typeof model === 'string') {
    try {
      json = JSON.parse(model);
    } catch (err) {
      throw new SurrogateFormatError(`model.json is not valid JSON: ${(err as Error).message}`);
    }
  }
  const config = checkConfig(json);
  const bytes = weightsBin instanceof Uint8Array ? weightsBin : new Uint8Array(weightsBin);
  const values = config.weights.reduce((s, w) => s + weightSize(w), 0);
  const declared = (json as ModelJson).weightsByteLength;
  if (declared !== undefined && declared !== values * 4) {
    throw new SurrogateFormatError(`model.json declares ${declared} weight bytes but its layout needs ${values * 4}`);
  }
  if (bytes.length !== values * 4) {
    const what = bytes.length < values * 4 ? 'truncated' : 'too long';
    throw new SurrogateFormatError(`weights.bin is ${what}: ${bytes.length} bytes, the model needs ${values * 4} (${values} float32 values)`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const weights = new Float32Array(values);
  let offset = 0;
  for (const spec of config.weights) {
    const size = weightSize(spec);
    for (let i = 0; i < size; i++) {
      const v = view.getFloat32((offset + i) * 4, true);
      if (!Number.isFinite(v)) throw new SurrogateFormatError(`weights.bin is corrupt: ${spec.name} holds a non-finite value at index ${i}`);
      weights[offset + i] = v;
    }
    offset += size;
  }
  return { config, weights };
}

function fail(message: string): never {
  throw new SurrogateFormatError(`model.json: ${message}`);
}

function positiveInt(value: unknown, what: string): number {
  if (!(typeof value === 'number' && Number.isInteger(value) && value > 0)) fail(`${what} must be a positive integer, found ${JSON.stringify(value)}`);
  return value as number;
}

function checkConfig(json: unknown): SurrogateConfig {
  if (typeof json !== 'object' || json === null) fail('expected an object');
  const c = json as Record<string, unknown>;
  if (c.format !== SURROGATE_FORMAT) fail(`format must be '${SURROGATE_FORMAT}', found ${JSON.stringify(c.format)}`);
  if (c.version !== SURROGATE_VERSION) fail(`version ${JSON.stringify(c.version)} is not supported (this build reads version ${SURROGATE_VERSION})`);
  if (c.space !== 'nb101' && c.space !== 'nb201' && c.space !== 'darts') fail(`space must be nb101, nb201 or darts, found ${JSON.stringify(c.space)}`);
  const space = c.space as SpaceId;
  const expected = encodingSpecOf(space);
  const enc = c.encoding as Record<string, unknown> | undefined;
  for (const key of ['graphs', 'nodes', 'features'] as const) {
    if (enc?.[key] !== expected[key]) fail(`encoding.${key} is ${JSON.stringify(enc?.[key])}, ${space} cells encode with ${expected[key]}`);
  }
  if (c.preprocess !== 'none' && c.preprocess !== 'nb201-live-edges') fail(`unknown preprocess ${JSON.stringify(c.preprocess)}`);
  if (c.preprocess === 'nb201-live-edges' && space !== 'nb201') fail(`preprocess 'nb201-live-edges' applies to nb201 only`);
  if (c.fixedAdjacency !== undefined) {
    const a = c.fixedAdjacency;
    if (!Array.isArray(a) || a.length !== expected.nodes * expected.nodes || a.some((v) => v !== 0 && v !== 1)) {
      fail(`fixedAdjacency must be ${expected.nodes * expected.nodes} zeros and ones`);
    }
  }
  const arch = c.architecture as Record<string, unknown> | undefined;
  if (!arch) fail('architecture is missing');
  const architecture: SurrogateArchitecture = {
    hidden: positiveInt(arch.hidden, 'architecture.hidden'),
    layers: positiveInt(arch.layers, 'architecture.layers'),
    headHidden: positiveInt(arch.headHidden, 'architecture.headHidden'),
    tiers: arch.tiers === 0 ? 0 : positiveInt(arch.tiers, 'architecture.tiers'),
    pooling: arch.pooling === 'sum' || arch.pooling === 'mean' ? arch.pooling : fail(`architecture.pooling must be 'sum' or 'mean'`),
  };
  const members = positiveInt(c.members, 'members');
  const scales = c.memberScales;
  if (!Array.isArray(scales) || scales.length !== members) fail(`memberScales must list ${members} {mean, std}`);
  for (const s of scales) {
    if (!(Number.isFinite(s?.mean) && Number.isFinite(s?.std) && s.std > 0))
      fail(`memberScales entries need a finite mean and a positive std, found ${JSON.stringify(s)}`);
  }
  const layout = allWeightSpecs(expected, architecture, members);
  const given = c.weights;
  if (!Array.isArray(given) || given.length !== layout.length)
    fail(`weights must list ${layout.length} tensors for this architecture, found ${Array.isArray(given) ? given.length : 'none'}`);
  layout.forEach((spec, i) => {
    const g = given[i] as { name?: unknown; shape?: unknown };
    if (g?.name !== spec.name || JSON.stringify(g.shape) !== JSON.stringify(spec.shape)) {
      fail(`weight ${i} should be ${spec.name} ${JSON.stringify(spec.shape)}, found ${JSON.stringify(g?.name)} ${JSON.stringify(g?.shape)}`);
    }
  });
  return { ...(c as unknown as SurrogateConfig), encoding: expected, architecture, weights: layout };
}
