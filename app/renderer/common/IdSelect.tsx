/** A labelled list of ids to choose one from (a layer of the network): `Layer [conv1 ▾]`. */
export function IdSelect({
  label,
  ids,
  value,
  onChange,
  className,
}: {
  label: string;
  ids: readonly string[];
  value: string;
  onChange: (id: string) => void;
  className?: string;
}) {
  return (
    <label className={className}>
      {label}{' '}
      <select value={value} onChange={(e) => onChange(e.target.value)}>
        {ids.map((id) => (
          <option key={id} value={id}>
            {id}
          </option>
        ))}
      </select>
    </label>
  );
}
