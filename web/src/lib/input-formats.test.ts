import { describe, expect, it } from 'vitest'
import { formatDecimalInput, formatInputDate, parseDecimalInput } from './input-formats'
import { useLocaleStore } from './locale'

describe('input formats in the chosen language', () => {
  it('keeps the machine form until a language is chosen, and in English', () => {
    expect(formatDecimalInput(12.5, 2)).toBe('12.50')
    expect(parseDecimalInput(' 12.50 ')).toBe('12.50')
    useLocaleStore.setState({ locale: 'en' })
    expect(formatDecimalInput(1234.5, 2)).toBe('1234.50')
    expect(parseDecimalInput('1,234.50')).toBe('1,234.50') // left for the form's check, as before
  })

  it('reads and writes German decimals, and leaves what it cannot read for the form to refuse', () => {
    useLocaleStore.setState({ locale: 'de' })
    expect(formatDecimalInput(12.5, 2)).toBe('12,50')
    expect(parseDecimalInput('12,50')).toBe('12.50')
    expect(parseDecimalInput('1.234,50')).toBe('1234.50')
    expect(parseDecimalInput('12.500')).toBe('12500')
    // A pasted machine number is not taken for thousands.
    expect(parseDecimalInput('12.5')).toBe('12.5')
    expect(Number.isNaN(Number(parseDecimalInput('viel')))).toBe(true)
    expect(formatInputDate('2099-01-31', 'date')).toBe('31. Januar 2099')
    expect(formatInputDate('', 'date')).toBeNull()
    expect(formatInputDate('2099-13-45T10:00', 'datetime-local')).toBeNull()
  })
})
