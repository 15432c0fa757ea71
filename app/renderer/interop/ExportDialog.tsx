/**
 * File → Export…: choose the format (its name and what it is for), then Export… asks where
 * to write (./flows.ts). The last format chosen is offered first next time.
 */
import { useState } from 'react';
import { EXPORT_FORMAT_INFO } from '#src/interop/format-info';
import { CancelOrConfirm, Modal } from '../common/Modal';
import { useTranslation } from '../common/i18n';
import type { Dialog } from '../store/ui';

type ExportDialogState = Extract<Dialog, { type: 'export' }>;

export function ExportDialog({ dialog }: { dialog: ExportDialogState }) {
  const { t } = useTranslation();
  const [chosen, setChosen] = useState(dialog.initial);
  return (
    <Modal title={t('interop.window.exportTitle')} onCancel={() => dialog.resolve(null)}>
      <p>{t('interop.window.exportIntro', { name: dialog.name })}</p>
      <fieldset className="bp-export__formats">
        <legend>{t('interop.window.formatLegend')}</legend>
        {EXPORT_FORMAT_INFO.map((format) => (
          <label key={format.id} className="bp-export__format">
            <input
              type="radio"
              name="bp-export-format"
              value={format.id}
              checked={chosen === format.id}
              onChange={() => setChosen(format.id)}
            />
            <span>
              <strong>{t(format.labelKey)}</strong>
              <span className="bp-hint">{t(format.hintKey)}</span>
            </span>
          </label>
        ))}
      </fieldset>
      <CancelOrConfirm
        onCancel={() => dialog.resolve(null)}
        onConfirm={() => dialog.resolve(chosen)}
        confirmLabel={t('interop.window.exportButton')}
      />
    </Modal>
  );
}
