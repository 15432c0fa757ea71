/**
 * The app's modal dialogs: unsaved changes, a file's problems, messages, the web file picker,
 * and the offer of recovered documents.
 */
import * as RadixDialog from '@radix-ui/react-dialog';
import { useState, type ReactNode } from 'react';
import type { Host } from '../../shared/host';
import { Trans, useTranslation } from '../i18n';
import { useUi, type Dialog } from '../store/ui';
import { FilePicker } from './FilePicker';
import { RecoveryDialog } from './RecoveryDialog';
import { ExportDialog } from '../interop/ExportDialog';

export function Dialogs({ host }: { host: Host }) {
  const dialog = useUi((s) => s.dialog);
  if (!dialog) return null;
  return <DialogBody dialog={dialog} host={host} />;
}

function DialogBody({ dialog, host }: { dialog: Dialog; host: Host }) {
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
          <div className="bp-dialog__buttons">
            <span className="bp-spacer" />
            <button type="button" className="is-primary" autoFocus onClick={close}>
              {t('common.ok')}
            </button>
          </div>
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
          <div className="bp-dialog__buttons">
            <span className="bp-spacer" />
            <button type="button" className="is-primary" autoFocus onClick={close}>
              {t('common.ok')}
            </button>
          </div>
        </Modal>
      );
    case 'file':
      return <FilePicker host={host} dialog={dialog} />;
    case 'recovery':
      return <RecoveryDialog host={host} dialog={dialog} />;
    case 'export':
      return <ExportDialog dialog={dialog} />;
  }
}

/**
 * What had focus before a dialog opened. A menu item that opened it will be gone when the
 * dialog closes, so for one inside a menu this is the menu bar's button the menu hangs from
 * (each Radix menu is labelled by its trigger).
 */
function returnFocusTarget(): HTMLElement | null {
  let el = document.activeElement as HTMLElement | null;
  for (let menu = el?.closest('[role="menu"]'); menu; menu = el?.closest('[role="menu"]')) {
    const trigger = document.getElementById(menu.getAttribute('aria-labelledby') ?? '');
    if (!trigger) break;
    el = trigger;
  }
  return el;
}

/**
 * One modal dialog (Radix Dialog): focus moves in and Tab stays inside while it
 * is open, Escape cancels, and focus returns where it was when it closes. A
 * click outside does nothing, as in a desktop app's dialogs.
 */
/** A dialog's last row: Cancel, and the primary button (focused) that answers yes. */
export function CancelOrConfirm({
  onCancel,
  onConfirm,
  confirmLabel,
}: {
  onCancel: () => void;
  onConfirm: () => void;
  confirmLabel: string;
}) {
  const { t } = useTranslation();
  return (
    <div className="bp-dialog__buttons">
      <span className="bp-spacer" />
      <button type="button" onClick={onCancel}>
        {t('common.cancel')}
      </button>
      <button type="button" className="is-primary" autoFocus onClick={onConfirm}>
        {confirmLabel}
      </button>
    </div>
  );
}

export function Modal({
  title,
  onCancel,
  children,
  wide,
}: {
  title: string;
  onCancel: () => void;
  children: ReactNode;
  wide?: boolean;
}) {
  // Where focus goes back to when the dialog closes (the dialogs here have no trigger).
  const [previous] = useState(returnFocusTarget);
  return (
    <RadixDialog.Root open onOpenChange={(open) => !open && onCancel()}>
      <RadixDialog.Portal>
        <RadixDialog.Overlay className="bp-backdrop">
          <RadixDialog.Content
            className={`bp-dialog${wide ? ' is-wide' : ''}`}
            aria-describedby={undefined}
            onPointerDownOutside={(e) => e.preventDefault()}
            onEscapeKeyDown={(e) => e.stopPropagation()}
            onCloseAutoFocus={(e) => {
              e.preventDefault();
              if (previous?.isConnected) previous.focus();
            }}
          >
            <RadixDialog.Title>{title}</RadixDialog.Title>
            {children}
          </RadixDialog.Content>
        </RadixDialog.Overlay>
      </RadixDialog.Portal>
    </RadixDialog.Root>
  );
}
