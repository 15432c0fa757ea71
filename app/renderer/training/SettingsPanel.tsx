/**
 * Training settings, made from their spec (src/model/settings-spec.ts), which the file schema
 * is made from too: a value the file would refuse is refused here with a message and never
 * reaches the document. Every edit is one undoable document change; a new learning rate
 * reaches a live run at once (the controller sends it).
 */
import { coresHere, MAX_OFFERED, useThreads } from './threads';
import { useId, type ReactNode } from 'react';
import type { BatchMode, OptimizerName } from '#src/model/types';
import {
  settingProblem,
  TRAINING_SETTINGS as SETTINGS,
  VALIDATION_SETTING,
  type ChoiceSetting,
  type NumberSetting,
} from '#src/model/settings-spec';
import { t, useTranslation } from '../common/i18n';
import { NumberField } from '../common/NumberField';
import { useDocument } from '../store/document';
import { useTraining } from '../store/training';

/** The number settings the panel shows. */
const SHOWN = {
  learningRate: SETTINGS.learningRate,
  miniBatch: SETTINGS.batch.miniBatch,
  epochs: SETTINGS.epochs,
  l2: SETTINGS.l2,
  l1: SETTINGS.l1,
  seed: SETTINGS.seed,
  validation: VALIDATION_SETTING,
  targetLoss: SETTINGS.targetLoss,
};

/** Each shown setting's check, worded as the field words it. Exported for the test that keeps them equal to the file schema's rules. */
export const checks = Object.fromEntries(
  Object.entries(SHOWN).map(([name, spec]) => [name, (n: number) => settingProblem(spec, n)]),
) as Record<keyof typeof SHOWN, (n: number) => string | null>;

/**
 * A number setting's field: label, doc and limits from its spec. It may be left empty when
 * the file may leave the setting out and the panel has no default to show in its place.
 */
function SettingField({
  spec,
  value,
  doc,
  placeholder,
  onCommit,
}: {
  spec: NumberSetting & { label: string; optional?: boolean };
  value: number | undefined;
  /** In place of the spec's doc (the learning rate's during a run, the validation share's). */
  doc?: string;
  placeholder?: string;
  onCommit: (value: number | undefined) => void;
}) {
  return (
    <NumberField
      label={t(spec.label)}
      value={value ?? spec.default}
      limits={spec}
      optional={spec.optional === true && spec.default === undefined}
      placeholder={placeholder}
      doc={doc ?? (spec.doc ? t(spec.doc) : undefined)}
      onCommit={onCommit}
    />
  );
}

function SelectField<T extends string>({
  label,
  value,
  options,
  doc,
  onChange,
}: {
  label: string;
  value: T;
  options: [T, string][];
  doc: ReactNode;
  onChange: (value: T) => void;
}) {
  const id = useId();
  return (
    <div className="bp-field">
      <label className="bp-field__label" htmlFor={id}>
        {label}
      </label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value as T)}>
        {options.map(([v, text]) => (
          <option key={v} value={v}>
            {text}
          </option>
        ))}
      </select>
      <p className="bp-field__doc">{doc}</p>
    </div>
  );
}

/** Threads: this machine's setting (threads.ts), not the file's; a run takes it when it starts. */
function ThreadsField() {
  const { t } = useTranslation();
  const threads = useThreads((s) => s.threads);
  const setThreads = useThreads((s) => s.setThreads);
  const cores = coresHere();
  const counts = Array.from({ length: Math.min(MAX_OFFERED, Math.max(cores, 1)) }, (_, i) => i + 1);
  if (threads !== null && !counts.includes(threads)) counts.push(threads);
  return (
    <SelectField<string>
      label={t('training.settings.threads')}
      value={threads === null ? 'auto' : String(threads)}
      options={[
        ['auto', t('training.settings.threadsAuto', { count: Math.max(1, cores - 1) })],
        ...counts.map((n): [string, string] => [String(n), String(n)]),
      ]}
      doc={t('training.settings.threadsDoc')}
      onChange={(v) => setThreads(v === 'auto' ? null : Number(v))}
    />
  );
}

/** A choice setting's options with their names, for a SelectField. */
const choices = <T extends string>(
  spec: Pick<ChoiceSetting<T>, 'options' | 'optionLabels'>,
): [T, string][] => spec.options.map((o) => [o, t(spec.optionLabels[o])]);

type Descent = 'full' | 'stochastic' | 'mini';
const descentOf = (b: BatchMode): Descent =>
  b === 'full' ? 'full' : b === 'stochastic' ? 'stochastic' : 'mini';

export function SettingsPanel() {
  const { t } = useTranslation();
  const training = useDocument((s) => s.model.training);
  const validation = useDocument((s) => s.model.data?.validation ?? 0);
  const isCsv = useDocument((s) => !!s.model.data && 'csv' in s.model.data);
  const live = useTraining((s) => s.state === 'running' || s.state === 'paused');
  const setTraining = useDocument((s) => s.setTraining);
  // Before the first document loads there is nothing to edit.
  if (!(training as typeof training | undefined)) return null;
  const descent = descentOf(training.batch);
  const miniBatch = typeof training.batch === 'object' ? training.batch.miniBatch : undefined;

  return (
    <form
      className="bp-settings"
      aria-label={t('training.settings.form')}
      onSubmit={(e) => e.preventDefault()}
    >
      <SelectField<OptimizerName>
        label={t(SETTINGS.optimizer.label)}
        value={training.optimizer}
        options={choices(SETTINGS.optimizer)}
        doc={t(SETTINGS.optimizer.doc)}
        onChange={(optimizer) => setTraining({ optimizer })}
      />
      <SettingField
        spec={SETTINGS.learningRate}
        value={training.learningRate}
        doc={live ? t('training.settings.learningRateLive') : undefined}
        onCommit={(v) => v !== undefined && setTraining({ learningRate: v })}
      />
      <SelectField<Descent>
        label={t(SETTINGS.batch.label)}
        value={descent}
        options={choices({ ...SETTINGS.batch, options: [...SETTINGS.batch.options, 'mini'] })}
        doc={t(SETTINGS.batch.doc)}
        onChange={(d) =>
          setTraining({
            batch: d === 'mini' ? { miniBatch: miniBatch ?? SETTINGS.batch.miniBatch.default } : d,
          })
        }
      />
      {descent === 'mini' && (
        <SettingField
          spec={SETTINGS.batch.miniBatch}
          value={miniBatch}
          onCommit={(v) => v !== undefined && setTraining({ batch: { miniBatch: v } })}
        />
      )}
      <SettingField
        spec={SETTINGS.epochs}
        value={training.epochs}
        onCommit={(v) => v !== undefined && setTraining({ epochs: v })}
      />
      <SettingField
        spec={SETTINGS.targetLoss}
        value={training.targetLoss}
        placeholder={t('training.settings.targetLossNone')}
        onCommit={(v) => setTraining({ targetLoss: v })}
      />
      <SettingField
        spec={SETTINGS.l2}
        value={training.l2}
        onCommit={(v) => v !== undefined && setTraining({ l2: v })}
      />
      <SettingField
        spec={SETTINGS.l1}
        value={training.l1}
        // 0 is the default: a file without L1 keeps no `l1`.
        onCommit={(v) => v !== undefined && setTraining({ l1: v === 0 ? undefined : v })}
      />
      <SettingField
        spec={SETTINGS.seed}
        value={training.seed}
        onCommit={(v) => v !== undefined && setTraining({ seed: v })}
      />
      <SettingField
        spec={VALIDATION_SETTING}
        value={validation}
        doc={
          isCsv
            ? t('training.settings.validationDocRows')
            : t('training.settings.validationDocSamples')
        }
        onCommit={(v) => useDocument.getState().setValidation(v ?? 0)}
      />
      <ThreadsField />
    </form>
  );
}
