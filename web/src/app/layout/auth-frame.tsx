import { useEffect, type ReactNode } from 'react'

export function AuthFrame({ title, children }: { title: string; children: ReactNode }) {
  useEffect(() => {
    document.title = `${title} · Exocorp`
  }, [title])
  return (
    <main className="auth-frame">
      <div className="auth-card">
        <div className="brand">
          <img src="/favicon.svg" alt="" width={28} height={28} />
          <span>Exocorp Platform</span>
        </div>
        <h1>{title}</h1>
        {children}
      </div>
    </main>
  )
}
