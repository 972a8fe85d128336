import { useQuery } from '@tanstack/react-query'
import { useId } from 'react'
import { ReleaseChannelSchema, type CompanyDetail, type ReleaseChannel } from '@exocorp/shared/companies'
import { Badge, type BadgeTone } from '@/components/ui/badge'
import { Button } from '@/components/ui/button'
import { notifySuccess } from '@/components/ui/toast'
import { ErrorMessage } from '@/components/errors/error-message'
import { companyQueries } from '../api/queries'
import { useRunCompanyAction } from '../api/run-action'
import { useUpdateCompany } from '../api/update-company'

const CHANNEL_LABEL: Record<ReleaseChannel, string> = { stable: 'Stable', beta: 'Beta', canary: 'Canary' }

const HANDSHAKE: Record<string, [string, BadgeTone]> = {
  up_to_date: ['Up to date', 'ok'],
  install_required: ['Install required', 'info'],
  update_available: ['Update available', 'warn'],
  blocked: ['Blocked', 'bad'],
}

/** Release: installed, available, status; channel selector (optimistic, rolled back on failure). */
export function ReleaseSection({ company, canEdit = true }: { company: CompanyDetail; canEdit?: boolean }) {
  const runAction = useRunCompanyAction(company.id)
  const canUpdate = company.allowedActions.some((a) => a.action === 'update' && a.allowed)
  const handshake = useQuery(companyQueries.handshake(company.id))
  const updateCompany = useUpdateCompany(company.id)
  const channelId = useId()
  const status = handshake.data ? HANDSHAKE[handshake.data.status] : null
  return (
    <section className="card stack" aria-labelledby="release-heading">
      <h2 id="release-heading">Release</h2>
      <dl className="facts">
        <dt>Installed</dt>
        <dd>{company.installedVersion ?? 'Nothing installed yet'}</dd>
        <dt>Available</dt>
        <dd>{handshake.data?.availableVersion ?? company.availableVersion ?? '—'}</dd>
        <dt>Status</dt>
        <dd>{status ? <Badge tone={status[1]}>{status[0]}</Badge> : '…'}</dd>
      </dl>
      {handshake.data?.reason ? <p className="muted">{handshake.data.reason}</p> : null}
      {handshake.data?.status === 'update_available' && handshake.data.notes ? (
        <p>
          <strong>What changes in {handshake.data.availableVersion}:</strong> {handshake.data.notes}
        </p>
      ) : null}
      <div className="field field-inline">
        <label htmlFor={channelId}>Release channel</label>
        <select
          id={channelId}
          value={company.channel}
          disabled={!canEdit}
          onChange={(e) => {
            const parsed = ReleaseChannelSchema.safeParse(e.target.value)
            if (!parsed.success) return
            const previous = company.channel
            const next: ReleaseChannel = parsed.data
            updateCompany.mutate(
              { channel: next },
              {
                onSuccess: () =>
                  notifySuccess(`Release channel set to ${CHANNEL_LABEL[next]}`, {
                    undo: () => updateCompany.mutate({ channel: previous }),
                  }),
              },
            )
          }}
        >
          {ReleaseChannelSchema.options.map((ch) => (
            <option key={ch} value={ch}>
              {CHANNEL_LABEL[ch]}
            </option>
          ))}
        </select>
      </div>
      <ErrorMessage error={updateCompany.error} title="Could not change the channel." />
      {handshake.data?.status === 'update_available' && canUpdate && canEdit ? (
        <div>
          <Button
            variant="primary"
            busy={runAction.isPending}
            onClick={() =>
              runAction.mutate(
                { action: 'update' },
                {
                  onSuccess: () =>
                    notifySuccess(`Update started for ${company.name}`, { description: 'This page follows every phase.' }),
                },
              )
            }
          >
            Update to {handshake.data.availableVersion}
          </Button>
        </div>
      ) : null}
      <ErrorMessage error={runAction.error} title="Could not update." />
    </section>
  )
}
