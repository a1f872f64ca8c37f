/** A measured figure (seconds, milliseconds, a ratio — never money) to two decimals for the report. */
export const round2 = (x: number): number => Math.round(x * 100) / 100;
