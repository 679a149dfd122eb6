// The argument of `nasLens.runLoop` (the choices its inputs otherwise ask for), checked as untrusted
// input, and the one line a loop's progress reads as. vscode-free.
import { formatMeasured } from '../../shared/format';
import { BACKEND_KINDS, type BackendKind } from '../../core/runs/runs-config';
import { isSpaceId } from '../../core/spaces';
import type { SpaceId } from '../../core/spaces/types';
import { ACQUISITION_NAMES, type AcquisitionName } from '../../core/suggest/acquisition';
import type { LoopProgress } from '../../protocol/loop-thread';
import { RUN_LIMITS } from './run-settings';
import { ownValue, ownWholeNumber } from '../../shared/own-args';

export interface RunLoopArgs {
  readonly space: SpaceId;
  readonly rounds: number;
  readonly batch: number;
  readonly seeds: number;
  readonly acquisition: AcquisitionName;
  readonly backend: BackendKind;
  /** Random cells of the first round when fewer are measured (default: batch). */
  readonly initial?: number;
  /** The loop's seed (default 0). */
  readonly seed?: number;
  /** Candidate cells each round scores. */
  readonly searchBudget?: number;
}

export function parseRunLoopArgs(raw: unknown): RunLoopArgs | { readonly problem: string } {
  if (typeof raw !== 'object' || raw === null) return { problem: 'expected { space, rounds, batch, seeds, acquisition, backend }' };
  const v = raw as Record<string, unknown>;
  const space = ownValue(v, 'space');
  if (!isSpaceId(space)) return { problem: `unknown space ${JSON.stringify(space)}` };
  const rounds = ownWholeNumber(v, 'rounds', RUN_LIMITS.rounds.min, RUN_LIMITS.rounds.max);
  const batch = ownWholeNumber(v, 'batch', RUN_LIMITS.batch.min, RUN_LIMITS.batch.max);
  const seeds = ownWholeNumber(v, 'seeds', RUN_LIMITS.seeds.min, RUN_LIMITS.seeds.max);
  if (rounds === undefined || batch === undefined || seeds === undefined) return { problem: 'rounds, batch and seeds must be whole numbers in their limits' };
  const acquisition = ownValue(v, 'acquisition');
  if (!(ACQUISITION_NAMES as readonly unknown[]).includes(acquisition)) return { problem: `acquisition must be one of ${ACQUISITION_NAMES.join(', ')}` };
  const backend = ownValue(v, 'backend');
  if (!(BACKEND_KINDS as readonly unknown[]).includes(backend)) return { problem: `backend must be one of ${BACKEND_KINDS.join(', ')}` };
  const initial = ownWholeNumber(v, 'initial', 1, RUN_LIMITS.batch.max * 10);
  const seed = ownWholeNumber(v, 'seed', 0, 2 ** 31 - 1);
  const searchBudget = ownWholeNumber(v, 'searchBudget', 10, 1_000_000);
  return {
    space,
    rounds,
    batch,
    seeds,
    acquisition: acquisition as AcquisitionName,
    backend: backend as BackendKind,
    ...(initial !== undefined ? { initial } : {}),
    ...(seed !== undefined ? { seed } : {}),
    ...(searchBudget !== undefined ? { searchBudget } : {}),
  };
}

/** "round 2/5 · 12 cells measured · best test_acc 93.12". */
export function describeLoopProgress(p: LoopProgress): string {
  const parts = [`round ${p.roundsStarted}/${p.rounds}`, `${p.measured} cell${p.measured === 1 ? '' : 's'} measured`];
  if (p.best !== undefined) parts.push(`best ${p.metric ?? ''} ${formatMeasured(p.best)}`.replace('  ', ' '));
  return parts.join(' · ');
}
