import { describe, expect, it } from 'vitest';
import { formatFen, parseYuan } from './money.js';

describe('money as integer fen', () => {
  it('parses yuan typed by a person without floating point', () => {
    expect(parseYuan('300')).toBe(30000);
    expect(parseYuan('300.5')).toBe(30050);
    expect(parseYuan(' 0.07 ')).toBe(7);
    expect(parseYuan('19.99')).toBe(1999);
  });
  it('refuses what is not an amount', () => {
    for (const bad of ['', '-1', '1.234', 'abc', '1e3', '1,000']) expect(parseYuan(bad)).toBeNull();
  });
  it('formats fen as yuan', () => {
    expect(formatFen(30050)).toBe('300.50');
    expect(formatFen(123456789)).toBe('1,234,567.89');
    expect(formatFen(-5)).toBe('-0.05');
    expect(formatFen(null)).toBe('—');
  });
});
