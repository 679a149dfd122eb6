// "NAS Lens: Suggest cells to train next": the measured cells of a space → the worker's suggest request
// (what `nas-lens suggest` does) with a cancellable progress notification → the cells inserted after
// the last cell of that space in the active cells file, in its notation, as ONE undoable edit, only if
// the file is unchanged since the request; without a cells file, written to a new *.nas.json file.
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { SPACE_SHORT_LABELS } from '../../core/catalog';
import { FitCancelledError } from '../../core/fit/types';
import type { Cell, SpaceId } from '../../core/spaces/types';
import { ACQUISITION_NAMES, type AcquisitionName } from '../../core/suggest/acquisition';
import { suggestedCellsFile } from '../../core/suggest/cells-file';
import type { SuggestReply, SuggestRequest } from '../../protocol/worker';
import { isNasDocument } from '../analysis/selector';
import { COMMANDS } from '../command-ids';
import type { Ctx } from '../ctx';
import type { CellTarget } from '../edits/cell-edits';
import { insertCellsAfter } from '../edits/insert-cells';
import { withCancellableProgress } from '../fit/progress';
import { measuredCellsFor, workspaceRoot } from '../fit/measured-cells';
import { suggestedNames } from '../fit/suggested-names';
import type { TrainCellsArgs } from '../runs/train-cells-args';
import { LIMITS } from '../settings';
import { ownValue, ownWholeNumber } from '../../shared/own-args';

export type SuggestCommandOutcome =
  | { readonly kind: 'inserted'; readonly uri: string; readonly names: readonly string[]; readonly message: string }
  | { readonly kind: 'written'; readonly uri: string; readonly names: readonly string[]; readonly message: string }
  | { readonly kind: 'stale' | 'failed' | 'cancelled' | 'dismissed'; readonly message: string };

/** Optional arguments (tests, keybindings): skip the questions, a smaller fit and search. */
interface SuggestArgs {
  readonly space?: unknown;
  readonly count?: number;
  readonly acquisition?: AcquisitionName;
  readonly epochs?: number;
  readonly budget?: number;
  readonly seed?: number;
  /** Without a cells file: write the new file without asking. */
  readonly newFile?: boolean;
}

const ACQUISITION_DETAIL: Record<AcquisitionName, string> = {
  ucb: 'score + κ·spread: good and uncertain cells (explores)',
  ei: 'expected improvement over your best measured cell',
  greedy: 'the best predicted score (exploits)',
};

export async function suggestCellsCommand(ctx: Ctx, raw?: unknown): Promise<SuggestCommandOutcome> {
  const args = parseArgs(raw);
  const editor = vscode.window.activeTextEditor;
  const doc = editor && isNasDocument(editor.document) ? editor.document : undefined;
  const parsed = doc ? ctx.analyzer.parse(doc) : undefined;
  const fileSpaces = [...new Set((parsed?.cells ?? []).map((c) => c.parsed.space))];
  const measured = await measuredCellsFor(ctx, args.space, fileSpaces, 'Suggest cells to train next');
  if (!measured) return dismissed();
  const space = measured.space;
  const count = args.count ?? (await askCount(ctx.settings.suggestCount));
  if (count === undefined) return dismissed();
  const acquisition = args.acquisition ?? (await askAcquisition());
  if (!acquisition) return dismissed();

  // Where the cells go: after the last cell of the space in the active file, at the version seen now.
  const inFile = (parsed?.cells ?? []).filter((c) => c.parsed.space === space);
  const last = inFile.at(-1);
  const target: CellTarget | undefined =
    doc && parsed && last ? { uri: doc.uri.toString(), version: parsed.version, index: last.index, name: last.parsed.name } : undefined;
  const exclude: Cell[] = inFile.flatMap((c) => (c.parsed.valid && c.parsed.cell ? [c.parsed.cell] : []));

  // The fit warm-starts from the space's custom or bundled model, as `nas-lens suggest` does.
  const prior = ctx.models.locate(space, ctx.settings.dataset, { fitted: false });
  const request: SuggestRequest = {
    space,
    measured: measured.cells,
    ...(prior ? { priorDir: prior.dir } : {}),
    count,
    acquisition,
    ...(exclude.length ? { exclude } : {}),
    ...(args.budget !== undefined ? { budget: args.budget } : {}),
    seed: args.seed ?? 0,
    ...(args.epochs !== undefined ? { recipe: { epochs: args.epochs } } : {}),
    progressIntervalMs: 250,
  };
  let reply: SuggestReply;
  try {
    reply = await withCancellableProgress(
      `NAS Lens: ${count} ${SPACE_SHORT_LABELS[space]} cells to train next (${acquisition}, from ${measured.cells.length} measured cells)`,
      (report, signal) =>
        ctx.scorer.suggest(request, {
          signal,
          // The fit is the first half of the bar, the search the second.
          onProgress: (p) =>
            p.stage === 'fit'
              ? report(50 * p.fit.fraction, 'fitting an ensemble to your cells')
              : report(50 + (50 * p.evaluated) / Math.max(1, p.budget), `searching: ${p.evaluated} of ${p.budget} candidates scored`),
        }),
    );
  } catch (err) {
    if (!(err instanceof FitCancelledError)) throw err;
    const message = 'the suggestion was cancelled; nothing was inserted';
    void vscode.window.showInformationMessage(`NAS Lens: ${message}.`);
    return { kind: 'cancelled', message };
  }
  const cells = reply.result.suggestions.map((s) => s.cell);
  const shortfall = reply.result.shortfall ? ` ${reply.result.shortfall}.` : '';
  if (!cells.length) return fail(`no new cell was found.${shortfall}`);
  const how = `by ${acquisition} over ${reply.model.name}; their scores are predictions, not measurements`;

  if (!target || !parsed) return writeNewFile(space, cells, how, args.newFile === true, shortfall);
  const names = suggestedNames(cells.length, new Set(parsed.cells.map((c) => c.parsed.name)));
  const outcome = await insertCellsAfter(ctx, target, cells, names);
  switch (outcome.kind) {
    case 'applied': {
      const shown = outcome.names.map((n, i) => n ?? names[i]);
      const message = `inserted ${cells.length} cells to train next (${shown[0]}${shown.length > 1 ? ` … ${shown.at(-1)}` : ''}) after '${target.name}', ${how}. Undo (Ctrl+Z) removes them all.${shortfall}`;
      if (editor && editor.document.uri.toString() === outcome.uri.toString()) {
        editor.selection = new vscode.Selection(outcome.range.start, outcome.range.start);
        editor.revealRange(outcome.range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
      }
      offerTraining(message, space, shown, cells);
      return { kind: 'inserted', uri: outcome.uri.toString(), names: shown, message };
    }
    case 'stale':
      void vscode.window.showWarningMessage(`NAS Lens: ${outcome.message}. Run "Suggest cells to train next" again on the current text.`);
      return { kind: 'stale', message: outcome.message };
    case 'failed':
      return fail(outcome.message);
  }
}

/** No cells file is open: offer a new suggested-cells.nas.json (…-2, -3 when taken) in the workspace folder. */
async function writeNewFile(space: SpaceId, cells: readonly Cell[], how: string, noAsk: boolean, shortfall: string): Promise<SuggestCommandOutcome> {
  const root = workspaceRoot();
  if (!root) return fail('open a cells file (or a workspace folder to write a new one into) to receive the suggested cells');
  if (!noAsk) {
    const write = 'Write a new file';
    const pick = await vscode.window.showInformationMessage(
      `NAS Lens: no ${SPACE_SHORT_LABELS[space]} cells file is open to insert the ${cells.length} suggested cells into.`,
      write,
    );
    if (pick !== write) return dismissed();
  }
  let file = path.join(root, 'suggested-cells.nas.json');
  for (let k = 2; existsSync(file); k++) file = path.join(root, `suggested-cells-${k}.nas.json`);
  const names = suggestedNames(cells.length, new Set());
  const text = suggestedCellsFile(
    space,
    cells.map((cell, i) => ({ name: names[i], cell })),
    `(editor): ${cells.length} cells to train next, ${how}.`,
  );
  await writeFile(file, text, { flag: 'wx' });
  const uri = vscode.Uri.file(file);
  await vscode.window.showTextDocument(uri, { preview: false });
  const message = `wrote ${cells.length} cells to train next to ${vscode.workspace.asRelativePath(uri)}, ${how}.${shortfall}`;
  offerTraining(message, space, names, cells);
  return { kind: 'written', uri: uri.toString(), names, message };
}

/** The message that the cells are in, with the next step of the loop: train them (nasLens.trainCells). */
function offerTraining(message: string, space: SpaceId, names: readonly string[], cells: readonly Cell[]): void {
  const train = 'Train these cells';
  const args: TrainCellsArgs = { space, cells: cells.map((cell, i) => ({ name: names[i], cell })), source: 'suggest' };
  void vscode.window
    .showInformationMessage(`NAS Lens: ${message}`, train)
    .then((pick) => (pick === train ? vscode.commands.executeCommand(COMMANDS.trainCells, args) : undefined));
}

async function askCount(initial: number): Promise<number | undefined> {
  const { min, max } = LIMITS.suggestCount;
  const answer = await vscode.window.showInputBox({
    title: 'NAS Lens: Suggest cells to train next',
    prompt: `How many cells (${min}–${max})?`,
    value: String(initial),
    validateInput: (v) => (countOf(v) === undefined ? `a whole number from ${min} to ${max}` : undefined),
  });
  return answer === undefined ? undefined : countOf(answer);
}

function countOf(text: string): number | undefined {
  const n = Number(text.trim());
  return Number.isInteger(n) && n >= LIMITS.suggestCount.min && n <= LIMITS.suggestCount.max ? n : undefined;
}

async function askAcquisition(): Promise<AcquisitionName | undefined> {
  const pick = await vscode.window.showQuickPick(
    ACQUISITION_NAMES.map((name) => ({ label: name, detail: ACQUISITION_DETAIL[name], name })),
    { title: 'NAS Lens: Suggest cells to train next', placeHolder: 'Acquisition (ucb is the default)' },
  );
  return pick?.name;
}

function dismissed(): SuggestCommandOutcome {
  return { kind: 'dismissed', message: 'dismissed' };
}

function fail(message: string): SuggestCommandOutcome {
  void vscode.window.showWarningMessage(`NAS Lens: ${message}`);
  return { kind: 'failed', message };
}

function parseArgs(raw: unknown): SuggestArgs {
  if (typeof raw !== 'object' || raw === null) return {};
  const v = raw as Record<string, unknown>;
  const out: { -readonly [K in keyof SuggestArgs]: SuggestArgs[K] } = {};
  if (Object.hasOwn(v, 'space')) out.space = v.space;
  const count = ownWholeNumber(v, 'count', LIMITS.suggestCount.min, LIMITS.suggestCount.max);
  if (count !== undefined) out.count = count;
  const acquisition = ownValue(v, 'acquisition');
  if (typeof acquisition === 'string' && (ACQUISITION_NAMES as readonly string[]).includes(acquisition)) out.acquisition = acquisition as AcquisitionName;
  const epochs = ownWholeNumber(v, 'epochs', 1);
  const budget = ownWholeNumber(v, 'budget', 1);
  const seed = ownWholeNumber(v, 'seed', 0);
  if (epochs !== undefined) out.epochs = epochs;
  if (budget !== undefined) out.budget = budget;
  if (seed !== undefined) out.seed = seed;
  if (ownValue(v, 'newFile') === true) out.newFile = true;
  return out;
}
