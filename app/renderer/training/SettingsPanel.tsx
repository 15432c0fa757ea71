/**
 * Training settings, checked like the inspector checks node parameters: a bad
 * value is refused with a message and never reaches the document. Every edit
 * is one undoable document change; a new learning rate reaches a live run at
 * once (the controller sends it).
 */
import { coresHere, MAX_OFFERED, useThreads } from './threads';
import { useId, useState, type KeyboardEvent, type ReactNode } from 'react';
import type { BatchMode, OptimizerName } from '#src/model/types';
import { formatNumber, t, tKey, useTranslation } from '../common/i18n';
import { useDocument } from '../store/document';
import { useTraining } from '../store/training';

type Check = (n: number) => string | null;

/** `label`: the setting's catalogue key; the message is worded when the check fails. */
const between =
  (
    label: string,
    min: number,
    max: number,
    options: { int?: boolean; openMax?: boolean; openMin?: boolean } = {},
  ): Check =>
  (n) => {
    const values = { label: t(label), min: formatNumber(min), max: formatNumber(max) };
    if (options.int && !Number.isInteger(n)) return t('training.settings.wholeNumber', values);
    if (options.openMin ? n <= min : n < min)
      return options.openMin
        ? t('training.settings.moreThan', values)
        : t('training.settings.atLeast', values);
    if (options.openMax ? n >= max : n > max)
      return options.openMax
        ? t('training.settings.lessThan', values)
        : t('training.settings.atMost', values);
    return null;
  };

/** Exported for the test that keeps them equal to the file schema's rules. */
export const checks = {
  learningRate: between(tKey('training.settings.learningRate'), 0, 100, { openMin: true }),
  miniBatch: between(tKey('training.settings.miniBatch'), 1, 1_000_000, { int: true }),
  epochs: between(tKey('training.settings.epochs'), 1, 1_000_000, { int: true }),
  l2: between(tKey('training.settings.l2'), 0, 100),
  l1: between(tKey('training.settings.l1'), 0, 100),
  seed: between(tKey('training.settings.seed'), 0, 4294967295, { int: true }),
  validation: between(tKey('training.settings.validation'), 0, 1, { openMax: true }),
  targetLoss: between(tKey('training.settings.targetLoss'), 0, Number.MAX_VALUE),
};

function NumberField({
  label,
  value,
  check,
  doc,
  optional,
  placeholder,
  onCommit,
}: {
  label: string;
  value: number | undefined;
  check: Check;
  doc: ReactNode;
  /** Whether an empty field is allowed (it commits undefined). */
  optional?: boolean;
  placeholder?: string;
  onCommit: (value: number | undefined) => void;
}) {
  const id = useId();
  const stored = value === undefined ? '' : String(value);
  const [draft, setDraft] = useState(stored);
  const [error, setError] = useState<string | null>(null);
  // Undo, redo and loads change the stored value under the field: show it.
  const [seen, setSeen] = useState(stored);
  if (seen !== stored) {
    setSeen(stored);
    setDraft(stored);
    setError(null);
  }

  function commit() {
    const text = draft.trim();
    if (text === stored) {
      setError(null);
      return;
    }
    if (text === '') {
      if (optional) {
        setError(null);
        onCommit(undefined);
      } else setError(t('training.settings.required', { label }));
      return;
    }
    const n = Number(text);
    if (!Number.isFinite(n)) {
      setError(t('training.settings.notANumber', { label, text }));
      return;
    }
    const problem = check(n);
    if (problem) {
      setError(problem);
      return;
    }
    setError(null);
    onCommit(n);
  }

  function onKeyDown(e: KeyboardEvent<HTMLInputElement>) {
    if (e.key === 'Enter') commit();
    if (e.key === 'Escape') {
      setDraft(stored);
      setError(null);
    }
  }

  const errorId = `${id}-error`;
  return (
    <div className={`bp-field${error ? ' has-error' : ''}`}>
      <label className="bp-field__label" htmlFor={id}>
        {label}
      </label>
      <input
        id={id}
        type="text"
        inputMode="decimal"
        value={draft}
        placeholder={placeholder}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={commit}
        onKeyDown={onKeyDown}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? errorId : undefined}
        autoComplete="off"
        spellCheck={false}
      />
      {error ? (
        <p className="bp-field__error" id={errorId} role="alert">
          {error}
        </p>
      ) : (
        <p className="bp-field__doc">{doc}</p>
      )}
    </div>
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
        label={t('training.settings.optimizer')}
        value={training.optimizer}
        options={[
          ['sgd', t('training.optimizer.sgd')],
          ['momentum', t('training.optimizer.momentum')],
          ['adam', t('training.optimizer.adam')],
        ]}
        doc={t('training.settings.optimizerDoc')}
        onChange={(optimizer) => setTraining({ optimizer })}
      />
      <NumberField
        label={t('training.settings.learningRate')}
        value={training.learningRate}
        check={checks.learningRate}
        doc={
          live ? t('training.settings.learningRateLive') : t('training.settings.learningRateDoc')
        }
        onCommit={(v) => v !== undefined && setTraining({ learningRate: v })}
      />
      <SelectField<Descent>
        label={t('training.settings.descent')}
        value={descent}
        options={[
          ['full', t('training.settings.descentFull')],
          ['stochastic', t('training.settings.descentStochastic')],
          ['mini', t('training.settings.descentMini')],
        ]}
        doc={t('training.settings.descentDoc')}
        onChange={(d) =>
          setTraining({
            batch: d === 'mini' ? { miniBatch: miniBatch ?? 32 } : d,
          })
        }
      />
      {descent === 'mini' && (
        <NumberField
          label={t('training.settings.miniBatch')}
          value={miniBatch}
          check={checks.miniBatch}
          doc={t('training.settings.miniBatchDoc')}
          onCommit={(v) => v !== undefined && setTraining({ batch: { miniBatch: v } })}
        />
      )}
      <NumberField
        label={t('training.settings.epochs')}
        value={training.epochs}
        check={checks.epochs}
        doc={t('training.settings.epochsDoc')}
        onCommit={(v) => v !== undefined && setTraining({ epochs: v })}
      />
      <NumberField
        label={t('training.settings.targetLoss')}
        value={training.targetLoss}
        check={checks.targetLoss}
        optional
        placeholder={t('training.settings.targetLossNone')}
        doc={t('training.settings.targetLossDoc')}
        onCommit={(v) => setTraining({ targetLoss: v })}
      />
      <NumberField
        label={t('training.settings.l2')}
        value={training.l2}
        check={checks.l2}
        doc={t('training.settings.l2Doc')}
        onCommit={(v) => v !== undefined && setTraining({ l2: v })}
      />
      <NumberField
        label={t('training.settings.l1')}
        value={training.l1 ?? 0}
        check={checks.l1}
        doc={t('training.settings.l1Doc')}
        // 0 is the default: a file without L1 keeps no `l1`.
        onCommit={(v) => v !== undefined && setTraining({ l1: v === 0 ? undefined : v })}
      />
      <NumberField
        label={t('training.settings.seed')}
        value={training.seed}
        check={checks.seed}
        doc={t('training.settings.seedDoc')}
        onCommit={(v) => v !== undefined && setTraining({ seed: v })}
      />
      <NumberField
        label={t('training.settings.validation')}
        value={validation}
        check={checks.validation}
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
