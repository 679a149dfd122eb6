import { SPACE_IDS, type SpaceId } from '../spaces/types';

export const SPACE_LIST = SPACE_IDS.map((s) => `"${s}"`).join(', ');

export function isSpaceIdValue(value: unknown): value is SpaceId {
  return typeof value === 'string' && (SPACE_IDS as readonly string[]).includes(value);
}
