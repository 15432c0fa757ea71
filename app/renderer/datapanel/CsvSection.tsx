/**
 * The Data panel's CSV tab: a file opened or dropped, a preview of its
 * columns' guessed types, its bad cells by line and column, and a choice of
 * feature and target columns.
 */
import { useEffect, useMemo, useRef } from 'react';
import type { Host } from '../../shared/host';
import { badCellsFor, type ColumnSummary } from '#src/model/data-import';
import { formatNumber, t, useTranslation } from '../common/i18n';
import { applyCsv, locateMissing, pickCsv, useDataPanel, type CsvOptions } from './store';
import type { CsvPreview } from './preview';
import { ApplyButtons, counted, fmt, SeedField, ValidationField } from './fields';

/** What a column's guessed type says in the preview: its range, or its categories, and its bad cells. */
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

/** The CSV's first rows, its columns' guessed types, and the line with a bad cell in focus. */
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

/** The CSV tab: open or drop a file, preview its columns and bad cells, choose features and targets. */
export function CsvSection({ host }: { host: Host }) {
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
            <ValidationField
              value={options.validation}
              onChange={(validation) => set({ validation })}
            />
            <SeedField value={options.seed} onChange={(seed) => set({ seed })} />
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
