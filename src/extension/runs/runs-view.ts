// The Runs view: a tree in the Explorer, one node per run (newest first) and one per task under it,
// live while the runs are followed; a task's node opens its log, the menus cancel and retry.
import { existsSync, statSync } from 'node:fs';
import * as vscode from 'vscode';
import type { TaskView } from '../../node/runs/run';
import type { RunSnapshot, RunsFollower } from './runs-follower';
import { logOf, runRow, taskRow, type Row } from './runs-rows';

export type RunsNode = { readonly kind: 'run'; readonly run: RunSnapshot } | { readonly kind: 'task'; readonly run: RunSnapshot; readonly task: TaskView };

export class RunsTree implements vscode.TreeDataProvider<RunsNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<RunsNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private snapshot: RunSnapshot[] = [];
  private ticker: ReturnType<typeof setInterval> | undefined;
  private readonly unsubscribe: () => void;

  constructor(private readonly follower: RunsFollower) {
    this.unsubscribe = follower.onChange(() => this.refresh());
    this.refresh();
  }

  /** Reads the runs again and redraws; while a task is running the elapsed times tick every second. */
  refresh(): void {
    this.snapshot = this.follower.snapshots();
    const live = this.snapshot.some((r) => r.status === 'active');
    if (live && !this.ticker) this.ticker = setInterval(() => this.changed.fire(undefined), 1000);
    if (!live && this.ticker) {
      clearInterval(this.ticker);
      this.ticker = undefined;
    }
    this.changed.fire(undefined);
  }

  runs(): readonly RunSnapshot[] {
    return this.snapshot;
  }

  /** What the view shows now, as rows (for the tests and the log). */
  rows(): { run: Row; tasks: Row[] }[] {
    const now = Date.now();
    return this.snapshot.map((r) => ({ run: runRow(r), tasks: r.tasks.map((t) => taskRow(t, r.request.seeds.length, now)) }));
  }

  getChildren(node?: RunsNode): RunsNode[] {
    if (!node) return this.snapshot.map((run) => ({ kind: 'run', run }));
    if (node.kind === 'run') {
      const run = this.snapshot.find((r) => r.id === node.run.id) ?? node.run;
      return run.tasks.map((task) => ({ kind: 'task', run, task }));
    }
    return [];
  }

  getTreeItem(node: RunsNode): vscode.TreeItem {
    if (node.kind === 'run') {
      const row = runRow(node.run);
      const item = new vscode.TreeItem(
        row.label,
        node.run.status === 'active' ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed,
      );
      return Object.assign(item, {
        id: `run:${node.run.id}`,
        description: row.description,
        tooltip: row.tooltip,
        iconPath: icon(row, node.run.status),
        contextValue: row.contextValue,
      });
    }
    const row = taskRow(node.task, node.run.request.seeds.length, Date.now());
    const item = new vscode.TreeItem(row.label, vscode.TreeItemCollapsibleState.None);
    const log = vscode.Uri.file(logOf(node.task, (f) => existsSync(f) && statSync(f).size > 0));
    return Object.assign(item, {
      id: `task:${node.run.id}:${node.task.task}`,
      description: row.description,
      tooltip: row.tooltip,
      iconPath: icon(row, node.task.status),
      contextValue: row.contextValue,
      resourceUri: undefined,
      command: { command: 'vscode.open', title: 'Open the log', arguments: [log, { preview: true }] },
    });
  }

  dispose(): void {
    this.unsubscribe();
    if (this.ticker) clearInterval(this.ticker);
    this.changed.dispose();
  }
}

function icon(row: Row, status: string): vscode.ThemeIcon {
  const color = status === 'done' ? 'testing.iconPassed' : status === 'failed' ? 'testing.iconFailed' : undefined;
  return new vscode.ThemeIcon(row.icon, color ? new vscode.ThemeColor(color) : undefined);
}
