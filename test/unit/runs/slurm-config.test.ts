import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { readFileSync } from 'node:fs';
import { checkSlurmOptions, LOCAL_CHECKS, parseRunsConfig, SLURM_CHECKS, TOP_CHECKS } from '../../../src/core/runs/runs-config';
import { parseSacct, parseSbatchJobId, parseScontrolJobs, parseSqueue, slurmStateView } from '../../../src/core/runs/slurm-parse';
import { parseSlurmTime } from '../../../src/core/runs/slurm-time';

describe('SLURM output', () => {
  test('squeue -r lines: one per array task; unexpanded ranges skipped', () => {
    assert.deepEqual(parseSqueue('12_0|RUNNING|None\n12_1|PENDING|Resources\n12_[2-9%2]|PENDING|JobArrayTaskLimit\n13|COMPLETING|None\n\n'), [
      { job: '12', arrayIndex: 0, view: 'running', text: 'RUNNING' },
      { job: '12', arrayIndex: 1, view: 'pending', text: 'PENDING, Resources' },
      { job: '13', arrayIndex: -1, view: 'ending', text: 'COMPLETING' },
    ]);
  });

  test('scontrol -o show job: array task records with state, reason and exit code', () => {
    const text = [
      'JobId=15 ArrayJobId=12 ArrayTaskId=3 JobName=x JobState=TIMEOUT Reason=TimeLimit Dependency=(null) ExitCode=0:15',
      'JobId=14 ArrayJobId=12 ArrayTaskId=2 JobName=x JobState=COMPLETED Reason=None ExitCode=0:0',
      'JobId=12 ArrayJobId=12 ArrayTaskId=4-9 JobState=PENDING Reason=None',
    ].join('\n');
    assert.deepEqual(parseScontrolJobs(text), [
      { job: '12', arrayIndex: 3, view: 'timeout', text: 'TIMEOUT, TimeLimit, exit 0:15' },
      { job: '12', arrayIndex: 2, view: 'completed', text: 'COMPLETED' },
    ]);
  });

  test('sacct -P lines, states with suffixes ("CANCELLED by 0")', () => {
    assert.deepEqual(parseSacct('20_0|COMPLETED|0:0\n20_1|CANCELLED by 0|0:15\n20_2|OUT_OF_MEMORY|0:125\n'), [
      { job: '20', arrayIndex: 0, view: 'completed', text: 'COMPLETED' },
      { job: '20', arrayIndex: 1, view: 'cancelled', text: 'CANCELLED by 0, exit 0:15' },
      { job: '20', arrayIndex: 2, view: 'out-of-memory', text: 'OUT_OF_MEMORY, exit 0:125' },
    ]);
    assert.equal(slurmStateView('PREEMPTED'), 'preempted');
    assert.equal(slurmStateView('NODE_FAIL'), 'node-failure');
    assert.equal(slurmStateView('CD'), 'completed');
    assert.equal(slurmStateView('WHATEVER'), 'unknown');
  });

  test('sbatch --parsable: the job id, with or without a cluster name', () => {
    assert.equal(parseSbatchJobId('1234\n'), '1234');
    assert.equal(parseSbatchJobId('1234;cluster\n'), '1234');
    assert.equal(parseSbatchJobId('sbatch: error\n'), undefined);
  });

  test('time limits in every SLURM form', () => {
    assert.equal(parseSlurmTime('30'), 1800);
    assert.equal(parseSlurmTime('1:30'), 90);
    assert.equal(parseSlurmTime('2:00:05'), 7205);
    assert.equal(parseSlurmTime('1-2'), 93600);
    assert.equal(parseSlurmTime('1-2:03'), 93780);
    assert.equal(parseSlurmTime('1-02:03:04'), 93784);
    assert.equal(parseSlurmTime('UNLIMITED'), Infinity);
    assert.equal(parseSlurmTime('1h'), undefined);
    assert.equal(parseSlurmTime('1:2:3:4'), undefined);
  });
});

describe('nas-lens.runs.json', () => {
  test('a full configuration is read as written', () => {
    const text = `{
      // comments are fine
      "backend": "slurm",
      "command": "python train.py --arch {arch} --out {out}",
      "seeds": 3,
      "results": "results/mine.nas-results.jsonl",
      "slurm": { "partition": "gpu", "time": "4:00:00", "cpusPerTask": 8, "mem": "32G", "gres": "gpu:a100:1", "account": "lab", "qos": "high",
                 "maxConcurrent": 4, "sbatch": ["--constraint=a100"], "preamble": ["module load cuda/12", "conda activate nas"] },
      "local": { "concurrency": 2, "time": "30:00" },
    }`;
    const { config, problems } = parseRunsConfig(text);
    assert.deepEqual(problems, []);
    assert.equal(config.backend, 'slurm');
    assert.equal(config.slurm?.gres, 'gpu:a100:1');
    assert.deepEqual(config.slurm?.preamble, ['module load cuda/12', 'conda activate nas']);
    assert.equal(config.local?.concurrency, 2);
  });

  test('bad values are errors at their line:column and are left out; unknown keys are warnings; the rest is kept', () => {
    const text =
      '{\n  "backend": "pbs",\n  "seeds": 2,\n  "slurm": { "time": "1h", "partition": "gpu", "colour": 1,\n    "sbatch": ["constraint=a100"] },\n  "extra": true\n}';
    const { config, problems } = parseRunsConfig(text);
    assert.deepEqual(
      problems.map((p) => [p.severity, p.line, p.column, p.message]),
      [
        ['error', 2, 14, 'backend must be "slurm" or "local"'],
        ['error', 4, 22, "slurm.time '1h' is not a SLURM time (minutes, MM:SS, HH:MM:SS, D-HH, D-HH:MM or D-HH:MM:SS)"],
        ['warning', 4, 48, "unknown key 'slurm.colour' (known: partition, time, cpusPerTask, mem, gres, account, qos, maxConcurrent, sbatch, preamble)"],
        ['error', 5, 15, "slurm.sbatch option 'constraint=a100' must start with - (e.g. --constraint=a100)"],
        ['warning', 6, 3, "unknown key 'extra' (known: backend, command, seeds, results, source, slurm, local)"],
      ],
    );
    assert.deepEqual(config, { seeds: 2, slurm: { partition: 'gpu' } });
  });

  test('syntax errors and a non-object are reported, never thrown', () => {
    assert.match(parseRunsConfig('{ "seeds": 2, ').problems[0].message, /^JSON: /);
    assert.match(parseRunsConfig('[1]').problems[0].message, /must hold one object/);
    assert.deepEqual(parseRunsConfig('{"__proto__": {"x": 1}}').config, {});
  });

  test('options from flags: line breaks and odd values refused', () => {
    assert.deepEqual(checkSlurmOptions({ partition: 'gpu', mem: '16G', cpusPerTask: 4 }), []);
    assert.deepEqual(checkSlurmOptions({ partition: 'gpu\n#SBATCH --x', preamble: ['a\nb'] }), [
      "partition 'gpu\n#SBATCH --x' is not valid (expected [A-Za-z0-9_.,:+@-]+)",
      'preamble: one line per entry, no line breaks',
    ]);
    assert.deepEqual(checkSlurmOptions({ cpusPerTask: 0 }), ['cpusPerTask must be a positive integer']);
  });

  test('the JSON Schema (media/schema/nas-lens.runs.schema.json) names exactly the keys the reader checks', () => {
    const schema = JSON.parse(readFileSync('media/schema/nas-lens.runs.schema.json', 'utf8'));
    assert.deepEqual(Object.keys(schema.properties).sort(), [...Object.keys(TOP_CHECKS), 'slurm', 'local'].sort());
    assert.deepEqual(Object.keys(schema.properties.slurm.properties).sort(), Object.keys(SLURM_CHECKS).sort());
    assert.deepEqual(Object.keys(schema.properties.local.properties).sort(), Object.keys(LOCAL_CHECKS).sort());
  });
});
