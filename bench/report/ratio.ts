/** A ratio as the tables print it: two decimals, or two significant digits below 0.01, so 1/300 is not "0.00×". */
export function formatRatio(ratio: number): string {
  return `${ratio !== 0 && Math.abs(ratio) < 0.01 ? ratio.toPrecision(2) : ratio.toFixed(2)}×`;
}
