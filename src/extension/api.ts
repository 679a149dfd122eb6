// What activate() returns: handles for the extension-host tests (test/vscode), not a public API.
import type { Cell } from '../core/spaces/types';
import type { Ctx } from './ctx';
import type { CellTarget, EditOutcome } from './edits/cell-edits';
import type { DiagnosticsController } from './providers/diagnostics';
import type { StatusBar } from './providers/status-bar';
import type { CompareCommand } from './commands/compare';
import type { SearchManager } from './search/manager';
import type { ResultsPanel } from './results/results-panel';
import type { TestHooks } from './testing';
import type { RunsController } from './runs/runs-controller';
import type { LoopController } from './runs/loop-controller';

export interface NasLensApi {
  readonly ctx: Ctx;
  readonly diagnostics: DiagnosticsController;
  readonly statusBar: StatusBar;
  readonly searches: SearchManager;
  readonly compare: CompareCommand;
  readonly results: ResultsPanel;
  readonly runs: RunsController;
  readonly loops: LoopController;
  replaceCell(target: CellTarget, cell: Cell): Promise<EditOutcome>;
  insertCell(target: CellTarget, cell: Cell, name?: string): Promise<EditOutcome>;
  readonly testing: TestHooks;
}
