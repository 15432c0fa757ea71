/**
 * The window's side of training against a fake Host, for the training tests: the document,
 * frames as a session encodes them, a Host whose events the test delivers, and the window
 * (controls, canvas, banner, update walk, dialogs) rendered over them.
 */
import { afterAll, afterEach, beforeAll, beforeEach, vi } from 'vitest';
import { act, cleanup, render, screen } from '@testing-library/react';
import { ReactFlowProvider } from '@xyflow/react';
import type { Host, TrainingCommand, TrainingEvent } from '../../../shared/host';
import { exampleById } from '#src/model/examples';
import type { ModelFile } from '#src/model/types';
import { encodeFrame, type FrameHeader } from '#src/training/frame';
import { setActionContext } from '../../actions/registry';
import { registerTrainingActions } from '../actions';
import { Canvas } from '../../canvas/Canvas';
import { nodeTypes } from '../../nodes';
import { Dialogs } from '../../dialogs/Dialogs';
import { useDocument } from '../../store/document';
import { useUi } from '../../store/ui';
import { TrainingBanner } from '../CanvasOverlay';
import { connectTraining } from '../controller';
import { live } from '../../common/live';
import { testFrame } from '../../common/test-frame';
import { useTraining } from '../../store/training';
import { TrainingControls } from '../TrainingControls';
import { UpdateWalk } from '../UpdateWalk';

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

export const W1 = {
  W: [
    [0.1, 0.2],
    [0.3, 0.4],
    [0.5, 0.6],
    [0.7, 0.8],
  ],
  b: [0, 0, 0, 0],
};
export const W2 = { W: [[1, 2, 3, 4]], b: [0.5] };

/** The XOR example, its nodes 320 apart, with W1 and W2 trained and two epochs of history. */
export function model(): ModelFile {
  const xor = exampleById('xor')!.model();
  xor.graph.nodes.forEach((n, i) => (n.position = { x: i * 320, y: 0 }));
  return {
    ...xor,
    name: 'xor',
    weights: { dense1: W1, dense2: W2 },
    history: [
      { epoch: 1, loss: 0.7 },
      { epoch: 2, loss: 0.69 },
    ],
  };
}

/** A running run's header as these tests' document has it (epoch 2 of 500, loss 0.69), with `patch`. */
export function header(patch: Partial<FrameHeader>): FrameHeader {
  return testFrame({
    epoch: 2,
    epochs: 500,
    step: 0,
    learningRate: 0.05,
    batchLoss: 0.69,
    ...patch,
  }).header;
}

/** A frame as a session encodes it: 3 numbers per edge [activation, gradient, update]. */
export function frame(patch: Partial<FrameHeader>, stats: number[] = []): TrainingEvent {
  return {
    type: 'frame',
    buffer: encodeFrame({ header: header(patch), edgeStats: Float32Array.from(stats), params: {} }),
  };
}

export function fakeHost() {
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

export const docId = () => useTraining.getState().docId;
export const button = (name: string) => screen.getByRole('button', { name });

let disconnect: (() => void) | null = null;

export function setup() {
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

/**
 * The hooks a describe of window tests needs: React Flow's measuring stubbed (jsdom lays
 * nothing out, reactflow.dev/docs/guides/testing), the training actions registered, and each
 * test starting with no dialog and ending disconnected.
 */
export function trainingWindow(): void {
  const saved = {
    width: Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'offsetWidth'),
    height: Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'offsetHeight'),
  };
  beforeAll(() => {
    vi.stubGlobal('ResizeObserver', ResizeObserverStub);
    vi.stubGlobal('DOMMatrixReadOnly', DOMMatrixReadOnlyStub);
    Object.defineProperty(HTMLElement.prototype, 'offsetWidth', { configurable: true, value: 150 });
    Object.defineProperty(HTMLElement.prototype, 'offsetHeight', { configurable: true, value: 66 });
    registerTrainingActions();
  });
  afterAll(() => {
    vi.unstubAllGlobals();
    if (saved.width) Object.defineProperty(HTMLElement.prototype, 'offsetWidth', saved.width);
    if (saved.height) Object.defineProperty(HTMLElement.prototype, 'offsetHeight', saved.height);
  });
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
}
