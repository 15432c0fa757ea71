/**
 * The Data panel: choose a built-in set and its parameters, or a CSV (opened
 * or dropped) with a preview of its columns' guessed types, its bad cells by
 * line and column, and a choice of feature and target columns. Apply is one
 * undoable edit; an output-width fix is offered after it.
 */
import { useEffect, useState } from 'react';
import type { Host } from '../../shared/host';
import { BUILTIN_DATASETS } from '#src/model/datasets';
import { loadDataset } from '#src/model/data';
import type { BuiltinDataSpec, BuiltinDataset } from '#src/model/types';
import { Modal } from '../common/Modal';
import { useTranslation } from '../common/i18n';
import { useDocument } from '../store/document';
import { acceptFix, applyBuiltin, closeDataPanel, useDataPanel } from './store';
import { ImagePreview } from './ImagePreview';
import { previewImages, type PreviewImage } from './images';
import { CsvSection } from './CsvSection';
import { ApplyButtons, counted, fmt, OptionField, SeedField, ValidationField } from './fields';

/** The dialog's two tabs. */
const SOURCES = ['builtin', 'csv'] as const;

function BuiltinSection() {
  const { t } = useTranslation();
  const current = useDocument((s) => s.model.data);
  const [spec, setSpec] = useState<BuiltinDataSpec>(() =>
    'builtin' in current ? current : { builtin: 'spiral' },
  );
  const info = BUILTIN_DATASETS[spec.builtin];
  const [summary, setSummary] = useState<{
    text: string;
    rows: number[][];
    images?: PreviewImage[];
  } | null>(null);
  useEffect(() => {
    let live = true;
    const { shape } = BUILTIN_DATASETS[spec.builtin];
    void loadDataset(spec).then(
      (d) => {
        if (!live) return;
        const rows = Array.from({ length: Math.min(6, d.all.m) }, (_, r) => [
          ...d.all.x.subarray(r * d.all.features, (r + 1) * d.all.features),
          ...d.all.y.subarray(r * d.all.targets, (r + 1) * d.all.targets),
        ]);
        // Image data (the digits) shows its first samples as pictures instead of rows of numbers.
        const images = shape ? previewImages(d, shape, 10) : undefined;
        setSummary({ text: d.summary, rows, images });
      },
      (e: unknown) => live && setSummary({ text: String(e), rows: [] }),
    );
    return () => {
      live = false;
    };
  }, [spec]);
  const set = (patch: Partial<BuiltinDataSpec>) => setSpec({ ...spec, ...patch });
  return (
    <section aria-label={t('datapanel.builtin.region')}>
      <div className="bp-datapanel__row bp-datapanel__options">
        <label className="bp-datapanel__number">
          {t('datapanel.builtin.dataset')}
          <select
            value={spec.builtin}
            onChange={(e) => setSpec({ builtin: e.target.value as BuiltinDataset })}
          >
            {Object.values(BUILTIN_DATASETS).map((d) => (
              <option key={d.id} value={d.id}>
                {t(d.title)}
              </option>
            ))}
          </select>
        </label>
        {info.generated && (
          <>
            <OptionField
              label={t('datapanel.builtin.samples')}
              value={spec.samples ?? info.defaultSamples}
              limits={{ integer: true, min: 2, max: 100000 }}
              step={10}
              onChange={(samples) => set({ samples })}
            />
            <OptionField
              label={t('datapanel.builtin.noise')}
              value={spec.noise ?? info.defaultNoise}
              limits={{ min: 0, max: 10 }}
              step={0.05}
              onChange={(noise) => set({ noise })}
            />
          </>
        )}
        <SeedField value={spec.seed ?? 1} onChange={(seed) => set({ seed })} />
        <ValidationField
          value={spec.validation ?? 0}
          onChange={(validation) => set({ validation })}
        />
      </div>
      <p className="bp-hint">{t(info.description)}</p>
      <p aria-live="polite" data-testid="builtin-summary">
        {summary?.text}
      </p>
      {summary?.images && info.shape && <ImagePreview images={summary.images} shape={info.shape} />}
      {summary && !summary.images && summary.rows.length > 0 && (
        <table className="bp-datapanel__mini">
          <tbody>
            {summary.rows.map((row, r) => (
              <tr key={r}>
                {row.map((v, i) => (
                  <td key={i}>{fmt(v)}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <ApplyButtons onApply={() => applyBuiltin(spec)} disabledWhy={null} />
    </section>
  );
}

function FixOffer() {
  const { t } = useTranslation();
  const offer = useDataPanel((s) => s.fix);
  if (!offer) return null;
  const { fix } = offer;
  return (
    <div className="bp-datapanel__fix" role="status">
      <p>
        {t('datapanel.fix.text', {
          id: fix.denseId,
          units: t('datapanel.fix.units', counted(fix.units)),
          targets: t('datapanel.fix.targets', counted(fix.targets)),
        })}
      </p>
      <div className="bp-dialog__buttons">
        <button type="button" onClick={closeDataPanel}>
          {t('datapanel.fix.leave')}
        </button>
        <button type="button" className="is-primary" onClick={acceptFix}>
          {fix.summary}
        </button>
      </div>
    </div>
  );
}

export function DataDialog({ host }: { host: Host }) {
  const { t } = useTranslation();
  const open = useDataPanel((s) => s.open);
  const tab = useDataPanel((s) => s.tab);
  const fix = useDataPanel((s) => s.fix);
  if (!open) return null;
  return (
    <Modal title={t('datapanel.title')} onCancel={closeDataPanel} wide>
      <div className="bp-datapanel">
        {fix ? (
          <FixOffer />
        ) : (
          <>
            <div className="bp-datapanel__tabs" role="tablist">
              {SOURCES.map((id) => (
                <button
                  key={id}
                  type="button"
                  role="tab"
                  aria-selected={tab === id}
                  onClick={() => useDataPanel.setState({ tab: id })}
                >
                  {id === 'builtin' ? t('datapanel.tabBuiltin') : t('datapanel.tabCsv')}
                </button>
              ))}
            </div>
            {tab === 'builtin' ? <BuiltinSection /> : <CsvSection host={host} />}
          </>
        )}
      </div>
    </Modal>
  );
}
