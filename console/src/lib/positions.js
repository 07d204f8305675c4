// The national positions as a province × province grid: fund province (who pays) down, spend province (where the
// money was spent) across. Amounts stay integer fen here; the chart shows yuan.

/** `positions` as the settlement answers them → the provinces on both axes (sorted) and one cell per position. */
export function positionGrid(positions = []) {
  const codes = [...new Set(positions.flatMap((p) => [p.fundProvince, p.spendProvince]))].sort();
  const cells = positions.map((p) => ({
    x: codes.indexOf(p.spendProvince), y: codes.indexOf(p.fundProvince),
    fundProvince: p.fundProvince, spendProvince: p.spendProvince, amountFen: p.amountFen, uses: p.uses,
  }));
  return { codes, cells };
}

/** The ECharts option of the heat map; `name` turns a province code into words. */
export function heatmapOption(positions, name, labels) {
  const { codes, cells } = positionGrid(positions);
  const max = Math.max(1, ...cells.map((c) => c.amountFen / 100));
  return {
    tooltip: { position: 'top' },
    grid: { left: 90, right: 20, top: 10, bottom: 90 },
    xAxis: { type: 'category', data: codes.map(name), name: labels.spend, axisLabel: { rotate: 45 } },
    yAxis: { type: 'category', data: codes.map(name), name: labels.fund },
    visualMap: { min: 0, max, calculable: true, orient: 'horizontal', left: 'center', bottom: 0 },
    series: [{ type: 'heatmap', label: { show: true }, data: cells.map((c) => [c.x, c.y, c.amountFen / 100]) }],
  };
}
