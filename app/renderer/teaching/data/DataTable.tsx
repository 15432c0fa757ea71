/**
 * The data table of the Data tab: every sample with its features in the
 * data's own units, its target and the network's current prediction,
 * validation rows marked, any column sortable. Only the rows in view are in
 * the page (virtualised), so 100 000 samples scroll like 100. Predictions
 * follow training a couple of times a second.
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import { useMemo, useRef, useState, type CSSProperties } from 'react';
import type { LoadedData } from '#src/model/data';
import { useTranslation } from '../../common/i18n';
import { useLiveDraw, viewNetwork } from '../source';
import { rawFeatures, sortOrder, tableColumns, validationMask } from './table';

const ROW_HEIGHT = 24;
/** Samples above which predictions refresh once every two seconds instead of twice a second. */
const LARGE = 20_000;

type Sort = { id: string; dir: 1 | -1 } | null;

/** The mark after a sorted column's header. */
const SORT_MARK = { 1: ' ▲', [-1]: ' ▼', 0: '' } as const;

function usePredictions(data: LoadedData): Float64Array | null {
  const [predicted, setPredicted] = useState<Float64Array | null>(null);
  useLiveDraw(
    () => {
      const net = viewNetwork();
      if (
        !net ||
        net.graph.features !== data.all.features ||
        net.graph.outputs !== data.all.targets
      )
        setPredicted(null);
      else setPredicted(net.predict(data.all.x, data.all.m));
    },
    data.all.m > LARGE ? 0.5 : 2,
  );
  return predicted;
}

export function DataTable({ data }: { data: LoadedData }) {
  const { t, i18n } = useTranslation();
  const m = data.all.m;
  const raw = useMemo(() => rawFeatures(data), [data]);
  const validation = useMemo(() => validationMask(data), [data]);
  const predicted = usePredictions(data);
  // The column headers are worded when made: make them again in a new language.
  const language = i18n.language;
  const columns = useMemo(
    () => (language ? tableColumns(data, raw, predicted) : []),
    [data, raw, predicted, language],
  );
  const [sort, setSort] = useState<Sort>(null);
  const sortColumn = sort ? columns.find((c) => c.id === sort.id) : undefined;
  const order = useMemo(
    () => (sortColumn ? sortOrder(m, sortColumn.value, sort!.dir) : null),
    [m, sortColumn, sort],
  );
  const scroller = useRef<HTMLDivElement>(null);
  const virtual = useVirtualizer({
    count: m,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  const items = virtual.getVirtualItems();
  const top = items.length ? items[0].start : 0;
  const bottom = items.length ? virtual.getTotalSize() - items[items.length - 1].end : 0;

  function sortBy(id: string) {
    setSort((s) => (s?.id !== id ? { id, dir: 1 } : s.dir === 1 ? { id, dir: -1 } : null));
  }

  const nVal = data.validationRows?.length ?? 0;
  return (
    <div className="bp-datatable">
      <p className="bp-datatable__summary">
        {data.standardization
          ? t('teaching.table.summaryStandardised', { summary: data.summary })
          : t('teaching.table.summary', { summary: data.summary })}{' '}
        {nVal > 0 && <span className="bp-tag is-validation">{t('teaching.table.val')}</span>}
        {nVal > 0 && t('teaching.table.valRows')}
        {!predicted && t('teaching.table.noPredictions')}
      </p>
      <div className="bp-table-wrap" ref={scroller}>
        <table
          className="bp-table"
          aria-label={t('teaching.table.label')}
          aria-rowcount={m + 1}
          style={{ '--bp-columns': columns.length } as CSSProperties}
        >
          <thead>
            <tr aria-rowindex={1}>
              {columns.map((c) => {
                const dir = sort?.id === c.id ? sort.dir : 0;
                return (
                  <th
                    key={c.id}
                    scope="col"
                    className={c.id === '#' ? undefined : 'is-num'}
                    aria-sort={dir === 1 ? 'ascending' : dir === -1 ? 'descending' : 'none'}
                  >
                    <button
                      type="button"
                      className="bp-datatable__sort"
                      onClick={() => sortBy(c.id)}
                    >
                      {c.label}
                      <span aria-hidden="true">{SORT_MARK[dir]}</span>
                    </button>
                  </th>
                );
              })}
            </tr>
          </thead>
          <tbody>
            {top > 0 && (
              <tr aria-hidden="true" style={{ height: top }}>
                <td colSpan={columns.length} />
              </tr>
            )}
            {items.map((item) => {
              const r = order ? order[item.index] : item.index;
              const val = validation[r] === 1;
              return (
                <tr
                  key={item.key}
                  aria-rowindex={item.index + 2}
                  className={val ? 'is-validation' : undefined}
                  data-validation={val ? 'true' : undefined}
                  style={{ height: ROW_HEIGHT }}
                >
                  {columns.map((c, i) =>
                    i === 0 ? (
                      <th key={c.id} scope="row">
                        {c.text(r)}
                        {val && (
                          <span
                            className="bp-tag is-validation"
                            title={t('teaching.table.valTitle')}
                          >
                            {t('teaching.table.val')}
                          </span>
                        )}
                      </th>
                    ) : (
                      <td key={c.id} className="is-num">
                        {c.text(r)}
                      </td>
                    ),
                  )}
                </tr>
              );
            })}
            {bottom > 0 && (
              <tr aria-hidden="true" style={{ height: bottom }}>
                <td colSpan={columns.length} />
              </tr>
            )}
          </tbody>
        </table>
      </div>
    </div>
  );
}
