// A *.nas.json file of suggested cells: what `nas-lens suggest --out` writes and what the editor's
// "Suggest cells to train next" offers when no cells file is open.
import { formatCell, JSON_NOTATION } from '../dsl';
import type { Cell, SpaceId } from '../spaces/types';

/** The first words of the description of a cells file NAS Lens suggested: such a file may be replaced. */
export const SUGGESTED_BY = 'Written by nas-lens suggest';

/** The file's text: a description (it starts with SUGGESTED_BY), the space, one cell per line. */
export function suggestedCellsFile(space: SpaceId, cells: readonly { readonly name: string; readonly cell: Cell }[], description: string): string {
  const lines = cells.map((c) => `    ${formatCell(c.cell, JSON_NOTATION[space], c.name)}`);
  return `{\n  "description": ${JSON.stringify(`${SUGGESTED_BY} ${description}`)},\n  "space": "${space}",\n  "cells": [\n${lines.join(',\n')}\n  ]\n}\n`;
}
