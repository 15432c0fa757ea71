/**
 * Pieces both tabs of the Data panel use: number formatting, counts for the
 * catalogue's plural forms, the number field, and the Cancel / Apply row.
 */
import { formatNumber, useTranslation } from '../common/i18n';
import { closeDataPanel } from './store';

/** Up to 4 significant digits, no trailing zeros, a true minus sign. */
export const fmt = (v: number) =>
  formatNumber(Number(v.toPrecision(4)), { maximumFractionDigits: 20 }).replace('-', '−');

/** A count in the catalogue's plural forms: `{ count, n }` (`n` as people read it). */
export const counted = (count: number) => ({ count, n: formatNumber(count) });

/** The dialog's Cancel and Apply buttons; Apply is disabled, saying why, while `disabledWhy` is set. */
export function ApplyButtons({
  onApply,
  disabledWhy,
}: {
  onApply(): void;
  disabledWhy: string | null;
}) {
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

/** A number input that passes on only finite values at or above `min`, clamped to `max`. */
export function NumberField(props: {
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
