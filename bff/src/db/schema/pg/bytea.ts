import { customType } from 'drizzle-orm/pg-core'

/** PostgreSQL's bytes column, read and written as a Buffer like SQLite's `blob({ mode: 'buffer' })`. */
export const bytea = customType<{ data: Buffer; driverData: Buffer }>({
  dataType: () => 'bytea',
})
