import { get, put } from './api-paths'

/**
 * The account endpoints of decision 043 (broadcast banners, newsletter opt-in), apart from API so
 * they load with the lazy chunks that call them, not with the owner's first route.
 */
export const ACCOUNT_OPS_API = {
  broadcasts: get('/api/account/broadcasts'),
  newsletter: get('/api/account/newsletter'),
  setNewsletter: put('/api/account/newsletter'),
}
