import { useMutation } from '@tanstack/react-query'
import { API } from '@exocorp/shared/api-paths'
import { FeedbackReceiptSchema, type FeedbackInput } from '@exocorp/shared/feedback'
import { api } from '@/lib/api-client'

export function useSendFeedback() {
  return useMutation({
    mutationFn: (input: FeedbackInput) => api.post(API.feedback.send, FeedbackReceiptSchema, { body: input }),
  })
}
