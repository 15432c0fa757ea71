/**
 * Nothing lost: the open document's recovery copy, and the offer to restore
 * copies earlier windows or tabs left behind.
 *
 * - While the document has unsaved changes, a copy (graph, data, training settings, weights,
 *   history, view) goes to the host at most `AUTOSAVE_MS` after each change (longer for a
 *   document slow to write: `MAX_INTERVAL_MS`), under this window's own entry id. Checkpoints change the weights, so a run's copy keeps the weights
 *   of its last checkpoint.
 * - Once the document is saved (or replaced, or its changes are thrown away) the copy goes.
 * - At start, copies on the host (other than this window's) are offered: Restore or Discard
 *   (restoring one is a document flow: `restoreEntry` in open-save.ts).
 */
import type { Host, RecoveryEntry } from '../../shared/host';
import { getActionContext } from '../actions/registry';
import { isDirty, toModelFile, useDocument } from '../store/document';
import { useUi } from '../store/ui';
import { t } from '../common/i18n';

/** How long after a change its copy is written, at most (changes meanwhile ride along). */
export const AUTOSAVE_MS = 2000;
/**
 * The longest wait between copies. Writing a copy takes at most a tenth of the time: a
 * document that takes 300 ms to copy (hundreds of thousands of epochs of history) is
 * copied every 3 s, one that takes 6 s or more once a minute.
 */
const MAX_INTERVAL_MS = 60_000;
/** How long after a failed write it is tried again (the host may be restarting). */
const RETRY_MS = 5000;

/** This window's (tab's, page load's) entry: letters, digits and `-`, as the host requires. */
export const ownEntryId = `doc-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;

function errorText(err: unknown) {
  return err instanceof Error ? err.message : String(err);
}

interface Autosaver {
  /** Writes the copy now if the document is unsaved (restore, tests). */
  flush(): Promise<void>;
  /** Removes this window's copy now and forgets any pending write. */
  discard(): Promise<void>;
  stop(): void;
}

let current: Autosaver | null = null;

/**
 * Keeps this window's recovery copy in step with the document. Returns a disconnect.
 * A copy that cannot be written is said once in the status bar, not in a dialog per change.
 */
export function connectAutosave(host: Host, delayMs = AUTOSAVE_MS): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  /** Whether the host holds a copy of ours. */
  let written = false;
  let failed = false;
  /** How long after a change the copy is written: longer for documents slow to write. */
  let interval = delayMs;
  /** The status note this saver put up about a failed write, to take down once one succeeds. */
  let notice: string | null = null;
  /** One write or discard at a time, in order. */
  let queue: Promise<void> = Promise.resolve();

  const run = (task: () => Promise<void>) => {
    queue = queue.then(task, task);
    return queue;
  };

  const write = () =>
    run(async () => {
      if (!isDirty()) return;
      const started = Date.now();
      const doc = useDocument.getState();
      const model = toModelFile(getActionContext()?.flow?.getViewport() ?? null);
      try {
        await host.writeRecovery(ownEntryId, { name: doc.name, path: doc.path }, model);
        // A huge document (a long run's history) must not spend the window's time on copies.
        interval = Math.max(delayMs, Math.min(MAX_INTERVAL_MS, (Date.now() - started) * 10));
        written = true;
        if (failed && notice !== null && useUi.getState().status === notice) {
          useUi.getState().setStatus(null);
        }
        notice = null;
        failed = false;
      } catch (err) {
        if (!failed) {
          notice = t('editor.recovery.notWritten', { reason: errorText(err) });
          useUi.getState().setStatus(notice);
          console.warn('recovery copy not written', err);
        }
        failed = true;
        // The host may be restarting: try again without waiting for another change.
        schedule(RETRY_MS);
      }
    });

  const discard = () => {
    clearTimeout(timer);
    timer = undefined;
    return run(async () => {
      if (!written) return;
      written = false;
      await host.discardRecovery(ownEntryId).catch((err: unknown) => {
        console.warn('recovery copy not removed', err);
      });
    });
  };

  const schedule = (after = interval) => {
    if (timer !== undefined) return; // a write is due already: it takes this change along
    timer = setTimeout(() => {
      timer = undefined;
      void write();
    }, after);
  };

  const unwatch = useDocument.subscribe((s, prev) => {
    if (s.stateId === prev.stateId && s.savedStateId === prev.savedStateId) {
      // Name and path change with a save (savedStateId) or a load (stateId); nothing else counts.
      return;
    }
    if (isDirty(s)) schedule();
    else void discard();
  });

  const saver: Autosaver = {
    flush: () => {
      clearTimeout(timer);
      timer = undefined;
      return write();
    },
    discard,
    stop() {
      unwatch();
      clearTimeout(timer);
      timer = undefined;
      if (current === saver) current = null;
    },
  };
  current = saver;
  return () => saver.stop();
}

/** Removes this window's copy: its unsaved changes were thrown away on purpose ("Don't Save"). */
export function discardOwnCopy(): Promise<void> {
  return current?.discard() ?? Promise.resolve();
}

/** Writes this window's copy now (a restored document becomes this window's own at once). */
export function flushOwnCopy(): Promise<void> {
  return current?.flush() ?? Promise.resolve();
}

/** The copies to offer: every one on the host but this window's own. */
export async function recoverableEntries(host: Host): Promise<RecoveryEntry[]> {
  const entries = await host.listRecovery();
  return entries.filter((e) => e.id !== ownEntryId);
}

let offered = false;

/** Once per page: lists the copies left behind and, if there are any, offers them. */
export async function offerRecovery(host: Host): Promise<void> {
  if (offered) return;
  offered = true;
  let entries: RecoveryEntry[];
  try {
    entries = await recoverableEntries(host);
  } catch (err) {
    console.warn('could not list recovery copies', err);
    return;
  }
  if (entries.length) useUi.setState({ dialog: { type: 'recovery', entries } });
}
