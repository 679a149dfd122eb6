// The worker's suggest request (src/protocol/worker.ts SuggestRequest): checked, then what
// `nas-lens suggest` does — src/core/suggest/fit-and-suggest.ts — with progress and cancel.
import { FitCancelledError } from '../core/fit/types';
import { isSpaceId } from '../core/spaces';
import { ACQUISITION_NAMES } from '../core/suggest/acquisition';
import { fitAndSuggest } from '../core/suggest/fit-and-suggest';
import { loadFitPrior } from '../node/fit-prior';
import { initTfBackend } from '../node/tf-backend';
import type { SuggestProgress, SuggestReply, SuggestRequest } from '../protocol/worker';

export interface SuggestSessionOptions {
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: SuggestProgress) => void;
}

/** Most cells one request may ask for, and most candidates it may score. */
export const SUGGEST_LIMITS = { count: 1000, budget: 1_000_000, measured: 1_000_000, exclude: 100_000 } as const;

/** Runs one suggest request in this thread. Throws FitCancelledError on cancel, a 'bad suggest request' error on a malformed one. */
export async function runSuggestSession(request: SuggestRequest, options: SuggestSessionOptions = {}): Promise<SuggestReply> {
  checkSuggestRequest(request);
  await initTfBackend();
  const given = request.modelDir !== undefined ? await loadFitPrior(request.modelDir) : undefined;
  const prior = !given && request.priorDir !== undefined ? await loadFitPrior(request.priorDir) : undefined;
  const interval = request.progressIntervalMs ?? 100;
  let last = -Infinity;
  const post = (progress: SuggestProgress, force: boolean) => {
    const now = performance.now();
    if (!force && now - last < interval) return;
    last = now;
    options.onProgress?.(progress);
  };
  const constraints = request.constraints;
  const reply = await fitAndSuggest(request.measured, {
    space: request.space,
    ...(given ? { model: given } : {}),
    ...(prior ? { prior } : {}),
    count: request.count,
    ...(request.acquisition !== undefined ? { acquisition: request.acquisition } : {}),
    ...(request.kappa !== undefined ? { kappa: request.kappa } : {}),
    ...(request.minDistance !== undefined ? { minDistance: request.minDistance } : {}),
    ...(constraints ? { constraints } : {}),
    ...(request.start ? { start: request.start } : {}),
    ...(request.exclude ? { exclude: request.exclude } : {}),
    ...(request.budget !== undefined ? { budget: request.budget } : {}),
    ...(request.seed !== undefined ? { seed: request.seed } : {}),
    ...(request.recipe ? { recipe: request.recipe } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
    onFitProgress: (fit) => post({ stage: 'fit', fit }, fit.kind === 'fold' || fit.fraction >= 1),
    onProgress: (p) => post({ stage: 'search', evaluated: p.evaluated, budget: p.budget }, p.evaluated >= p.budget),
  });
  if (options.signal?.aborted) throw new FitCancelledError();
  return reply;
}

/** Throws 'bad suggest request: …' naming the first field that is wrong. */
export function checkSuggestRequest(request: SuggestRequest): void {
  const bad = (why: string): never => {
    throw new Error(`bad suggest request: ${why}`);
  };
  if (!request || typeof request !== 'object') bad('expected an object');
  if (!isSpaceId(request.space)) bad(`unknown space ${JSON.stringify(request.space)}`);
  if (!Array.isArray(request.measured)) bad('measured must be an array of measured cells');
  if (request.measured.length > SUGGEST_LIMITS.measured) bad(`more than ${SUGGEST_LIMITS.measured} measured cells`);
  const wrong = request.measured.findIndex((m) => !m || typeof m !== 'object' || m.space !== request.space || !Number.isFinite(m.mean));
  if (wrong >= 0) bad(`measured[${wrong}] is not a measured ${request.space} cell with a finite mean`);
  if (request.modelDir === undefined && request.measured.length === 0) bad('no measured cell to fit an ensemble to (or give modelDir)');
  if (!Number.isInteger(request.count) || request.count < 1 || request.count > SUGGEST_LIMITS.count)
    bad(`count must be a whole number from 1 to ${SUGGEST_LIMITS.count}, got ${JSON.stringify(request.count)}`);
  if (request.acquisition !== undefined && !ACQUISITION_NAMES.includes(request.acquisition))
    bad(`acquisition must be one of ${ACQUISITION_NAMES.join(', ')}, got ${JSON.stringify(request.acquisition)}`);
  if (request.kappa !== undefined && !(typeof request.kappa === 'number' && Number.isFinite(request.kappa) && request.kappa >= 0))
    bad(`kappa must be a finite number ≥ 0, got ${JSON.stringify(request.kappa)}`);
  if (request.minDistance !== undefined && !(Number.isInteger(request.minDistance) && request.minDistance >= 0))
    bad(`minDistance must be a whole number ≥ 0, got ${JSON.stringify(request.minDistance)}`);
  if (request.budget !== undefined && !(Number.isInteger(request.budget) && request.budget >= 1 && request.budget <= SUGGEST_LIMITS.budget))
    bad(`budget must be a whole number from 1 to ${SUGGEST_LIMITS.budget}, got ${JSON.stringify(request.budget)}`);
  if (request.seed !== undefined && !Number.isInteger(request.seed)) bad(`seed must be a whole number, got ${JSON.stringify(request.seed)}`);
  if (request.start !== undefined && (!request.start || request.start.space !== request.space)) bad(`start must be a ${request.space} cell`);
  if (request.exclude !== undefined && (!Array.isArray(request.exclude) || request.exclude.length > SUGGEST_LIMITS.exclude))
    bad(`exclude must be an array of at most ${SUGGEST_LIMITS.exclude} cells`);
  if (request.modelDir !== undefined && (typeof request.modelDir !== 'string' || !request.modelDir)) bad('modelDir must be a folder path');
  if (request.priorDir !== undefined && (typeof request.priorDir !== 'string' || !request.priorDir)) bad('priorDir must be a folder path');
  const c = request.constraints;
  if (c !== undefined) {
    if (!c || typeof c !== 'object') bad('constraints must be an object');
    for (const k of ['maxParams', 'maxFlops'] as const)
      if (c[k] !== undefined && !(typeof c[k] === 'number' && c[k] > 0)) bad(`constraints.${k} must be a positive number, got ${JSON.stringify(c[k])}`);
  }
}
