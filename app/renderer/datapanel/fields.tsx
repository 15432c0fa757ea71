/**
 * Pieces both tabs of the Data panel use: number formatting, counts for the
 * catalogue's plural forms, the number options (the validation share and the seed
 * in both), and the Cancel / Apply row.
 */
import { TRAINING_SETTINGS } from '#src/model/settings-spec';
import { NumberField, type NumberFieldProps } from '../common/NumberField';
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

/** A number option of the dialog: the common field, laid out in the options' row. */
export function OptionField(
  props: Omit<NumberFieldProps, 'className' | 'onCommit'> & {
    onChange(value: number): void;
  },
) {
  const { onChange, ...field } = props;
  return (
    <NumberField
      {...field}
      className="bp-datapanel__number"
      // No field here may be left empty: undefined never comes.
      onCommit={(v) => v !== undefined && onChange(v)}
    />
  );
}

/** The validation share both tabs offer: below 0.9, so some samples are always trained on. */
export function ValidationField(props: { value: number; onChange(value: number): void }) {
  const { t } = useTranslation();
  return (
    <OptionField
      label={t('datapanel.validation')}
      limits={{ min: 0, max: 0.9 }}
      step={0.05}
      {...props}
    />
  );
}

/** The shuffle's seed both tabs offer, limited as the file's seeds are. */
export function SeedField(props: { value: number; onChange(value: number): void }) {
  const { t } = useTranslation();
  return (
    <OptionField label={t('datapanel.seed')} limits={TRAINING_SETTINGS.seed} step={1} {...props} />
  );
}
