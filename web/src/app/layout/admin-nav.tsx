import { useTranslation } from 'react-i18next'
import { NavLink } from 'react-router'
import '@/lib/i18n/admin-i18n'
import { paths } from '../paths'

/**
 * The admin context's sidebar, labelled through the navigation message keys (`nav.*`, decision 050).
 * It loads with the admin chunks, so the i18n library and the admin catalogs stay out of the owner's
 * first route; the sidebar shows it only to admins.
 */
const ITEMS = [
  { to: paths.admin(), key: 'nav.overview', end: true },
  { to: paths.adminCompanies(), key: 'nav.companies' },
  { to: paths.adminUsers(), key: 'nav.users' },
  { to: paths.adminAudit(), key: 'nav.audit' },
  { to: paths.adminFeedback(), key: 'nav.feedback' },
  { to: paths.adminRuntime(), key: 'nav.runtime' },
  { to: paths.adminSitePages(), key: 'nav.site' },
  { to: paths.adminDeployments(), key: 'nav.deployments' },
  { to: paths.adminBilling(), key: 'nav.billing' },
  { to: paths.adminWallets(), key: 'nav.agentWallets' },
  { to: paths.adminUsage(), key: 'nav.usage' },
  { to: paths.adminModels(), key: 'nav.models' },
  { to: paths.adminCommerce(), key: 'nav.commerce' },
  { to: paths.adminConnectorEvents(), key: 'nav.connectorEvents' },
  { to: paths.adminPricing(), key: 'nav.pricing' },
] as const

export function AdminNav({ onNavigate }: { onNavigate: () => void }) {
  const { t } = useTranslation()
  return (
    <div className="nav-group">
      <p className="nav-group-label">{t('nav.platform')}</p>
      <ul>
        {ITEMS.map((item) => (
          <li key={item.to}>
            <NavLink to={item.to} end={'end' in item} onClick={onNavigate} className="nav-link">
              {t(item.key)}
            </NavLink>
          </li>
        ))}
      </ul>
    </div>
  )
}
