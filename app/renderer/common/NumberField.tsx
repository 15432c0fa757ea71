/**
 * The one number field: a text box that commits on Enter or on leaving it,
 * never while typing. A value that is not a number, is missing when required
 * or is outside its limits is refused with a message naming the field and the
 * limit (`role="alert"`, tied to the box by `aria-describedby`) and never
 * reaches `onCommit`; Escape gives the stored value back. The inspector's
 * parameters, the training settings and the Data panel's options use it.
 */
import { useId, useState, type KeyboardEvent, type ReactNode } from 'react';
import { numberProblem, type NumberLimits } from '#src/model/settings-spec';
import { t } from './i18n';

export interface NumberFieldProps {
  /** Shown, and the name the messages use (already translated). */
  label: string;
  /** The stored value: shown until edited, and again when it changes under the field (undo). */
  value: number | undefined;
  /** Where the value may lie; `integer` also asks for a keyboard without a decimal point. */
  limits?: NumberLimits;
  /** The caller's own rule, asked before the limits: the message when `n` is refused, else null. */
  check?: (n: number) => string | null;
  /** Whether an empty field is allowed (it commits undefined); else it is refused as required. */
  optional?: boolean;
  /** ArrowUp / ArrowDown add or take this much and commit, as a spin box would; never past a limit. */
  step?: number;
  placeholder?: string;
  /** The line under the field while there is no message. */
  doc?: ReactNode;
  /** Extra class names for the field's box (`bp-field`). */
  className?: string;
  onCommit(value: number | undefined): void;
}

const text = (value: number | undefined) => (value === undefined ? '' : String(value));

export function NumberField({
  label,
  value,
  limits = {},
  check,
  optional,
  step,
  placeholder,
  doc,
  className,
  onCommit,
}: NumberFieldProps) {
  const id = useId();
  const stored = text(value);
  const [draft, setDraft] = useState(stored);
  const [error, setError] = useState<string | null>(null);
  // Undo, redo and loads change the stored value under the field: show it.
  const [seen, setSeen] = useState(stored);
  if (seen !== stored) {
    setSeen(stored);
    setDraft(stored);
    setError(null);
  }

  /** Commits the text `typed` if it is allowed, or says why not. */
  function commit(typed: string) {
    const trimmed = typed.trim();
    if (trimmed === stored) {
      setError(null);
      return;
    }
    if (trimmed === '') {
      if (optional) {
        setError(null);
        onCommit(undefined);
      } else setError(t('common.number.required', { label }));
      return;
    }
    const n = Number(trimmed);
    const problem = !Number.isFinite(n)
      ? t('common.number.notANumber', { label, text: trimmed })
      : (check?.(n) ?? numberProblem(label, n, limits));
    if (problem) {
      setError(problem);
      return;
    }
    setError(null);
    onCommit(n);
  }

  function onKeyDown(e: KeyboardEvent<HTMLInputElement>) {
    if (e.key === 'Enter') commit(draft);
    if (e.key === 'Escape') {
      setDraft(stored);
      setError(null);
    }
    if (step !== undefined && (e.key === 'ArrowUp' || e.key === 'ArrowDown')) {
      e.preventDefault();
      const from = Number(draft.trim() || stored || 0);
      if (!Number.isFinite(from)) return;
      // Rounded to the step's decimals, so 0.1 + 0.05 shows 0.15, not 0.15000000000000002.
      const decimals = (String(step).split('.')[1] ?? '').length;
      const next = Number((from + (e.key === 'ArrowUp' ? step : -step)).toFixed(decimals));
      if (numberProblem(label, next, limits)) return;
      setDraft(String(next));
      commit(String(next));
    }
  }

  const errorId = `${id}-error`;
  const classes = ['bp-field', error && 'has-error', className].filter(Boolean).join(' ');
  return (
    <div className={classes}>
      <label className="bp-field__label" htmlFor={id}>
        {label}
      </label>
      <input
        id={id}
        type="text"
        inputMode={limits.integer ? 'numeric' : 'decimal'}
        value={draft}
        placeholder={placeholder}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={() => commit(draft)}
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
        doc && <p className="bp-field__doc">{doc}</p>
      )}
    </div>
  );
}
