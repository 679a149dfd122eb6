import { hasErrors } from '../types';
import type { Cost, DartsCell, MacroConfig } from '../types';
import { countDartsNetwork, DARTS_NETWORK_BN } from './network-count';
import type { NetworkShape } from './network-count';
import { validateDarts } from './validate';

export interface DartsMacro extends MacroConfig, NetworkShape {}

export const DARTS_MACROS: readonly DartsMacro[] = [
  { id: 'nb301', label: 'NAS-Bench-301 training network (C=32, 8 cells, CIFAR-10)', channels: 32, cells: 8, classes: 10, resolution: 32 },
  { id: 'darts-eval', label: 'DARTS evaluation network (C=36, 20 cells, CIFAR-10)', channels: 36, cells: 20, classes: 10, resolution: 32 },
];

export function dartsMacro(id?: string): DartsMacro {
  if (id === undefined) return DARTS_MACROS[0];
  const macro = DARTS_MACROS.find((m) => m.id === id);
  if (!macro) throw new Error(`unknown DARTS macro '${id}'; known: ${DARTS_MACROS.map((m) => m.id).join(', ')}`);
  return macro;
}

/**
 * Parameters and FLOPs (multiply-accumulates, 32×32 input) of DARTS' NetworkCIFAR around the cell,
 * auxiliary head excluded. Throws on an invalid cell or an unknown macro.
 */
export function dartsCost(cell: DartsCell, macroId?: string): Cost {
  const macro = dartsMacro(macroId);
  const issues = validateDarts(cell);
  if (hasErrors(issues)) throw new Error(`cannot count an invalid DARTS cell: ${issues[0].message}`);
  const { params, macs } = countDartsNetwork(cell, macro, DARTS_NETWORK_BN);
  return { params, flops: macs };
}
