// The panel's number formats: those of src/shared/format.ts, with '–' for a missing value.
import * as shared from '../src/shared/format';

const MISSING = '–';

export const formatMs = shared.formatMs;
export const formatSpread = shared.formatSpread;

export function formatTop(top: number | undefined): string {
  return shared.formatTop(top, MISSING);
}

export function formatCount(n: number | undefined): string {
  return shared.formatCount(n, { missing: MISSING });
}

export function formatSi(n: number | undefined): string {
  return shared.formatSi(n, MISSING);
}
