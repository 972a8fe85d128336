import { useCommonText } from '@/lib/i18n/common-text'

/**
 * Placeholder shapes while data loads, so the layout does not jump when it arrives. The label is
 * what a screen reader hears ("Loading exocorps…"); the shapes are hidden from it.
 */
export function Skeleton({ label, variant = 'page' }: { label?: string; variant?: 'page' | 'block' | 'table' }) {
  const { t } = useCommonText()
  return (
    <div className={`skeleton skeleton-${variant}`} role="status">
      <span className="visually-hidden">{label ?? t('states.loading')}…</span>
      {variant === 'page' ? (
        <div aria-hidden="true" className="stack">
          <div className="skeleton-row">
            <span className="skeleton-bar skeleton-tile" />
            <span className="skeleton-bar skeleton-tile" />
            <span className="skeleton-bar skeleton-tile" />
          </div>
          <span className="skeleton-bar skeleton-card" />
          <span className="skeleton-bar skeleton-card" />
        </div>
      ) : variant === 'table' ? (
        <div aria-hidden="true" className="stack skeleton-lines">
          {Array.from({ length: 6 }, (_, i) => (
            <span key={i} className="skeleton-bar skeleton-line" />
          ))}
        </div>
      ) : (
        <div aria-hidden="true" className="stack skeleton-lines">
          <span className="skeleton-bar skeleton-line" />
          <span className="skeleton-bar skeleton-line skeleton-short" />
          <span className="skeleton-bar skeleton-line" />
        </div>
      )}
    </div>
  )
}
