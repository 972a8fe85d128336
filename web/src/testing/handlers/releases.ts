import { http, HttpResponse } from 'msw'
import { ReleaseChannelSchema } from '@exocorp/shared/companies'
import { currentRelease, RELEASES } from '../mock-fleet'
import { apiError, requireUser } from '../http'

export const releaseHandlers = [
  http.get('/api/registry/company-releases/catalog', () => {
    const { denied } = requireUser()
    return denied ?? HttpResponse.json({ items: RELEASES })
  }),
  http.get('/api/registry/company-releases/current', ({ request }) => {
    const { denied } = requireUser()
    if (denied) return denied
    const channel = ReleaseChannelSchema.safeParse(new URL(request.url).searchParams.get('channel') ?? 'stable')
    if (!channel.success) return apiError(400, 'validation_failed', 'Unknown channel')
    return HttpResponse.json(currentRelease(channel.data))
  }),
]
