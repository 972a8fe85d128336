import { useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import type { ApplyPlan, DraftDiff } from '@exocorp/shared/configuration'
import { Button } from '@/components/ui/button'
import { ConfirmByTypingDialog } from '@/components/ui/confirm-dialog'
import { Dialog } from '@/components/ui/dialog'
import { Skeleton } from '@/components/ui/skeleton'
import { ErrorMessage } from '@/components/errors/error-message'
import { agentQueries } from '../api/queries'

function DiffList({ diff }: { diff: DraftDiff }) {
  return (
    <ul className="stack diff-list" aria-label="Changes against what runs">
      {diff.agents.map((a) => (
        <li key={a.id}>
          {a.change === 'added' ? (
            <>
              <strong>+ {a.name}</strong> added ({a.fields.find((f) => f.field === 'model')?.to})
            </>
          ) : a.change === 'removed' ? (
            <>
              <strong>− {a.name}</strong> removed
            </>
          ) : (
            <>
              <strong>~ {a.name}</strong>: {a.fields.map((f) => `${f.field} ${f.from} → ${f.to}`).join(', ')}
            </>
          )}
        </li>
      ))}
      {diff.settings.map((s) => (
        <li key={s.key}>
          Setting <span className="mono">{s.key}</span> {s.change}
        </li>
      ))}
      {diff.providers.added.length ? <li>Providers added: {diff.providers.added.join(', ')}</li> : null}
      {diff.release.changed ? (
        <li>
          Release {diff.release.from ?? 'none'} → {diff.release.to ?? 'none'}
        </li>
      ) : null}
    </ul>
  )
}

/** A line diff of the two manifests (`-` running only, `+` draft only). */
function ManifestDiff({ running, draft }: { running: string | null; draft: string | null }) {
  const a = (running ?? '').split('\n')
  const b = (draft ?? '').split('\n')
  const inA = new Set(a)
  const inB = new Set(b)
  const lines = [...a.filter((l) => !inB.has(l)).map((l) => `- ${l}`), ...b.filter((l) => !inA.has(l)).map((l) => `+ ${l}`)]
  return (
    <details>
      <summary>Manifest diff</summary>
      <pre className="manifest" aria-label="Manifest diff">
        {lines.length ? lines.join('\n') : 'No manifest lines differ.'}
      </pre>
    </details>
  )
}

export interface DraftChangesProps {
  companyId: string
  slug: string
  canApply: boolean
  applying: boolean
  onApply: (plan: ApplyPlan, confirm?: string) => void
}

/** What the saved draft changes against what runs, and the one action that applies it. */
export function DraftChanges({ companyId, slug, canApply, applying, onApply }: DraftChangesProps) {
  const diff = useQuery(agentQueries.diff(companyId))
  const [confirming, setConfirming] = useState(false)
  if (diff.isPending) return <Skeleton label="Loading changes" variant="block" />
  if (diff.isError) return <ErrorMessage error={diff.error} />
  const d = diff.data
  const plan = d.apply
  return (
    <section className="card stack" aria-labelledby={`changes-${companyId}`}>
      <h2 id={`changes-${companyId}`}>Draft changes</h2>
      {!d.changed ? (
        <p className="muted">The running exocorp matches the saved draft (version {d.draftVersion}).</p>
      ) : (
        <>
          <p>
            {d.hasRunning
              ? `Draft version ${d.draftVersion} differs from what runs (version ${d.deployedDraftVersion}).`
              : `Nothing runs yet; draft version ${d.draftVersion} will be provisioned.`}
          </p>
          <DiffList diff={d} />
          {d.manifest ? <ManifestDiff running={d.manifest.running} draft={d.manifest.draft} /> : null}
        </>
      )}
      {plan && canApply ? (
        <div className="row">
          <Button variant="primary" disabled={!plan.allowed} busy={applying} onClick={() => setConfirming(true)}>
            Apply ({plan.action})
          </Button>
          {!plan.allowed && plan.reason ? <span className="muted">{plan.reason}</span> : null}
        </div>
      ) : null}
      {plan && plan.destructive ? (
        <ConfirmByTypingDialog
          open={confirming}
          onOpenChange={setConfirming}
          title={`Apply the draft: ${plan.action}`}
          description={plan.summary}
          expected={slug}
          confirmLabel={`Apply (${plan.action})`}
          busy={applying}
          onConfirm={(typed) => {
            onApply(plan, typed)
            setConfirming(false)
          }}
        >
          <DiffList diff={d} />
        </ConfirmByTypingDialog>
      ) : plan ? (
        <Dialog
          open={confirming}
          onOpenChange={setConfirming}
          title={`Apply the draft: ${plan.action}`}
          description={plan.summary}
        >
          <DiffList diff={d} />
          <div className="row">
            <Button
              variant="primary"
              busy={applying}
              onClick={() => {
                onApply(plan)
                setConfirming(false)
              }}
            >
              Apply ({plan.action})
            </Button>
            <Button onClick={() => setConfirming(false)}>Cancel</Button>
          </div>
        </Dialog>
      ) : null}
    </section>
  )
}
