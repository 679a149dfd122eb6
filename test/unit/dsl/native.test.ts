import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ARCH_A, ARCH_B, cellNamed, codesAt, DARTS_V2_NORMAL, DARTS_V2_REDUCE, parse, textAt } from './helpers';

const V2 = { space: 'darts', normal: DARTS_V2_NORMAL, reduce: DARTS_V2_REDUCE };

test('arch strings anywhere, named by an assignment, a dictionary key or their line', () => {
  const text = `best = '${ARCH_A}'
config = {'baseline': "${ARCH_B}", "arch": '${ARCH_A}'}
print("${ARCH_B}")  # and in a comment: ${ARCH_A}
  resnet: '${ARCH_B}'
`;
  const doc = parse(text, 'notes.py');
  assert.deepEqual(
    doc.cells.map((c) => [c.name, c.notation, c.valid]),
    [
      ['best', 'arch-string', true],
      ['baseline', 'arch-string', true],
      ['arch@line 2', 'arch-string', true],
      ['arch@line 3', 'arch-string', true],
      ['arch@line 3 (2)', 'arch-string', true],
      ['resnet', 'arch-string', true],
    ],
  );
  assert.equal(textAt(text, doc.cells[0].nameRange), 'best');
  assert.equal(textAt(text, doc.cells[1].nameRange), 'baseline');
  assert.equal(textAt(text, doc.cells[0].range), ARCH_A);
  assert.deepEqual(doc.cells[0].cell, {
    space: 'nb201',
    ops: ['nor_conv_3x3', 'nor_conv_3x3', 'avg_pool_3x3', 'skip_connect', 'nor_conv_3x3', 'skip_connect'],
  });
});

test('an arch string with an unknown op underlines the op', () => {
  const text = 'x = "|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|"';
  const [cell] = parse(text, 'a.txt').cells;
  assert.deepEqual(codesAt(text, cell.diagnostics), ['unknown-op@avg_pool']);
});

test('Genotype calls: keyword or positional, tuples or lists, either quotes, line breaks and comments', () => {
  const text = `from genotypes import Genotype
KEYWORDS = Genotype(normal=[('sep_conv_3x3', 0), ('sep_conv_3x3', 1), ('sep_conv_3x3', 0), ('sep_conv_3x3', 1), ('sep_conv_3x3', 1), ('skip_connect', 0), ('skip_connect', 0), ('dil_conv_3x3', 2)], normal_concat=[2, 3, 4, 5], reduce=[('max_pool_3x3', 0), ('max_pool_3x3', 1), ('skip_connect', 2), ('max_pool_3x3', 1), ('max_pool_3x3', 0), ('skip_connect', 2), ('skip_connect', 2), ('max_pool_3x3', 1)], reduce_concat=[2, 3, 4, 5])
POSITIONAL = genotypes.Genotype(
    [["sep_conv_3x3", 0], ["sep_conv_3x3", 1],  # node 2
     ["sep_conv_3x3", 0], ["sep_conv_3x3", 1],  # node 3
     ["sep_conv_3x3", 1], ["skip_connect", 0],
     ["skip_connect", 0], ["dil_conv_3x3", 2]],
    list(range(2, 6)),
    [("max_pool_3x3", 0), ("max_pool_3x3", 1), ("skip_connect", 2), ("max_pool_3x3", 1),
     ("max_pool_3x3", 0), ("skip_connect", 2), ("skip_connect", 2), ("max_pool_3x3", 1),],
    (2, 3, 4, 5),
)
MIXED: Genotype = Genotype(reduce=[('max_pool_3x3', 0), ('max_pool_3x3', 1), ('skip_connect', 2), ('max_pool_3x3', 1), ('max_pool_3x3', 0), ('skip_connect', 2), ('skip_connect', 2), ('max_pool_3x3', 1)], normal=[('sep_conv_3x3', 0), ('sep_conv_3x3', 1), ('sep_conv_3x3', 0), ('sep_conv_3x3', 1), ('sep_conv_3x3', 1), ('skip_connect', 0), ('skip_connect', 0), ('dil_conv_3x3', 2)])
genotypes = {'v2': Genotype(normal=[('sep_conv_3x3', 0), ('sep_conv_3x3', 1), ('sep_conv_3x3', 0), ('sep_conv_3x3', 1), ('sep_conv_3x3', 1), ('skip_connect', 0), ('skip_connect', 0), ('dil_conv_3x3', 2)], normal_concat=range(2, 6), reduce=[('max_pool_3x3', 0), ('max_pool_3x3', 1), ('skip_connect', 2), ('max_pool_3x3', 1), ('max_pool_3x3', 0), ('skip_connect', 2), ('skip_connect', 2), ('max_pool_3x3', 1)], reduce_concat=range(2, 6))}
# Genotype(normal=[...]) in a comment is not a cell; one in a string is (here an unfinished one):
doc = "Genotype(normal=[('sep_conv_3x3', 0)])"
`;
  const doc = parse(text, 'genotypes.py');
  assert.deepEqual(
    doc.cells.map((c) => [c.name, c.notation, c.valid]),
    [
      ['KEYWORDS', 'genotype', true],
      ['POSITIONAL', 'genotype', true],
      ['MIXED', 'genotype', true],
      ['v2', 'genotype', true],
      ['doc', 'genotype', false],
    ],
  );
  for (const cell of doc.cells.slice(0, 4)) assert.deepEqual(cell.cell, V2, cell.name);
  assert.deepEqual(codesAt(text, cellNamed(doc, 'doc').diagnostics), ['missing-key@Genotype']);
  const positional = cellNamed(doc, 'POSITIONAL');
  assert.ok(textAt(text, positional.range)?.startsWith('genotypes.Genotype('));
  assert.ok(textAt(text, positional.range)?.endsWith('(2, 3, 4, 5),\n)'));
  assert.equal(textAt(text, positional.parts.normalConcat), 'list(range(2, 6))');
});

test('unsupported concats, wrong edge counts and unknown ops in Genotypes', () => {
  const text = `NASNet = Genotype(
  normal=[('sep_conv_5x5', 1), ('sep_conv_3x3', 0), ('sep_conv_5x5', 0), ('sep_conv_3x3', 0), ('avg_pool_3x3', 1), ('skip_connect', 0), ('avg_pool_3x3', 0), ('avg_pool_3x3', 0), ('sep_conv_3x3', 1), ('skip_connect', 1)],
  normal_concat=[2, 3, 4, 5, 6],
  reduce=[('sep_conv_5x5', 1), ('sep_conv_7x7', 0), ('max_pool_3x3', 1), ('sep_conv_7x7', 0), ('avg_pool_3x3', 1), ('sep_conv_5x5', 0), ('skip_connect', 3), ('avg_pool_3x3', 2), ('sep_conv_3x3', 2), ('max_pool_3x3', 1)],
  reduce_concat=[4, 5, 6],
)
TYPO = Genotype(normal=[('sep_conv_3x3', 0), ('sep_conv_3x3', 1), ('sep_conv_3x3', 0), ('sep_conv_3x3', 1), ('sep_conv_3x3', 1), ('skip_connect', 0), ('skip_connect', 0), ('dil_conv_3x3', 2)], normal_concat=range(2, 6), reduce=[('max_pool_3x3', 0), ('max_pool_3x3', 1), ('skip_connect', 2), ('max_pool_3x3', 1), ('max_pool_3x3', 0), ('skip_connect', 2), ('skip_connect', 2), ('max_pool_3x4', 1)], reduce_concat=range(2, 6))
VAR = Genotype(normal=NORMAL, normal_concat=CONCAT, reduce=[('max_pool_3x3', 0), ('max_pool_3x3')], reduce_concat=range(2, 6), extra=1)
`;
  const doc = parse(text, 'genotypes.py');
  const nasnet = cellNamed(doc, 'NASNet');
  assert.equal(nasnet.valid, false);
  // Every problem at once: the concats, the edge counts, the repeated input and the unknown ops.
  assert.deepEqual(
    codesAt(text, nasnet.diagnostics).map((c) => c.replace(/@\[\('.*/s, '@[…')),
    [
      'unsupported-concat@[2, 3, 4, 5, 6]',
      'unsupported-concat@[4, 5, 6]',
      'bad-shape@[…',
      'duplicate-input@0',
      'duplicate-input@0',
      'bad-shape@[…',
      'unknown-op@sep_conv_7x7',
      'unknown-op@sep_conv_7x7',
    ],
  );
  assert.deepEqual(codesAt(text, cellNamed(doc, 'TYPO').diagnostics), ['unknown-op@max_pool_3x4']);
  // Built from variables: code, not a cell; a note says why (no error on correct library code).
  assert.ok(!doc.cells.some((c) => c.name === 'VAR'));
  assert.deepEqual(codesAt(text, doc.notes ?? []), ['not-a-cell@Genotype']);
  assert.match(doc.notes![0].message, /its normal is the name 'NORMAL'/);
  const literal = parse("BAD = Genotype(normal=[('sep_conv_3x3', 0), ('max_pool_3x3')], reduce_concat=range(2, 6), extra=1)\n", 'g.py');
  assert.deepEqual(
    codesAt("BAD = Genotype(normal=[('sep_conv_3x3', 0), ('max_pool_3x3')], reduce_concat=range(2, 6), extra=1)\n", literal.cells[0].diagnostics),
    [
      'unknown-argument@extra',
      "wrong-type@'max_pool_3x3'", // ('x') is a parenthesised string in Python, not a tuple
      'missing-key@Genotype',
    ],
  );
});

test("ModelSpec with nasbench's constants or strings, np.array matrices, and unknown constants", () => {
  const text = `spec = api.ModelSpec(
    # Adjacency matrix of the module
    matrix=[[0, 1, 1, 0],    # input layer
            [0, 0, 0, 1],    # 1x1 conv
            [0, 0, 0, 1],    # 3x3 conv
            [0, 0, 0, 0]],   # output layer
    ops=[INPUT, CONV1X1, api.CONV3X3, OUTPUT])
strings = ModelSpec(np.array([[0, 1, 1, 0], [0, 0, 0, 1], [0, 0, 0, 1], [0, 0, 0, 0]], dtype=np.int8), ['input', 'conv1x1-bn-relu', "conv3x3-bn-relu", 'output'], data_format='channels_last')
unknown = ModelSpec(matrix=[[0, 1], [0, 0]], ops=[INPUT, CONV5X5])
`;
  const doc = parse(text, 'search.py');
  const expected = {
    space: 'nb101',
    matrix: [
      [0, 1, 1, 0],
      [0, 0, 0, 1],
      [0, 0, 0, 1],
      [0, 0, 0, 0],
    ],
    ops: ['input', 'conv1x1-bn-relu', 'conv3x3-bn-relu', 'output'],
  };
  assert.deepEqual(cellNamed(doc, 'spec').cell, expected);
  assert.ok(cellNamed(doc, 'spec').valid);
  assert.deepEqual(cellNamed(doc, 'strings').cell, expected);
  assert.deepEqual(cellNamed(doc, 'strings').diagnostics, []);
  assert.equal(textAt(text, cellNamed(doc, 'strings').parts.matrix), '[[0, 1, 1, 0], [0, 0, 0, 1], [0, 0, 0, 1], [0, 0, 0, 0]]');
  const unknown = cellNamed(doc, 'unknown');
  assert.deepEqual(codesAt(text, unknown.diagnostics), ['not-literal@CONV5X5']);
  assert.match(unknown.diagnostics[0].message, /INPUT, OUTPUT, CONV3X3, CONV1X1, MAXPOOL3X3/);
});

test('prose with apostrophes, def/class Genotype and unnamed calls', () => {
  const text = `It's a cell: ${ARCH_A}
class Genotype(NamedTuple): ...
def ModelSpec(matrix, ops): ...
cells.append(Genotype(normal=[('sep_conv_3x3', 0), ('sep_conv_3x3', 1), ('sep_conv_3x3', 0), ('sep_conv_3x3', 1), ('sep_conv_3x3', 1), ('skip_connect', 0), ('skip_connect', 0), ('dil_conv_3x3', 2)], reduce=[('max_pool_3x3', 0), ('max_pool_3x3', 1), ('skip_connect', 2), ('max_pool_3x3', 1), ('max_pool_3x3', 0), ('skip_connect', 2), ('skip_connect', 2), ('max_pool_3x3', 1)]))
`;
  const doc = parse(text, 'README.md');
  assert.deepEqual(
    doc.cells.map((c) => [c.name, c.valid]),
    [
      ['arch@line 1', true],
      ['Genotype@line 4', true],
    ],
  );
});
