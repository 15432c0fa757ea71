import { beforeEach, describe, expect, it } from 'vitest';
import { colourOf, isExpanded, setColourBy, toggleExpanded, useTeaching } from './teaching';

describe('the teaching views’ choices', () => {
  beforeEach(() => useTeaching.setState({ expanded: {}, colourBy: {} }));

  it('keys them by node ids, "toString" and "__proto__" included', () => {
    const s = () => useTeaching.getState();
    expect(isExpanded(s(), 'toString')).toBe(false);
    expect(colourOf(s(), 'constructor')).toBe('weight');
    toggleExpanded('toString');
    toggleExpanded('__proto__');
    expect(s().expanded['toString']).toBe(true);
    expect(Object.keys(s().expanded)).toEqual(['toString', '__proto__']);
    expect(isExpanded(s(), '__proto__')).toBe(true);
    toggleExpanded('toString');
    expect(isExpanded(s(), 'toString')).toBe(false);
    setColourBy('__proto__', 'gradient');
    expect(colourOf(s(), '__proto__')).toBe('gradient');
  });
});
