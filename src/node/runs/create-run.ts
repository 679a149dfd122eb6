import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { parseCommandTemplate, TemplateError } from '../../core/runs/command-template';
import { cellValues, missingValue } from '../../core/runs/placeholders';
import { checkLocalOptions, checkSlurmOptions, type BackendKind, type LocalOptions, type SlurmOptions } from '../../core/runs/runs-config';
import type { RunCell, RunRequest, RunState } from '../../core/runs/run-types';
import { commandScript, sbatchHeader, TASK_FILES, taskScript, valuesFile } from '../../core/runs/task-script';
import { newTask } from '../../core/runs/task-state';
import { spaceOf } from '../../core/spaces';
import type { Cell } from '../../core/spaces/types';
import { RunSetupError, type RunBackend } from './backend';
import { writeRequest, writeState } from './run-files';
import { runTool, toolMessage } from './tools';

/** Where runs append their results unless told otherwise: beside the user's files, found by the results glob. */
export const DEFAULT_RESULTS_FILE = 'runs.nas-results.jsonl';

export interface RunSpec {
  readonly workspace: string;
  readonly cells: readonly { readonly cell: Cell; readonly name: string; readonly file?: string; readonly line?: number }[];
  readonly seeds: readonly number[];
  readonly command: string;
  readonly backend: BackendKind;
  /** Relative to the workspace, or absolute; default DEFAULT_RESULTS_FILE. */
  readonly results?: string;
  readonly source?: string;
  readonly slurm?: SlurmOptions;
  readonly local?: LocalOptions;
}

export interface CreatedRun {
  readonly dir: string;
  readonly request: RunRequest;
  /** Cells left out because an equal cell (same canonical hash) came earlier. */
  readonly duplicates: readonly string[];
}

/**
 * Checks everything that can be checked before a submission — the template and its placeholders
 * against every cell, the options, the shell syntax, the scheduler's acceptance (sbatch --test-only)
 * — then writes the run folder. On any problem nothing is left behind and a RunSetupError says why.
 */
export async function createRun(runsDir: string, spec: RunSpec, backend: RunBackend): Promise<CreatedRun> {
  let template;
  try {
    template = parseCommandTemplate(spec.command);
  } catch (error) {
    if (error instanceof TemplateError) throw new RunSetupError(error.message);
    throw error;
  }
  if (!spec.cells.length) throw new RunSetupError('no cells to train');
  if (!spec.seeds.length || spec.seeds.some((s) => !Number.isSafeInteger(s))) throw new RunSetupError('seeds must be integers, at least one');
  if (new Set(spec.seeds).size !== spec.seeds.length) throw new RunSetupError(`seeds repeat: ${spec.seeds.join(', ')}`);
  const optionProblems = spec.backend === 'slurm' ? checkSlurmOptions(spec.slurm ?? {}) : checkLocalOptions(spec.local ?? {});
  if (optionProblems.length) throw new RunSetupError(`${spec.backend} options: ${optionProblems.join('; ')}`);

  const cells: RunCell[] = [];
  const duplicates: string[] = [];
  const problems: string[] = [];
  const seen = new Map<string, string>();
  for (const c of spec.cells) {
    const where = `cell '${c.name}'${c.file ? ` (${c.file}${c.line ? `:${c.line}` : ''})` : ''}`;
    const invalid = spaceOf(c.cell)
      .validate(c.cell)
      .filter((i) => i.severity === 'error');
    if (invalid.length) {
      problems.push(`${where} is invalid: ${invalid.map((i) => i.message).join('; ')}`);
      continue;
    }
    const hash = spaceOf(c.cell).hash(c.cell);
    const key = `${c.cell.space}:${hash}`;
    if (seen.has(key)) {
      duplicates.push(`${c.name} (same cell as ${seen.get(key)})`);
      continue;
    }
    seen.set(key, c.name);
    for (const name of template.uses) {
      const missing = missingValue(c.cell, name);
      if (missing) problems.push(`${where}: ${missing}`);
    }
    cells.push({ name: c.name, space: c.cell.space, hash, cell: c.cell, ...(c.file ? { file: c.file } : {}), ...(c.line ? { line: c.line } : {}) });
  }
  if (problems.length) throw new RunSetupError(`cannot train these cells with this command:\n${problems.join('\n')}`);

  const id = newRunId();
  const dir = join(runsDir, id);
  const workspace = resolve(spec.workspace);
  const request: RunRequest = {
    version: 1,
    id,
    createdAt: new Date().toISOString(),
    workspace,
    results: isAbsolute(spec.results ?? '') ? (spec.results as string) : resolve(workspace, spec.results ?? DEFAULT_RESULTS_FILE),
    backend: spec.backend,
    command: spec.command,
    cells,
    seeds: [...spec.seeds],
    ...(spec.source ? { source: spec.source } : {}),
    ...(spec.backend === 'slurm' ? { slurm: spec.slurm ?? {} } : { local: spec.local ?? {} }),
  };
  mkdirSync(dir, { recursive: true });
  try {
    const taskCount = cells.length * spec.seeds.length;
    for (let t = 0; t < taskCount; t++) {
      const cell = cells[Math.floor(t / spec.seeds.length)];
      const seed = spec.seeds[t % spec.seeds.length];
      mkdirSync(join(dir, 'tasks', String(t)), { recursive: true });
      writeFileSync(join(dir, TASK_FILES.values(t)), valuesFile(cellValues(cell.cell, cell.name, seed), template.uses));
    }
    const command = join(dir, TASK_FILES.command);
    writeFileSync(command, commandScript(template, id), { mode: 0o755 });
    const syntax = await runTool('bash', ['-n', command]);
    if (syntax.code !== 0) throw new RunSetupError(`the command is not valid shell: ${toolMessage(syntax).replace(`${command}: `, '')}`);
    const options = spec.backend === 'slurm' ? request.slurm : request.local;
    const preflight = join(dir, 'preflight.sh');
    writeFileSync(
      preflight,
      taskScript({
        runDir: dir,
        runId: id,
        submission: 0,
        header: spec.backend === 'slurm' ? sbatchHeader(spec.slurm ?? {}) : [],
        preamble: options?.preamble ?? [],
      }),
      { mode: 0o755 },
    );
    const scriptSyntax = await runTool('bash', ['-n', preflight]);
    if (scriptSyntax.code !== 0) throw new RunSetupError(`the preamble is not valid shell: ${toolMessage(scriptSyntax).replace(`${preflight}: `, '')}`);
    await backend.preflight({ dir, request }, preflight, taskCount);
    writeRequest(dir, request);
    const state: RunState = { version: 1, id, updatedAt: request.createdAt, tasks: Array.from({ length: taskCount }, (_, t) => newTask(t)), submissions: [] };
    writeState(dir, state);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return { dir, request, duplicates };
}

/** `20261206-203012-a1b2`: sortable by creation time, unique. */
export function newRunId(now = new Date()): string {
  const iso = now.toISOString();
  return `${iso.slice(0, 10).replace(/-/g, '')}-${iso.slice(11, 19).replace(/:/g, '')}-${randomBytes(2).toString('hex')}`;
}
