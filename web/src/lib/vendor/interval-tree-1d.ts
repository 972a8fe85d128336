// Stands in for `interval-tree-1d` (CommonJS) inside Observable Plot, which needs it only for the
// `dodge` transform — never used here (decision 040). A CommonJS module in the chart chunk makes the
// bundler move its interop runtime (and React) out of the entry into shared chunks, which costs the
// owner's first route ~0.4 KB gzip. If a chart ever uses dodge, this throws at once instead of drawing wrong.
export default function IntervalTree(): never {
  throw new Error('interval-tree-1d is not bundled: the dodge transform of Observable Plot is unavailable')
}
