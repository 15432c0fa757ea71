import type { ReactNode } from 'react';

/**
 * A tool button on a node's face: a toggle that opens or shows something, with a 14 × 14
 * icon (`children`: the SVG's shapes). `nodrag`, so pressing it does not move the node.
 */
export function FaceButton({
  label,
  title,
  pressed,
  disabled,
  onClick,
  children,
}: {
  label: string;
  title: string;
  pressed: boolean;
  disabled?: boolean;
  onClick: () => void;
  children: ReactNode;
}) {
  return (
    <button
      type="button"
      className="bp-node-btn nodrag"
      aria-label={label}
      aria-pressed={pressed}
      disabled={disabled}
      title={title}
      onClick={onClick}
    >
      <svg width="14" height="14" viewBox="0 0 14 14" aria-hidden="true">
        {children}
      </svg>
    </button>
  );
}
