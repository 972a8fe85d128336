// Chosen for this process's database (dialect.ts); typed as the SQLite tables.
import { pick } from './dialect'
import * as pg from './pg/signals'
import * as sqlite from './sqlite/signals'

export const signalGroups = pick(sqlite.signalGroups, pg.signalGroups)
export const signals = pick(sqlite.signals, pg.signals)
export const triageNotes = pick(sqlite.triageNotes, pg.triageNotes)
export const flagValues = pick(sqlite.flagValues, pg.flagValues)
export const flagChanges = pick(sqlite.flagChanges, pg.flagChanges)
