/**
 * One small inline SVG per node kind, drawn with currentColor so it follows the theme,
 * and the kind's colour (common/kinds.css) for whatever shows the kind.
 */
import { memo, type CSSProperties, type ReactNode } from 'react';
import type { NodeKind } from './engine';

/**
 * Style that gives an element its kind's colour as `--kind` (from `--k-<kind>` in
 * common/kinds.css; grey for a kind without one). `.bp-kind` turns it into the text colour.
 */
export function kindStyle(kind: string): CSSProperties {
  return { '--kind': `var(--k-${kind}, var(--muted))` } as CSSProperties;
}

const paths: Record<NodeKind, React.ReactNode> = {
  input: (
    <>
      <rect x="3" y="5" width="6" height="14" rx="1.5" />
      <path d="M11 12h9m-3-3 3 3-3 3" />
    </>
  ),
  dense: (
    <>
      <circle cx="5" cy="7" r="2" />
      <circle cx="5" cy="17" r="2" />
      <circle cx="19" cy="5" r="2" />
      <circle cx="19" cy="12" r="2" />
      <circle cx="19" cy="19" r="2" />
      <path d="M7 7l10-2M7 7l10 5M7 7l10 12M7 17l10-12M7 17l10-5M7 17l10 2" />
    </>
  ),
  activation: <path d="M3 19h6c4 0 4-14 8-14h4" />,
  loss: (
    <>
      <path d="M4 5c2 10 5 14 8 14s6-4 8-14" />
      <circle cx="12" cy="19" r="1.5" />
    </>
  ),
  add: (
    <>
      <circle cx="12" cy="12" r="8" />
      <path d="M12 8v8M8 12h8" />
    </>
  ),
  concat: (
    <>
      <rect x="3" y="6" width="7" height="12" rx="1.5" />
      <rect x="14" y="6" width="7" height="12" rx="1.5" />
      <path d="M10 12h4" />
    </>
  ),
  conv2d: (
    <>
      <rect x="3" y="3" width="18" height="18" rx="1.5" />
      <rect x="6" y="6" width="8" height="8" />
      <path d="M6 10h8M10 6v8M17 17h.01" />
    </>
  ),
  // Pooling, drawn as one window's values: the largest marked (max) or their mean as a line (avg).
  maxpool2d: (
    <>
      <path d="M3 21h18" />
      <path d="M6 21v-6M10 21v-12M14 21v-8M18 21v-4" />
      <path d="M7.5 5.5 10 3l2.5 2.5" />
    </>
  ),
  avgpool2d: (
    <>
      <path d="M3 21h18" />
      <path d="M6 21v-6M10 21v-12M14 21v-8M18 21v-4" />
      <path d="M3 13.5h18" strokeDasharray="2 2.5" />
    </>
  ),
  flatten: (
    <>
      <rect x="3" y="4" width="8" height="8" rx="1" />
      <path d="M3 19h18M13 8h4l-2 8" />
    </>
  ),
  // Dots, some struck out.
  dropout: (
    <>
      <circle cx="6" cy="6" r="2" />
      <circle cx="18" cy="6" r="2" />
      <circle cx="6" cy="18" r="2" />
      <circle cx="18" cy="18" r="2" />
      <path d="M9 9l6 6M15 9l-6 6" />
    </>
  ),
  // A wide bell squeezed to a narrow one, across the batch (columns).
  batchnorm: (
    <>
      <path d="M3 19c3 0 4-12 6-12s3 12 6 12" />
      <path d="M15 19c1.5 0 2-8 3-8s1.5 8 3 8" />
      <path d="M3 3v2M9 3v2M15 3v2M21 3v2" />
    </>
  ),
  // The same bells, across a row.
  layernorm: (
    <>
      <path d="M3 19c3 0 4-12 6-12s3 12 6 12" />
      <path d="M15 19c1.5 0 2-8 3-8s1.5 8 3 8" />
      <path d="M3 3h18" />
    </>
  ),
};

/** A 24-unit line drawing in currentColor, `size` px square (the kinds' icons and the panels' buttons). */
export function LineIcon({
  size = 16,
  weight = 1.8,
  children,
}: {
  size?: number;
  weight?: number;
  children: ReactNode;
}) {
  return (
    <svg
      className="bp-icon"
      width={size}
      height={size}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={weight}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
    >
      {children}
    </svg>
  );
}

export const KindIcon = memo(function KindIcon({
  kind,
  size = 16,
}: {
  kind: string;
  size?: number;
}) {
  return (
    <LineIcon size={size}>{paths[kind as NodeKind] ?? <circle cx="12" cy="12" r="8" />}</LineIcon>
  );
});
