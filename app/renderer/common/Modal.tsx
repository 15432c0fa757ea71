/**
 * A modal dialog (Radix Dialog) and its last row of buttons: what every
 * dialog of the window is built from.
 */
import * as RadixDialog from '@radix-ui/react-dialog';
import { useState, type ReactNode } from 'react';
import { useTranslation } from './i18n';

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

/** A dialog's last row when there is nothing to decide: one OK button (focused). */
export function OkButton({ onOk }: { onOk: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="bp-dialog__buttons">
      <span className="bp-spacer" />
      <button type="button" className="is-primary" autoFocus onClick={onOk}>
        {t('common.ok')}
      </button>
    </div>
  );
}

/**
 * One modal dialog (Radix Dialog): focus moves in and Tab stays inside while it
 * is open, Escape cancels, and focus returns where it was when it closes. A
 * click outside does nothing, as in a desktop app's dialogs.
 */
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
