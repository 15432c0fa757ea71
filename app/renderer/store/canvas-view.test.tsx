// @vitest-environment jsdom
/**
 * Parts drawn later on large culled graphs (node bodies, edge labels): a few at a time, and only
 * while the zoom shows them.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { act, render } from '@testing-library/react';
import { LABEL_COST, TURN_BUDGET, useCanvasView, useDrawnLater, waitingParts } from './canvas-view';

/** A part drawn later when the canvas is lazy and, like a node body, its size is known. */
function Probe({ id, height, cost }: { id: string; height?: number; cost?: number }) {
  const later = useCanvasView.getState().lazy && height !== undefined;
  const drawn = useDrawnLater(id, later, cost);
  return <i data-id={id} data-drawn={drawn} />;
}

const drawnCount = (box: HTMLElement) => box.querySelectorAll('[data-drawn=true]').length;
/** The next idle turn (jsdom has no requestIdleCallback: whenIdle's timer). */
const nextTurn = () => act(() => vi.advanceTimersByTime(1));

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
});
afterEach(() => {
  vi.useRealTimers();
  useCanvasView.setState({ lazy: false, detail: '' });
});

function nodes(n: number, height?: number, cost?: number) {
  return (
    <>
      {Array.from({ length: n }, (_, i) => (
        <Probe key={i} id={`n${i}`} height={height} cost={cost} />
      ))}
    </>
  );
}

describe('parts drawn later', () => {
  it('draws every body at once when the canvas does not draw them lazily', () => {
    const { container } = render(nodes(3, 80));
    expect(drawnCount(container)).toBe(3);
    expect(waitingParts()).toBe(0);
  });

  it('draws a node without a measured size at once: its frame could not keep its size', () => {
    useCanvasView.setState({ lazy: true });
    const { container } = render(nodes(2));
    expect(drawnCount(container)).toBe(2);
  });

  it(`draws ${TURN_BUDGET} bodies a turn, in the order the nodes mounted`, async () => {
    useCanvasView.setState({ lazy: true });
    const { container } = render(nodes(TURN_BUDGET + 3, 80));
    expect(drawnCount(container)).toBe(0);
    await nextTurn();
    expect(drawnCount(container)).toBe(TURN_BUDGET);
    expect(container.querySelector('[data-id=n0]')!.getAttribute('data-drawn')).toBe('true');
    await nextTurn();
    expect(drawnCount(container)).toBe(TURN_BUDGET + 3);
    expect(waitingParts()).toBe(0);
  });

  it('waits while the zoom hides bodies, and draws them once it shows them', async () => {
    useCanvasView.setState({ lazy: true, detail: 'far' });
    const { container } = render(nodes(4, 80));
    await nextTurn();
    await nextTurn();
    expect(drawnCount(container)).toBe(0);
    act(() => useCanvasView.setState({ detail: '' }));
    await nextTurn();
    expect(drawnCount(container)).toBe(4);
  });

  it('forgets a node that leaves the page before its turn', async () => {
    useCanvasView.setState({ lazy: true, detail: 'far' });
    const { unmount } = render(nodes(5, 80));
    expect(waitingParts()).toBe(5);
    unmount();
    expect(waitingParts()).toBe(0);
  });

  it('draws cheaper parts more at a time: an edge label costs a fraction of a body', async () => {
    useCanvasView.setState({ lazy: true });
    const labels = TURN_BUDGET / LABEL_COST;
    const { container } = render(nodes(labels + 2, 80, LABEL_COST));
    await nextTurn();
    expect(drawnCount(container)).toBe(labels);
    await nextTurn();
    expect(drawnCount(container)).toBe(labels + 2);
  });
});
