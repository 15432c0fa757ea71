// @vitest-environment jsdom
/**
 * The window's side of training against a fake Host: what the controls send in
 * each state, what a frame changes on screen, a graph edit stopping a run, and
 * divergence.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { act, cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ReactFlowProvider } from '@xyflow/react';
import type { Host, TrainingCommand, TrainingEvent } from '../../shared/host';
import { MODEL_FORMAT, MODEL_VERSION, type ModelFile } from '#src/model/types';
import { encodeFrame, type FrameHeader } from '#src/training/frame';
import { actionForKey, setActionContext } from '../actions/registry';
import { registerTrainingActions } from './actions';
import { Canvas } from '../canvas/Canvas';
import { nodeTypes } from '../nodes';
import { Dialogs } from '../dialogs/Dialogs';
import { useDocument } from '../store/document';
import { useUi } from '../store/ui';
import { TrainingBanner } from './CanvasOverlay';
import { connectTraining, flushHistory, GRAPH_CHANGED, HOST_RESTARTED } from './controller';
import { live } from '../common/live';
import { useTraining } from '../store/training';
import { TrainingControls } from './TrainingControls';
import { UpdateWalk } from './UpdateWalk';

// React Flow measures nodes; jsdom lays nothing out (reactflow.dev/docs/guides/testing).
class ResizeObserverStub {
  constructor(private callback: ResizeObserverCallback) {}
  observe(target: Element) {
    this.callback([{ target } as ResizeObserverEntry], this as unknown as ResizeObserver);
  }
  unobserve() {}
  disconnect() {}
}
class DOMMatrixReadOnlyStub {
  m22 = 1;
}
const saved = {
  width: Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'offsetWidth'),
  height: Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'offsetHeight'),
};
beforeAll(() => {
  vi.stubGlobal('ResizeObserver', ResizeObserverStub);
  vi.stubGlobal('DOMMatrixReadOnly', DOMMatrixReadOnlyStub);
  Object.defineProperty(HTMLElement.prototype, 'offsetWidth', { configurable: true, value: 150 });
  Object.defineProperty(HTMLElement.prototype, 'offsetHeight', { configurable: true, value: 66 });
});
afterAll(() => {
  vi.unstubAllGlobals();
  if (saved.width) Object.defineProperty(HTMLElement.prototype, 'offsetWidth', saved.width);
  if (saved.height) Object.defineProperty(HTMLElement.prototype, 'offsetHeight', saved.height);
});

const W1 = {
  W: [
    [0.1, 0.2],
    [0.3, 0.4],
    [0.5, 0.6],
    [0.7, 0.8],
  ],
  b: [0, 0, 0, 0],
};
const W2 = { W: [[1, 2, 3, 4]], b: [0.5] };

function model(): ModelFile {
  const ids = ['input', 'dense1', 'act1', 'dense2', 'act2', 'loss'];
  const kinds = ['input', 'dense', 'activation', 'dense', 'activation', 'loss'];
  const params = [
    { features: 2 },
    { units: 4 },
    { fn: 'tanh' },
    { units: 1 },
    { fn: 'sigmoid' },
    { fn: 'bce' },
  ];
  return {
    format: MODEL_FORMAT,
    version: MODEL_VERSION,
    name: 'xor',
    graph: {
      nodes: ids.map((id, i) => ({
        id,
        kind: kinds[i],
        params: params[i],
        position: { x: i * 320, y: 0 },
      })),
      edges: ids.slice(1).map((id, i) => ({ id: `e${i + 1}`, source: ids[i], target: id })),
    },
    data: {
      inline: {
        x: [
          [0, 0],
          [0, 1],
          [1, 0],
          [1, 1],
        ],
        y: [[0], [1], [1], [0]],
      },
    },
    training: { optimizer: 'adam', learningRate: 0.05, batch: 'full', epochs: 500, seed: 1, l2: 0 },
    weights: { dense1: W1, dense2: W2 },
    history: [
      { epoch: 1, loss: 0.7 },
      { epoch: 2, loss: 0.69 },
    ],
  };
}

function header(patch: Partial<FrameHeader>): FrameHeader {
  return {
    state: 'running',
    epoch: 2,
    epochs: 500,
    step: 0,
    position: 0,
    samplesPerEpoch: 4,
    samplesPerSecond: 0,
    etaMs: null,
    learningRate: 0.05,
    batchLoss: 0.69,
    history: [],
    tensors: [],
    gradNorms: {},
    nodeStats: {},
    ...patch,
  };
}

/** A frame as a session encodes it: 3 numbers per edge [activation, gradient, update]. */
function frame(patch: Partial<FrameHeader>, stats: number[] = []): TrainingEvent {
  return {
    type: 'frame',
    buffer: encodeFrame({ header: header(patch), edgeStats: Float32Array.from(stats), params: {} }),
  };
}

function fakeHost() {
  const listeners = new Map<string, (e: TrainingEvent) => void>();
  const host = {
    kind: 'web',
    nativeDialogs: false,
    startTraining: vi.fn(async () => undefined),
    controlTraining: vi.fn(async (_id: string, _c: TrainingCommand) => undefined),
    endTraining: vi.fn(async () => undefined),
    onTrainingEvent: vi.fn((id: string, listener: (e: TrainingEvent) => void) => {
      listeners.set(id, listener);
      return () => listeners.delete(id);
    }),
    listDirectory: vi.fn(),
    recentDocuments: vi.fn(async () => []),
  } as unknown as Host & {
    startTraining: ReturnType<typeof vi.fn>;
    controlTraining: ReturnType<typeof vi.fn>;
    endTraining: ReturnType<typeof vi.fn>;
  };
  /** Delivers a session event, and lets the display-rate listeners draw it. */
  const emit = (event: TrainingEvent) =>
    act(() => {
      listeners.get(useTraining.getState().docId)?.(event);
      live.flush();
    });
  return { host, emit };
}

const docId = () => useTraining.getState().docId;
const button = (name: string) => screen.getByRole('button', { name });

let disconnect: (() => void) | null = null;

function setup() {
  const { host, emit } = fakeHost();
  useDocument.getState().load(model(), { name: 'xor' });
  setActionContext({ host, flow: null });
  disconnect = connectTraining(host);
  const view = render(
    <ReactFlowProvider>
      <TrainingControls />
      <div style={{ width: 1000, height: 600 }}>
        <Canvas nodeTypes={nodeTypes} />
      </div>
      <TrainingBanner />
      <UpdateWalk />
      <Dialogs host={host} />
    </ReactFlowProvider>,
  );
  return { host, emit, view };
}

describe('training in the window', () => {
  beforeAll(() => registerTrainingActions());
  beforeEach(() => {
    useTraining.setState({ overlay: 'gradient', message: null, warning: false });
    // A dialog a test left open would hide the rest of the window from the next one.
    useUi.setState({ dialog: null });
  });
  afterEach(() => {
    disconnect?.();
    disconnect = null;
    cleanup();
    setActionContext(null);
  });

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
