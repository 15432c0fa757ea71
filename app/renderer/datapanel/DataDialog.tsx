/**
 * The Data panel: choose a built-in set and its parameters, or a CSV (opened
 * or dropped) with a preview of its columns' guessed types, its bad cells by
 * line and column, and a choice of feature and target columns. Apply is one
 * undoable edit; an output-width fix is offered after it.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import type { Host } from '../../shared/host';
import { BUILTIN_DATASETS } from '#src/model/datasets';
import { loadDataset } from '#src/model/data';
import { badCellsFor, type ColumnSummary } from '#src/model/data-import';
import type { BuiltinDataSpec, BuiltinDataset } from '#src/model/types';
import { Modal } from '../dialogs/Modal';
import { formatNumber, t, useTranslation } from '../i18n';
import { useDocument } from '../store/document';
import {
  acceptFix,
  applyBuiltin,
  applyCsv,
  closeDataPanel,
  locateMissing,
  pickCsv,
  useDataPanel,
  type CsvOptions,
} from './store';
import type { CsvPreview } from './preview';
import { ImagePreview } from './ImagePreview';
import { previewImages, type PreviewImage } from './images';
import './datapanel.css';

/** Up to 4 significant digits, no trailing zeros, a true minus sign. */
const fmt = (v: number) =>
  formatNumber(Number(v.toPrecision(4)), { maximumFractionDigits: 20 }).replace('-', '−');

/** The dialog's two tabs. */
const SOURCES = ['builtin', 'csv'] as const;

/** A count in the catalogue's plural forms: `{ count, n }` (`n` as people read it). */
const counted = (count: number) => ({ count, n: formatNumber(count) });

function typeText(c: ColumnSummary): string {
  if (c.type === 'empty') return t('datapanel.type.empty');
  if (c.type === 'number') {
    const bad = c.badCount ? t('datapanel.type.badCells', counted(c.badCount)) : '';
    return t('datapanel.type.number', { min: fmt(c.min!), max: fmt(c.max!) }) + bad;
  }
  const more = c.distinct > (c.categories?.length ?? 0) ? ', …' : '';
  const empty = c.empty ? t('datapanel.type.emptyCells', counted(c.empty)) : '';
  const list = `${c.categories!.slice(0, 6).join(', ')}${c.distinct > 6 ? ', …' : more}`;
  return t('datapanel.type.category', { distinct: formatNumber(c.distinct), list }) + empty;
}

function PreviewTable({ preview, options }: { preview: CsvPreview; options: CsvOptions }) {
  const { t } = useTranslation();
  const focusLine = useDataPanel((s) => s.focusLine);
  const ref = useRef<HTMLDivElement>(null);
  const bad = useMemo(() => {
    const set = new Set<string>();
    for (const b of badCellsFor(preview.columns, options)) set.add(`${b.line}:${b.column}`);
    return set;
  }, [preview, options]);
  useEffect(() => {
    if (focusLine === null) return;
    const row = ref.current?.querySelector<HTMLElement>(`[data-line="${focusLine}"]`);
    if (row && ref.current) {
      ref.current.scrollTop = row.offsetTop - ref.current.clientHeight / 2;
    }
  }, [focusLine]);
  let previous = 1;
  return (
    <div className="bp-datapanel__table" ref={ref} aria-label={t('datapanel.preview')}>
      <table>
        <thead>
          <tr>
            <th>{t('datapanel.line')}</th>
            {preview.columns.map((c) => (
              <th key={c.name} scope="col">
                {c.name}
                <small>{typeText(c)}</small>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {preview.rows.map(({ line, cells }) => {
            const gap = line > previous + 1 && previous > 1;
            previous = line;
            return (
              <tr
                key={line}
                data-line={line}
                className={`${focusLine === line ? 'is-focused' : ''}${gap ? ' is-after-gap' : ''}`}
              >
                <th scope="row">{line}</th>
                {preview.header.map((name, i) => (
                  <td key={name} className={bad.has(`${line}:${name}`) ? 'is-bad' : undefined}>
                    {cells[i] ?? ''}
                  </td>
                ))}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function CsvSection({ host }: { host: Host }) {
  const { t } = useTranslation();
  const source = useDataPanel((s) => s.source);
  const status = useDataPanel((s) => s.status);
  const options = useDataPanel((s) => s.options);
  const missing = useDataPanel((s) => s.missing);
  const set = (patch: Partial<CsvOptions>) =>
    useDataPanel.setState({ options: { ...options, ...patch } });
  const preview =
    status?.kind === 'ready' ? status.preview : status?.kind === 'parsing' ? status.head : null;
  const badCells = preview ? badCellsFor(preview.columns, options) : [];
  const target = preview?.columns.find((c) => c.name === options.targets[0]);
  const ready =
    status?.kind === 'ready' &&
    preview &&
    options.features.length > 0 &&
    options.targets.length > 0 &&
    !badCells.length;
  return (
    <section className="bp-datapanel__csv" aria-label={t('datapanel.csv.region')}>
      <div className="bp-datapanel__row">
        <button type="button" onClick={() => void pickCsv(host)}>
          {t('datapanel.csv.open')}
        </button>
        <span className="bp-hint">
          {source
            ? preview
              ? t('datapanel.csv.size', {
                  name: source.name,
                  rows: formatNumber(preview.rowCount),
                  columns: formatNumber(preview.header.length),
                })
              : source.name
            : t('datapanel.csv.hint')}
        </span>
      </div>
      {missing && (
        <div className="bp-datapanel__bad" role="alert">
          <p>{t('datapanel.csv.missing', { csv: missing.csv, message: missing.message })}</p>
          <div className="bp-datapanel__row">
            <button type="button" className="is-primary" onClick={() => void locateMissing(host)}>
              {t('datapanel.csv.locate')}
            </button>
            <span className="bp-hint">{t('datapanel.csv.locateHint')}</span>
          </div>
        </div>
      )}
      {status?.kind === 'parsing' && (
        <div className="bp-datapanel__progress">
          {status.head
            ? t('datapanel.csv.readingHead', { name: source?.name })
            : t('datapanel.csv.reading', { name: source?.name })}
          <progress value={status.fraction} max={1} aria-label={t('datapanel.csv.readingBar')} />
        </div>
      )}
      {status?.kind === 'error' && (
        <ul className="bp-datapanel__problems" role="alert">
          {status.problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      )}
      {preview && (
        <>
          <PreviewTable preview={preview} options={options} />
          <fieldset className="bp-datapanel__columns">
            <legend>{t('datapanel.csv.columns')}</legend>
            {preview.columns.map((c) => {
              const isTarget = options.targets.includes(c.name);
              return (
                <div key={c.name} className="bp-datapanel__column">
                  <span className="bp-datapanel__name">{c.name}</span>
                  <label>
                    <input
                      type="checkbox"
                      aria-label={t('datapanel.csv.featureOf', { name: c.name })}
                      checked={options.features.includes(c.name)}
                      disabled={isTarget}
                      onChange={(e) =>
                        set({
                          features: e.target.checked
                            ? preview.header.filter(
                                (h) => h === c.name || options.features.includes(h),
                              )
                            : options.features.filter((f) => f !== c.name),
                        })
                      }
                    />
                    {t('datapanel.csv.feature')}
                  </label>
                  <label>
                    <input
                      type="radio"
                      name="bp-target"
                      aria-label={t('datapanel.csv.targetOf', { name: c.name })}
                      checked={isTarget}
                      onChange={() =>
                        set({
                          targets: [c.name],
                          features: options.features.filter((f) => f !== c.name),
                          categorical: c.type === 'category',
                        })
                      }
                    />
                    {t('datapanel.csv.target')}
                  </label>
                </div>
              );
            })}
          </fieldset>
          <div className="bp-datapanel__row bp-datapanel__options">
            <label title={t('datapanel.csv.categoricalTitle')}>
              <input
                type="checkbox"
                checked={options.categorical}
                onChange={(e) => set({ categorical: e.target.checked })}
              />
              {options.categorical && target
                ? t('datapanel.csv.categoricalClasses', { n: formatNumber(target.distinct) })
                : t('datapanel.csv.categorical')}
            </label>
            <label>
              <input
                type="checkbox"
                checked={options.standardize}
                onChange={(e) => set({ standardize: e.target.checked })}
              />
              {t('datapanel.csv.standardize')}
            </label>
            <NumberField
              label={t('datapanel.validation')}
              value={options.validation}
              min={0}
              max={0.9}
              step={0.05}
              onChange={(validation) => set({ validation })}
            />
            <NumberField
              label={t('datapanel.seed')}
              value={options.seed}
              min={0}
              step={1}
              onChange={(seed) => set({ seed: Math.round(seed) })}
            />
            <label
              title={
                source?.path ? t('datapanel.csv.embedTitle') : t('datapanel.csv.embedDroppedTitle')
              }
            >
              <input
                type="checkbox"
                checked={options.embed || !source?.path}
                disabled={!source?.path}
                onChange={(e) => set({ embed: e.target.checked })}
              />
              {t('datapanel.csv.embed')}
            </label>
          </div>
          {badCells.length > 0 && (
            <div className="bp-datapanel__bad" role="alert">
              <p>{t('datapanel.csv.bad', counted(badCells.length))}</p>
              <ul aria-label={t('datapanel.csv.badList')}>
                {badCells.slice(0, 50).map((b) => (
                  <li key={`${b.line}:${b.column}`}>
                    <button
                      type="button"
                      className="bp-link"
                      onClick={() => useDataPanel.setState({ focusLine: b.line })}
                    >
                      {b.message}
                    </button>
                  </li>
                ))}
              </ul>
            </div>
          )}
          <ApplyButtons
            onApply={applyCsv}
            disabledWhy={
              ready
                ? null
                : status?.kind !== 'ready'
                  ? t('datapanel.csv.wait')
                  : t('datapanel.csv.choose')
            }
          />
        </>
      )}
    </section>
  );
}

function ApplyButtons({ onApply, disabledWhy }: { onApply(): void; disabledWhy: string | null }) {
  const { t } = useTranslation();
  return (
    <div className="bp-dialog__buttons">
      <button type="button" onClick={closeDataPanel}>
        {t('common.cancel')}
      </button>
      <button
        type="button"
        className="is-primary"
        disabled={disabledWhy !== null}
        title={disabledWhy ?? undefined}
        onClick={onApply}
      >
        {t('datapanel.apply')}
      </button>
    </div>
  );
}

function NumberField(props: {
  label: string;
  value: number;
  min?: number;
  max?: number;
  step: number;
  onChange(value: number): void;
}) {
  return (
    <label className="bp-datapanel__number">
      {props.label}
      <input
        type="number"
        value={props.value}
        min={props.min}
        max={props.max}
        step={props.step}
        onChange={(e) => {
          const v = e.target.valueAsNumber;
          if (Number.isFinite(v) && (props.min === undefined || v >= props.min))
            props.onChange(props.max === undefined ? v : Math.min(props.max, v));
        }}
      />
    </label>
  );
}

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
            <NumberField
              label={t('datapanel.builtin.samples')}
              value={spec.samples ?? info.defaultSamples}
              min={2}
              max={100000}
              step={10}
              onChange={(samples) => set({ samples: Math.round(samples) })}
            />
            <NumberField
              label={t('datapanel.builtin.noise')}
              value={spec.noise ?? info.defaultNoise}
              min={0}
              max={10}
              step={0.05}
              onChange={(noise) => set({ noise })}
            />
          </>
        )}
        <NumberField
          label={t('datapanel.seed')}
          value={spec.seed ?? 1}
          min={0}
          step={1}
          onChange={(seed) => set({ seed: Math.round(seed) })}
        />
        <NumberField
          label={t('datapanel.validation')}
          value={spec.validation ?? 0}
          min={0}
          max={0.9}
          step={0.05}
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
