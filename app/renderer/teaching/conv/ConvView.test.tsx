// @vitest-environment jsdom
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { act, cleanup, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { exampleById } from '#src/model/examples';
import { useDocument } from '../../store/document';
import { ConvView } from './ConvView';
import { closeConvView, openConvView, useConvView } from './store';

const view = () => screen.getByRole('dialog', { name: 'Convolution view' });

describe('the convolution view', () => {
  beforeAll(() => {
    // jsdom draws nothing (and says so on every canvas): the numbers are what this test reads.
    HTMLCanvasElement.prototype.getContext = (() => null) as never;
  });
  afterEach(() => {
    cleanup();
    closeConvView();
    useConvView.setState({ sample: 0, layer: null });
  });

  it('shows a digit’s label, the untrained prediction and loss, and steps through the samples', async () => {
    useDocument.getState().load(exampleById('digitsCnn')!.model());
    act(() => openConvView('conv1'));
    const user = userEvent.setup();
    render(<ConvView />);
    await waitFor(() => expect(view().dataset.label).toBe('0'), { timeout: 10_000 });
    expect(view().textContent).toContain('Initial weights from the seed (untrained)');
    expect(screen.getByTestId('conv-facts').textContent).toMatch(
      /^Label: 0 · Predicted: \d \(\d+\.\d %\) · Loss: [\d.]+$/,
    );
    expect(Number(view().dataset.loss)).toBeGreaterThan(0);
    // conv1's 8 feature maps, the 8 after its ReLU, and 8 kernels over 1 channel.
    expect(screen.getByTestId('conv-maps').querySelectorAll('canvas')).toHaveLength(8);
    expect(screen.getByTestId('conv-maps-after').querySelectorAll('canvas')).toHaveLength(8);
    expect(screen.getByTestId('conv-kernels').querySelectorAll('canvas')).toHaveLength(8);
    await user.click(screen.getByRole('button', { name: 'Next sample' }));
    await waitFor(() => expect(view().dataset.label).toBe('1'));
    expect(view().dataset.sample).toBe('1');
    // Before the first sample comes the last.
    await user.click(screen.getByRole('button', { name: 'Previous sample' }));
    await user.click(screen.getByRole('button', { name: 'Previous sample' }));
    expect(view().dataset.sample).toBe('1796');
    expect(screen.getByRole('spinbutton')).toHaveProperty('value', '1797');
  });

  it('asks for an image shape when the Input has none', () => {
    useDocument.getState().load(exampleById('article')!.model());
    act(() => openConvView(null));
    render(<ConvView />);
    expect(view().textContent).toContain('The Input has no image shape');
  });
});
