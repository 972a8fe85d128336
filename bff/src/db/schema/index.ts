// The drizzle schema object handed to `drizzle()`; each area keeps its tables in its own file.
export * from './accounts'
export * from './audit'
export * from './billing'
export * from './companies'
export * from './events'
export * from './catalog'
export * from './operator-clients'
export * from './runtimes'
