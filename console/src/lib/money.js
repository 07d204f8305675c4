// Money is integer fen end to end: yuan typed by a person are parsed as text, never through a float.

/** "300", "300.5", "300.50" → 30000, 30050, 30050; anything else (negative, 3 decimals, letters) → null. */
export function parseYuan(text) {
  const match = /^\s*(\d{1,12})(?:\.(\d{1,2}))?\s*$/.exec(String(text ?? ''));
  if (!match) return null;
  const fraction = (match[2] ?? '').padEnd(2, '0');
  return Number(match[1]) * 100 + Number(fraction);
}

/** 30050 → "300.50" (with thousands separators), -5 → "-0.05". */
export function formatFen(fen) {
  if (fen === null || fen === undefined || fen === '') return '—';
  const value = Number(fen);
  const sign = value < 0 ? '-' : '';
  const abs = Math.abs(value);
  const yuan = Math.trunc(abs / 100).toLocaleString('en-US');
  return `${sign}${yuan}.${String(abs % 100).padStart(2, '0')}`;
}
