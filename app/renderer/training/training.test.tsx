// @vitest-environment jsdom
/**
 * The window's side of training against a fake Host: what the controls send in
 * each state, what a frame changes on screen, a graph edit stopping a run,
 * divergence, a session's problems and a reconnected page.
 */
import { describe, expect, it } from 'vitest';
import { act, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { actionForKey } from '../actions/registry';
import type { ModelFile } from '#src/model/types';
import { useDocument } from '../store/document';
import { flushHistory, GRAPH_CHANGED, HOST_RESTARTED } from './controller';
import { live } from '../common/live';
import { useTraining } from '../store/training';
import { button, docId, frame, model, setup, trainingWindow, W1, W2 } from './testing/window';

describe('training in the window', () => {
  trainingWindow();

  it('sends the right command from each control in each state', async () => {
    const user = userEvent.setup();
    const { host, emit } = setup();

    // No session: Train and Step start one; the others wait.
    expect(button('Train')).toHaveProperty('disabled', false);
    expect(button('Step')).toHaveProperty('disabled', false);
    expect(button('Pause')).toHaveProperty('disabled', true);
    expect(button('Stop')).toHaveProperty('disabled', true);
    expect(actionForKey(new KeyboardEvent('keydown', { key: 'Enter', ctrlKey: true }))?.name).toBe(
      'training.train',
    );

    await user.click(button('Train'));
    expect(host.startTraining).toHaveBeenCalledTimes(1);
    const [id, sent, path, mode] = host.startTraining.mock.calls[0] as [
      string,
      ModelFile,
      string | null,
      string,
    ];
    expect(id).toBe(docId());
    expect(path).toBeNull();
    expect(mode).toBe('run');
    // Training continues from the document's weights and history.
    expect(sent.weights).toEqual({ dense1: W1, dense2: W2 });
    expect(sent.history).toEqual(model().history);
    expect(sent.training.learningRate).toBe(0.05);

    await emit(frame({ state: 'running', edgeIds: ['e1', 'e2', 'e3', 'e4', 'e5'] }));
    expect(button('Train')).toHaveProperty('disabled', true);
    // The run joins the run list, continuing from the document's epoch 2.
    expect(useDocument.getState().model.runs).toMatchObject([
      { id: 1, fromEpoch: 2, epochs: 0, optimizer: 'adam', batch: 'full' },
    ]);
    await user.click(button('Pause'));
    expect(host.controlTraining).toHaveBeenLastCalledWith(docId(), { type: 'pause' });

    // A new learning rate reaches the running session without a restart.
    act(() => useDocument.getState().setTraining({ learningRate: 0.2 }));
    expect(host.controlTraining).toHaveBeenLastCalledWith(docId(), {
      type: 'learningRate',
      value: 0.2,
    });

    await emit(frame({ state: 'paused', step: 10 }));
    expect(screen.queryByRole('button', { name: 'Pause' })).toBeNull();
    await user.click(button('Step'));
    expect(host.controlTraining).toHaveBeenLastCalledWith(docId(), { type: 'step' });
    await user.click(button('Resume'));
    expect(host.controlTraining).toHaveBeenLastCalledWith(docId(), { type: 'resume' });
    await user.click(button('Stop'));
    expect(host.controlTraining).toHaveBeenLastCalledWith(docId(), { type: 'stop' });
    expect(host.startTraining).toHaveBeenCalledTimes(1);

    // Ended: Step starts a session that takes one update and pauses.
    await emit(
      frame({ state: 'stopped', message: 'Training stopped.', history: [{ epoch: 3, loss: 0.6 }] }),
    );
    expect(useDocument.getState().model.history?.at(-1)).toEqual({ epoch: 3, loss: 0.6, run: 1 });
    expect(useDocument.getState().model.runs).toMatchObject([
      { id: 1, epochs: 1, finalLoss: 0.6, end: 'stopped' },
    ]);
    await emit({
      type: 'checkpoint',
      weights: { dense1: W1, dense2: { W: [[9, 9, 9, 9]], b: [1] } },
    });
    expect(useDocument.getState().model.weights?.dense2.W).toEqual([[9, 9, 9, 9]]);
    await user.click(button('Step'));
    expect(host.startTraining).toHaveBeenCalledTimes(2);
    expect(host.startTraining.mock.calls[1][3]).toBe('step');
    expect((host.startTraining.mock.calls[1][1] as ModelFile).weights?.dense2.W).toEqual([
      [9, 9, 9, 9],
    ]);

    // Reset weights asks first, then forgets the weights; the runs and their history stay.
    await emit(frame({ state: 'stopped', message: 'Training stopped.' }));
    await user.click(button('Reset weights'));
    const dialog = screen.getByRole('dialog');
    await user.click(within(dialog).getByRole('button', { name: 'Reset weights' }));
    expect(useDocument.getState().model.weights).toBeUndefined();
    expect(useDocument.getState().model.history).toHaveLength(3);
    expect(screen.getByTestId('training-state').textContent).toBe('Not trained');
    expect(useDocument.getState().model.runs?.map((r) => [r.id, r.end])).toEqual([
      [1, 'stopped'],
      [2, 'stopped'],
    ]);
    // The next run starts from weights drawn from the seed: epoch 0.
    await user.click(button('Train'));
    expect((host.startTraining.mock.calls[2][1] as ModelFile).weights).toBeUndefined();
    await emit(frame({ state: 'running' }));
    expect(useDocument.getState().model.runs?.at(-1)).toMatchObject({ id: 3, fromEpoch: 0 });
  });

  it('shows a frame in the progress line and on every edge', async () => {
    const { emit } = setup();
    await act(async () => {});
    await emit(frame({ state: 'running', epoch: 2, edgeIds: ['e1', 'e2', 'e3', 'e4', 'e5'] }));
    await emit(
      frame(
        {
          state: 'running',
          epoch: 42,
          step: 40,
          samplesPerSecond: 12_345,
          etaMs: 61_000,
          batchLoss: 0.05,
          history: [{ epoch: 42, loss: 0.0432 }],
        },
        [0.5, 0.032, 1e-3, 0.4, 0.02, NaN, 0.3, 0.011, 2e-4, 0.2, 0.5, NaN, 0.9, 0.25, NaN],
      ),
    );
    // The run started at the document's epoch 2: 40 epochs of 500 so far.
    expect(screen.getByTestId('progress-epoch').textContent).toBe('40/500');
    expect(screen.getByTestId('progress-step').textContent).toBe('40');
    expect(screen.getByTestId('progress-rate').textContent).toBe('12k');
    expect(screen.getByTestId('progress-eta').textContent).toBe('1 min 01 s');
    expect(screen.getByTestId('progress-loss').textContent).toBe('0.04320');
    expect(screen.getByTestId('training-state').textContent).toBe('Training');

    expect(screen.getByTestId('edge-grad-e1').textContent).toBe('∇ 0.032');
    expect(screen.getByTestId('edge-grad-e2').textContent).toBe('∇ 0.02');
    expect(screen.getByTestId('edge-grad-e5').textContent).toBe('∇ 0.25');
    // The edge into the loss and the loss node show the current loss.
    expect(screen.getByTestId('edge-loss-e5').textContent).toBe('L 0.0432');
    expect(screen.getByTestId('loss-value').textContent).toBe('0.04320');
    // Weight updates exist only on edges into dense layers.
    act(() => useTraining.setState({ overlay: 'update' }));
    await act(async () => live.flush());
    expect(screen.getByTestId('edge-update-e1').textContent).toBe('ΔW 1.0e-3');
    expect(screen.getByTestId('edge-update-e2').textContent).toBe('');
  });

  it('stops a run when the graph changes, keeping weights of layers whose shape did not', async () => {
    const { host, emit } = setup();
    await emit(frame({ state: 'running', edgeIds: ['e1', 'e2', 'e3', 'e4', 'e5'] }));
    // Moving a node is not a change to the network.
    act(() => useDocument.getState().setPositions({ act1: { x: 640, y: 90 } }));
    expect(host.controlTraining).not.toHaveBeenCalled();

    act(() => useDocument.getState().setParam('dense2', 'units', 2));
    expect(host.controlTraining).toHaveBeenCalledWith(docId(), {
      type: 'stop',
      message: GRAPH_CHANGED,
    });
    expect(screen.getByRole('status').textContent).toContain(GRAPH_CHANGED);
    expect(button('Train')).toHaveProperty('disabled', false);

    // A frame still in flight does not revive the run; the session's own stop frame and checkpoint follow.
    await emit(frame({ state: 'running', step: 3 }));
    expect(useTraining.getState().state).toBe('stopped');
    const trained1 = { W: W1.W.map((r) => r.map((v) => v + 1)), b: [1, 1, 1, 1] };
    await emit(frame({ state: 'stopped', message: GRAPH_CHANGED }));
    await emit({
      type: 'checkpoint',
      weights: { dense1: trained1, dense2: { W: [[5, 5, 5, 5]], b: [5] } },
    });
    const weights = useDocument.getState().model.weights!;
    expect(weights.dense1).toEqual(trained1);
    // dense2 now has 2 units: its 1 × 4 weights no longer fit and are dropped.
    expect(weights.dense2).toBeUndefined();
  });

  it('names and marks the node where training diverged', async () => {
    const { emit, view } = setup();
    await emit(frame({ state: 'running', edgeIds: ['e1', 'e2', 'e3', 'e4', 'e5'] }));
    const message =
      'Training stopped at epoch 3, step 3: the loss became NaN or infinite. Dense "dense1" produced the first non-finite value in the forward pass.';
    await emit(frame({ state: 'diverged', message, nodeId: 'dense1' }));
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain('Dense "dense1"');
    expect(within(alert).getByRole('button', { name: 'Show dense1' })).toBeTruthy();
    const node = view.container.querySelector('.react-flow__node[data-id="dense1"] .bp-node');
    expect(node?.getAttribute('data-diverged')).toBe('true');
    expect(view.container.querySelectorAll('[data-diverged="true"]')).toHaveLength(1);
    expect(screen.getByTestId('training-state').textContent).toBe('Diverged');
  });

  it('shows the problems a session reports', async () => {
    const { emit } = setup();
    await emit({
      type: 'problems',
      problems: [{ path: 'data', message: 'the data has 3 features' }],
    });
    const dialog = screen.getByRole('dialog');
    expect(dialog.textContent).toContain('Training could not start');
    expect(dialog.textContent).toContain('the data has 3 features');
  });

  it('takes the records a reconnected page is sent again only once, and stops when the host lost the run', async () => {
    const { emit } = setup();
    const records = (from: number, to: number) =>
      Array.from({ length: to - from + 1 }, (_, i) => ({ epoch: from + i, loss: 1 / (from + i) }));
    await emit(frame({ state: 'running', epoch: 4, history: records(3, 4) }));
    // The socket dropped and came back: the host replays the run's records so far (from 3).
    await emit(frame({ state: 'running', epoch: 7, history: records(3, 7) }));
    await emit(frame({ state: 'running', epoch: 8, history: records(8, 8) }));
    flushHistory();
    const epochs = useDocument.getState().model.history!.map((r) => r.epoch);
    expect(epochs).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(live.loss.epoch).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);

    // The host restarted without the session: the run is over, the weights stay.
    await emit({ type: 'gone' });
    expect(useTraining.getState().state).toBe('stopped');
    expect(screen.getByRole('status').textContent).toContain(HOST_RESTARTED);
    expect(useDocument.getState().model.weights).toEqual(model().weights);
  });
});
