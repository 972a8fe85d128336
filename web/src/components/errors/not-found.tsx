import type { ReactNode } from 'react'
import { Link } from 'react-router'
import { usePageTitle } from '@/lib/page-title'

/** A real not-found screen: says what is missing, titles the page, and offers the way back. */
export function NotFound({
  title = 'Page not found',
  children,
  backTo = '/dashboard',
  backLabel = 'Back to your dashboard',
}: {
  title?: string
  children?: ReactNode
  backTo?: string
  backLabel?: string
}) {
  usePageTitle(title)
  return (
    <section className="card stack not-found" aria-labelledby="not-found-heading">
      <p className="not-found-code" aria-hidden="true">
        404
      </p>
      <h2 id="not-found-heading">{title}</h2>
      {children ?? <p>There is nothing at this address. It may have moved, or the link may be mistyped.</p>}
      <p>
        <Link className="btn btn-primary" to={backTo}>
          {backLabel}
        </Link>
      </p>
    </section>
  )
}
