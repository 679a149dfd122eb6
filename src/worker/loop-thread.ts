// The loop thread: runs one closed loop (src/node/loop) — its fits, suggestions and the following of
// its runs — in a worker thread, reporting events and progress to the host; `stop` ends it at the next
// step, leaving the loop resumable.
import { existsSync, statSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import type { LoopState } from '../core/loop/loop-types';
import { LoopStore, type Loop } from '../node/loop/loop';
import { loadMeasuredOfSpace } from '../node/results/measured-of-space';
import { initTfBackend } from '../node/tf-backend';
import type { LoopProgress, LoopThreadMessage, LoopThreadRequest } from '../protocol/loop-thread';
import { errorMessage } from '../shared/errors';

const port = parentPort;
if (!port) throw new Error('loop-thread runs in a worker thread');
const stop = new AbortController();
const post = (message: LoopThreadMessage) => port.postMessage(message);

port.on('message', (request: LoopThreadRequest) => {
  if (request.type === 'stop') stop.abort();
  else void run(request).catch((error: unknown) => post({ type: 'error', message: errorMessage(error) }));
});

async function run(request: Extract<LoopThreadRequest, { type: 'run' }>): Promise<void> {
  await initTfBackend();
  const loop = new LoopStore(request.workspace).open(request.loopId);
  const report = (): void =>
    void progressOf(loop, loop.state()).then(
      (progress) => post({ type: 'progress', progress }),
      () => undefined,
    );
  post({ type: 'progress', progress: await progressOf(loop, loop.state()) });
  const state = await loop.run({
    signal: stop.signal,
    ...(request.schedulerMs !== undefined ? { schedulerMs: request.schedulerMs } : {}),
    onEvent: (event) => {
      post({ type: 'event', event });
      if (event.type === 'submitted' || event.type === 'round-end') report();
    },
    // Each result as it lands: the cells measured and the best so far move within a round too.
    onRun: (run) =>
      run.onEvent((event) => {
        if (event.type === 'result') report();
      }),
  });
  post({ type: 'progress', progress: await progressOf(loop, state) });
  post({ type: 'end', state });
}

/** The loop's own measured cells and the best of them, read from its results file. */
export async function progressOf(loop: Loop, state: LoopState): Promise<LoopProgress> {
  const r = loop.request;
  const base = { roundsStarted: state.rounds.length, rounds: r.rounds, measured: 0 };
  if (!existsSync(r.results) || statSync(r.results).size === 0) return base;
  try {
    const own = new Set(state.rounds.flatMap((round) => round.cells.map((c) => c.hash)));
    const loaded = await loadMeasuredOfSpace([r.results], { space: r.space, cwd: r.workspace, ...(r.metric !== undefined ? { metric: r.metric } : {}) });
    const mine = loaded.cells.filter((c) => own.has(c.hash));
    const best = mine.reduce<number | undefined>((b, c) => (b === undefined || c.mean > b ? c.mean : b), undefined);
    return { ...base, measured: mine.length, metric: loaded.metric, ...(best !== undefined ? { best } : {}) };
  } catch {
    return base;
  }
}
