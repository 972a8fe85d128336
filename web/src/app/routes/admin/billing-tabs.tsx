import { NavLink } from 'react-router'
import { useTranslation } from 'react-i18next'
import { paths } from '../../paths'

/** Admin billing sections: accounts, collections queue, provider event log. */
export function BillingTabs() {
  const { t } = useTranslation()
  const tab = ({ isActive }: { isActive: boolean }) => `tab${isActive ? ' active' : ''}`
  return (
    <nav className="tabs" aria-label={t('billing.sections')}>
      <NavLink to={paths.adminBilling()} end className={tab}>
        {t('billing.accounts')}
      </NavLink>
      <NavLink to={paths.adminCollections()} className={tab}>
        {t('billing.collections')}
      </NavLink>
      <NavLink to={paths.adminProviderEvents()} className={tab}>
        {t('billing.providerEvents')}
      </NavLink>
    </nav>
  )
}
