// "NAS Lens: Fit the surrogate to my results": the measured cells of a space → a fit in the ranking
// worker (the CLI's request, src/worker/fit-request.ts) with a cancellable progress notification →
// .nas-lens/models/<space>-<name>/. When its cross-validation chooses it, the registry picks it up for
// the space (src/node/fitted-models.ts) and the ranks refresh; else the user is told why.
import * as vscode from 'vscode';
import { SPACE_SHORT_LABELS } from '../../core/catalog';
import type { FittedModelCard } from '../../core/fit/card';
import { FitCancelledError, type FitProgress } from '../../core/fit/types';
import { fitRequestOf } from '../../worker/fit-request';
import type { Ctx } from '../ctx';
import { withCancellableProgress } from '../fit/progress';
import { measuredCellsFor, relativeTo, spacesOfActiveFile, workspaceRoot } from '../fit/measured-cells';
import { ownWholeNumber } from '../../shared/own-args';

/** What the command did (returned to tests and to callers). */
export type FitCommandOutcome =
  | { readonly kind: 'used' | 'not-used'; readonly dir: string; readonly card: FittedModelCard; readonly message: string }
  | { readonly kind: 'refused' | 'cancelled' | 'dismissed'; readonly message: string };

/** Optional arguments (tests, keybindings): the space, and a smaller fit. */
interface FitArgs {
  readonly space?: unknown;
  readonly epochs?: number;
  readonly members?: number;
  readonly folds?: number;
  readonly seed?: number;
}

export const UNTRUSTED_FIT =
  'fitting is off in an untrusted workspace: a fitted model is written to and read from the workspace (.nas-lens/models/). Trust the workspace to fit.';

export async function fitSurrogateCommand(ctx: Ctx, raw?: unknown): Promise<FitCommandOutcome> {
  const args = parseArgs(raw);
  if (!vscode.workspace.isTrusted) return refuse(UNTRUSTED_FIT);
  const root = workspaceRoot();
  if (!root) return refuse('fitting needs a workspace folder on disk: the model is written to its .nas-lens/models/');
  const measured = await measuredCellsFor(ctx, args.space, spacesOfActiveFile(ctx), 'Fit the surrogate to my results');
  if (!measured) return { kind: 'dismissed', message: 'no space was chosen' };
  const space = measured.space;
  const prior = ctx.models.locate(space, ctx.settings.dataset, { fitted: false });
  if (!prior) return refuse(`there is no ${SPACE_SHORT_LABELS[space]} model to start the fit from and compare it with`);
  const request = fitRequestOf({
    space,
    measured: measured.cells,
    metric: measured.metric,
    files: relativeTo(root, measured.files),
    root,
    priorDir: prior.dir,
    seed: args.seed ?? 0,
    ...(args.epochs !== undefined ? { epochs: args.epochs } : {}),
    ...(args.members !== undefined ? { members: args.members } : {}),
    ...(args.folds !== undefined ? { folds: args.folds } : {}),
    progressIntervalMs: 250,
  });
  ctx.log.info(`fit: ${measured.cells.length} ${space} cells (${measured.runs} runs, ${measured.metric}) from ${prior.dir} → ${request.outDir}`);
  let result: { dir: string; card: FittedModelCard };
  try {
    result = await withCancellableProgress(
      `NAS Lens: fitting ${SPACE_SHORT_LABELS[space]} to ${measured.cells.length} measured cells (${measured.metric})`,
      (report, signal) => ctx.scorer.fit(request, { signal, onProgress: (p) => report(Math.floor(p.fraction * 100), describeProgress(p)) }),
    );
  } catch (err) {
    if (!(err instanceof FitCancelledError)) throw err;
    const message = 'the fit was cancelled; nothing was written';
    void vscode.window.showInformationMessage(`NAS Lens: ${message}.`);
    return { kind: 'cancelled', message };
  }
  const { dir, card } = result;
  const folder = vscode.workspace.asRelativePath(dir);
  const figures = cvFigures(card);
  if (card.decision.used) {
    ctx.models.reset();
    const message = `the fitted model ${folder} now ranks ${SPACE_SHORT_LABELS[space]} cells: ${figures}.`;
    ctx.log.info(`fit: ${message} ${card.decision.message}`);
    void vscode.window.showInformationMessage(`NAS Lens: ${message}`);
    return { kind: 'used', dir, card, message };
  }
  // A refused fit may replace a folder that was in use: look again.
  ctx.models.reset();
  // A prior-better decision names both figures itself.
  const both = card.decision.reason === 'prior-better' ? '' : ` ${capitalised(figures)}.`;
  const message = `the fitted model is not used: ${card.decision.message}.${both} It was written to ${folder} for reference.`;
  ctx.log.info(`fit: ${message}`);
  void vscode.window.showWarningMessage(`NAS Lens: ${message}`);
  return { kind: 'not-used', dir, card, message };
}

/** "cross-validated Kendall τ on your cells 0.612 (fitted) vs 0.431 (nb201-cifar10 as it is), 5 folds", or why there is none. */
export function cvFigures(card: Pick<FittedModelCard, 'evaluation' | 'prior'>): string {
  const cv = card.evaluation.crossValidation;
  if (!cv) return 'not cross-validated (too few measured cells)';
  const prior = cv.priorKendallTau !== undefined ? ` vs ${cv.priorKendallTau.toFixed(3)} (${card.prior ?? 'the current model'} as it is)` : '';
  return `cross-validated Kendall τ on your cells ${cv.kendallTau.toFixed(3)} (fitted)${prior}, ${cv.folds} folds`;
}

function describeProgress(p: FitProgress): string {
  if (p.kind === 'fold')
    return `fold ${p.fold}/${p.folds}: fitted τ ${p.fittedTau.toFixed(3)}${p.priorTau !== undefined ? `, prior τ ${p.priorTau.toFixed(3)}` : ''}`;
  const stage = p.stage === 'cv' ? `cross-validation fold ${p.fold}/${p.folds}` : 'final model';
  return `${stage}, network ${p.member + 1}/${p.members}, epoch ${p.epoch}/${p.epochs}`;
}

function refuse(message: string): FitCommandOutcome {
  void vscode.window.showWarningMessage(`NAS Lens: ${message}`);
  return { kind: 'refused', message };
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function parseArgs(raw: unknown): FitArgs {
  if (typeof raw !== 'object' || raw === null) return {};
  const v = raw as Record<string, unknown>;
  const out: { -readonly [K in keyof FitArgs]: FitArgs[K] } = {};
  if (Object.hasOwn(v, 'space')) out.space = v.space;
  const epochs = ownWholeNumber(v, 'epochs', 1);
  const members = ownWholeNumber(v, 'members', 3);
  const folds = ownWholeNumber(v, 'folds', 2);
  const seed = ownWholeNumber(v, 'seed', 0);
  if (epochs !== undefined) out.epochs = epochs;
  if (members !== undefined) out.members = members;
  if (folds !== undefined) out.folds = folds;
  if (seed !== undefined) out.seed = seed;
  return out;
}
