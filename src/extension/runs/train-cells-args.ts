// The argument of `nasLens.trainCells` when another command (Suggest, the search panel, the Results
// view, a test) hands it the cells: declared once here, checked as untrusted input. vscode-free.
import { isSpaceId } from '../../core/spaces';
import type { Cell, SpaceId } from '../../core/spaces/types';
import { ownValue } from '../../shared/own-args';

/** `vscode.commands.executeCommand('nasLens.trainCells', { space, cells: [{ name, cell }] })`. */
export interface TrainCellsArgs {
  readonly space: SpaceId;
  readonly cells: readonly { readonly name: string; readonly cell: Cell }[];
  /** Names the run in the Runs view and the results lines' `source` (e.g. "suggest round 3"). */
  readonly source?: string;
}

export const MAX_TRAIN_CELLS = 10_000;

/** The argument when it is a TrainCellsArgs, else the reason it is not (the cells themselves are validated when the run is made). */
export function parseTrainCellsArgs(raw: unknown): TrainCellsArgs | { readonly problem: string } {
  if (typeof raw !== 'object' || raw === null) return { problem: 'expected { space, cells: [{ name, cell }] }' };
  const v = raw as Record<string, unknown>;
  const space = ownValue(v, 'space');
  if (!isSpaceId(space)) return { problem: `unknown space ${JSON.stringify(space)}` };
  const cells = ownValue(v, 'cells');
  if (!Array.isArray(cells) || cells.length === 0) return { problem: 'cells must be a non-empty list' };
  if (cells.length > MAX_TRAIN_CELLS) return { problem: `${cells.length} cells: at most ${MAX_TRAIN_CELLS} per run` };
  const out: { name: string; cell: Cell }[] = [];
  for (const [i, c] of cells.entries()) {
    if (typeof c !== 'object' || c === null) return { problem: `cells[${i}] must be { name, cell }` };
    const name = ownValue(c as Record<string, unknown>, 'name');
    const cell = ownValue(c as Record<string, unknown>, 'cell');
    if (typeof name !== 'string' || name.trim() === '') return { problem: `cells[${i}].name must be a non-empty string` };
    if (typeof cell !== 'object' || cell === null || ownValue(cell as Record<string, unknown>, 'space') !== space)
      return { problem: `cells[${i}].cell must be a ${space} cell` };
    out.push({ name, cell: cell as Cell });
  }
  const source = ownValue(v, 'source');
  return { space, cells: out, ...(typeof source === 'string' && source.trim() !== '' ? { source: source.trim() } : {}) };
}
