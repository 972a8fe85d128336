import { createContext, useContext } from 'react'
import { create } from 'zustand'
import { errorMessage, isApiError } from '../api-client'
import { englishText, type CommonTranslate } from './common-translate'

/**
 * How a shared piece speaks: its words (`t`) and what a failed request says (`error`). Outside the
 * admin console this is English and the server's own messages, and nothing but this module and
 * `common-en.ts` ships with the owner's first route; the admin routes provide their catalog's
 * language instead (`features`-free `components/admin-common-text.tsx`), with error codes mapped to
 * message keys.
 */
export interface CommonText {
  t: CommonTranslate
  error: (error: unknown) => string
  /** Why one item was refused (a bulk item's `code` and the server's `reason` sentence). */
  refusal: (code: string | null, text: string | null) => string | null
  /** A field error as the server wrote it, in the catalog's words where the catalog knows the sentence. */
  field: (message: string) => string
  /** The field errors of a failed request (`{ field: [messages] }`), in this language where it knows them. */
  fields: (error: unknown) => Record<string, string[]>
}

const english: CommonText = {
  t: englishText,
  error: (e) => errorMessage(e),
  refusal: (_code, text) => text,
  field: (message) => message,
  fields: (e) => (isApiError(e) ? e.fieldErrors : {}),
}
const CommonTextContext = createContext<CommonText>(english)

/**
 * The console around the screens (top bar, user menu, context switcher, sidebar, banners, toaster)
 * sits outside every screen's provider, so the screen that shows sets its words here while it is
 * mounted (the admin console does, see components/admin-common-text.tsx), and the console layout
 * provides them to everything it draws; English otherwise.
 */
export const useShellText = create<CommonText>(() => english)

export const CommonTextProvider = CommonTextContext.Provider

export function useCommonText(): CommonText {
  return useContext(CommonTextContext)
}
