import { describe, expect, it } from 'vitest';
import { heatmapOption, positionGrid } from './positions.js';

const POSITIONS = [
  { fundProvince: '320000', spendProvince: '410000', amountFen: 10000, uses: 1 },
  { fundProvince: '410000', spendProvince: '320000', amountFen: 2550, uses: 2 },
  { fundProvince: '320000', spendProvince: '510000', amountFen: 7, uses: 1 },
];

describe('the positions heat map', () => {
  it('puts every province paying or spent in on both axes, fund down and spend across', () => {
    const { codes, cells } = positionGrid(POSITIONS);
    expect(codes).toEqual(['320000', '410000', '510000']);
    expect(cells[0]).toMatchObject({ x: 1, y: 0, amountFen: 10000 });
    expect(cells[1]).toMatchObject({ x: 0, y: 1, amountFen: 2550 });
    expect(cells[2]).toMatchObject({ x: 2, y: 0, amountFen: 7 });
  });
  it('draws one cell per position in yuan, named provinces on the axes', () => {
    const option = heatmapOption(POSITIONS, (code) => `p${code}`, { fund: 'fund', spend: 'spend' });
    expect(option.series[0].data).toEqual([[1, 0, 100], [0, 1, 25.5], [2, 0, 0.07]]);
    expect(option.xAxis.data).toEqual(['p320000', 'p410000', 'p510000']);
    expect(option.visualMap.max).toBe(100);
  });
  it('draws an empty grid for a month without cross-province money', () => {
    expect(heatmapOption([], String, {}).series[0].data).toEqual([]);
  });
});
