// The space a fit or a suggestion is for: given by the command's argument, else the one space both
// the active file's cells and the measured cells have, else the only measured space, else the user picks.
import * as vscode from 'vscode';
import { SPACE_SHORT_LABELS } from '../../core/catalog';
import { isSpaceId } from '../../core/spaces';
import type { SpaceId } from '../../core/spaces/types';

/** The space, or undefined when the user dismissed the pick. */
export async function pickSpace(given: unknown, candidates: readonly SpaceId[], purpose: string): Promise<SpaceId | undefined> {
  if (given !== undefined) {
    if (!isSpaceId(given)) throw new Error(`unknown space ${JSON.stringify(given)}`);
    return given;
  }
  if (candidates.length <= 1) return candidates[0];
  const pick = await vscode.window.showQuickPick(
    candidates.map((s) => ({ label: SPACE_SHORT_LABELS[s], space: s })),
    { title: `NAS Lens: ${purpose}`, placeHolder: 'Which space?' },
  );
  return pick?.space;
}
