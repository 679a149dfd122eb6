// What the extension-host tests (test/vscode) may do beyond what a user does, in one object that
// activate() returns as `testing`: the production classes carry no test-only methods.
import { bundledModelsDir } from '../node/paths';
import type { Cell } from '../core/spaces/types';
import type { Ctx } from './ctx';
import type { CellTarget } from './edits/cell-edits';
import { insertCellsAfter, type InsertCellsOutcome } from './edits/insert-cells';
import type { SearchManager } from './search/manager';
import type { ResultsPanel } from './results/results-panel';

export interface TestHooks {
  /** What a window reload does to the host: every search and the search panel are forgotten (the workspace state stays). */
  forgetSearches(): void;
  /** Looks for the bundled models in `dir` instead of media/models (undefined: media/models again); loaded models are forgotten. */
  useBundledModels(dir: string | undefined): void;
  /** Runs the following searches in another worker script (the running worker is stopped). */
  useSearchWorker(file: string): void;
  /** Hands a raw message to the search panel as if its webview had sent it. */
  sendFromSearchPanel(raw: unknown): void;
  /** Hands a raw message to the Results view as if its webview had sent it. */
  sendFromResultsPanel(raw: unknown): void;
  /** What "Suggest cells to train next" does with its cells: inserts them after `target` if the document is still at target.version. */
  insertCellsAfter(target: CellTarget, cells: readonly Cell[], names: readonly string[]): Promise<InsertCellsOutcome>;
}

export function testHooks(ctx: Ctx, searches: SearchManager, results: ResultsPanel): TestHooks {
  return {
    forgetSearches: () => {
      searches.searchPanel?.dispose();
      searches.store.forget();
    },
    useBundledModels: (dir) => ctx.models.useBundledRoot(dir ?? bundledModelsDir(ctx.extensionPath)),
    useSearchWorker: (file) => searches.client.useEntry({ file }),
    sendFromSearchPanel: (raw) => {
      const panel = searches.searchPanel;
      if (!panel) throw new Error('no search panel is open');
      panel.receive(raw);
    },
    insertCellsAfter: (target, cells, names) => insertCellsAfter(ctx, target, cells, names),
    sendFromResultsPanel: (raw) => {
      const panel = results.resultsPanel;
      if (!panel) throw new Error('no Results view is open');
      panel.receive(raw);
    },
  };
}
