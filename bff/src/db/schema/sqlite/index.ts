// Every table of this dialect (the parity test and drizzle's relational schema).
export * from './accounts'
export * from './audit'
export * from './billing'
export * from './catalog'
export * from './companies'
export * from './events'
export * from './operator-clients'
export * from './runtimes'
