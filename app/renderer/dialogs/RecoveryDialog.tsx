/** The start-up offer of unsaved documents an earlier window or tab left: Restore or Discard each. */
import { useState } from 'react';
import type { Host, RecoveryEntry } from '../../shared/host';
import { restoreEntry } from '../recovery';
import { useUi, type Dialog } from '../store/ui';
import { Modal } from './Dialogs';

function when(savedAt: string | null): string {
  if (!savedAt) return '(time unknown)';
  const date = new Date(savedAt);
  const time = date.toLocaleTimeString(undefined, { timeStyle: 'short' });
  if (date.toDateString() === new Date().toDateString()) return `today at ${time}`;
  return `on ${date.toLocaleDateString(undefined, { dateStyle: 'medium' })} at ${time}`;
}

export function RecoveryDialog({
  host,
  dialog,
}: {
  host: Host;
  dialog: Extract<Dialog, { type: 'recovery' }>;
}) {
  const [entries, setEntries] = useState<RecoveryEntry[]>(dialog.entries);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const close = () => useUi.setState({ dialog: null });

  async function discard(entry: RecoveryEntry) {
    setBusy(true);
    setError(null);
    try {
      await host.discardRecovery(entry.id);
      const left = entries.filter((e) => e.id !== entry.id);
      setEntries(left);
      if (!left.length) close();
    } catch (err) {
      setError(`Could not discard ${entry.name}: ${err instanceof Error ? err.message : err}`);
    } finally {
      setBusy(false);
    }
  }

  async function restore(entry: RecoveryEntry) {
    setBusy(true);
    close(); // restoring may ask about the current document or show why the copy failed
    await restoreEntry(host, entry);
  }

  return (
    <Modal title="Recover unsaved work?" onCancel={close} wide>
      <p>
        Backprop Studio did not close normally, or a window closed with unsaved changes. These
        documents were kept:
      </p>
      <ul className="bp-recovery" aria-label="Unsaved documents">
        {entries.map((entry) => (
          <li key={entry.id} className="bp-recovery__item">
            <div className="bp-recovery__text">
              <strong>{entry.name}</strong>
              <span className="bp-hint">
                {entry.path ? <code title={entry.path}>{entry.path}</code> : 'Never saved'}
              </span>
              <span className="bp-hint">Changes kept {when(entry.savedAt)}</span>
              {entry.problem && (
                <span className="bp-field__error" role="alert">
                  This copy cannot be restored: {entry.problem}
                </span>
              )}
            </div>
            <button
              type="button"
              disabled={busy}
              aria-label={`Discard ${entry.name}`}
              onClick={() => void discard(entry)}
            >
              Discard
            </button>
            {!entry.problem && (
              <button
                type="button"
                className="is-primary"
                disabled={busy}
                aria-label={`Restore ${entry.name}`}
                onClick={() => void restore(entry)}
              >
                Restore
              </button>
            )}
          </li>
        ))}
      </ul>
      {error && (
        <p className="bp-field__error" role="alert">
          {error}
        </p>
      )}
      <div className="bp-dialog__buttons">
        <span className="bp-hint bp-recovery__later">
          Copies you keep are offered again at the next start.
        </span>
        <span className="bp-spacer" />
        <button type="button" autoFocus onClick={close}>
          Decide Later
        </button>
      </div>
    </Modal>
  );
}
