import { NavLink } from 'react-router'
import { paths } from '../../paths'

/** Admin billing sections: accounts, collections queue, provider event log. */
export function BillingTabs() {
  const tab = ({ isActive }: { isActive: boolean }) => `tab${isActive ? ' active' : ''}`
  return (
    <nav className="tabs" aria-label="Billing sections">
      <NavLink to={paths.adminBilling()} end className={tab}>
        Accounts
      </NavLink>
      <NavLink to={paths.adminCollections()} className={tab}>
        Collections
      </NavLink>
      <NavLink to={paths.adminProviderEvents()} className={tab}>
        Provider events
      </NavLink>
    </nav>
  )
}
