import { useTranslation } from '../common/i18n';

/** The key to the diverging colours (negative, 0, positive), then `note`: how the scale is set. */
export function SignLegend({ note }: { note: string }) {
  const { t } = useTranslation();
  return (
    <p className="bp-neuron-view__legend">
      <span className="bp-swatch is-neg" /> {t('teaching.neuron.negative')}{' '}
      <span className="bp-swatch is-zero" /> 0 <span className="bp-swatch is-pos" />{' '}
      {t('teaching.neuron.positive')} · {note}
    </p>
  );
}
