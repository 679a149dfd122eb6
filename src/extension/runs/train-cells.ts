// "NAS Lens: Train these cells": the cells handed over as a TrainCellsArgs (Suggest, the search panel,
// the Results view), else the cells of the active file (those the selection touches, else picked)
// become one run with the training setup of the settings; its results land in the results file the
// editor already watches.
import * as vscode from 'vscode';
import { SPACE_SHORT_LABELS } from '../../core/catalog';
import { isNasDocument } from '../analysis/selector';
import type { Ctx } from '../ctx';
import { RUNS_VIEW } from '../command-ids';
import { lensSummary } from '../providers/describe';
import type { RunsController } from './runs-controller';
import { parseTrainCellsArgs, type TrainCellsArgs } from './train-cells-args';

export interface TrainOutcome {
  readonly runId?: string;
  /** Why nothing was started. */
  readonly refused?: string;
}

export async function trainCells(ctx: Ctx, runs: RunsController, raw?: unknown): Promise<TrainOutcome> {
  const refused = runs.refusal();
  if (refused) {
    void vscode.window.showErrorMessage(refused);
    return { refused };
  }
  let args: TrainCellsArgs | undefined;
  if (raw !== undefined) {
    const parsed = parseTrainCellsArgs(raw);
    if ('problem' in parsed) throw new Error(`Train these cells: ${parsed.problem}`);
    args = parsed;
  } else {
    args = await cellsOfActiveFile(ctx);
    if (!args) return { refused: 'no cells chosen' };
  }
  let setup;
  try {
    setup = runs.setup();
  } catch (error) {
    const message = (error as Error).message;
    void vscode.window.showErrorMessage(`NAS Lens: ${message}`, 'Open Settings').then((choice) => {
      if (choice) void vscode.commands.executeCommand('workbench.action.openSettings', 'nasLens.runs');
    });
    return { refused: message };
  }
  const store = runs.follower?.store;
  if (!store) return { refused: 'no workspace folder' };
  const { run, duplicates } = await store.create({ ...setup, cells: args.cells, ...(args.source ? { source: args.source } : {}) });
  for (const d of duplicates) ctx.log.info(`run ${run.id}: skipped ${d}`);
  ctx.log.info(`run ${run.id}: ${run.request.cells.length} cells × ${run.request.seeds.length} seeds on ${setup.backend}; state in ${run.dir}`);
  await runs.started(run);
  void vscode.window
    .showInformationMessage(
      `NAS Lens: training ${run.request.cells.length} cell${run.request.cells.length === 1 ? '' : 's'}${run.request.seeds.length > 1 ? ` × ${run.request.seeds.length} seeds` : ''} on ${setup.backend} (run ${run.id}); results go to ${vscode.workspace.asRelativePath(run.request.results)}.`,
      'Show Runs',
    )
    .then((choice) => {
      if (choice) void vscode.commands.executeCommand(`${RUNS_VIEW}.focus`);
    });
  return { runId: run.id };
}

/** The valid cells of the active file the selections touch; with none touched, the ones the user picks. */
async function cellsOfActiveFile(ctx: Ctx): Promise<TrainCellsArgs | undefined> {
  const editor = vscode.window.activeTextEditor;
  if (!editor || !isNasDocument(editor.document)) {
    void vscode.window.showInformationMessage('NAS Lens: open a file with cells (or select results in the search panel) to train them.');
    return undefined;
  }
  const a = await ctx.analyzer.analyze(editor.document);
  const valid = a.cells.filter((c) => c.parsed.valid && c.parsed.cell);
  if (!valid.length) {
    void vscode.window.showInformationMessage('NAS Lens: this file has no valid cell to train.');
    return undefined;
  }
  const doc = editor.document;
  const touched = valid.filter((c) =>
    editor.selections.some((s) => !s.isEmpty && doc.offsetAt(s.start) <= c.parsed.range.end && doc.offsetAt(s.end) >= c.parsed.range.start),
  );
  let chosen = touched;
  if (!chosen.length) {
    const picks = await vscode.window.showQuickPick(
      valid.map((c) => ({ label: c.parsed.name, description: SPACE_SHORT_LABELS[c.parsed.space], detail: lensSummary(c), c })),
      { title: 'NAS Lens: train which cells?', canPickMany: true },
    );
    chosen = (picks ?? []).map((p) => p.c);
  }
  if (!chosen.length) return undefined;
  const spaces = new Set(chosen.map((c) => c.parsed.space));
  if (spaces.size > 1) throw new Error('Train these cells: choose cells of one space per run');
  return { space: chosen[0].parsed.space, cells: chosen.map((c) => ({ name: c.parsed.name, cell: c.parsed.cell as NonNullable<typeof c.parsed.cell> })) };
}
