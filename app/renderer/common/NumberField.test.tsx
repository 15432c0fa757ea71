// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { NumberField, type NumberFieldProps } from './NumberField';

afterEach(cleanup);

function field(props: Partial<NumberFieldProps> = {}) {
  const onCommit = vi.fn();
  const view = render(
    <NumberField
      label="Size"
      value={4}
      limits={{ integer: true, min: 1, max: 10 }}
      onCommit={onCommit}
      {...props}
    />,
  );
  return { onCommit, input: screen.getByLabelText('Size') as HTMLInputElement, view };
}

describe('the number field', () => {
  it('refuses what is outside its limits with a message naming the field and the limit', async () => {
    const user = userEvent.setup();
    const { onCommit, input } = field();
    for (const [typed, message] of [
      ['11', 'Size must be at most 10'],
      ['0', 'Size must be at least 1'],
      ['2.5', 'Size must be a whole number'],
      ['abc', 'Size must be a number, got “abc”'],
      ['', 'Size is required'],
    ]) {
      await user.clear(input);
      await user.type(input, `${typed}{Enter}`);
      expect(screen.getByRole('alert').textContent).toBe(message);
      expect(input.getAttribute('aria-invalid')).toBe('true');
      expect(input.getAttribute('aria-describedby')).toBe(screen.getByRole('alert').id);
    }
    expect(onCommit).not.toHaveBeenCalled();
    await user.type(input, '{Escape}');
    expect(input.value).toBe('4');
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('commits on Enter and on leaving, not while typing; an optional field commits empty as undefined', async () => {
    const user = userEvent.setup();
    const { onCommit, input } = field({ optional: true, limits: { min: 0, exclusiveMin: true } });
    await user.clear(input);
    await user.type(input, '0.5');
    expect(onCommit).not.toHaveBeenCalled();
    await user.tab();
    expect(onCommit).toHaveBeenLastCalledWith(0.5);
    await user.clear(input);
    await user.type(input, '{Enter}');
    expect(onCommit).toHaveBeenLastCalledWith(undefined);
    expect(input.inputMode).toBe('decimal');
  });

  it("asks the caller's check before its limits", async () => {
    const user = userEvent.setup();
    const { onCommit, input } = field({ check: (n) => (n % 2 ? 'Size must be even' : null) });
    await user.clear(input);
    await user.type(input, '3{Enter}');
    expect(screen.getByRole('alert').textContent).toBe('Size must be even');
    await user.clear(input);
    await user.type(input, '6{Enter}');
    expect(onCommit).toHaveBeenCalledWith(6);
  });

  it('steps with the arrow keys, never past a limit', async () => {
    const user = userEvent.setup();
    const { onCommit, input } = field({ value: 0.85, limits: { min: 0, max: 0.9 }, step: 0.05 });
    await user.type(input, '{ArrowUp}');
    expect(input.value).toBe('0.9');
    expect(onCommit).toHaveBeenLastCalledWith(0.9);
    await user.type(input, '{ArrowUp}');
    expect(input.value).toBe('0.9');
    expect(onCommit).toHaveBeenCalledTimes(1);
    await user.type(input, '{ArrowDown}{ArrowDown}');
    expect(onCommit).toHaveBeenLastCalledWith(0.8);
  });

  it('shows a stored value that changes under it (undo) and drops its message', async () => {
    const user = userEvent.setup();
    const { input, view } = field();
    await user.clear(input);
    await user.type(input, '99{Enter}');
    expect(screen.getByRole('alert')).toBeTruthy();
    view.rerender(<NumberField label="Size" value={7} onCommit={() => {}} />);
    expect(input.value).toBe('7');
    expect(screen.queryByRole('alert')).toBeNull();
    expect(input.inputMode).toBe('decimal');
  });
});
