/**
 * The Data panel: choose a built-in set and its parameters, or a CSV (opened
 * or dropped) with a preview of its columns' guessed types, its bad cells by
 * line and column, and a choice of feature and target columns. Apply is one
 * undoable edit; an output-width fix is offered after it.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { t } from '../i18n';
import type { Host } from '../../shared/host';
import { BUILTIN_DATASETS } from '../../../src/model/datasets';
import { loadDataset } from '../../../src/model/data';
import { badCellsFor, type ColumnSummary } from '../../../src/model/data-import';
import type { BuiltinDataSpec, BuiltinDataset } from '../../../src/model/types';
import { Modal } from '../dialogs/Dialogs';
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
import './datapanel.css';

/** Up to 4 significant digits, no trailing zeros, a true minus sign. */
const fmt = (v: number) => String(Number(v.toPrecision(4))).replace('-', '−');

function typeText(c: ColumnSummary): string {
  if (c.type === 'empty') return 'empty';
  if (c.type === 'number') {
    const bad = c.badCount ? ` · ${c.badCount} bad cell${c.badCount === 1 ? '' : 's'}` : '';
    return `number ${fmt(c.min!)} to ${fmt(c.max!)}${bad}`;
  }
  const more = c.distinct > (c.categories?.length ?? 0) ? ', …' : '';
  const empty = c.empty ? ` · ${c.empty} empty` : '';
  return `category (${c.distinct}): ${c.categories!.slice(0, 6).join(', ')}${c.distinct > 6 ? ', …' : more}${empty}`;
}

function PreviewTable({ preview, options }: { preview: CsvPreview; options: CsvOptions }) {
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
    <div className="bp-datapanel__table" ref={ref} aria-label="Preview">
      <table>
        <thead>
          <tr>
            <th>line</th>
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
    <section className="bp-datapanel__csv" aria-label="CSV data">
      <div className="bp-datapanel__row">
        <button type="button" onClick={() => void pickCsv(host)}>
          Open CSV…
        </button>
        <span className="bp-hint">
          {source
            ? `${source.name}${preview ? `: ${preview.rowCount} rows, ${preview.header.length} columns` : ''}`
            : 'Open a .csv file, or drop one on the window.'}
        </span>
      </div>
      {missing && (
        <div className="bp-datapanel__bad" role="alert">
          <p>
            The data file “{missing.csv}” cannot be read: {missing.message}
          </p>
          <div className="bp-datapanel__row">
            <button type="button" className="is-primary" onClick={() => void locateMissing(host)}>
              Locate…
            </button>
            <span className="bp-hint">Point at the file; the model keeps its new place.</span>
          </div>
        </div>
      )}
      {status?.kind === 'parsing' && (
        <div className="bp-datapanel__progress">
          Reading {source?.name}
          {status.head ? ': the first rows are shown; types and bad cells follow' : ''}…
          <progress value={status.fraction} max={1} aria-label="Reading the CSV" />
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
            <legend>Columns</legend>
            {preview.columns.map((c) => {
              const isTarget = options.targets.includes(c.name);
              return (
                <div key={c.name} className="bp-datapanel__column">
                  <span className="bp-datapanel__name">{c.name}</span>
                  <label>
                    <input
                      type="checkbox"
                      aria-label={`Feature ${c.name}`}
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
                    feature
                  </label>
                  <label>
                    <input
                      type="radio"
                      name="bp-target"
                      aria-label={`Target ${c.name}`}
                      checked={isTarget}
                      onChange={() =>
                        set({
                          targets: [c.name],
                          features: options.features.filter((f) => f !== c.name),
                          categorical: c.type === 'category',
                        })
                      }
                    />
                    target
                  </label>
                </div>
              );
            })}
          </fieldset>
          <div className="bp-datapanel__row bp-datapanel__options">
            <label title="Each category becomes one output (one-hot), for softmax + cross-entropy">
              <input
                type="checkbox"
                checked={options.categorical}
                onChange={(e) => set({ categorical: e.target.checked })}
              />
              Target is categories (one-hot
              {options.categorical && target ? `: ${target.distinct} classes` : ''})
            </label>
            <label>
              <input
                type="checkbox"
                checked={options.standardize}
                onChange={(e) => set({ standardize: e.target.checked })}
              />
              Standardise features
            </label>
            <NumberField
              label="Validation share"
              value={options.validation}
              min={0}
              max={0.9}
              step={0.05}
              onChange={(validation) => set({ validation })}
            />
            <NumberField
              label="Seed"
              value={options.seed}
              min={0}
              step={1}
              onChange={(seed) => set({ seed: Math.round(seed) })}
            />
            <label
              title={
                source?.path
                  ? 'Keep the rows in the model file, so it can be sent as one file'
                  : 'A file dropped in a browser has no path the model could keep: its rows go into the model file'
              }
            >
              <input
                type="checkbox"
                checked={options.embed || !source?.path}
                disabled={!source?.path}
                onChange={(e) => set({ embed: e.target.checked })}
              />
              Embed data in the file
            </label>
          </div>
          {badCells.length > 0 && (
            <div className="bp-datapanel__bad" role="alert">
              <p>
                {badCells.length} cell{badCells.length === 1 ? '' : 's'} cannot be read with these
                columns; leave their column out or fix the file:
              </p>
              <ul aria-label="Bad cells">
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
                  ? 'Wait until the whole file is read'
                  : 'Choose at least one feature and a target, with no bad cells in them'
            }
          />
        </>
      )}
    </section>
  );
}

function ApplyButtons({ onApply, disabledWhy }: { onApply(): void; disabledWhy: string | null }) {
  return (
    <div className="bp-dialog__buttons">
      <button type="button" onClick={closeDataPanel}>
        Cancel
      </button>
      <button
        type="button"
        className="is-primary"
        disabled={disabledWhy !== null}
        title={disabledWhy ?? undefined}
        onClick={onApply}
      >
        Apply
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
  const current = useDocument((s) => s.model.data);
  const [spec, setSpec] = useState<BuiltinDataSpec>(() =>
    'builtin' in current ? current : { builtin: 'spiral' },
  );
  const info = BUILTIN_DATASETS[spec.builtin];
  const [summary, setSummary] = useState<{ text: string; rows: number[][] } | null>(null);
  useEffect(() => {
    let live = true;
    void loadDataset(spec).then(
      (d) => {
        if (!live) return;
        const rows = Array.from({ length: Math.min(6, d.all.m) }, (_, r) => [
          ...d.all.x.subarray(r * d.all.features, (r + 1) * d.all.features),
          ...d.all.y.subarray(r * d.all.targets, (r + 1) * d.all.targets),
        ]);
        setSummary({ text: d.summary, rows });
      },
      (e: unknown) => live && setSummary({ text: String(e), rows: [] }),
    );
    return () => {
      live = false;
    };
  }, [spec]);
  const set = (patch: Partial<BuiltinDataSpec>) => setSpec({ ...spec, ...patch });
  return (
    <section aria-label="Built-in data">
      <div className="bp-datapanel__row bp-datapanel__options">
        <label className="bp-datapanel__number">
          Data set
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
              label="Samples"
              value={spec.samples ?? info.defaultSamples}
              min={2}
              max={100000}
              step={10}
              onChange={(samples) => set({ samples: Math.round(samples) })}
            />
            <NumberField
              label="Noise"
              value={spec.noise ?? info.defaultNoise}
              min={0}
              max={10}
              step={0.05}
              onChange={(noise) => set({ noise })}
            />
          </>
        )}
        <NumberField
          label="Seed"
          value={spec.seed ?? 1}
          min={0}
          step={1}
          onChange={(seed) => set({ seed: Math.round(seed) })}
        />
        <NumberField
          label="Validation share"
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
      {summary && summary.rows.length > 0 && (
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
  const offer = useDataPanel((s) => s.fix);
  if (!offer) return null;
  const { fix } = offer;
  return (
    <div className="bp-datapanel__fix" role="status">
      <p>
        The data is applied. The network’s output does not fit it yet: the last Dense layer (
        {fix.denseId}) has {fix.units} unit{fix.units === 1 ? '' : 's'} for {fix.targets} target
        {fix.targets === 1 ? '' : 's'}.
      </p>
      <div className="bp-dialog__buttons">
        <button type="button" onClick={closeDataPanel}>
          Leave as is
        </button>
        <button type="button" className="is-primary" onClick={acceptFix}>
          {fix.summary}
        </button>
      </div>
    </div>
  );
}

export function DataDialog({ host }: { host: Host }) {
  const open = useDataPanel((s) => s.open);
  const tab = useDataPanel((s) => s.tab);
  const fix = useDataPanel((s) => s.fix);
  if (!open) return null;
  return (
    <Modal title="Data" onCancel={closeDataPanel} wide>
      <div className="bp-datapanel">
        {fix ? (
          <FixOffer />
        ) : (
          <>
            <div className="bp-datapanel__tabs" role="tablist">
              {(['builtin', 'csv'] as const).map((t) => (
                <button
                  key={t}
                  type="button"
                  role="tab"
                  aria-selected={tab === t}
                  onClick={() => useDataPanel.setState({ tab: t })}
                >
                  {t === 'builtin' ? 'Built-in' : 'CSV file'}
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
