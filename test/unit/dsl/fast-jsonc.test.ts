import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { parseTree, type ParseError } from 'jsonc-parser';
import { readJsoncFast } from '../../../src/core/dsl/json/fast-jsonc';
import { nodeToExpr } from '../../../src/core/dsl/json/json-expr';

/** What jsonc-parser makes of the text: its expressions when it finds no error, else undefined. */
function viaJsoncParser(text: string) {
  const errors: ParseError[] = [];
  const tree = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false, allowEmptyContent: true });
  return errors.length ? undefined : { root: tree && nodeToExpr(text, tree, -100) };
}

const trivia = fc.constantFrom('', ' ', '\n  ', '\t', ' // note\n', '/* c */', '\r\n');

/** JSON text with random whitespace, comments and trailing commas. */
const jsoncText = fc.jsonValue({ maxDepth: 4 }).chain((value) =>
  fc.infiniteStream(trivia).map((stream) => {
    const spaced = JSON.stringify(value, null, 1).replace(/\n\s*/g, () => stream.next().value || ' ');
    return spaced.replace(/([\]}])/g, (m) => (stream.next().value === ' ' ? `,${m}` : m)).replace(/([[{]),/g, '$1');
  }),
);

test('on text jsonc-parser reads without error, the fast reader gives the same expressions', () => {
  fc.assert(
    fc.property(jsoncText, (text) => {
      const reference = viaJsoncParser(text);
      const fast = readJsoncFast(text);
      if (!reference) {
        assert.equal(fast.ok, false, text);
        return;
      }
      assert.ok(fast.ok, text);
      assert.deepEqual(fast.root, reference.root);
    }),
    { numRuns: 400 },
  );
});

test('the fast reader gives up exactly where jsonc-parser finds an error (random text)', () => {
  const alphabet = fc.constantFrom(
    '{',
    '}',
    '[',
    ']',
    '"a"',
    '"\\u00e9"',
    '"\\x"',
    ':',
    ',',
    '1',
    '-0.5e3',
    '01',
    'true',
    'nul',
    '//x\n',
    '/*',
    ' ',
    '\n',
    '"\n"',
  );
  fc.assert(
    fc.property(
      fc.array(alphabet, { maxLength: 30 }).map((a) => a.join('')),
      (text) => {
        const reference = viaJsoncParser(text);
        const fast = readJsoncFast(text);
        assert.equal(fast.ok, reference !== undefined, text);
        if (fast.ok && reference) assert.deepEqual(fast.root, reference.root);
      },
    ),
    { numRuns: 1000 },
  );
});
