import { useState } from 'react'
import { Button } from '@/components/ui/button'
import { CopyButton } from '@/components/ui/copy-button'

/** Shown after signup or a new kit; this session can see the codes again until the user confirms saving them. */
export function RecoveryKit({ codes, onDone }: { codes: string[]; onDone: () => void }) {
  const [saved, setSaved] = useState(false)
  const text = `Exocorp Platform recovery codes\nEach code signs you in once.\n\n${codes.join('\n')}\n`

  return (
    <section className="stack" aria-labelledby="kit-title">
      <h2 id="kit-title">Save your recovery kit</h2>
      <p>
        If you lose your password, each of these codes signs you in once. Once you confirm you have saved them they are never
        shown again; we keep only a fingerprint of each.
      </p>
      <ol className="recovery-codes" aria-label="Recovery codes">
        {codes.map((code) => (
          <li key={code}>
            <code>{code}</code>
          </li>
        ))}
      </ol>
      <div className="row">
        <CopyButton text={text} label="Copy codes" />
        <a
          className="btn btn-secondary"
          href={`data:text/plain;charset=utf-8,${encodeURIComponent(text)}`}
          download="exocorp-recovery-codes.txt"
        >
          Download .txt
        </a>
      </div>
      <label className="checkbox">
        <input type="checkbox" checked={saved} onChange={(e) => setSaved(e.target.checked)} />I have saved these codes somewhere
        safe
      </label>
      <Button variant="primary" disabled={!saved} onClick={onDone}>
        Continue to the console
      </Button>
    </section>
  )
}
