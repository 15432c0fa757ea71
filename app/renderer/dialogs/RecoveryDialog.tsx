/** The start-up offer of unsaved documents an earlier window or tab left: Restore or Discard each. */
import { useState } from 'react';
import type { Host, RecoveryEntry } from '../../shared/host';
import { language } from '#src/i18n';
import { t as translate, useTranslation } from '../common/i18n';
import { restoreEntry } from '../files/open-save';
import { useUi, type Dialog } from '../store/ui';
import { Modal } from '../common/Modal';

function when(savedAt: string | null): string {
  if (!savedAt) return translate('dialogs.recovery.timeUnknown');
  const date = new Date(savedAt);
  const time = date.toLocaleTimeString(language(), { timeStyle: 'short' });
  if (date.toDateString() === new Date().toDateString()) {
    return translate('dialogs.recovery.today', { time });
  }
  const day = date.toLocaleDateString(language(), { dateStyle: 'medium' });
  return translate('dialogs.recovery.onDate', { date: day, time });
}

export function RecoveryDialog({
  host,
  dialog,
}: {
  host: Host;
  dialog: Extract<Dialog, { type: 'recovery' }>;
}) {
  const { t } = useTranslation();
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
      const reason = err instanceof Error ? err.message : String(err);
      setError(translate('dialogs.recovery.couldNotDiscard', { name: entry.name, reason }));
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
    <Modal title={t('dialogs.recovery.title')} onCancel={close} wide>
      <p>{t('dialogs.recovery.intro')}</p>
      <ul className="bp-recovery" aria-label={t('dialogs.recovery.list')}>
        {entries.map((entry) => (
          <li key={entry.id} className="bp-recovery__item">
            <div className="bp-recovery__text">
              <strong>{entry.name}</strong>
              <span className="bp-hint">
                {entry.path ? (
                  <code title={entry.path}>{entry.path}</code>
                ) : (
                  t('dialogs.recovery.neverSaved')
                )}
              </span>
              <span className="bp-hint">
                {t('dialogs.recovery.kept', { when: when(entry.savedAt) })}
              </span>
              {entry.problem && (
                <span className="bp-field__error" role="alert">
                  {t('dialogs.recovery.cannotRestore', { problem: entry.problem })}
                </span>
              )}
            </div>
            <button
              type="button"
              disabled={busy}
              aria-label={t('dialogs.recovery.discardNamed', { name: entry.name })}
              onClick={() => void discard(entry)}
            >
              {t('dialogs.recovery.discard')}
            </button>
            {!entry.problem && (
              <button
                type="button"
                className="is-primary"
                disabled={busy}
                aria-label={t('dialogs.recovery.restoreNamed', { name: entry.name })}
                onClick={() => void restore(entry)}
              >
                {t('dialogs.recovery.restore')}
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
        <span className="bp-hint bp-recovery__later">{t('dialogs.recovery.later')}</span>
        <span className="bp-spacer" />
        <button type="button" autoFocus onClick={close}>
          {t('dialogs.recovery.decideLater')}
        </button>
      </div>
    </Modal>
  );
}
