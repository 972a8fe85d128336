import type { ReactNode } from 'react'
import { Link } from 'react-router'
import { useCommonText } from '@/lib/i18n/common-text'
import { usePageTitle } from '@/lib/page-title'

/** A real not-found screen: says what is missing, titles the page, and offers the way back. */
export function NotFound({
  title: givenTitle,
  children,
  backTo = '/dashboard',
  backLabel,
}: {
  title?: string
  children?: ReactNode
  backTo?: string
  backLabel?: string
}) {
  const { t } = useCommonText()
  const title = givenTitle ?? t('states.notFoundTitle')
  usePageTitle(title)
  return (
    <section className="card stack not-found" aria-labelledby="not-found-heading">
      <p className="not-found-code" aria-hidden="true">
        404
      </p>
      <h2 id="not-found-heading">{title}</h2>
      {children ?? <p>{t('states.notFound')}</p>}
      <p>
        <Link className="btn btn-primary" to={backTo}>
          {backLabel ?? t('states.backToDashboard')}
        </Link>
      </p>
    </section>
  )
}
