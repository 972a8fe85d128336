import { createContext, useContext, useEffect, useId, useRef, useState, type KeyboardEvent, type ReactNode } from 'react'

/** Choosing an item closes its menu (and returns focus to the menu button). */
const CloseMenu = createContext<() => void>(() => {})

/**
 * A small menu button (WAI-ARIA APG "menu button" pattern): Enter/Space/ArrowDown open it, arrows,
 * Home and End move between items, Escape closes it and returns focus to the button, Tab or a click
 * outside closes it. It replaces Radix's DropdownMenu in the top bar, whose positioning engine cost
 * about 20 KB gzipped on every page (see docs/decisions/011-web-bundle-budget.md).
 */
export function Menu({
  label,
  trigger,
  triggerClassName,
  children,
}: {
  label: string
  trigger: ReactNode
  triggerClassName: string
  children: ReactNode
}) {
  const [open, setOpen] = useState(false)
  const rootRef = useRef<HTMLDivElement>(null)
  const buttonRef = useRef<HTMLButtonElement>(null)
  const menuRef = useRef<HTMLDivElement>(null)
  const focusFirst = useRef<'first' | 'last'>('first')
  const menuId = useId()
  const buttonId = useId()

  const items = () => [...(menuRef.current?.querySelectorAll<HTMLElement>('[role^="menuitem"]') ?? [])]
  const close = (restoreFocus = true) => {
    setOpen(false)
    if (restoreFocus) buttonRef.current?.focus()
  }

  useEffect(() => {
    if (!open) return
    const list = items()
    ;(focusFirst.current === 'first' ? list[0] : list.at(-1))?.focus()
    const onPointerDown = (e: PointerEvent | MouseEvent) => {
      if (rootRef.current && !rootRef.current.contains(e.target as Node)) setOpen(false)
    }
    document.addEventListener('mousedown', onPointerDown)
    return () => document.removeEventListener('mousedown', onPointerDown)
  }, [open])

  const onButtonKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault()
      focusFirst.current = e.key === 'ArrowDown' ? 'first' : 'last'
      setOpen(true)
    }
  }

  const onMenuKeyDown = (e: KeyboardEvent) => {
    const list = items()
    const index = list.indexOf(document.activeElement as HTMLElement)
    const move = (i: number) => list[(i + list.length) % list.length]?.focus()
    switch (e.key) {
      case 'ArrowDown':
        e.preventDefault()
        move(index + 1)
        break
      case 'ArrowUp':
        e.preventDefault()
        move(index - 1)
        break
      case 'Home':
        e.preventDefault()
        move(0)
        break
      case 'End':
        e.preventDefault()
        move(-1)
        break
      case 'Escape':
        e.preventDefault()
        close()
        break
      case 'Tab':
        close(false)
        break
    }
  }

  return (
    <div className="menu-root" ref={rootRef}>
      <button
        ref={buttonRef}
        id={buttonId}
        type="button"
        className={triggerClassName}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        data-state={open ? 'open' : 'closed'}
        onClick={() => {
          focusFirst.current = 'first'
          setOpen((v) => !v)
        }}
        onKeyDown={onButtonKeyDown}
      >
        {/* The name is the label plus what the button shows, so speech users can say what they see (WCAG 2.5.3). */}
        <span className="visually-hidden">{label} </span>
        {trigger}
      </button>
      {open ? (
        <div
          ref={menuRef}
          id={menuId}
          role="menu"
          aria-labelledby={buttonId}
          className="menu menu-popover"
          onKeyDown={onMenuKeyDown}
        >
          <CloseMenu.Provider value={() => close()}>{children}</CloseMenu.Provider>
        </div>
      ) : null}
    </div>
  )
}

function activate(e: KeyboardEvent, run: () => void) {
  if (e.key === 'Enter' || e.key === ' ') {
    e.preventDefault()
    run()
  }
}

function useSelect(onSelect: () => void) {
  const close = useContext(CloseMenu)
  return () => {
    close()
    onSelect()
  }
}

export function MenuItem({ onSelect, className, children }: { onSelect: () => void; className?: string; children: ReactNode }) {
  const select = useSelect(onSelect)
  return (
    <div
      role="menuitem"
      tabIndex={-1}
      className={`menu-item${className ? ` ${className}` : ''}`}
      onClick={select}
      onKeyDown={(e) => activate(e, select)}
    >
      {children}
    </div>
  )
}

export function MenuRadioItem({ checked, onSelect, children }: { checked: boolean; onSelect: () => void; children: ReactNode }) {
  const select = useSelect(onSelect)
  return (
    <div
      role="menuitemradio"
      aria-checked={checked}
      tabIndex={-1}
      className="menu-item"
      onClick={select}
      onKeyDown={(e) => activate(e, select)}
    >
      {checked ? (
        <span className="menu-check" aria-hidden="true">
          ✓
        </span>
      ) : null}
      {children}
    </div>
  )
}

export function MenuGroup({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div role="group" aria-label={label}>
      {children}
    </div>
  )
}

export function MenuLabel({ children }: { children: ReactNode }) {
  return <div className="menu-label">{children}</div>
}

export function MenuSeparator() {
  return <div role="separator" className="menu-separator" />
}
