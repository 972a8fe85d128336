import { useTranslation } from 'react-i18next'
import { formatInputDate } from '@/lib/input-formats'

/**
 * A hint for a native date field on an admin screen (decision 064): the field shows its value in the
 * browser's own format and sends it as ISO; in a language other than English, the hint says what it
 * means in that language ("Das ist der 31. Januar 2099 um 10:00"). Null in English, or while empty.
 */
export function useDateEcho(): (value: string, kind: 'date' | 'datetime-local') => string | null {
  const { t, i18n } = useTranslation()
  return (value, kind) => {
    if (i18n.language === 'en') return null
    const when = formatInputDate(value, kind)
    return when ? t('formats.dateEcho', { when }) : null
  }
}

/** `useDateEcho`'s hint as a paragraph under a date field (`id` for the field's `aria-describedby`). */
export function DateEcho({ id, value, kind }: { id: string; value: string; kind: 'date' | 'datetime-local' }) {
  const hint = useDateEcho()(value, kind)
  return hint ? (
    <p id={id} className="field-hint">
      {hint}
    </p>
  ) : null
}
