import type { FittedModelCard } from '../core/fit/card';
import { fitSurrogate } from '../core/fit/fit';
import { FitCancelledError, type FitProgress } from '../core/fit/types';
import { isSpaceId } from '../core/spaces';
import { writeFittedModel } from '../node/fit-files';
import { loadFitPrior, readPriorSource } from '../node/fit-prior';
import { initTfBackend } from '../node/tf-backend';
import type { FitRequest } from '../protocol/worker';

export interface FitSessionOptions {
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: FitProgress) => void;
}

/** Runs one fit request in this thread: reads the prior and its sources, fits, writes the model folder. Throws FitCancelledError on cancel. */
export async function runFitSession(request: FitRequest, options: FitSessionOptions = {}): Promise<{ dir: string; card: FittedModelCard }> {
  checkFitRequest(request);
  const backend = await initTfBackend();
  const space = request.measured[0].space;
  const prior = request.priorDir ? await loadFitPrior(request.priorDir) : undefined;
  const priorSources = await Promise.all((request.priorSources ?? []).map((s) => readPriorSource(s.file, s.target, space)));
  const interval = request.progressIntervalMs ?? 100;
  let last = -Infinity;
  const outcome = await fitSurrogate(
    request.measured,
    {
      ...(prior ? { prior } : {}),
      priorSources,
      ...(request.folds !== undefined ? { folds: request.folds } : {}),
      ...(request.seed !== undefined ? { seed: request.seed } : {}),
      ...(request.recipe ? { recipe: request.recipe } : {}),
      // process.cpuUsage covers every thread of the process: the host's share is in it too.
      clock: {
        wallMs: () => performance.now(),
        cpuMs: () => {
          const c = process.cpuUsage();
          return (c.user + c.system) / 1000;
        },
      },
    },
    (p) => {
      const now = performance.now();
      if (p.kind === 'epoch' && p.fraction < 1 && now - last < interval) return;
      last = now;
      options.onProgress?.(p);
    },
    options.signal,
  );
  if (options.signal?.aborted) throw new FitCancelledError();
  const card = await writeFittedModel(request.outDir, outcome, {
    name: request.name,
    files: request.files ?? [],
    ...(request.nb101SpaceFile ? { nb101SpaceFile: request.nb101SpaceFile } : {}),
    backend: backend.backend,
  });
  return { dir: request.outDir, card };
}

function checkFitRequest(request: FitRequest): void {
  const bad = (why: string): never => {
    throw new Error(`bad fit request: ${why}`);
  };
  if (!request || typeof request !== 'object') bad('expected an object');
  if (!Array.isArray(request.measured) || request.measured.length === 0) bad('measured must be a non-empty array of measured cells');
  if (!isSpaceId(request.measured[0]?.space)) bad(`unknown space ${JSON.stringify(request.measured[0]?.space)}`);
  if (typeof request.outDir !== 'string' || !request.outDir) bad('outDir is missing');
  if (typeof request.name !== 'string' || !request.name) bad('name is missing');
  if (request.priorDir !== undefined && typeof request.priorDir !== 'string') bad('priorDir must be a folder path');
  if (request.priorSources !== undefined && !Array.isArray(request.priorSources)) bad('priorSources must be an array of { file, target }');
}
