/**
 * The app's modal dialogs: unsaved changes, a file's problems, messages, the web file picker,
 * and the offer of recovered documents. File → Export…'s dialog is the interop feature's: App
 * passes it in (`exportDialog`), so this folder does not import that one.
 */
import type { ComponentType } from 'react';
import { CancelOrConfirm, Modal, OkButton } from '../common/Modal';
import type { Host } from '../../shared/host';
import { Trans, useTranslation } from '../common/i18n';
import { useUi, type Dialog } from '../store/ui';
import { FilePicker } from './FilePicker';
import { RecoveryDialog } from './RecoveryDialog';

type ExportDialogSlot = ComponentType<{ dialog: Extract<Dialog, { type: 'export' }> }>;

export function Dialogs({ host, exportDialog }: { host: Host; exportDialog?: ExportDialogSlot }) {
  const dialog = useUi((s) => s.dialog);
  if (!dialog) return null;
  return <DialogBody dialog={dialog} host={host} ExportDialog={exportDialog} />;
}

function DialogBody({
  dialog,
  host,
  ExportDialog,
}: {
  dialog: Dialog;
  host: Host;
  ExportDialog?: ExportDialogSlot;
}) {
  const close = useUi((s) => s.closeDialog);
  const { t } = useTranslation();
  switch (dialog.type) {
    case 'unsaved':
      return (
        <Modal title={t('dialogs.unsaved.title')} onCancel={() => dialog.resolve('cancel')}>
          <p>
            <Trans
              i18nKey="dialogs.unsaved.body"
              values={{ name: dialog.name }}
              components={{ b: <strong /> }}
            />
          </p>
          <div className="bp-dialog__buttons">
            <button type="button" onClick={() => dialog.resolve('discard')}>
              {t('dialogs.unsaved.dontSave')}
            </button>
            <span className="bp-spacer" />
            <button type="button" onClick={() => dialog.resolve('cancel')}>
              {t('common.cancel')}
            </button>
            <button
              type="button"
              className="is-primary"
              autoFocus
              onClick={() => dialog.resolve('save')}
            >
              {t('dialogs.unsaved.save')}
            </button>
          </div>
        </Modal>
      );
    case 'problems':
      return (
        <Modal title={dialog.title} onCancel={close}>
          <p>{dialog.intro ?? t('dialogs.problems.intro', { count: dialog.problems.length })}</p>
          <ul className="bp-file-problems" aria-label={t('dialogs.problems.list')}>
            {dialog.problems.map((p, i) => (
              <li key={i}>
                {p.path && (
                  <>
                    <code>{p.path}</code>:{' '}
                  </>
                )}
                {p.message}
              </li>
            ))}
          </ul>
          <OkButton onOk={close} />
        </Modal>
      );
    case 'confirm':
      return (
        <Modal title={dialog.title} onCancel={() => dialog.resolve(false)}>
          <p>{dialog.message}</p>
          <CancelOrConfirm
            onCancel={() => dialog.resolve(false)}
            onConfirm={() => dialog.resolve(true)}
            confirmLabel={dialog.confirmLabel}
          />
        </Modal>
      );
    case 'message':
      return (
        <Modal title={dialog.title} onCancel={close}>
          <p>{dialog.message}</p>
          <OkButton onOk={close} />
        </Modal>
      );
    case 'file':
      return <FilePicker host={host} dialog={dialog} />;
    case 'recovery':
      return <RecoveryDialog host={host} dialog={dialog} />;
    case 'export':
      return ExportDialog ? <ExportDialog dialog={dialog} /> : null;
  }
}
