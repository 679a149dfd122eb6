import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Expr } from '../../../src/core/dsl/literal/expr';
import { LiteralReader } from '../../../src/core/dsl/literal/parse-tokens';
import { JAVASCRIPT, PYTHON, tokenize, type Syntax } from '../../../src/core/dsl/literal/tokens';

function read(text: string, syntax: Syntax = PYTHON): Expr {
  return new LiteralReader(tokenize(text, syntax)).readExpr();
}

/** The expression as plain data, for comparisons. */
function value(expr: Expr): unknown {
  switch (expr.kind) {
    case 'string':
    case 'number':
      return expr.value;
    case 'name':
      return { name: expr.name };
    case 'list':
      return { [expr.bracket]: expr.items.map(value) };
    case 'dict':
      return { dict: expr.entries.map((e) => [value(e.key), value(e.value)]) };
    case 'call':
      return { call: expr.callee, args: expr.args.map((a) => (a.keyword ? { [a.keyword]: value(a.value) } : value(a.value))) };
    case 'other':
      return { other: expr.what };
  }
}

test('Python strings: quotes, prefixes, triple quotes, escapes, implicit concatenation', () => {
  assert.equal(value(read(`'a'`)), 'a');
  assert.equal(value(read(`"it's"`)), "it's");
  assert.equal(value(read(`r'\\d'`)), '\\d');
  assert.equal(value(read(`'a\\'b'`)), "a'b");
  assert.equal(value(read(`'''x\n'y'\n'''`)), "x\n'y'\n");
  assert.equal(value(read(`'ab' "cd"`)), 'abcd');
  assert.deepEqual(value(read(`f'{x}'`)), { other: 'a string with substitutions' });
  assert.deepEqual(value(read(`b'x'`)), { other: 'a bytes literal' });
  const [token] = tokenize(`'unterminated\nnext`, PYTHON);
  assert.ok(token.kind === 'string' && !token.terminated && token.value === 'unterminated');
});

test('numbers, signs, comments and the exact flag of string content', () => {
  assert.deepEqual(value(read('[1, -2, +3, 4.5, .5, 1e3, 1_000, 0x1F]')), { '[': [1, -2, 3, 4.5, 0.5, 1000, 1000, 31] });
  assert.deepEqual(value(read('[1, # one\n 2]  # done')), { '[': [1, 2] });
  assert.deepEqual(value(read('[1, // one\n 2 /* two */]', JAVASCRIPT)), { '[': [1, 2] });
  const plain = read(`'abc'`);
  const escaped = read(`'a\\tc'`);
  assert.ok(plain.kind === 'string' && plain.exact && plain.contentStart === 1 && plain.contentEnd === 4);
  assert.ok(escaped.kind === 'string' && !escaped.exact);
});

test('tuples versus parentheses, dictionaries, calls with keywords, dotted names', () => {
  assert.deepEqual(value(read(`('a', 1)`)), { '(': ['a', 1] });
  assert.deepEqual(value(read(`('a',)`)), { '(': ['a'] });
  assert.equal(value(read(`('a')`)), 'a');
  assert.deepEqual(value(read(`{'k': [1, 2], 'j': None}`)), {
    dict: [
      ['k', { '[': [1, 2] }],
      ['j', { name: 'None' }],
    ],
  });
  assert.deepEqual(value(read(`api.ModelSpec([[0]], ops=[INPUT])`)), {
    call: 'api.ModelSpec',
    args: [{ '[': [{ '[': [0] }] }, { ops: { '[': [{ name: 'INPUT' }] } }],
  });
  assert.deepEqual(value(read(`list(range(2, 6))`)), { call: 'list', args: [{ call: 'range', args: [2, 6] }] });
});

test('anything else becomes one "other" expression and reading moves on', () => {
  assert.deepEqual(value(read(`[a + b, x[0], f(x).y, 3]`)), { '[': [{ other: 'an expression' }, { other: 'an expression' }, { other: 'an expression' }, 3] });
  const deep = read('['.repeat(500) + ']'.repeat(500));
  assert.equal(deep.kind, 'list');
  assert.deepEqual(value(read(`[1, 2`)), { '[': [1, 2] });
  assert.deepEqual(value(read(`[1, ) 2]`)), { '[': [1] });
});

test('tokenizing until balanced stops at the end of the first bracketed group', () => {
  const text = `Genotype(normal=[('a', 0)], reduce=[]) trailing(`;
  const tokens = tokenize(text, PYTHON, 0, text.length, true);
  assert.equal(text.slice(tokens[0].start, tokens[tokens.length - 1].end), `Genotype(normal=[('a', 0)], reduce=[])`);
});
