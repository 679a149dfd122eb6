import type { Command } from 'commander';
import { spaceOf } from '../../core/spaces';
import type { Cell } from '../../core/spaces/types';
import { formatProblem, readInputs, type InputCell, type Inputs } from '../../node/read-inputs';
import { formatCount, printJson, table } from '../output';

/** validate, hash and info: commands that read cells and report on each, in input order. */
export function registerCellCommands(program: Command): void {
  program
    .command('validate')
    .description('check every cell in FILES and print each problem as file:line:column')
    .argument('<files...>', 'DSL files (*.nas.json, *.nas.ts), Python/text files with native notations, or CSV files')
    .option('--json', 'print {"cells":[...], "problems":[...]} as JSON')
    .action(async (files: string[], options: { json?: boolean }) => {
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

  program
    .command('hash')
    .description('print the canonical hash of every cell in FILES')
    .argument('<files...>', 'DSL, Python/text or CSV files')
    .option('--json', 'print {"cells":[{"name","space","hash"}]} as JSON')
    .action(async (files: string[], options: { json?: boolean }) => {
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
    });

  program
    .command('info')
    .description('print validity, canonical hash, parameters and FLOPs of every cell in FILES')
    .argument('<files...>', 'DSL, Python/text or CSV files')
    .option('--macro <id>', 'macro network for params/FLOPs (nb201: cifar10|cifar100|imagenet16-120; darts: nb301|darts-eval)')
    .option('--json', 'print {"cells":[{"name","space","valid","hash","params","flops",...}]} as JSON')
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
            rows.map((r) => [r.name, r.space, r.valid ? 'yes' : 'no', formatCount(r.params), formatCount(r.flops), r.macro ?? '-', r.hash ?? '-']),
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

function allProblems(inputs: Inputs) {
  return [...inputs.problems, ...inputs.cells.flatMap((c) => c.problems)];
}

/** Problems go to stderr so that stdout stays a clean table or JSON document. */
function reportProblems(inputs: Inputs): void {
  for (const p of allProblems(inputs)) console.error(formatProblem(p));
}

function finish(inputs: Inputs): void {
  if (allProblems(inputs).some((p) => p.severity === 'error')) process.exitCode = 1;
}
