// Which spaces a fit or a suggestion may be for (vscode-free: pick-space.ts asks the user among them).
import type { SpaceId } from '../../core/spaces/types';

/** The active file's spaces that have measured cells; when none has, every measured space. */
export function candidateSpaces(fileSpaces: readonly SpaceId[], measuredSpaces: readonly SpaceId[]): SpaceId[] {
  const both = fileSpaces.filter((s) => measuredSpaces.includes(s));
  return [...new Set(both.length ? both : measuredSpaces)];
}
