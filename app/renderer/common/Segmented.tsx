/** A segmented control: a row of buttons of which one is chosen, as a radio group. */

export interface Segment<T extends string> {
  value: T;
  /** The button's words. */
  text: string;
  /** Its tooltip, if any. */
  title?: string;
}

export function Segmented<T extends string>({
  label,
  segments,
  value,
  onChange,
  className,
}: {
  /** The group's accessible name. */
  label: string;
  segments: readonly Segment<T>[];
  value: T;
  onChange: (value: T) => void;
  /** Classes beside `bp-segmented`. */
  className?: string;
}) {
  return (
    <div
      className={className ? `bp-segmented ${className}` : 'bp-segmented'}
      role="radiogroup"
      aria-label={label}
    >
      {segments.map((s) => (
        <button
          key={s.value}
          type="button"
          role="radio"
          aria-checked={value === s.value}
          className={value === s.value ? 'is-active' : undefined}
          title={s.title}
          onClick={() => onChange(s.value)}
        >
          {s.text}
        </button>
      ))}
    </div>
  );
}
