// Starting searches as the user asks for them — "Search around this cell" and "Search the whole
// space" — in the worker, and following them: progress folded into the search, a cancellable
// notification (withProgress), the search kept once it ends.
import * as vscode from 'vscode';
import { datasetFor, SPACE_SHORT_LABELS, type DatasetId } from '../../core/catalog';
import { getSpace, isSpaceId } from '../../core/spaces';
import type { SpaceId } from '../../core/spaces/types';
import type { SearchRequest } from '../../protocol/worker';
import { errorMessage } from '../../shared/errors';
import { formatCount, formatTop } from '../../shared/format';
import { topOfRank } from '../../shared/ranking-terms';
import type { SearchEvent } from '../../worker/client';
import { isNasDocument } from '../analysis/selector';
import { findCell } from './find-cell';
import type { SearchHost } from './host';
import { SearchSession, textHash, type SearchOrigin } from './session';

const TOP_K = 10;

export class SearchRunner {
  private seed = 1;

  constructor(private readonly host: SearchHost) {}

  /** "Search around this cell": the cell of the lens / hover link, else the cell at the cursor. */
  async searchAround(raw?: unknown): Promise<SearchSession | undefined> {
    const found = await findCell(this.host.ctx, raw);
    if (!found) return undefined;
    const { doc, analysis, cell } = found;
    if (!cell.parsed.valid || !cell.parsed.cell || !cell.hash) {
      void vscode.window.showWarningMessage(`NAS Lens: '${cell.parsed.name}' is not a valid cell; fix it first (see the Problems view).`);
      return undefined;
    }
    if (!cell.ranking) {
      void vscode.window.showWarningMessage(`NAS Lens: cannot search around '${cell.parsed.name}': ${cell.unranked ?? 'it is not ranked'}.`);
      return undefined;
    }
    const origin: SearchOrigin = {
      target: { uri: doc.uri.toString(), version: analysis.version, index: cell.index, name: cell.parsed.name },
      file: vscode.workspace.asRelativePath(doc.uri),
      notation: cell.parsed.notation,
      cell: cell.parsed.cell,
      hash: cell.hash,
      ranking: cell.ranking,
      ...(cell.cost ? { cost: cell.cost } : {}),
      textHash: textHash(analysis.text),
    };
    return this.start(this.request(cell.parsed.space, cell.ranking.model.dataset, cell.ranking.model.dir, origin), origin);
  }

  /** "Search the whole space": the space of the active file's cells, else picked. */
  async searchSpace(raw?: unknown): Promise<SearchSession | undefined> {
    const ctx = this.host.ctx;
    let space: SpaceId | undefined = isSpaceId(raw) ? raw : undefined;
    if (!space) {
      const doc = vscode.window.activeTextEditor?.document;
      const spaces = new Set(doc && isNasDocument(doc) ? ctx.analyzer.parse(doc).cells.map((c) => c.parsed.space) : []);
      const items = (['nb201', 'nb101', 'darts'] as const).map((id) => ({ id, label: getSpace(id).label, description: spaces.has(id) ? 'in this file' : '' }));
      items.sort((a, b) => Number(spaces.has(b.id)) - Number(spaces.has(a.id)));
      space = (await vscode.window.showQuickPick(items, { title: 'NAS Lens: search which space?' }))?.id;
    }
    if (!space) return undefined;
    const dataset = datasetFor(space, ctx.settings.dataset);
    const lookup = await ctx.models.load(space, dataset);
    if (lookup.kind !== 'ready') {
      void vscode.window.showWarningMessage(`NAS Lens: cannot search ${SPACE_SHORT_LABELS[space]}: ${lookup.message}.`);
      return undefined;
    }
    return this.start(this.request(space, dataset, lookup.model.dir), undefined);
  }

  /** Asks the worker to stop a running search (the latest by default). */
  cancel(id?: string): void {
    const s = id ? this.host.store.get(id) : this.host.store.latest;
    if (s?.running) this.host.client.cancel(s.id);
  }

  private request(space: SpaceId, dataset: DatasetId, modelDir: string, origin?: SearchOrigin): SearchRequest {
    const s = this.host.ctx.settings;
    // The strategy, budget and time limit come from the settings; the worker starts from `start` when given.
    return {
      space,
      strategy: s.strategy,
      mode: 'surrogate',
      dataset,
      modelDir,
      ...(origin ? { start: origin.cell } : {}),
      budget: s.budget,
      timeMs: s.timeLimitMs,
      seed: this.seed++,
      topK: TOP_K,
      progressIntervalMs: 150,
    };
  }

  private start(request: SearchRequest, origin: SearchOrigin | undefined): SearchSession {
    const { ctx, client, store } = this.host;
    for (const s of store.running()) client.cancel(s.id);
    let finish: () => void = () => undefined;
    const finished = new Promise<void>((r) => (finish = r));
    const spaceSize = origin?.ranking.spaceSize ?? this.spaceSizeOf(request);
    let id: string;
    try {
      // Events arrive through the worker's message port, so never before the session below is remembered.
      id = client.start(request, (e) => {
        const s = store.get(e.id);
        if (s) this.onEvent(s, e);
        if (e.type !== 'progress') finish();
      });
    } catch (err) {
      void vscode.window.showErrorMessage(`NAS Lens: the search could not start: ${errorMessage(err)}`);
      throw err;
    }
    const session = new SearchSession(id, request, spaceSize, origin);
    store.remember(session);
    this.host.showPanel();
    ctx.log.info(
      `search ${id}: ${request.strategy} over ${request.space} on ${request.dataset}, budget ${request.budget}, ${request.timeMs} ms${origin ? `, around '${origin.target.name}' in ${origin.file}` : ''}`,
    );
    void vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: origin ? `NAS Lens: searching around '${origin.target.name}'` : `NAS Lens: searching ${SPACE_SHORT_LABELS[request.space]}`,
        cancellable: true,
      },
      async (progress, token) => {
        token.onCancellationRequested(() => this.cancel(id));
        let reported = 0;
        const sub = this.host.onDidChange((s) => {
          if (s.id !== id) return;
          const fraction = Math.min(1, s.evaluations / request.budget);
          const increment = Math.max(0, fraction * 100 - reported);
          reported += increment;
          const best = s.top[0];
          progress.report({
            increment,
            message: `${formatCount(s.evaluations)} evaluations${best ? ` · best Top ${formatTop(topOfRank(best.rank, s.spaceSize))}` : ''}`,
          });
        });
        try {
          await finished;
        } finally {
          sub.dispose();
        }
      },
    );
    return session;
  }

  private spaceSizeOf(request: SearchRequest): number {
    const lookup = this.host.ctx.models.peek(request.space, request.dataset);
    return lookup?.kind === 'ready' ? lookup.model.calibration.spaceSize : (getSpace(request.space).size ?? 1);
  }

  private onEvent(s: SearchSession, e: SearchEvent): void {
    const log = this.host.ctx.log;
    switch (e.type) {
      case 'progress':
        s.progress(e);
        break;
      case 'done':
        s.done(e);
        log.info(`search ${s.id}: ${e.reason} after ${e.evaluations} evaluations in ${e.elapsedMs} ms`);
        break;
      case 'error':
        s.fail(`The search stopped with an error: ${e.message}`);
        log.error(`search ${s.id}: ${e.message}`);
        break;
    }
    this.host.update(s, e.type !== 'progress');
    if (e.type !== 'progress') this.host.store.persist();
  }
}
