/**
 * LaTeX typeset with KaTeX, one display line per formula line. KaTeX builds
 * HTML strings without eval, so the page's CSP (no 'unsafe-eval') holds; its
 * MathML twin keeps the formula readable by screen readers.
 */
import { memo, useMemo } from 'react';
import katex from 'katex';

export const Formula = memo(function Formula({ lines }: { lines: string[] }) {
  const html = useMemo(
    () =>
      lines.map((tex) =>
        katex.renderToString(tex, {
          displayMode: true,
          throwOnError: false,
          output: 'htmlAndMathml',
        }),
      ),
    [lines],
  );
  return (
    <div className="bp-step__formula" data-testid="step-formula">
      {html.map((h, i) => (
        <div key={i} className="bp-step__formula-line" dangerouslySetInnerHTML={{ __html: h }} />
      ))}
    </div>
  );
});
