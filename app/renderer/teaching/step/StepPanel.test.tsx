// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { act, cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { exampleById } from '../../../../src/model/examples';
import { useDocument } from '../../store/document';
import { useHighlight } from '../highlight';
import { StepPanel } from './StepPanel';
import { closeStepMode, openStepMode, useStepMode } from './store';

const title = () => screen.getByRole('heading', { level: 3 }).textContent;

describe('the step panel', () => {
  beforeEach(async () => {
    useDocument.getState().load(exampleById('article')!.model());
    await act(() => openStepMode());
  });
  afterEach(() => {
    cleanup();
    closeStepMode();
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

  it('says that step mode needs the data file when the data is a CSV', async () => {
    const model = exampleById('article')!.model();
    model.data = { csv: 'toy.csv', features: ['x1', 'x2', 'x3'], targets: ['y'] };
    await act(async () => {
      useDocument.getState().load(model);
      await openStepMode();
    });
    render(<StepPanel />);
    expect(screen.getByRole('alert').textContent).toContain('needs the data');
    expect(screen.getByRole('alert').textContent).toContain('toy.csv');
    expect(screen.queryByTestId('step-formula')).toBeNull();
    expect(screen.getByRole('button', { name: 'Check gradients' })).toHaveProperty(
      'disabled',
      true,
    );
  });
});
