import type { Command } from 'commander';
import { spaceOf } from '../../core/spaces';
import type { Cell } from '../../core/spaces/types';
import { allProblems, formatProblem, readInputs, type InputCell, type Inputs } from '../../node/read-inputs';
import { formatSiPrecise } from '../../shared/format';
import { FILES_ARGUMENT } from '../options';
import { printJson, table } from '../output';

/** A command that reads the cells of FILES and reports on each, in input order. */
function cellsCommand(program: Command, name: string, description: string, json: string): Command {
  return program.command(name).description(description).argument('<files...>', FILES_ARGUMENT).option('--json', json);
}

/** validate, hash and info. */
export function registerCellCommands(program: Command): void {
  cellsCommand(
    program,
    'validate',
    'check every cell in FILES and print each problem as file:line:column',
    'print {"cells":[...], "problems":[...]} as JSON',
  ).action(async (files: string[], options: { json?: boolean }) => {
    const inputs = await readInputs(files);
    if (options.json) {
      printJson({
        cells: inputs.cells.map((c) => ({ ...where(c), valid: c.cell !== undefined, problems: c.problems })),
        problems: inputs.problems,
      });
    } else {
      for (const p of allProblems(inputs)) console.log(formatProblem(p));
      const valid = inputs.cells.filter((c) => c.cell).length;
      console.log(`${inputs.cells.length} cells: ${valid} valid, ${inputs.cells.length - valid} invalid`);
    }
    finish(inputs);
  });

  cellsCommand(program, 'hash', 'print the canonical hash of every cell in FILES', 'print {"cells":[{"name","space","hash"}]} as JSON').action(
    async (files: string[], options: { json?: boolean }) => {
      const inputs = await readInputs(files);
      const rows = inputs.cells.map((c) => ({ ...where(c), hash: c.cell ? spaceOf(c.cell).hash(c.cell) : null }));
      if (options.json) printJson({ cells: rows });
      else
        console.log(
          table(
            ['name', 'space', 'hash'],
            rows.map((r) => [r.name, r.space, r.hash ?? 'invalid']),
          ),
        );
      reportProblems(inputs);
      finish(inputs);
    },
  );

  cellsCommand(
    program,
    'info',
    'print validity, canonical hash, parameters and FLOPs of every cell in FILES',
    'print {"cells":[{"name","space","valid","hash","params","flops",...}]} as JSON',
  )
    .option('--macro <id>', 'macro network for params/FLOPs (nb201: cifar10|cifar100|imagenet16-120; darts: nb301|darts-eval)')
    .action(async (files: string[], options: { json?: boolean; macro?: string }) => {
      const inputs = await readInputs(files);
      const rows = inputs.cells.map((c) => ({
        ...where(c),
        valid: c.cell !== undefined,
        ...(c.cell ? describe(c.cell, options.macro) : {}),
        problems: c.problems,
      }));
      if (options.json) printJson({ cells: rows });
      else {
        console.log(
          table(
            ['name', 'space', 'valid', 'params', 'FLOPs', 'macro', 'hash'],
            rows.map((r) => [r.name, r.space, r.valid ? 'yes' : 'no', formatSiPrecise(r.params), formatSiPrecise(r.flops), r.macro ?? '-', r.hash ?? '-']),
          ),
        );
      }
      reportProblems(inputs);
      finish(inputs);
    });
}

function where(c: InputCell) {
  return { name: c.name, space: c.space, file: c.file, line: c.line, column: c.column };
}

function describe(cell: Cell, macro: string | undefined) {
  const space = spaceOf(cell);
  const macroId = macro ?? space.macros[0]?.id;
  if (macro && !space.macros.some((m) => m.id === macro)) {
    throw new Error(`unknown macro '${macro}' for ${space.label}; use one of ${space.macros.map((m) => m.id).join(', ')}`);
  }
  const cost = space.cost(cell, macroId);
  const costs = Object.fromEntries(space.macros.map((m) => [m.id, space.cost(cell, m.id)]));
  return { hash: space.hash(cell), params: cost.params, flops: cost.flops, macro: macroId, costs };
}

/** Problems go to stderr so that stdout stays a clean table or JSON document. */
function reportProblems(inputs: Inputs): void {
  for (const p of allProblems(inputs)) console.error(formatProblem(p));
}

function finish(inputs: Inputs): void {
  if (allProblems(inputs).some((p) => p.severity === 'error')) process.exitCode = 1;
}
