// A search request as the worker receives it, checked before anything runs: a bad request is refused
// with what is wrong and what would be valid.
import { DATASET_IDS, isDatasetId } from '../core/catalog';
import { isStrategyName, STRATEGY_NAMES, type StrategyName } from '../core/search';
import { isSpaceId, searchSpaceOf } from '../core/spaces';
import { hasErrors } from '../core/spaces/types';
import type { SearchRequest } from '../protocol/worker';

/** A request that has passed checkSearchRequest. */
export type CheckedSearchRequest = SearchRequest & { readonly strategy: StrategyName };

/** Throws `bad search request: …` unless the request can run. */
export function checkSearchRequest(request: SearchRequest): asserts request is CheckedSearchRequest {
  const bad = (why: string): never => {
    throw new Error(`bad search request: ${why}`);
  };
  if (!request || typeof request !== 'object') bad('expected an object');
  if (!isSpaceId(request.space)) bad(`unknown space ${JSON.stringify(request.space)}; use nb101, nb201 or darts`);
  if (!isDatasetId(request.dataset)) bad(`unknown dataset ${JSON.stringify(request.dataset)}; use ${DATASET_IDS.join(', ')}`);
  if (!isStrategyName(request.strategy)) bad(`unknown strategy ${JSON.stringify(request.strategy)}; use one of ${STRATEGY_NAMES.join(', ')}`);
  if (request.mode !== 'surrogate') bad(`unsupported mode ${JSON.stringify(request.mode)}`);
  if (typeof request.modelDir !== 'string' || !request.modelDir) bad('modelDir is missing');
  if (!(request.budget >= 1)) bad(`budget must be at least 1, got ${request.budget}`);
  if (!(request.timeMs >= 0)) bad(`timeMs must be a non-negative number, got ${request.timeMs}`);
  if (!Number.isFinite(request.seed)) bad(`seed must be a number, got ${request.seed}`);
  if (!(request.topK >= 1)) bad(`topK must be at least 1, got ${request.topK}`);
  if (request.start) {
    if (request.start.space !== request.space) bad(`the start cell is a ${request.start.space} cell, the search is over ${request.space}`);
    const issues = searchSpaceOf(request.space).validate(request.start);
    if (hasErrors(issues)) {
      bad(
        `the start cell is invalid: ${issues
          .filter((i) => i.severity === 'error')
          .map((i) => i.message)
          .join('; ')}`,
      );
    }
  }
}
