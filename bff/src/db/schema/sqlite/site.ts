import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core'

/** Site CMS (migration 0023, decision 042): the working copy of each public page. */
export const sitePages = sqliteTable(
  'site_pages',
  {
    id: text('id').primaryKey(),
    slug: text('slug').notNull().unique(),
    title: text('title').notNull(),
    description: text('description').notNull(),
    body: text('body').notNull(),
    status: text('status', { enum: ['draft', 'published', 'archived'] }).notNull(),
    publishedVersion: integer('published_version'),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
    publishedAt: text('published_at'),
    archivedAt: text('archived_at'),
  },
  (t) => [index('site_pages_status_idx').on(t.status, t.slug)],
)

/** One row per publish: the snapshot and its sanitised HTML, rendered once. */
export const sitePageVersions = sqliteTable(
  'site_page_versions',
  {
    pageId: text('page_id')
      .notNull()
      .references(() => sitePages.id, { onDelete: 'cascade' }),
    version: integer('version').notNull(),
    title: text('title').notNull(),
    description: text('description').notNull(),
    body: text('body').notNull(),
    html: text('html').notNull(),
    etag: text('etag').notNull(),
    publishedAt: text('published_at').notNull(),
    publishedBy: text('published_by').notNull(),
    revertOf: integer('revert_of'),
  },
  (t) => [primaryKey({ columns: [t.pageId, t.version] })],
)
