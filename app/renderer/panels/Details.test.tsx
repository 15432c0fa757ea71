// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { act, cleanup, render, screen } from '@testing-library/react';
import { testDocument } from '#src/model/testing/documents';
import { useDocument } from '../store/document';
import { useUi } from '../store/ui';
import { DetailsPanel, DetailsToggle } from './Details';

function load() {
  useDocument.getState().load(
    testDocument({
      nodes: [
        { id: 'input', kind: 'input', params: { features: 2 }, position: { x: 0, y: 0 } },
        { id: 'dense1', kind: 'dense', params: { units: 1 }, position: { x: 200, y: 0 } },
        { id: 'loss', kind: 'loss', params: { fn: 'mse' }, position: { x: 400, y: 0 } },
      ],
    }),
    { name: 'test' },
  );
}

describe('the details panel', () => {
  afterEach(() => {
    cleanup();
    useUi.getState().setLayout({ details: null });
  });

  it('opens for a selection on a narrow window, and its toggle goes, in the same commit', () => {
    window.innerWidth = 800;
    window.dispatchEvent(new Event('resize'));
    load();
    expect(useDocument.getState().compiled.problems.map((p) => p.message)).toEqual([]);
    useUi.getState().setLayout({ details: null });
    render(
      <>
        <DetailsToggle />
        <DetailsPanel>
          <p>inside</p>
        </DetailsPanel>
      </>,
    );
    const panel = () => screen.queryByRole('complementary', { name: 'Details' });
    const toggle = () => screen.queryByRole('button', { name: 'Show details panel' });
    expect(panel()).toBeNull();
    expect(toggle()).not.toBeNull();
    act(() => useDocument.getState().select({ nodes: ['input'] }));
    expect(panel()).not.toBeNull();
    expect(toggle()).toBeNull();
    act(() => useDocument.getState().select({}));
    expect(panel()).toBeNull();
    expect(toggle()).not.toBeNull();
  });
});
