// @vitest-environment jsdom
/**
 * Training at a pace a person can follow, against a fake Host: the speed control, one update
 * at a time (the update walk), step mode, and a run whose loss rose.
 */
import { describe, expect, it } from 'vitest';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { encodeFrame } from '#src/training/frame';
import { useTraining } from '../store/training';
import { button, docId, frame, header, setup, trainingWindow } from './testing/window';

describe('training in the window', () => {
  trainingWindow();

  it('trains a small network at a watchable pace and follows the speed control', async () => {
    const user = userEvent.setup();
    const { host, emit } = setup();
    const toolbar = within(screen.getByRole('toolbar', { name: 'Training' }));
    const speed = toolbar.getByRole('combobox', { name: 'Speed' }) as HTMLSelectElement;
    // 17 parameters × 4 samples: small enough to watch.
    expect(speed.selectedOptions[0].textContent).toBe('20 / s');
    await user.click(button('Train'));
    expect(host.startTraining.mock.calls[0][3]).toBe('run');
    expect(host.startTraining.mock.calls[0][4]).toBe(20);
    await emit(frame({ state: 'running', step: 3, edgeIds: ['e1', 'e2', 'e3', 'e4', 'e5'] }));

    const full = toolbar.getByRole('button', { name: 'Full speed' });
    await user.click(full);
    expect(host.controlTraining).toHaveBeenLastCalledWith(docId(), {
      type: 'pace',
      updatesPerSecond: null,
    });
    expect(full.getAttribute('aria-pressed')).toBe('true');
    await user.selectOptions(speed, '5 / s');
    expect(host.controlTraining).toHaveBeenLastCalledWith(docId(), {
      type: 'pace',
      updatesPerSecond: 5,
    });
    // Full speed switches back to the speed it was switched on from.
    await user.click(full);
    await user.click(full);
    expect(host.controlTraining).toHaveBeenLastCalledWith(docId(), {
      type: 'pace',
      updatesPerSecond: 5,
    });

    // One update at a time pauses the run; the paused frame is not an update to walk.
    await user.selectOptions(speed, 'One at a time');
    expect(host.controlTraining).toHaveBeenLastCalledWith(docId(), { type: 'pause' });
    await emit(frame({ state: 'paused', step: 40 }));
    const card = within(screen.getByRole('region', { name: 'One update at a time' }));
    expect(useTraining.getState().walk).toBeNull();
    await user.click(card.getByRole('button', { name: 'Next' }));
    expect(host.controlTraining).toHaveBeenLastCalledWith(docId(), { type: 'step' });

    // The update arrives: forward values, then δ, then the weights old → new.
    const tensors = [
      { id: 'dense2', name: 'W', shape: [1, 4], trainable: true },
      { id: 'dense2', name: 'b', shape: [1], trainable: true },
    ];
    const f32 = (a: number[]) => Float32Array.from(a);
    const p = {
      W: {
        value: f32([0.9, 1.9, 2.9, 3.9]),
        grad: f32([0.05, 0.05, 0.05, 0.05]),
        before: f32([1, 2, 3, 4]),
      },
      b: { value: f32([0.4]), grad: f32([0.05]), before: f32([0.5]) },
    };
    await emit({
      type: 'frame',
      buffer: encodeFrame({
        header: header({ state: 'paused', step: 41, batchLoss: 0.1234, tensors }),
        edgeStats: f32([
          0.5,
          0.032,
          1e-3,
          0.4,
          0.02,
          NaN,
          0.3,
          0.011,
          2e-4,
          0.2,
          0.5,
          NaN,
          0.9,
          0.25,
          NaN,
        ]),
        params: { dense2: p },
      }),
    });
    const current = () =>
      screen
        .getByRole('region', { name: 'One update at a time' })
        .querySelector('[aria-current="step"]')?.textContent;
    expect(current()).toContain('Forward');
    expect(screen.getByTestId('walk-loss').textContent).toBe('0.1234');
    expect(screen.getByTestId('edge-act-e1').textContent).toBe('a 0.5');
    await user.click(card.getByRole('button', { name: 'Next' }));
    expect(current()).toContain('δ backward');
    expect(screen.getByTestId('edge-grad-e1').textContent).toBe('∇ 0.032');
    await user.click(card.getByRole('button', { name: 'Next' }));
    expect(current()).toContain('New weights');
    expect(screen.getByTestId('edge-update-e1').textContent).toBe('ΔW 1.0e-3');
    expect(screen.getByTestId('walk-dense2-W-0-3').textContent).toBe('4 becomes 3.9');
    expect(screen.getByTestId('walk-dense2-b-0').textContent).toBe('0.5 becomes 0.4');
    const steps = host.controlTraining.mock.calls.length;
    await user.click(card.getByRole('button', { name: 'Next' }));
    expect(host.controlTraining.mock.calls.length).toBe(steps + 1);
    expect(host.controlTraining).toHaveBeenLastCalledWith(docId(), { type: 'step' });

    // Another speed leaves the walk and goes on at that speed; the overlay is the user's again.
    await user.selectOptions(speed, '5 / s');
    expect(host.controlTraining.mock.calls.slice(-2).map((c) => c[1])).toEqual([
      { type: 'pace', updatesPerSecond: 5 },
      { type: 'resume' },
    ]);
    expect(useTraining.getState().walk).toBeNull();
    expect(useTraining.getState().overlay).toBe('gradient');
    expect(screen.queryByRole('region', { name: 'One update at a time' })).toBeNull();
  });

  it('sends a speed chosen while the run starts once the run is there', async () => {
    const user = userEvent.setup();
    const { host, emit } = setup();
    await user.click(button('Train'));
    expect(host.startTraining.mock.calls[0][4]).toBe(20);
    const speed = within(screen.getByRole('toolbar', { name: 'Training' })).getByRole('combobox', {
      name: 'Speed',
    });
    await user.selectOptions(speed, '5 / s');
    expect(host.controlTraining).not.toHaveBeenCalled();
    await emit(frame({ state: 'running', step: 1, updatesPerSecond: 20 }));
    expect(host.controlTraining).toHaveBeenLastCalledWith(docId(), {
      type: 'pace',
      updatesPerSecond: 5,
    });
  });

  it('starts a run one update at a time in step mode', async () => {
    const user = userEvent.setup();
    const { host, emit } = setup();
    await user.selectOptions(
      within(screen.getByRole('toolbar', { name: 'Training' })).getByRole('combobox', {
        name: 'Speed',
      }),
      'One at a time',
    );
    await user.click(
      within(screen.getByRole('region', { name: 'One update at a time' })).getByRole('button', {
        name: 'Next',
      }),
    );
    expect(host.startTraining.mock.calls[0][3]).toBe('step');
    // Its first update is walked from the forward pass.
    await emit(frame({ state: 'paused', step: 1 }));
    expect(useTraining.getState().walk).toBe('forward');
  });

  it('ends a run whose loss rose with a warning that stays', async () => {
    const { emit } = setup();
    await emit(frame({ state: 'running', edgeIds: ['e1', 'e2', 'e3', 'e4', 'e5'] }));
    const message =
      'Trained 500 epochs, but the loss ended above where it started: 0.25 → 25.9. The learning rate (100) is probably too high: try 10.';
    await emit(frame({ state: 'done', message, warning: true }));
    const alert = screen.getByRole('alert');
    expect(alert.className).toContain('is-warning');
    expect(alert.textContent).toContain('The loss rose.');
    expect(alert.textContent).toContain('try 10');
  });
});
