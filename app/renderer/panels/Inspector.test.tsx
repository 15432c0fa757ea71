// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { testDocument } from '#src/model/testing/documents';
import type { ModelFile } from '#src/model/types';
import { useDocument } from '../store/document';
import { Inspector } from './Inspector';

function model(): ModelFile {
  return testDocument({
    nodes: [
      { id: 'input', kind: 'input', params: { features: 2 }, position: { x: 0, y: 0 } },
      { id: 'dense1', kind: 'dense', params: { units: 4 }, position: { x: 200, y: 0 } },
      { id: 'act1', kind: 'activation', params: { fn: 'tanh' }, position: { x: 400, y: 0 } },
    ],
    edges: [{ id: 'e1', source: 'input', target: 'dense1' }],
  });
}

const units = () => useDocument.getState().nodes.find((n) => n.id === 'dense1')!.data.params.units;

/** Renders the inspector and types `text` into its emptied Units field; returns the typist. */
async function typeUnits(text: string) {
  const user = userEvent.setup();
  render(<Inspector />);
  const field = screen.getByLabelText('Units');
  await user.clear(field);
  await user.type(field, text);
  return user;
}

describe('the inspector', () => {
  beforeEach(() => {
    useDocument.getState().load(model());
    useDocument.getState().select({ nodes: ['dense1'] });
  });
  afterEach(cleanup);

  it('refuses a bad units value with a message and does not apply it', async () => {
    const user = userEvent.setup();
    render(<Inspector />);
    const field = screen.getByLabelText('Units');
    expect(field).toHaveProperty('value', '4');

    for (const bad of ['0', '2.5', 'abc', '1000000']) {
      await user.clear(field);
      await user.type(field, `${bad}{Enter}`);
      expect(screen.getByRole('alert').textContent).toMatch(/Units must be/);
      expect(field.getAttribute('aria-invalid')).toBe('true');
      expect(units()).toBe(4);
    }
    expect(useDocument.getState().past).toHaveLength(0);

    // Escape gives the stored value back.
    await user.type(field, '{Escape}');
    expect(field).toHaveProperty('value', '4');
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('applies a good value as one undoable change', async () => {
    await typeUnits('7{Enter}');
    expect(units()).toBe(7);
    expect(screen.queryByRole('alert')).toBeNull();
    expect(screen.getByLabelText('Units')).toHaveProperty('value', '7');
    expect(useDocument.getState().past).toHaveLength(1);

    useDocument.getState().undo();
    expect(units()).toBe(4);
    expect(await screen.findByDisplayValue('4')).toBeTruthy();
  });

  it('applies on leaving the field, too', async () => {
    const user = await typeUnits('9');
    await user.tab();
    expect(units()).toBe(9);
  });

  it('edits enums with a labelled select', async () => {
    const user = userEvent.setup();
    useDocument.getState().select({ nodes: ['act1'] });
    render(<Inspector />);
    await user.selectOptions(screen.getByLabelText('Function'), 'relu');
    expect(useDocument.getState().nodes.find((n) => n.id === 'act1')!.data.params.fn).toBe('relu');
    // Leak (α) only shows for leaky ReLU.
    expect(screen.queryByLabelText('Leak (α)')).toBeNull();
    await user.selectOptions(screen.getByLabelText('Function'), 'leaky_relu');
    const alpha = screen.getByLabelText('Leak (α)');
    await user.type(alpha, '2{Enter}');
    expect(screen.getByRole('alert').textContent).toMatch(/Leak/);
  });

  it('offers features = height · width · channels for an image input, and shows the image shape', async () => {
    const user = userEvent.setup();
    useDocument.getState().select({ nodes: ['input'] });
    render(<Inspector />);
    expect(screen.getByText(/features must be h · w · c/)).toBeTruthy();
    // No image shape yet: nothing to offer.
    expect(screen.queryByRole('button', { name: /Set features/ })).toBeNull();
    await user.type(screen.getByLabelText('Height'), '8{Enter}');
    await user.type(screen.getByLabelText('Width'), '8{Enter}');
    await user.type(screen.getByLabelText('Channels'), '3{Enter}');
    const fill = screen.getByRole('button', { name: 'Set features to 8 · 8 · 3 = 192' });
    await user.click(fill);
    const params = () => useDocument.getState().nodes.find((n) => n.id === 'input')!.data.params;
    expect(params()).toMatchObject({ features: 192, height: 8, width: 8, channels: 3 });
    expect(screen.queryByRole('button', { name: /Set features/ })).toBeNull();
    expect(screen.getByTestId('output-shape').textContent).toBe('m × 8 × 8 × 3');
  });
});
