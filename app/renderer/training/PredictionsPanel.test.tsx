// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, render, screen, within } from '@testing-library/react';
import { loadDataset } from '#src/model/data';
import { generateBuiltin } from '#src/model/datasets';
import { exampleById } from '#src/model/examples';
import type { Host } from '../../shared/host';
import { connectData } from '../common/document-data';
import { useDocument } from '../store/document';
import { PredictionsPanel } from './PredictionsPanel';

const CSV = 'a,b,label\n0,0,0\n0,1,1\n1,0,1\n1,1,0\n';

function csvDocument() {
  const model = exampleById('xor')!.model();
  model.data = { csv: 'data/xor.csv', features: ['a', 'b'], targets: ['label'] };
  useDocument.getState().load(model, { path: '/work/models/xor.bpmodel' });
}

let disconnect: (() => void) | null = null;
afterEach(() => {
  cleanup();
  disconnect?.();
  disconnect = null;
});

describe('the predictions panel', () => {
  it('predicts on the rows of a CSV data file the host reads', async () => {
    const readDataText = vi.fn(async () => ({ ok: true as const, text: CSV }));
    disconnect = connectData({ readDataText } as unknown as Host);
    csvDocument();
    render(<PredictionsPanel />);
    const table = await screen.findByRole('table', { name: 'Predictions' });
    expect(readDataText).toHaveBeenCalledWith('/work/models/xor.bpmodel', 'data/xor.csv');
    expect(within(table).getAllByRole('row')).toHaveLength(1 + 4);
    expect(within(table).getByRole('columnheader', { name: 'a' })).toBeTruthy();
    expect(within(table).getByRole('columnheader', { name: 'true label' })).toBeTruthy();
  });

  it('says which data file it could not read, and why', async () => {
    const readDataText = vi.fn(async () => ({
      ok: false as const,
      message: '/work/models/data/xor.csv: The file or folder does not exist.',
    }));
    disconnect = connectData({ readDataText } as unknown as Host);
    csvDocument();
    render(<PredictionsPanel />);
    expect(
      await screen.findByText(
        'Could not read the data file “data/xor.csv”: /work/models/data/xor.csv: The file or folder does not exist.',
      ),
    ).toBeTruthy();
    expect(screen.queryByRole('table')).toBeNull();
  });

  it('shows iris features in centimetres, as the data has them, not standardised', async () => {
    disconnect = connectData({} as Host);
    const model = exampleById('iris')!.model();
    useDocument.getState().load(model);
    render(<PredictionsPanel />);
    const table = await screen.findByRole('table', { name: 'Predictions' });
    const loaded = await loadDataset(model.data);
    const held = new Set(loaded.validationRows);
    const first = [...Array(150).keys()].find((i) => !held.has(i))!;
    const raw = generateBuiltin('iris', {}).x.subarray(first * 4, first * 4 + 4);
    const cells = within(within(table).getAllByRole('row')[1]).getAllByRole('cell');
    // The four feature cells, then predicted and true class.
    expect(cells.slice(0, 4).map((c) => c.textContent)).toEqual(Array.from(raw, String));
    for (const row of within(table).getAllByRole('row').slice(1)) {
      for (const cell of within(row).getAllByRole('cell').slice(0, 4)) {
        expect(Number(cell.textContent)).toBeGreaterThan(0);
      }
    }
  });
});
