import { formatMoney } from '@/lib/format'

export function Amount({ micros, currency }: { micros: number; currency?: string }) {
  return <span className={micros < 0 ? 'amount-debit' : 'amount-credit'}>{formatMoney(micros, currency)}</span>
}
