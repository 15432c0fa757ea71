import type { ReactNode } from 'react';

/**
 * The button in a panel's header that closes it: `×` (or the icon in `children`) named by
 * `label`; `title` shows a tooltip where the panel wants one.
 */
export function CloseButton({
  label,
  onClick,
  className = 'bp-icon-btn',
  title,
  children = '×',
}: {
  label: string;
  onClick: () => void;
  className?: string;
  title?: string;
  children?: ReactNode;
}) {
  return (
    <button type="button" className={className} aria-label={label} title={title} onClick={onClick}>
      {children}
    </button>
  );
}
