/**
 * Training settings, checked like the inspector checks node parameters: a bad
 * value is refused with a message and never reaches the document. Every edit
 * is one undoable document change; a new learning rate reaches a live run at
 * once (the controller sends it).
 */
import { useId, useState, type KeyboardEvent, type ReactNode } from 'react';
import type { BatchMode, OptimizerName } from '../../../src/model/types';
import { useDocument } from '../store/document';
import { useTraining } from './store';

type Check = (n: number) => string | null;

const between =
  (
    label: string,
    min: number,
    max: number,
    options: { int?: boolean; openMax?: boolean; openMin?: boolean } = {},
  ): Check =>
  (n) => {
    if (options.int && !Number.isInteger(n)) return `${label} must be a whole number`;
    if (options.openMin ? n <= min : n < min)
      return `${label} must be ${options.openMin ? 'more than' : 'at least'} ${min}`;
    if (options.openMax ? n >= max : n > max)
      return `${label} must be ${options.openMax ? 'less than' : 'at most'} ${max}`;
    return null;
  };

/** Exported for the test that keeps them equal to the file schema's rules. */
export const checks = {
  learningRate: between('Learning rate', 0, 100, { openMin: true }),
  miniBatch: between('Mini-batch size', 1, 1_000_000, { int: true }),
  epochs: between('Epochs', 1, 1_000_000, { int: true }),
  l2: between('L2', 0, 100),
  seed: between('Seed', 0, 4294967295, { int: true }),
  validation: between('Validation share', 0, 1, { openMax: true }),
  targetLoss: between('Target loss', 0, Number.MAX_VALUE),
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
    const t = draft.trim();
    if (t === stored) {
      setError(null);
      return;
    }
    if (t === '') {
      if (optional) {
        setError(null);
        onCommit(undefined);
      } else setError(`${label} is required`);
      return;
    }
    const n = Number(t);
    if (!Number.isFinite(n)) {
      setError(`${label} must be a number, got “${t}”`);
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

type Descent = 'full' | 'stochastic' | 'mini';
const descentOf = (b: BatchMode): Descent =>
  b === 'full' ? 'full' : b === 'stochastic' ? 'stochastic' : 'mini';

export function SettingsPanel() {
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
      aria-label="Training settings"
      onSubmit={(e) => e.preventDefault()}
    >
      <SelectField<OptimizerName>
        label="Optimizer"
        value={training.optimizer}
        options={[
          ['sgd', 'Gradient descent (SGD)'],
          ['momentum', 'Momentum'],
          ['adam', 'Adam'],
        ]}
        doc="How each update moves the weights."
        onChange={(optimizer) => setTraining({ optimizer })}
      />
      <NumberField
        label="Learning rate"
        value={training.learningRate}
        check={checks.learningRate}
        doc={live ? 'Applies at once to the running session.' : 'Step size η of each update.'}
        onCommit={(v) => v !== undefined && setTraining({ learningRate: v })}
      />
      <SelectField<Descent>
        label="Gradient descent"
        value={descent}
        options={[
          ['full', 'Batch (all samples)'],
          ['stochastic', 'Stochastic (1 sample)'],
          ['mini', 'Mini-batch'],
        ]}
        doc="Samples per update."
        onChange={(d) =>
          setTraining({
            batch: d === 'mini' ? { miniBatch: miniBatch ?? 32 } : d,
          })
        }
      />
      {descent === 'mini' && (
        <NumberField
          label="Mini-batch size"
          value={miniBatch}
          check={checks.miniBatch}
          doc="Samples per update, reshuffled each epoch."
          onCommit={(v) => v !== undefined && setTraining({ batch: { miniBatch: v } })}
        />
      )}
      <NumberField
        label="Epochs"
        value={training.epochs}
        check={checks.epochs}
        doc="Passes over the training samples per run."
        onCommit={(v) => v !== undefined && setTraining({ epochs: v })}
      />
      <NumberField
        label="Target loss"
        value={training.targetLoss}
        check={checks.targetLoss}
        optional
        placeholder="none"
        doc="Stop early once the loss is this low."
        onCommit={(v) => setTraining({ targetLoss: v })}
      />
      <NumberField
        label="L2"
        value={training.l2}
        check={checks.l2}
        doc="Weight decay: adds λ·W to ∂L/∂W."
        onCommit={(v) => v !== undefined && setTraining({ l2: v })}
      />
      <NumberField
        label="Seed"
        value={training.seed}
        check={checks.seed}
        doc="Initial weights and shuffling."
        onCommit={(v) => v !== undefined && setTraining({ seed: v })}
      />
      <NumberField
        label="Validation share"
        value={validation}
        check={checks.validation}
        doc={`Share of ${isCsv ? 'rows' : 'samples'} held out, never trained on (0 ≤ v < 1).`}
        onCommit={(v) => useDocument.getState().setValidation(v ?? 0)}
      />
    </form>
  );
}
