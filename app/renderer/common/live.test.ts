import { afterEach, describe, expect, it, vi } from 'vitest';
import { live, PHASE_MS } from './live';
import { testFrame } from './test-frame';

const frame = testFrame;

describe('the direction animation', () => {
  afterEach(() => {
    live.holdPhase(undefined);
    live.reset();
    vi.useRealTimers();
  });

  it('plays each update of a slow pace once, forward then backward, then rests', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    live.reset();
    live.push(frame({ step: 1, updatesPerSecond: 1 }));
    live.push(frame({ step: 2, updatesPerSecond: 1 }));
    expect(live.phase).toBe('forward');
    vi.advanceTimersByTime(PHASE_MS + 1);
    expect(live.phase).toBe('backward');
    vi.advanceTimersByTime(PHASE_MS + 20);
    expect(live.phase).toBeNull();
  });

  it('holds a phase while one update is shown part by part', () => {
    live.reset();
    live.push(frame({ state: 'paused', step: 3 }));
    live.holdPhase('backward');
    expect(live.phase).toBe('backward');
    live.holdPhase(null);
    expect(live.phase).toBeNull();
    live.holdPhase(undefined);
    expect(live.phase).toBeNull();
  });
});
