import assert from 'node:assert/strict';
import { test } from 'node:test';
import { enumerateNb201, nb201Index } from '../../../src/core/spaces/nb201';
import { formatArchString } from '../../../src/core/spaces/nb201/arch-string';
import { generationCode } from '../../../src/core/spaces/nb201/index-order';
import { pythonRandom } from '../../../src/core/spaces/nb201/python-random';

// Reference values printed by CPython 3.11: random.seed(s); xs = list(range(n)); random.shuffle(xs)
test("pythonRandom replays CPython's seeded shuffle", () => {
  const shuffled = (seed: number, n: number) => {
    const xs = Array.from({ length: n }, (_, i) => i);
    pythonRandom(seed).shuffle(xs);
    return xs;
  };
  assert.deepEqual(shuffled(88, 10), [8, 2, 9, 4, 0, 7, 1, 5, 3, 6]);
  assert.deepEqual(shuffled(0, 20), [10, 18, 16, 14, 0, 17, 11, 2, 3, 9, 5, 7, 4, 19, 6, 15, 8, 1, 13, 12]);
  assert.deepEqual(shuffled(4294967295, 12), [0, 6, 1, 5, 8, 2, 7, 4, 11, 3, 9, 10]);
  const all = shuffled(88, 15625);
  assert.deepEqual([...all.slice(0, 5), ...all.slice(-3)], [13931, 11791, 14874, 13126, 4032, 5452, 3104, 6512]);
  assert.throws(() => pythonRandom(-1), /seed must be an integer/);
});

test('enumerateNb201 is a permutation of all cells and nb201Index inverts it', () => {
  const cells = enumerateNb201();
  assert.equal(cells.length, 15625);
  assert.equal(new Set(cells.map(formatArchString)).size, 15625);
  cells.forEach((cell, i) => assert.equal(nb201Index(cell), i));
  // Architecture index 0 of the benchmark, and where it sat before the shuffle.
  assert.equal(formatArchString(cells[0]), '|avg_pool_3x3~0|+|nor_conv_1x1~0|skip_connect~1|+|nor_conv_1x1~0|skip_connect~1|skip_connect~2|');
  assert.equal(generationCode(cells[0]), 13931);
});

test('enumerateNb201 hands out frozen cells so its cache cannot be corrupted', () => {
  const [first] = enumerateNb201();
  assert.throws(() => {
    (first.ops as string[])[0] = 'none';
  }, TypeError);
  enumerateNb201().pop();
  assert.equal(enumerateNb201().length, 15625);
});

test('nb201Index rejects cells it cannot place', () => {
  assert.throws(() => nb201Index({ space: 'nb201', ops: ['none'] }), /6 ops/);
  assert.throws(() => nb201Index({ space: 'nb201', ops: ['none', 'none', 'none', 'none', 'none', 'conv'] }), /unknown NB-201 op 'conv'/);
});
