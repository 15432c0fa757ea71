/**
 * Work that can wait for a frame with time to spare: requestIdleCallback, which runs after a
 * frame's own work when some of its budget is left (or after `timeout` ms at the latest), so a
 * busy frame (a wheel step mounting nodes) is not made longer by it. Where the browser has no
 * requestIdleCallback, a timer.
 */
export function whenIdle(run: () => void, timeout: number): () => void {
  if (typeof requestIdleCallback === 'function') {
    const id = requestIdleCallback(run, { timeout });
    return () => cancelIdleCallback(id);
  }
  const id = setTimeout(run, 1);
  return () => clearTimeout(id);
}
