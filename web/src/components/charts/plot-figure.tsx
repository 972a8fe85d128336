import type * as PlotsModule from './plots'
import { useEffect, useId, useRef, useState, type ReactNode } from 'react'
import { useCommonText } from '@/lib/i18n/common-text'

type Plots = typeof PlotsModule
let loading: Promise<Plots> | null = null
/** The Plot chunk, fetched once on first use. */
const loadPlots = () => (loading ??= import('./plots'))

/**
 * One chart (usage analytics, commerce revenue): a figure named by its caption and described by the table that
 * carries the same figures (the accessible alternative). The drawing code loads in its own chunk;
 * the SVG is redrawn when the data or the figure's width changes.
 */
export function PlotFigure({
  caption,
  describedBy,
  draw,
  children,
}: {
  caption: string
  describedBy: string
  /** Builds the SVG; keep it stable (useCallback) or it redraws on every render. */
  draw: (plots: Plots, width: number) => Element
  children?: ReactNode
}) {
  const id = useId()
  const box = useRef<HTMLDivElement>(null)
  const [width, setWidth] = useState(640)
  const [failed, setFailed] = useState(false)
  const { t } = useCommonText()
  useEffect(() => {
    const el = box.current
    if (!el || typeof ResizeObserver === 'undefined') return
    const ro = new ResizeObserver(([entry]) => {
      const w = Math.floor(entry?.contentRect.width ?? 0)
      if (w > 0) setWidth(w)
    })
    ro.observe(el)
    return () => ro.disconnect()
  }, [])
  useEffect(() => {
    let live = true
    loadPlots().then(
      (plots) => {
        if (!live || !box.current) return
        const svg = draw(plots, width)
        svg.setAttribute('aria-hidden', 'true')
        box.current.replaceChildren(svg)
      },
      () => live && setFailed(true),
    )
    return () => {
      live = false
    }
  }, [draw, width])
  return (
    <figure className="usage-chart" aria-labelledby={id} aria-describedby={describedBy}>
      <figcaption id={id}>{caption}</figcaption>
      {children}
      {failed ? <p className="muted small">{t('states.chartFailed')}</p> : null}
      <div ref={box} className="usage-plot" />
    </figure>
  )
}
