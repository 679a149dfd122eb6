// What "Fit the surrogate" and "Suggest cells to train next" start from: the measured cells of one
// space, from the ranking worker's results store (the files nasLens.results.files finds, already read
// and joined there: nothing is read again on the extension host's thread).
import * as path from 'node:path';
import * as vscode from 'vscode';
import { SPACE_SHORT_LABELS } from '../../core/catalog';
import type { SpaceId } from '../../core/spaces/types';
import type { ResultsCells } from '../../protocol/worker';
import { isNasDocument } from '../analysis/selector';
import type { Ctx } from '../ctx';
import { candidateSpaces } from './candidate-spaces';
import { pickSpace } from './pick-space';

export interface MeasuredOfSpace extends ResultsCells {
  readonly metric: string;
}

/** The measured cells of the space given, or of the file's / the only measured space, or the one picked; undefined when dismissed. */
export async function measuredCellsFor(ctx: Ctx, given: unknown, fileSpaces: readonly SpaceId[], purpose: string): Promise<MeasuredOfSpace | undefined> {
  const summary = await ctx.results.settled();
  const measuredSpaces = (summary?.metrics ?? []).filter((m) => m.metric !== undefined).map((m) => m.space);
  if (!summary || !measuredSpaces.length) {
    throw new Error(
      `no measured cells yet: no results file with a usable run was found (nasLens.results.files: ${ctx.settings.resultsFiles.join(', ')}). ` +
        'Add a *.nas-results.jsonl or results CSV to the workspace.',
    );
  }
  const space = await pickSpace(given, candidateSpaces(fileSpaces, measuredSpaces), purpose);
  if (!space) return undefined;
  const cells = await ctx.scorer.resultsCells({ store: summary.store, space });
  if (!cells.cells.length || cells.metric === undefined) {
    throw new Error(`no measured ${SPACE_SHORT_LABELS[space]} cells in the results files (${summary.files.length} file(s) read)`);
  }
  return { ...cells, metric: cells.metric };
}

/** The workspace folder a command writes to: the active file's, else the first; undefined without one. */
export function workspaceRoot(): string | undefined {
  const doc = vscode.window.activeTextEditor?.document;
  const folder = (doc && vscode.workspace.getWorkspaceFolder(doc.uri)) ?? vscode.workspace.workspaceFolders?.[0];
  return folder?.uri.scheme === 'file' ? folder.uri.fsPath : undefined;
}

/** Paths as the card names them: relative to the root when inside it. */
export function relativeTo(root: string, files: readonly string[]): string[] {
  return files.map((f) => {
    const r = path.relative(root, f);
    return r && !r.startsWith('..') && !path.isAbsolute(r) ? r.split(path.sep).join('/') : f;
  });
}

/** The spaces of the active document's cells (valid or not), in order of first appearance. */
export function spacesOfActiveFile(ctx: Ctx): SpaceId[] {
  const doc = vscode.window.activeTextEditor?.document;
  if (!doc || !isNasDocument(doc)) return [];
  return [...new Set(ctx.analyzer.parse(doc).cells.map((c) => c.parsed.space))];
}
