// The searches the host holds: the last few by id and the latest, and the finished ones kept in the
// workspace state so that the search panel VS Code restores after a window reload acts on its search
// again. vscode-free (the workspace state comes in as a Memento-like object).
import { errorMessage } from '../../shared/errors';
import { SearchSession, type SessionSnapshot } from './session';

export const SESSIONS_STATE_KEY = 'nasLens.searches.v1';
/** Searches held in memory. */
const KEEP_SESSIONS = 5;
/** Finished searches kept in the workspace state for a restored panel. */
const PERSIST_SESSIONS = 3;

/** The part of vscode.Memento the store uses. */
export interface StateStore {
  get<T>(key: string, defaultValue: T): T;
  update(key: string, value: unknown): PromiseLike<void>;
}

export interface StoreLog {
  warn(message: string): void;
}

export class SearchStore {
  private readonly sessions = new Map<string, SearchSession>();
  private newest: SearchSession | undefined;

  constructor(
    private readonly state: StateStore,
    private readonly log: StoreLog,
  ) {}

  /** The search started (or restored) last. */
  get latest(): SearchSession | undefined {
    return this.newest;
  }

  get(id: string): SearchSession | undefined {
    return this.sessions.get(id);
  }

  /** The searches still running. */
  running(): SearchSession[] {
    return [...this.sessions.values()].filter((s) => s.running);
  }

  /** Holds a search (the oldest beyond KEEP_SESSIONS is dropped); `latest`: it becomes the latest. */
  remember(session: SearchSession, latest = true): void {
    this.sessions.set(session.id, session);
    if (latest) this.newest = session;
    while (this.sessions.size > KEEP_SESSIONS) {
      const oldest = this.sessions.keys().next().value as string;
      this.sessions.delete(oldest);
    }
  }

  /** Forgets every search held in memory, as a window reload does (the workspace state stays). */
  forget(): void {
    this.sessions.clear();
    this.newest = undefined;
  }

  /** Keeps the latest finished searches in the workspace state (for a panel restored after a reload). */
  persist(): void {
    const finished = [...this.sessions.values()].filter((s) => !s.running);
    const fresh = finished.slice(-PERSIST_SESSIONS).map((s) => s.snapshot());
    const ids = new Set(fresh.map((x) => x.id));
    const older = this.kept().filter((x) => x && !ids.has(x.id));
    const keep = [...older, ...fresh].slice(-PERSIST_SESSIONS);
    Promise.resolve(this.state.update(SESSIONS_STATE_KEY, keep)).catch((err) => this.log.warn(`searches not kept for a reload: ${errorMessage(err)}`));
  }

  /** A search kept in the workspace state, brought back (read-only until its document is found unchanged); undefined when it is not kept. */
  restore(id: string | undefined): SearchSession | undefined {
    const snap = id === undefined ? undefined : this.kept().find((x) => (x as Partial<SessionSnapshot> | null)?.id === id);
    try {
      const s = snap ? SearchSession.restore(snap) : undefined;
      if (s) {
        s.notice = {
          kind: 'info',
          text: s.origin
            ? `Restored after the window was reloaded. Accept and Insert apply while ${s.origin.file} still holds the text this search started from; otherwise re-run it.`
            : 'Restored after the window was reloaded.',
        };
      }
      return s;
    } catch (err) {
      this.log.warn(`a kept search could not be restored: ${errorMessage(err)}`);
      return undefined;
    }
  }

  /** The id of the newest search kept in the workspace state. */
  newestKeptId(): string | undefined {
    const kept = this.kept();
    return kept.length ? kept[kept.length - 1]?.id : undefined;
  }

  private kept(): SessionSnapshot[] {
    const kept = this.state.get<unknown>(SESSIONS_STATE_KEY, []);
    return Array.isArray(kept) ? (kept as SessionSnapshot[]) : [];
  }
}
