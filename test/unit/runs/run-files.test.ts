import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { withRunLock } from '../../../src/node/runs/run-lock';

const WRITER = 'test/fixtures/runs/concurrent-writer.ts';

function child(...args: string[]): Promise<number | null> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, ['--import', 'tsx', WRITER, ...args], { stdio: ['ignore', 'ignore', 'inherit'] });
    p.on('close', resolve);
  });
}

describe('run files under concurrency', () => {
  const dir = mkdtempSync(join(tmpdir(), 'nas-lens-run-files-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('results lines appended by 4 processes at once are each whole (one O_APPEND write per line)', async () => {
    const file = join(dir, 'r.nas-results.jsonl');
    const codes = await Promise.all(['a', 'b', 'c', 'd'].map((w) => child('append', file, `${w}:250`, '6000')));
    assert.deepEqual(codes, [0, 0, 0, 0]);
    const lines = readFileSync(file, 'utf8').split('\n');
    assert.equal(lines.pop(), '');
    assert.equal(lines.length, 1000);
    const seen = new Set(
      lines.map((l) => {
        const o = JSON.parse(l);
        return `${o.writer}${o.i}`;
      }),
    );
    assert.equal(seen.size, 1000);
  });

  test('a run lock serializes read-modify-write across 4 processes', async () => {
    writeFileSync(join(dir, 'counter'), '0');
    const codes = await Promise.all([1, 2, 3, 4].map(() => child('lock', dir, '40')));
    assert.deepEqual(codes, [0, 0, 0, 0]);
    assert.equal(readFileSync(join(dir, 'counter'), 'utf8'), '160');
    assert.equal(existsSync(join(dir, 'lock')), false);
  });

  test('a lock left by a process that died is taken over', async () => {
    const dead = spawnSync('true').pid;
    writeFileSync(join(dir, 'lock'), `${dead} ${hostname()} 2026-01-01T00:00:00Z\n`);
    assert.equal(await withRunLock(dir, async () => 'ran'), 'ran');
  });

  test('a lock held by a live process is waited for, then refused with who holds it', async () => {
    writeFileSync(join(dir, 'lock'), `1 ${hostname()} 2026-01-01T00:00:00Z\n`);
    await assert.rejects(
      withRunLock(dir, async () => 'ran', 50),
      /locked by process 1 on /,
    );
    rmSync(join(dir, 'lock'));
  });
});
