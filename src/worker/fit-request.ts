// The fit request both faces send (`nas-lens fit` and the editor's "Fit the surrogate to my results"):
// the model's name, its folder, the NB-101 space file, the defaults — one place, so the two faces fit alike.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { MeasuredCell } from '../core/results/types';
import type { SpaceId } from '../core/spaces/types';
import { fittedModelDir } from '../node/fit-files';
import { defaultDataDir } from '../node/paths';
import type { FitRequest } from '../protocol/worker';

export interface FitPlanInput {
  readonly space: SpaceId;
  /** The measured cells of the space and the metric they were joined by. */
  readonly measured: readonly MeasuredCell[];
  readonly metric: string;
  /** The results files, as the card should name them. */
  readonly files: readonly string[];
  /** The workspace (or working directory) whose .nas-lens/models/ receives the model. */
  readonly root: string;
  /** The model the space ranks with today: compared as it is, and the warm start. */
  readonly priorDir: string;
  /** Default: the metric as a folder-safe name. */
  readonly name?: string;
  /** Default: .nas-lens/models/<space>-<name> under root. */
  readonly outDir?: string;
  readonly folds?: number;
  readonly epochs?: number;
  /** Networks in the ensemble (at least 3; default the recipe's). */
  readonly members?: number;
  readonly seed: number;
  readonly progressIntervalMs?: number;
}

/** A metric name as a model name: characters a folder name may not hold become '-'. */
export function fittedModelName(metric: string): string {
  const name = metric.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[^A-Za-z0-9]+/, '');
  return (name || 'fitted').slice(0, 64);
}

/** The fit request of a plan; throws a message naming what is missing (the prior, NB-101's space file). */
export function fitRequestOf(plan: FitPlanInput): FitRequest & { readonly priorDir: string } {
  const name = plan.name ?? fittedModelName(plan.metric);
  const outDir = resolve(plan.outDir ?? fittedModelDir(plan.root, plan.space, name));
  const priorDir = resolve(plan.priorDir);
  if (!existsSync(join(priorDir, 'model.json'))) throw new Error(`no prior model in ${priorDir} (model.json missing); pass --prior DIR`);
  let nb101SpaceFile: string | undefined;
  if (plan.space === 'nb101') {
    nb101SpaceFile = join(defaultDataDir(), 'nb101_space.csv.gz');
    if (!existsSync(nb101SpaceFile)) {
      throw new Error(`an NB-101 model is calibrated over the whole space: ${nb101SpaceFile} is missing (set NAS_LENS_DATA to the folder that holds it)`);
    }
  }
  const recipe = { ...(plan.epochs !== undefined ? { epochs: plan.epochs } : {}), ...(plan.members !== undefined ? { members: plan.members } : {}) };
  return {
    measured: plan.measured,
    priorDir,
    ...(plan.folds !== undefined ? { folds: plan.folds } : {}),
    seed: plan.seed,
    ...(Object.keys(recipe).length ? { recipe } : {}),
    outDir,
    name,
    files: plan.files,
    ...(nb101SpaceFile ? { nb101SpaceFile } : {}),
    ...(plan.progressIntervalMs !== undefined ? { progressIntervalMs: plan.progressIntervalMs } : {}),
  };
}
