// @vitest-environment jsdom
/** Node bodies on large culled graphs: drawn a few at a time, and only while the zoom shows them. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { act, render } from '@testing-library/react';
import { useCanvasView } from '../store/canvas-view';
import { PER_TURN, useBodyDrawn, waitingBodies } from './lazy-bodies';

function Probe({ id, height }: { id: string; height?: number }) {
  const drawn = useBodyDrawn(id, height === undefined ? undefined : { height });
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
  useCanvasView.setState({ lazyBodies: false, detail: '' });
});

function nodes(n: number, height?: number) {
  return (
    <>
      {Array.from({ length: n }, (_, i) => (
        <Probe key={i} id={`n${i}`} height={height} />
      ))}
    </>
  );
}

describe('lazy node bodies', () => {
  it('draws every body at once when the canvas does not draw them lazily', () => {
    const { container } = render(nodes(3, 80));
    expect(drawnCount(container)).toBe(3);
    expect(waitingBodies()).toBe(0);
  });

  it('draws a node without a measured size at once: its frame could not keep its size', () => {
    useCanvasView.setState({ lazyBodies: true });
    const { container } = render(nodes(2));
    expect(drawnCount(container)).toBe(2);
  });

  it(`draws ${PER_TURN} bodies a turn, in the order the nodes mounted`, async () => {
    useCanvasView.setState({ lazyBodies: true });
    const { container } = render(nodes(PER_TURN + 3, 80));
    expect(drawnCount(container)).toBe(0);
    await nextTurn();
    expect(drawnCount(container)).toBe(PER_TURN);
    expect(container.querySelector('[data-id=n0]')!.getAttribute('data-drawn')).toBe('true');
    await nextTurn();
    expect(drawnCount(container)).toBe(PER_TURN + 3);
    expect(waitingBodies()).toBe(0);
  });

  it('waits while the zoom hides bodies, and draws them once it shows them', async () => {
    useCanvasView.setState({ lazyBodies: true, detail: 'far' });
    const { container } = render(nodes(4, 80));
    await nextTurn();
    await nextTurn();
    expect(drawnCount(container)).toBe(0);
    act(() => useCanvasView.setState({ detail: '' }));
    await nextTurn();
    expect(drawnCount(container)).toBe(4);
  });

  it('forgets a node that leaves the page before its turn', async () => {
    useCanvasView.setState({ lazyBodies: true, detail: 'far' });
    const { unmount } = render(nodes(5, 80));
    expect(waitingBodies()).toBe(5);
    unmount();
    expect(waitingBodies()).toBe(0);
  });
});
