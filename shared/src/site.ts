import { z } from 'zod/mini'
import { keyedPattern, rule } from './field-rules'
import { EmailSchema } from './auth'

/*
 * The site CMS (issue 18 item 5, seeds 002/003): the public marketing pages, edited at
 * /admin/site/pages. A page row holds the working copy; every publish snapshots it into a
 * numbered version, and the public site serves the published version only (while the flag
 * `site.cms_enabled` is on). Enterprise prospects write through POST /api/v1/enterprise-inquiry.
 */

export const SitePageStatusSchema = z.enum(['draft', 'published', 'archived'])
export type SitePageStatus = z.infer<typeof SitePageStatusSchema>

/**
 * Top-level paths the web app and the server answer themselves: a page there would be shadowed
 * by the app (or would shadow it), so such slugs are refused.
 */
export const RESERVED_SITE_SLUGS: readonly string[] = [
  'account',
  'admin',
  'api',
  'assets',
  'billing',
  'company',
  'connect',
  'credentials',
  'dashboard',
  'docs',
  'invite',
  'invitations',
  'invites',
  'onboarding',
  'pay',
  'portal',
  'set-password',
  'sign-in',
  'sign-up',
  'sitemap',
  'skills',
]

const slugPattern = keyedPattern(/^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/, 'site_slug_pattern')

export const SiteSlugSchema = z.string().check(
  z.regex(slugPattern, 'Use 1–64 lower-case letters, digits and dashes (not at either end)'),
  z.refine(
    (s) => !RESERVED_SITE_SLUGS.includes(s),
    rule('This path belongs to the console; choose another slug', 'site_slug_reserved'),
  ),
)

const title = z.string().check(z.trim(), z.minLength(1, 'Give the page a title'), z.maxLength(200))
const description = z.string().check(z.trim(), z.maxLength(500))
/** Markdown; rendered and sanitised by the server when published. */
const body = z.string().check(z.maxLength(100_000, 'At most 100,000 characters'))

export const CreateSitePageInputSchema = z.strictObject({
  slug: SiteSlugSchema,
  title,
  description: z.optional(description),
  body,
})
export type CreateSitePageInput = z.infer<typeof CreateSitePageInputSchema>

export const UpdateSitePageInputSchema = z
  .strictObject({
    title: z.optional(title),
    description: z.optional(description),
    body: z.optional(body),
  })
  .check(
    z.refine(
      (v) => v.title !== undefined || v.description !== undefined || v.body !== undefined,
      rule('Change at least one of title, description or body', 'site_page_change_one'),
    ),
  )
export type UpdateSitePageInput = z.infer<typeof UpdateSitePageInputSchema>

export const RevertSitePageInputSchema = z.strictObject({
  version: z.int().check(z.minimum(1), z.maximum(1_000_000)),
})
export type RevertSitePageInput = z.infer<typeof RevertSitePageInputSchema>

export const EmptyActionInputSchema = z.strictObject({})

export const SitePagePathSchema = z.strictObject({
  id: z.string().check(z.regex(/^[A-Za-z0-9_-]{1,64}$/, 'Not a page id')),
})

export const SitePageSchema = z.object({
  id: z.string(),
  slug: z.string(),
  title: z.string(),
  description: z.string(),
  body: z.string(),
  status: SitePageStatusSchema,
  /** The version the public site serves while published; null before the first publish. */
  publishedVersion: z.nullable(z.number()),
  /** The working copy differs from the published version. */
  hasUnpublishedChanges: z.boolean(),
  /** Where the page is served once published and the site is on. */
  publicPath: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  publishedAt: z.nullable(z.string()),
  archivedAt: z.nullable(z.string()),
})
export type SitePage = z.infer<typeof SitePageSchema>

export const SitePageVersionSchema = z.object({
  version: z.number(),
  title: z.string(),
  description: z.string(),
  body: z.string(),
  publishedAt: z.string(),
  publishedBy: z.string(),
  /** Set when this version was published by a revert. */
  revertOf: z.nullable(z.number()),
})
export type SitePageVersion = z.infer<typeof SitePageVersionSchema>

export const SitePageDetailSchema = z.object({
  page: SitePageSchema,
  versions: z.array(SitePageVersionSchema),
  /** The working copy as the public site would render it (sanitised HTML). */
  previewHtml: z.string(),
})
export type SitePageDetail = z.infer<typeof SitePageDetailSchema>

export const SitePageListSchema = z.object({
  items: z.array(SitePageSchema),
  /** Whether `site.cms_enabled` is on: off, the public site answers 404 and the sitemap is empty. */
  siteEnabled: z.boolean(),
})
export type SitePageList = z.infer<typeof SitePageListSchema>

/** `POST /api/v1/enterprise-inquiry` (public). `website` is a honeypot: people leave it empty. */
export const EnterpriseInquiryInputSchema = z.strictObject({
  name: z.string().check(z.trim(), z.minLength(1, 'Tell us your name'), z.maxLength(200)),
  email: EmailSchema,
  company: z.string().check(z.trim(), z.minLength(1, 'Tell us your company'), z.maxLength(200)),
  message: z.string().check(z.trim(), z.minLength(10, 'Write at least 10 characters'), z.maxLength(5000)),
  seats: z.optional(z.int().check(z.minimum(1), z.maximum(1_000_000))),
  website: z.optional(z.string().check(z.maxLength(500))),
})
export type EnterpriseInquiryInput = z.infer<typeof EnterpriseInquiryInputSchema>

export const EnterpriseInquiryReceiptSchema = z.object({ received: z.literal(true) })
export type EnterpriseInquiryReceipt = z.infer<typeof EnterpriseInquiryReceiptSchema>

// Inquiries land in the admin notifications queue: see admin-notifications.ts.
