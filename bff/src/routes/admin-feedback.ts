import { Hono } from 'hono'
import {
  BulkTriageInputSchema,
  FeedbackQuerySchema,
  SignalGroupPathSchema,
  TriageNoteInputSchema,
  UpdateSignalGroupInputSchema,
} from '@exocorp/shared/feedback'
import { attempt } from '../http/attempt'
import { type AppEnv } from '../http/context'
import { guard, principalOf } from '../http/guards'
import { validate } from '../http/validate'
import {
  addTriageNote,
  bulkTriage,
  listSignalGroups,
  securitySummary,
  signalGroupDetail,
  updateSignalGroup,
} from '../services/signals/triage'

const target = (id: string | null) => ({ type: 'feedback_group', id })

/**
 * Mounted at /api/admin/feedback: the triage queue of feedback and security probes. Admins read;
 * platform owners act (with the step-up every admin mutation asks for), each action audited.
 */
export const adminFeedbackRoutes = new Hono<AppEnv>()
  .get('/', guard.admin, validate('query', FeedbackQuerySchema), async (c) =>
    c.json(await listSignalGroups(c.get('deps'), c.req.valid('query')), 200),
  )
  .get('/security', guard.admin, async (c) => c.json(await securitySummary(c.get('deps')), 200))
  .post('/bulk', guard.platformOwner, validate('json', BulkTriageInputSchema), async (c) => {
    const p = principalOf(c)
    const { ids, state } = c.req.valid('json')
    const result = await attempt(
      c,
      { action: 'feedback.bulk_triaged', target: target(null), failSummary: `${p.user.email}: bulk triage refused` },
      () => bulkTriage(c.get('deps'), ids, state),
      (r) => ({
        summary: `${p.user.email} moved ${r.updated.length} feedback group(s) to ${state}${r.refused.length ? `; ${r.refused.length} refused` : ''}`,
        details: { state, updated: r.updated, refused: r.refused.length },
      }),
    )
    return c.json(result, 200)
  })
  .get('/:id', guard.admin, validate('param', SignalGroupPathSchema), async (c) =>
    c.json(await signalGroupDetail(c.get('deps'), c.req.valid('param').id), 200),
  )
  .patch(
    '/:id',
    guard.platformOwner,
    validate('param', SignalGroupPathSchema),
    validate('json', UpdateSignalGroupInputSchema),
    async (c) => {
      const p = principalOf(c)
      const { id } = c.req.valid('param')
      const input = c.req.valid('json')
      const { group } = await attempt(
        c,
        { action: 'feedback.triaged', target: target(id), failSummary: `${p.user.email}: triage of a feedback group refused` },
        () => updateSignalGroup(c.get('deps'), id, input),
        (r) => ({
          summary: `${p.user.email} updated feedback group “${r.group.title}”${input.state ? `: ${r.before.state} → ${input.state}` : ''}`,
          details: {
            ...(input.state ? { from: r.before.state, to: input.state } : {}),
            ...(input.assigneeId !== undefined ? { assigneeId: input.assigneeId } : {}),
            ...(input.severity ? { severity: input.severity } : {}),
          },
        }),
      )
      return c.json(group, 200)
    },
  )
  .post(
    '/:id/notes',
    guard.platformOwner,
    validate('param', SignalGroupPathSchema),
    validate('json', TriageNoteInputSchema),
    async (c) => {
      const p = principalOf(c)
      const { id } = c.req.valid('param')
      const note = await attempt(
        c,
        { action: 'feedback.noted', target: target(id), failSummary: `${p.user.email}: note on a feedback group refused` },
        () => addTriageNote(c.get('deps'), id, p.user, c.req.valid('json').body),
        () => ({ summary: `${p.user.email} added a note to a feedback group` }),
      )
      return c.json(note, 201)
    },
  )
