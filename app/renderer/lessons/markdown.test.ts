import { describe, expect, it } from 'vitest';
import { renderInline, renderMarkdown } from './markdown';

describe('lesson Markdown', () => {
  it('typesets $…$ inline and $$…$$ as a display block with KaTeX', () => {
    const html = renderMarkdown('The sum $a = w^\\top x$ and\n\n$$L = (a - y)^2$$\n\nafter.');
    expect(html).toContain('<p>The sum <span class="katex">');
    expect(html).toMatch(/<div class="bp-lessons__math"><span class="katex-display">/);
    expect(html).toContain('<p>after.</p>');
    expect(html).not.toContain('$');
  });

  it('leaves a lone dollar and ordinary Markdown alone', () => {
    expect(renderInline('Costs $5 — **bold** and `code`')).toBe(
      'Costs $5 — <strong>bold</strong> and <code>code</code>',
    );
  });

  it('shows a formula KaTeX cannot read as its source, in the error colour, not an exception', () => {
    expect(renderInline('$\\frac{1}{$')).toContain('katex-error');
  });
});
