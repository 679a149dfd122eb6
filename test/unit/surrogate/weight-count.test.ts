// weightValueCount (the closed form a model file's declared sizes are checked with before anything is
// built) must agree with the layout allWeightSpecs builds, for every architecture option.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { allWeightSpecs, weightSize, weightValueCount, type SurrogateArchitecture } from '../../../src/core/surrogate/config';
import { encodingSpecOf } from '../../../src/core/surrogate/encode-cells';

test('weightValueCount equals the size of the layout allWeightSpecs builds, whatever the options', () => {
  fc.assert(
    fc.property(
      fc.constantFrom('nb201' as const, 'nb101' as const, 'darts' as const),
      fc.record({
        hidden: fc.integer({ min: 1, max: 40 }),
        layers: fc.integer({ min: 1, max: 5 }),
        headHidden: fc.integer({ min: 1, max: 40 }),
        tiers: fc.integer({ min: 0, max: 5 }),
        pooling: fc.constantFrom('sum' as const, 'mean' as const),
        residual: fc.boolean(),
        norm: fc.constantFrom('none' as const, 'layer' as const),
        messages: fc.constantFrom('joint' as const, 'separate' as const),
        auxiliary: fc.integer({ min: 0, max: 4 }),
      }),
      fc.integer({ min: 1, max: 5 }),
      (space, arch: SurrogateArchitecture, members) => {
        const encoding = encodingSpecOf(space);
        const built = allWeightSpecs(encoding, arch, members).reduce((n, s) => n + weightSize(s), 0);
        assert.equal(weightValueCount(encoding, arch, members), built);
      },
    ),
  );
});
