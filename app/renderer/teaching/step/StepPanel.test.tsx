// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { act, cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { setLanguage } from '#src/i18n';
import { exampleById } from '#src/model/examples';
import type { Host } from '../../../shared/host';
import { connectData } from '../../common/document-data';
import { useDocument } from '../../store/document';
import { useHighlight } from '../../store/highlight';
import { StepPanel } from './StepPanel';
import { closeStepMode, goToStep, openStepMode, useStepMode } from '../../store/step-mode';

const TOY = 'x1,x2,x3,y\n0.1,0.2,0.3,1\n0.4,0.5,0.6,0\n0.7,0.8,0.9,1\n';

let disconnect: (() => void) | null = null;

const title = () => screen.getByRole('heading', { level: 3 }).textContent;

describe('the step panel', () => {
  beforeEach(async () => {
    useDocument.getState().load(exampleById('article')!.model());
    await act(() => openStepMode());
  });
  afterEach(() => {
    cleanup();
    closeStepMode();
    disconnect?.();
    disconnect = null;
  });

  it('shows the first step with its formula typeset by KaTeX', () => {
    render(<StepPanel />);
    const panel = screen.getByRole('region', { name: 'Step through one update' });
    expect(title()).toBe('Input: the batch');
    const formula = within(panel).getByTestId('step-formula');
    expect(formula.querySelectorAll('.katex').length).toBeGreaterThan(0);
    // MathML twin for screen readers, with the LaTeX source as its annotation.
    expect(formula.querySelector('annotation')?.textContent).toContain('\\mathbf{a}^{(0)}');
    expect(formula.querySelector('.katex-error')).toBeNull();
    expect(panel.textContent).toContain('each column is one sample');
    expect(panel.textContent).toContain('All 64 samples of the data set');
    expect(useHighlight.getState()).toMatchObject({ nodeId: 'input', edgeId: undefined });
  });

  it('moves with Next, Previous and the arrow keys, and highlights each step’s node or edge', async () => {
    const user = userEvent.setup();
    render(<StepPanel />);
    expect(screen.getByRole('button', { name: 'Previous' })).toHaveProperty('disabled', true);
    await user.click(screen.getByRole('button', { name: 'Next' }));
    expect(title()).toBe('Dense dense1: weighted sums');
    expect(useHighlight.getState().nodeId).toBe('dense1');
    await user.keyboard('{ArrowRight}');
    expect(title()).toBe('Activation act1: sigmoid');
    await user.keyboard('{ArrowLeft}');
    expect(title()).toBe('Dense dense1: weighted sums');
    await user.click(screen.getByRole('button', { name: 'Previous' }));
    expect(title()).toBe('Input: the batch');
    // Every step typesets without errors; the loss gradient highlights the edge into the loss.
    const steps = useStepMode.getState().steps;
    for (let i = 1; i < steps.length; i++) {
      await user.keyboard('{ArrowRight}');
      expect(screen.getByTestId('step-formula').querySelector('.katex-error')).toBeNull();
      if (steps[i].key === 'backward:loss') expect(useHighlight.getState().edgeId).toBe('e5');
    }
    expect(title()).toBe('Update dense2: gradient descent');
    expect(screen.getByRole('button', { name: 'Next' })).toHaveProperty('disabled', true);
  });

  it('picks another neuron and sample for a batch too large to show whole', async () => {
    const user = userEvent.setup();
    render(<StepPanel />);
    await user.click(screen.getByRole('button', { name: 'Next' }));
    await user.selectOptions(screen.getByRole('combobox', { name: /Neuron j/ }), '3');
    await user.selectOptions(screen.getByRole('combobox', { name: /Sample i/ }), '10');
    // The LaTeX source rides along in KaTeX's MathML annotation.
    expect(screen.getByTestId('step-formula').textContent).toContain('z^{(1)}_{3,10}');
    expect(screen.getByTestId('step-value-z').textContent).toMatch(/^\[-?[\d.e-]+\]$/);
  });

  it('re-words the open panel when the language changes, keeping its step and gradient check', async () => {
    const user = userEvent.setup();
    render(<StepPanel />);
    await user.click(screen.getByRole('button', { name: 'Next' }));
    await user.click(screen.getByRole('button', { name: 'Check gradients' }));
    await screen.findByTestId('gradcheck-dense1-W');
    const formula = screen.getByTestId('step-formula').innerHTML;
    try {
      act(() => setLanguage('zh-CN'));
      expect(title()).toBe('全连接层 dense1：加权和');
      expect(screen.getByRole('region', { name: '逐步查看一次更新' }).textContent).toContain(
        '每一列是一个样本',
      );
      expect(screen.getByRole('button', { name: '下一步' })).toBeTruthy();
      expect(screen.getByTestId('step-formula').innerHTML).toBe(formula);
      expect(screen.getByRole('complementary', { name: '梯度检验' })).toBeTruthy();
      expect(screen.getByTestId('gradcheck-dense1-W')).toBeTruthy();
    } finally {
      act(() => setLanguage('en'));
    }
    expect(title()).toBe('Dense dense1: weighted sums');
  });

  it('checks the gradients against finite differences, per layer', async () => {
    const user = userEvent.setup();
    render(<StepPanel />);
    await user.click(screen.getByRole('button', { name: 'Check gradients' }));
    const check = await screen.findByRole('complementary', { name: 'Gradient check' });
    await waitFor(() => expect(within(check).getByTestId('gradcheck-dense1-W')).toBeTruthy());
    for (const id of ['dense1-W', 'dense1-b', 'dense2-W', 'dense2-b']) {
      const cell = within(check).getByTestId(`gradcheck-${id}`);
      expect(Number(cell.textContent)).toBeLessThan(1e-6);
      expect(cell.className).toBe('is-ok');
    }
    expect(within(check).getByRole('status').textContent).toContain('All below 1e-6');
  });

  it('steps through an update on CSV data the host reads, relative to the document', async () => {
    const model = exampleById('article')!.model();
    model.data = { csv: 'toy.csv', features: ['x1', 'x2', 'x3'], targets: ['y'] };
    const readDataText = vi.fn(async () => ({ ok: true as const, text: TOY }));
    disconnect = connectData({ readDataText } as unknown as Host);
    await act(async () => {
      useDocument.getState().load(model, { path: '/w/article.bpmodel' });
      await openStepMode();
    });
    render(<StepPanel />);
    expect(readDataText).toHaveBeenCalledWith('/w/article.bpmodel', 'toy.csv');
    expect(title()).toBe('Input: the batch');
    expect(screen.getByRole('region', { name: 'Step through one update' }).textContent).toContain(
      'All 3 samples of the data set',
    );
  });

  it('steps through a convolution with its op’s formula, channel by channel', async () => {
    // The article's 3 features as a 1 × 3 image, through 6 filters and a flatten.
    const model = exampleById('article')!.model();
    const { nodes, edges } = model.graph;
    nodes[0].params = { features: 3, height: 1, width: 3 };
    nodes.splice(1, 0, { id: 'conv1', kind: 'conv2d', params: { filters: 6, kernel: 3 } });
    nodes.splice(2, 0, { id: 'flat1', kind: 'flatten', params: {} });
    edges[0].target = 'conv1';
    edges.push({ id: 'c1', source: 'conv1', target: 'flat1' });
    edges.push({ id: 'c2', source: 'flat1', target: 'dense1' });
    await act(async () => {
      useDocument.getState().load(model);
      await openStepMode();
    });
    const user = userEvent.setup();
    render(<StepPanel />);
    act(() => goToStep(useStepMode.getState().steps.findIndex((s) => s.key === 'forward:conv1')));
    expect(title()).toBe('Conv2D conv1: forward');
    expect(screen.getByTestId('step-formula').querySelector('.katex-error')).toBeNull();
    // Six channels, shown four at a time: the picker names channels, not neurons.
    const channel = screen.getByRole('combobox', { name: /Channel/ });
    expect(within(channel).getAllByRole('option')).toHaveLength(6);
    expect(screen.getByTestId('step-value-h:3')).toBeTruthy();
    await user.selectOptions(channel, '6');
    expect(screen.getByTestId('step-formula').textContent).toContain(':,:,6');
    expect(screen.queryByTestId('step-value-h:3')).toBeNull();
    expect(screen.getByTestId('step-value-h:1').textContent).toMatch(/^\[-?[\d.e-]+, /);
  });

  it('says which data file it could not read, and why', async () => {
    const model = exampleById('article')!.model();
    model.data = { csv: 'toy.csv', features: ['x1', 'x2', 'x3'], targets: ['y'] };
    disconnect = connectData({
      readDataText: async () => ({
        ok: false,
        message: '/w/toy.csv: The file or folder does not exist.',
      }),
    } as unknown as Host);
    await act(async () => {
      useDocument.getState().load(model, { path: '/w/article.bpmodel' });
      await openStepMode();
    });
    render(<StepPanel />);
    expect(screen.getByRole('alert').textContent).toContain(
      'Could not read the data file “toy.csv”: /w/toy.csv: The file or folder does not exist.',
    );
    expect(screen.queryByTestId('step-formula')).toBeNull();
    expect(screen.getByRole('button', { name: 'Check gradients' })).toHaveProperty(
      'disabled',
      true,
    );
  });
});
