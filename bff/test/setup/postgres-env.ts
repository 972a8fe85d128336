import { inject } from 'vitest'

// Runs before each test file of the `bff-pg` project, before it imports the sources: the tables
// are chosen for the dialect when bff/src/db/schema is first loaded (schema/dialect.ts).
process.env.DATABASE_URL = inject('databaseUrl')
