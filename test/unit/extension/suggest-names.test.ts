import assert from 'node:assert/strict';
import { test } from 'node:test';
import { candidateSpaces } from '../../../src/extension/fit/candidate-spaces';
import { suggestedNames } from '../../../src/extension/fit/suggested-names';

test('suggested cells are named suggested_1, suggested_2, … skipping the names the file has', () => {
  assert.deepEqual(suggestedNames(3, new Set()), ['suggested_1', 'suggested_2', 'suggested_3']);
  assert.deepEqual(suggestedNames(3, new Set(['suggested_1', 'suggested_3', 'alpha'])), ['suggested_2', 'suggested_4', 'suggested_5']);
  assert.deepEqual(suggestedNames(0, new Set()), []);
  const taken = new Set(suggestedNames(50, new Set()));
  const more = suggestedNames(10, taken);
  assert.equal(more[0], 'suggested_51');
  assert.ok(more.every((n) => !taken.has(n)));
});

test('the space of a fit or a suggestion: the file’s spaces that have measured cells, else every measured space', () => {
  assert.deepEqual(candidateSpaces(['nb201'], ['nb101', 'nb201']), ['nb201']);
  assert.deepEqual(candidateSpaces(['darts'], ['nb101', 'nb201']), ['nb101', 'nb201']);
  assert.deepEqual(candidateSpaces([], ['nb101']), ['nb101']);
  assert.deepEqual(candidateSpaces(['nb201', 'nb101'], ['nb101', 'nb201']), ['nb201', 'nb101']);
  assert.deepEqual(candidateSpaces(['nb201'], []), []);
});
