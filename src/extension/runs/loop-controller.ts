// "NAS Lens: Run loop": rounds of fit → suggest → train. The loop runs in a worker thread (its fits
// and suggestions never touch the extension host's thread); its runs appear in the Runs view like
// any other; a notification shows round i/R, the cells measured and the best so far. Cancel in the
// notification stops the loop for good and cancels the jobs of its current round; a window reload
// only stops following, and the next window resumes every loop still running.
import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import * as vscode from 'vscode';
import { SPACE_SHORT_LABELS } from '../../core/catalog';
import type { LoopState } from '../../core/loop/loop-types';
import { BACKEND_KINDS, type BackendKind } from '../../core/runs/runs-config';
import { SPACE_IDS, type SpaceId } from '../../core/spaces/types';
import { ACQUISITION_NAMES, DEFAULT_KAPPA, type AcquisitionName } from '../../core/suggest/acquisition';
import { DEFAULT_MIN_DISTANCE, DEFAULT_SUGGEST_BUDGET } from '../../core/suggest/suggest';
import { createLoopFiles, loopIds, loopsRoot, readLoopState, writeLoopState } from '../../node/loop/loop-files';
import { loopRequestOf } from '../../node/loop/loop-request';
import type { LoopProgress, LoopThreadMessage, LoopThreadRequest } from '../../protocol/loop-thread';
import { spawnWorker } from '../../worker/spawn';
import { SECTION } from '../settings';
import type { Ctx } from '../ctx';
import { describeLoopProgress, parseRunLoopArgs, type RunLoopArgs } from './loop-args';
import { loopDefaultsOf, RUN_LIMITS, type RunConfigKey } from './run-settings';
import type { RunsController } from './runs-controller';

/** How long a closing window waits for a loop thread to stop at its next step before terminating it. */
const SUSPEND_GRACE_MS = 10_000;

interface Following {
  readonly worker: Worker;
  readonly ended: Promise<LoopState | undefined>;
  cancelled: boolean;
}

export class LoopController implements vscode.Disposable {
  private readonly following = new Map<string, Following>();
  /** The last progress each loop reported (what its notification shows). */
  readonly progress = new Map<string, LoopProgress>();
  private threadFile: string;

  constructor(
    private readonly ctx: Ctx,
    private readonly runs: RunsController,
  ) {
    this.threadFile = join(ctx.extensionPath, 'dist', 'loop-worker.js');
    if (vscode.workspace.isTrusted) this.resumeAll();
    else ctx.push(vscode.workspace.onDidGrantWorkspaceTrust(() => this.resumeAll()));
  }

  /** The workspace folder runs and loops live in. */
  private workspace(): string | undefined {
    return this.runs.follower?.store.workspace;
  }

  /** Resumes the loops a previous window left running (those followed here already are left alone). */
  resumeAll(): void {
    const workspace = this.workspace();
    if (!workspace) return;
    for (const id of loopIds(workspace)) {
      try {
        if (readLoopState(join(loopsRoot(workspace), id)).status === 'running') this.follow(id);
      } catch (error) {
        this.ctx.log.warn(`loop ${id}: ${(error as Error).message}`);
      }
    }
  }

  async runLoop(raw?: unknown): Promise<{ loopId?: string; refused?: string }> {
    const refused = this.runs.refusal();
    if (refused) {
      void vscode.window.showErrorMessage(refused);
      return { refused };
    }
    const workspace = this.workspace();
    if (!workspace) return { refused: 'no workspace folder' };
    const setup = this.runs.setup();
    const c = vscode.workspace.getConfiguration(SECTION);
    const defaults = loopDefaultsOf((key: RunConfigKey) => c.get(key));
    let args: RunLoopArgs | undefined;
    if (raw !== undefined) {
      const parsed = parseRunLoopArgs(raw);
      if ('problem' in parsed) throw new Error(`Run loop: ${parsed.problem}`);
      args = parsed;
    } else args = await this.ask(defaults, setup.backend, setup.seeds.length);
    if (!args) return { refused: 'cancelled' };
    const prior = this.ctx.models.locate(args.space, this.ctx.settings.dataset, { fitted: false });
    const loop = createLoopFiles(
      workspace,
      loopRequestOf(this.runs.setup({ backend: args.backend, seeds: Array.from({ length: args.seeds }, (_, i) => i) }), {
        space: args.space,
        rounds: args.rounds,
        batch: args.batch,
        ...(args.initial !== undefined ? { initial: args.initial } : {}),
        seed: args.seed ?? 0,
        acquisition: args.acquisition,
        kappa: DEFAULT_KAPPA,
        minDistance: DEFAULT_MIN_DISTANCE,
        searchBudget: args.searchBudget ?? DEFAULT_SUGGEST_BUDGET,
        dataset: this.ctx.settings.dataset,
        // The first fit warm-starts from the model the space ranks with (custom or bundled), as Suggest does.
        ...(prior ? { priorDir: prior.dir } : {}),
      }),
    );
    const id = loop.request.id;
    this.ctx.log.info(`loop ${id}: ${args.rounds} rounds × ${args.batch} cells × ${args.seeds} seeds on ${args.backend}; state in ${loop.dir}`);
    this.follow(id);
    return { loopId: id };
  }

  /** Resolves with the loop's state when its thread ends (undefined: it was not followed here). */
  ended(loopId: string): Promise<LoopState | undefined> {
    return this.following.get(loopId)?.ended ?? Promise.resolve(undefined);
  }

  /** Stops a loop for good and cancels the jobs of its current round. */
  async cancel(loopId: string): Promise<void> {
    const f = this.following.get(loopId);
    if (f) {
      f.cancelled = true;
      f.worker.postMessage({ type: 'stop' } satisfies LoopThreadRequest);
      await f.ended;
    }
    const workspace = this.workspace();
    if (!workspace) return;
    const dir = join(loopsRoot(workspace), loopId);
    const state = readLoopState(dir);
    if (state.status === 'running') writeLoopState(dir, { ...state, status: 'stopped', reason: 'cancelled in the editor' });
    const current = state.rounds.at(-1);
    if (current && this.runs.follower) await this.runs.follower.cancel(current.runId);
  }

  private follow(loopId: string): void {
    if (this.following.has(loopId)) return;
    const workspace = this.workspace();
    if (!workspace) return;
    const worker = spawnWorker({ file: this.threadFile });
    let progress: LoopProgress | undefined;
    let report: ((p: LoopProgress) => void) | undefined;
    const ended = new Promise<LoopState | undefined>((resolve) => {
      worker.on('message', (m: LoopThreadMessage) => {
        if (m.type === 'progress') {
          progress = m.progress;
          this.progress.set(loopId, m.progress);
          report?.(m.progress);
          this.runs.follower?.scan();
        } else if (m.type === 'event') {
          if (m.event.type === 'note') this.ctx.log.info(`loop ${loopId}: ${m.event.message}`);
          if (m.event.type === 'submitted') this.runs.follower?.scan();
        } else if (m.type === 'end') {
          resolve(m.state);
          void worker.terminate();
        } else {
          this.ctx.log.error(`loop ${loopId}`, m.message);
          void vscode.window.showErrorMessage(`NAS Lens: loop ${loopId}: ${m.message}`);
          resolve(undefined);
          void worker.terminate();
        }
      });
      worker.on('error', (error) => {
        this.ctx.log.error(`loop ${loopId}`, error);
        resolve(undefined);
      });
      worker.on('exit', () => resolve(undefined));
    });
    const f: Following = { worker, ended, cancelled: false };
    this.following.set(loopId, f);
    void ended.then((state) => {
      this.following.delete(loopId);
      if (!state || f.cancelled) return;
      const text = `NAS Lens: loop ${loopId} ${state.status}${state.reason ? `: ${state.reason}` : ''}${progress ? ` — ${describeLoopProgress(progress)}` : ''}`;
      if (state.status === 'done') void vscode.window.showInformationMessage(text);
      else if (state.status === 'stopped') void vscode.window.showWarningMessage(text);
    });
    worker.postMessage({ type: 'run', workspace, loopId } satisfies LoopThreadRequest);
    void vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `NAS Lens loop ${loopId}`, cancellable: true },
      async (p, token) => {
        let fraction = 0;
        report = (q) => {
          const now = q.rounds ? Math.min(1, q.roundsStarted / q.rounds) : 0;
          p.report({ message: describeLoopProgress(q), increment: Math.max(0, (now - fraction) * 100) });
          fraction = Math.max(fraction, now);
        };
        if (progress) report(progress);
        token.onCancellationRequested(() => void this.cancel(loopId));
        await ended;
      },
    );
  }

  /** The loop's choices, asked one after the other with the settings as defaults; undefined when the user backs out. */
  private async ask(defaults: ReturnType<typeof loopDefaultsOf>, backend: BackendKind, seeds: number): Promise<RunLoopArgs | undefined> {
    const active = vscode.window.activeTextEditor?.document;
    const spaceOfFile = active ? (await this.ctx.analyzer.analyze(active).catch(() => undefined))?.cells[0]?.parsed.space : undefined;
    const space = await vscode.window.showQuickPick(
      SPACE_IDS.map((s) => ({ label: SPACE_SHORT_LABELS[s], s, picked: s === spaceOfFile })).sort(
        (a, b) => Number(b.s === spaceOfFile) - Number(a.s === spaceOfFile),
      ),
      { title: 'NAS Lens loop: which space?' },
    );
    if (!space) return undefined;
    const rounds = await askNumber('rounds R', defaults.rounds, RUN_LIMITS.rounds);
    if (rounds === undefined) return undefined;
    const batch = await askNumber('cells per round K', defaults.batch, RUN_LIMITS.batch);
    if (batch === undefined) return undefined;
    const seedCount = await askNumber('seeds per cell S', seeds, RUN_LIMITS.seeds);
    if (seedCount === undefined) return undefined;
    const acquisition = await vscode.window.showQuickPick(
      [defaults.acquisition, ...ACQUISITION_NAMES.filter((a) => a !== defaults.acquisition)].map((a) => ({ label: a as AcquisitionName })),
      { title: 'NAS Lens loop: acquisition' },
    );
    if (!acquisition) return undefined;
    const kind = await vscode.window.showQuickPick(
      [backend, ...BACKEND_KINDS.filter((b) => b !== backend)].map((b) => ({ label: b })),
      {
        title: 'NAS Lens loop: where to train',
      },
    );
    if (!kind) return undefined;
    return { space: space.s as SpaceId, rounds, batch, seeds: seedCount, acquisition: acquisition.label, backend: kind.label };
  }

  /**
   * What a closing window does: the loop threads end; the loops stay `running` and the next window
   * resumes them. Each thread is asked to stop first, so that it leaves no run locked (a lock file
   * names the extension host's process, which lives on); one busy in a fit past the grace period is
   * terminated (a fit holds no lock).
   */
  async suspend(): Promise<void> {
    const threads = [...this.following.values()];
    this.following.clear();
    await Promise.all(
      threads.map(async (f) => {
        f.worker.postMessage({ type: 'stop' } satisfies LoopThreadRequest);
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([f.ended, new Promise((resolve) => (timer = setTimeout(resolve, SUSPEND_GRACE_MS)))]);
        clearTimeout(timer);
        await f.worker.terminate();
      }),
    );
  }

  dispose(): void {
    void this.suspend();
  }
}

async function askNumber(what: string, value: number, limits: { min: number; max: number }): Promise<number | undefined> {
  const text = await vscode.window.showInputBox({
    title: `NAS Lens loop: ${what}`,
    value: String(value),
    validateInput: (v) => {
      const n = Number(v);
      return Number.isInteger(n) && n >= limits.min && n <= limits.max ? undefined : `a whole number in [${limits.min}, ${limits.max}]`;
    },
  });
  return text === undefined ? undefined : Number(text);
}
