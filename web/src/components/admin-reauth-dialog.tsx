import type { ComponentProps } from 'react'
import { useTranslation } from 'react-i18next'
import { ReauthDialog } from './reauth-dialog'

/**
 * The step-up dialog in the admin console's language (decision 050). Only admin chunks import it, so
 * the owner's first route keeps the plain English `ReauthDialog` without the i18n library.
 */
export function AdminReauthDialog(props: Omit<ComponentProps<typeof ReauthDialog>, 'text'>) {
  const { t } = useTranslation()
  return (
    <ReauthDialog
      {...props}
      text={{
        title: t('stepUp.title'),
        description: t('stepUp.description', { action: props.actionLabel }),
        password: t('stepUp.password'),
        cancel: t('stepUp.cancel'),
        confirm: t('stepUp.confirm'),
      }}
    />
  )
}
