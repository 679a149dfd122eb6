// Messages between the editor and the loop thread (src/worker/loop-thread.ts), which runs a closed
// loop's rounds — fits and suggestions included — off the extension host's thread.
import type { LoopEvent, LoopState } from '../core/loop/loop-types';

export type LoopThreadRequest =
  | { readonly type: 'run'; readonly workspace: string; readonly loopId: string; readonly schedulerMs?: number }
  /** Stop following: the thread ends its loop at the next step and answers `end` (the loop stays resumable). */
  | { readonly type: 'stop' };

export interface LoopProgress {
  readonly roundsStarted: number;
  readonly rounds: number;
  /** Cells of this loop with a measured value. */
  readonly measured: number;
  readonly metric?: string;
  /** The best measured mean among them. */
  readonly best?: number;
}

export type LoopThreadMessage =
  | { readonly type: 'event'; readonly event: LoopEvent }
  | { readonly type: 'progress'; readonly progress: LoopProgress }
  | { readonly type: 'end'; readonly state: LoopState }
  | { readonly type: 'error'; readonly message: string };
