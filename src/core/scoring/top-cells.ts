import type { ScoredCell } from '../search/types';

/** The k best scored cells (by score; the first of equals stays ahead), kept sorted. Non-finite scores are ignored. */
export class TopCells {
  private readonly items: ScoredCell[] = [];

  constructor(private readonly k: number) {}

  offer(item: ScoredCell): void {
    if (!Number.isFinite(item.score)) return;
    const items = this.items;
    if (items.length >= this.k && !(item.score > items[items.length - 1].score)) return;
    let lo = 0,
      hi = items.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (items[mid].score >= item.score) lo = mid + 1;
      else hi = mid;
    }
    items.splice(lo, 0, item);
    if (items.length > this.k) items.pop();
  }

  sorted(): readonly ScoredCell[] {
    return this.items;
  }
}
