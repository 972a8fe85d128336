// Chosen for this process's database (dialect.ts); typed as the SQLite tables.
import { pick } from './dialect'
import * as pg from './pg/operations'
import * as sqlite from './sqlite/operations'

export const broadcasts = pick(sqlite.broadcasts, pg.broadcasts)
export const newsletterSubscriptions = pick(sqlite.newsletterSubscriptions, pg.newsletterSubscriptions)
export const skillDocuments = pick(sqlite.skillDocuments, pg.skillDocuments)
export const skillDocumentVersions = pick(sqlite.skillDocumentVersions, pg.skillDocumentVersions)
