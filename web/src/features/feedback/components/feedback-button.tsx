import { useState } from 'react'
import { useLocation } from 'react-router'
import { Button } from '@/components/ui/button'
import { Dialog } from '@/components/ui/dialog'
import { ErrorMessage } from '@/components/errors/error-message'
import { useCommonText } from '@/lib/i18n/common-text'
import { addEnglish } from '@/lib/i18n/common-translate'
import { topbarEn } from '@/lib/i18n/topbar-en'
import { useSendFeedback } from '../api/send-feedback'

addEnglish({ topbar: topbarEn })

/** The exocorp slug in view, if any (`/companies/:id` carries an id; the title is the best context we have). */
function contextOf(pathname: string) {
  return {
    page: pathname.slice(0, 500),
    userAgent: navigator.userAgent.slice(0, 500),
    viewport: `${window.innerWidth}x${window.innerHeight}`,
    ...(/^\/companies\/([^/]+)/.exec(pathname)?.[1]
      ? { companySlug: /^\/companies\/([^/]+)/.exec(pathname)![1]!.slice(0, 100) }
      : {}),
  }
}

/** "Send feedback" from anywhere in the console: a message, with page, exocorp and browser attached. */
export function FeedbackButton() {
  const [open, setOpen] = useState(false)
  const [message, setMessage] = useState('')
  const [sent, setSent] = useState(false)
  const send = useSendFeedback()
  const { pathname } = useLocation()
  const { t, fields } = useCommonText()
  const fieldError = fields(send.error).message?.[0]
  const close = () => {
    setOpen(false)
    setSent(false)
    setMessage('')
    send.reset()
  }
  return (
    <>
      <Button size="sm" variant="ghost" onClick={() => setOpen(true)}>
        {t('topbar.feedback')}
      </Button>
      <Dialog
        open={open}
        onOpenChange={(o) => (o ? setOpen(true) : close())}
        title={t('topbar.sendFeedback')}
        description={t('topbar.feedbackDescription')}
      >
        {sent ? (
          <div className="stack">
            <p role="status">{t('topbar.feedbackThanks')}</p>
            <Button onClick={close}>{t('topbar.close')}</Button>
          </div>
        ) : (
          <form
            className="stack"
            onSubmit={(e) => {
              e.preventDefault()
              send.mutate({ message, context: contextOf(pathname) }, { onSuccess: () => setSent(true) })
            }}
          >
            <div className="field">
              <label htmlFor="feedback-message">{t('topbar.message')}</label>
              <textarea
                id="feedback-message"
                rows={5}
                maxLength={4000}
                required
                value={message}
                aria-invalid={fieldError ? true : undefined}
                onChange={(e) => setMessage(e.target.value)}
              />
              {fieldError ? <p className="field-error">{fieldError}</p> : null}
            </div>
            <p className="muted">{t('topbar.attached', { page: pathname })}</p>
            {send.error && !fieldError ? <ErrorMessage error={send.error} /> : null}
            <div className="row">
              <Button type="submit" busy={send.isPending}>
                {t('topbar.sendFeedback')}
              </Button>
              <Button type="button" variant="ghost" onClick={close}>
                {t('topbar.cancel')}
              </Button>
            </div>
          </form>
        )}
      </Dialog>
    </>
  )
}
