// Chosen for this process's database (dialect.ts); typed as the SQLite tables.
import { pick } from './dialect'
import * as pg from './pg/deployments'
import * as sqlite from './sqlite/deployments'

export const deploymentTargets = pick(sqlite.deploymentTargets, pg.deploymentTargets)
