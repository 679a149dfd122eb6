// The runs of the workspace in the editor: the follower (I/O polling on the extension host), the
// Runs view, and the commands that start, cancel and retry runs. Runs live in the first workspace
// folder's .nas-lens/runs/, which the CLI shares.
import * as vscode from 'vscode';
import { RunStore } from '../../node/runs/run-store';
import { trainingSetup, type TrainingOptions, type TrainingSetup } from '../../node/runs/training-setup';
import type { Run } from '../../node/runs/run';
import { SECTION } from '../settings';
import { RUNS_VIEW } from '../command-ids';
import type { Ctx } from '../ctx';
import { RunsFollower } from './runs-follower';
import { RunsTree, type RunsNode } from './runs-view';
import { trainingOptionsOf, UNTRUSTED_RUNS_MESSAGE, type RunConfigKey } from './run-settings';

export class RunsController implements vscode.Disposable {
  readonly follower: RunsFollower | undefined;
  readonly tree: RunsTree | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly ctx: Ctx) {
    const folder = workspaceFolder();
    if (folder) {
      this.follower = new RunsFollower(new RunStore(folder.uri.fsPath), { onProblem: (m) => ctx.log.warn(m) });
      this.tree = new RunsTree(this.follower);
      this.disposables.push(this.tree, vscode.window.createTreeView(RUNS_VIEW, { treeDataProvider: this.tree, showCollapseAll: true }));
      // Following runs submits and starts their tasks: only where the workspace is trusted (a reload reattaches then).
      if (vscode.workspace.isTrusted) this.follower.start();
      else this.disposables.push(vscode.workspace.onDidGrantWorkspaceTrust(() => this.follower?.start()));
    }
  }

  /** The refusal when runs may not start here (untrusted, no folder), else undefined. */
  refusal(): string | undefined {
    if (!vscode.workspace.isTrusted) return UNTRUSTED_RUNS_MESSAGE;
    if (!this.follower) return 'NAS Lens trains in a workspace folder on disk: open a folder first.';
    return undefined;
  }

  /** How to train, from the settings with nas-lens.runs.json for what they leave unset. */
  setup(overrides: Partial<TrainingOptions> = {}): TrainingSetup {
    const folder = workspaceFolder();
    if (!folder) throw new Error('no workspace folder on disk');
    const c = vscode.workspace.getConfiguration(SECTION, folder.uri);
    const read = (key: RunConfigKey) => {
      const i = c.inspect(key);
      return i?.workspaceFolderValue ?? i?.workspaceValue ?? i?.globalValue;
    };
    const { options, problems } = trainingOptionsOf(read, folder.uri.fsPath);
    for (const p of problems) this.ctx.log.warn(p);
    return trainingSetup({ ...options, ...overrides }, (w) => this.ctx.log.warn(w), 'set nasLens.runs.command');
  }

  /** Follows a run made here and shows it. */
  async started(run: Run): Promise<void> {
    void this.follower?.follow(run);
    this.tree?.refresh();
    await vscode.commands.executeCommand(`${RUNS_VIEW}.focus`).then(undefined, () => undefined);
  }

  async cancel(node?: unknown): Promise<void> {
    const target = await this.pick(node, 'active', 'Cancel which run?');
    if (!target || !this.follower) return;
    await this.follower.cancel(target.runId, target.task !== undefined ? [target.task] : undefined);
  }

  async retry(node?: unknown): Promise<number> {
    const target = await this.pick(node, 'failed', 'Retry the failed tasks of which run?');
    if (!target || !this.follower) return 0;
    const refused = this.refusal();
    if (refused) {
      void vscode.window.showErrorMessage(refused);
      return 0;
    }
    return this.follower.retry(target.runId, target.task !== undefined ? [target.task] : undefined);
  }

  /** A tree node, `{ runId, task? }`, or a quick pick among the runs that have something to cancel or retry. */
  private async pick(node: unknown, want: 'active' | 'failed', title: string): Promise<{ runId: string; task?: number } | undefined> {
    const tree = node as RunsNode | undefined;
    if (tree?.kind === 'run') return { runId: tree.run.id };
    if (tree?.kind === 'task') return { runId: tree.run.id, task: tree.task.task };
    const given = node as { runId?: unknown; task?: unknown } | undefined;
    if (typeof given?.runId === 'string') return { runId: given.runId, ...(typeof given.task === 'number' ? { task: given.task } : {}) };
    const runs = (this.follower?.snapshots() ?? []).filter((r) => (want === 'active' ? r.status === 'active' : r.counts.failed + r.counts.cancelled > 0));
    if (!runs.length) {
      void vscode.window.showInformationMessage(`NAS Lens: no run has ${want === 'active' ? 'tasks to cancel' : 'failed tasks'}.`);
      return undefined;
    }
    const picked = await vscode.window.showQuickPick(
      runs.map((r) => ({ label: r.id, description: `${r.request.cells.length} cells · ${r.request.backend}`, runId: r.id })),
      { title: `NAS Lens: ${title}` },
    );
    return picked ? { runId: picked.runId } : undefined;
  }

  dispose(): void {
    this.follower?.dispose();
    for (const d of this.disposables) d.dispose();
  }
}

export function workspaceFolder(): vscode.WorkspaceFolder | undefined {
  return vscode.workspace.workspaceFolders?.find((f) => f.uri.scheme === 'file');
}
