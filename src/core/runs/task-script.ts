import type { CommandTemplate } from './command-template';
import { placeholderVariable, type CellValues, type Placeholder } from './placeholders';
import type { SlurmOptions } from './runs-config';
import { shellQuote } from './shell';

/**
 * The files a run's tasks execute. Layout of a run folder (every path from here on is relative to it):
 *
 *   command.sh                 the user's command, placeholders as "${NAS_LENS_…}" references
 *   tasks/<t>/values           the task's placeholder values, NAME=value records separated by NUL
 *   tasks/<t>/<attempt>/       out/ ({out}), stdout.log, stderr.log, and the markers
 *        started               "<epoch seconds> <host> <job>", created once (noclobber): a task never runs twice
 *        exit                  "exit:<code> <epoch>" or "signal:<NAME> <epoch>", written when the command ends
 *   submissions/<s>/script.sh  the batch script of one submission (one SLURM array, or one local launch)
 *   submissions/<s>/tasks      line i: "<task> <attempt>" run by array index i
 */
export const TASK_FILES = {
  command: 'command.sh',
  values: (task: number) => `tasks/${task}/values`,
  attempt: (task: number, attempt: number) => `tasks/${task}/${attempt}`,
  submission: (s: number) => `submissions/${s}`,
} as const;

export interface TaskScriptInput {
  /** Absolute path of the run folder. */
  readonly runDir: string;
  readonly runId: string;
  readonly submission: number;
  /** `#SBATCH` lines (SLURM) — none for local runs. */
  readonly header: readonly string[];
  readonly preamble: readonly string[];
}

/** The batch script of one submission: it finds its task by array index, then runs command.sh once. */
export function taskScript(input: TaskScriptInput): string {
  const sub = TASK_FILES.submission(input.submission);
  return [
    '#!/bin/bash',
    ...input.header,
    `# NAS Lens run ${input.runId}, submission ${input.submission}. Written by NAS Lens: the command is in command.sh.`,
    'set -u',
    `RUN_DIR=${shellQuote(input.runDir)}`,
    'INDEX="${SLURM_ARRAY_TASK_ID:-${NAS_LENS_ARRAY_INDEX:?no array index}}"',
    `mapfile -t -s "$INDEX" -n 1 LINE < "$RUN_DIR/${sub}/tasks" || exit 90`,
    'read -r TASK ATTEMPT <<<"${LINE[0]:-}"',
    '[ -n "${ATTEMPT:-}" ] || { echo "nas-lens: no task at array index $INDEX" >&2; exit 90; }',
    'T="$RUN_DIR/tasks/$TASK/$ATTEMPT"',
    'mkdir -p "$T/out" || exit 90',
    'JOB="${SLURM_ARRAY_JOB_ID:+${SLURM_ARRAY_JOB_ID}_${SLURM_ARRAY_TASK_ID}}"',
    'if ! ( set -o noclobber; printf \'%s %s %s\\n\' "${EPOCHREALTIME:-$(date +%s)}" "${HOSTNAME:-unknown}" "${JOB:-$$}" > "$T/started" ) 2>/dev/null; then',
    '  echo "nas-lens: task $TASK attempt $ATTEMPT has already started; it does not run twice" >&2',
    '  exit 0',
    'fi',
    'exec >>"$T/stdout.log" 2>>"$T/stderr.log" </dev/null',
    'FINISHED=',
    'finish() { [ -n "$FINISHED" ] && return; FINISHED=1; printf \'%s %s\\n\' "$1" "${EPOCHREALTIME:-$(date +%s)}" > "$T/exit.tmp" && mv -f "$T/exit.tmp" "$T/exit"; }',
    'trap \'finish "exit:$?"\' EXIT',
    "trap 'finish signal:TERM; exit 143' TERM",
    "trap 'finish signal:INT; exit 130' INT",
    "trap 'finish signal:USR1; exit 138' USR1",
    'while IFS= read -r -d \'\' KV; do export "NAS_LENS_$KV"; done < "$RUN_DIR/tasks/$TASK/values"',
    'export NAS_LENS_OUT="$T/out" NAS_LENS_TASK="$TASK" NAS_LENS_ATTEMPT="$ATTEMPT" NAS_LENS_RUN_DIR="$RUN_DIR"',
    ...input.preamble,
    'bash "$RUN_DIR/command.sh"',
    'CODE=$?',
    'finish "exit:$CODE"',
    'exit "$CODE"',
    '',
  ].join('\n');
}

/** command.sh: the template's shell text. It runs from the workspace folder. */
export function commandScript(template: CommandTemplate, runId: string): string {
  const lines = template.source.split('\n').map((l) => `#   ${l}`);
  return [
    '#!/bin/bash',
    `# NAS Lens run ${runId}: your command template`,
    ...lines,
    '# with each {placeholder} read from the environment variable NAS_LENS_<PLACEHOLDER>:',
    template.shell,
    '',
  ].join('\n');
}

/** The `values` file of a task: NAME=value records separated by NUL (values cannot hold NUL). */
export function valuesFile(values: CellValues, uses: readonly Placeholder[]): string {
  const names = (Object.keys(values) as Exclude<Placeholder, 'out'>[]).filter((n) => values[n] !== undefined);
  for (const n of uses) if (n !== 'out' && values[n] === undefined) throw new Error(`no value for {${n}}`);
  return names
    .map((n) => {
      const value = values[n] as string;
      if (value.includes('\0')) throw new Error(`the value of {${n}} holds a NUL character`);
      return `${placeholderVariable(n).slice('NAS_LENS_'.length)}=${value}\0`;
    })
    .join('');
}

/** The `#SBATCH` lines for the user's options (paths and the array go on sbatch's command line). */
export function sbatchHeader(options: SlurmOptions): string[] {
  const lines: string[] = [];
  const add = (flag: string, value: string | number | undefined) => {
    if (value !== undefined) lines.push(`#SBATCH --${flag}=${value}`);
  };
  add('partition', options.partition);
  add('time', options.time);
  add('cpus-per-task', options.cpusPerTask);
  add('mem', options.mem);
  add('gres', options.gres);
  add('account', options.account);
  add('qos', options.qos);
  for (const extra of options.sbatch ?? []) lines.push(`#SBATCH ${extra.trim()}`);
  return lines;
}

/** `--array=0-(K-1)%P` (P omitted when unset or ≥ K). */
export function arraySpec(count: number, maxConcurrent: number | undefined): string {
  const range = count === 1 ? '0' : `0-${count - 1}`;
  return maxConcurrent !== undefined && maxConcurrent < count ? `${range}%${maxConcurrent}` : range;
}

/** A path in an sbatch filename pattern: `%` is SLURM's pattern character. */
export function slurmPathPattern(path: string): string {
  if (path.includes('\\')) throw new Error(`SLURM cannot write logs under a path holding a backslash: ${path}`);
  return path.replace(/%/g, '%%');
}
