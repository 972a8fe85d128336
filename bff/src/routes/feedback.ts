import { Hono } from 'hono'
import { FeedbackInputSchema, type FeedbackReceipt } from '@exocorp/shared/feedback'
import { attempt } from '../http/attempt'
import { type AppEnv } from '../http/context'
import { guard, principalOf } from '../http/guards'
import { validate } from '../http/validate'
import { recordFeedback } from '../services/signals/record'

/**
 * Mounted at /api/feedback: a signed-in person sends feedback from anywhere in the console
 * (rate limited per user, decision 036). The message lands in the admin triage queue.
 */
export const feedbackRoutes = new Hono<AppEnv>().post(
  '/',
  guard.session,
  validate('json', FeedbackInputSchema, () => ({
    action: 'feedback.sent',
    target: { type: 'feedback', id: null },
    failSummary: 'Feedback refused',
  })),
  async (c) => {
    const p = principalOf(c)
    const input = c.req.valid('json')
    const r = await attempt(
      c,
      { action: 'feedback.sent', target: { type: 'feedback', id: null }, failSummary: `Feedback from ${p.user.email} refused` },
      () => recordFeedback(c.get('deps'), p.user, input),
      (r) => ({
        summary: `${p.user.email} sent feedback (${input.message.length} characters)`,
        targetId: r.groupId,
        details: { page: input.context?.page ?? null },
      }),
    )
    const body: FeedbackReceipt = { id: r.id, groupId: r.groupId, receivedAt: r.at }
    return c.json(body, 201)
  },
)
