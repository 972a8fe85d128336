import { z } from 'zod/mini'
import type { Endpoint } from './api-paths'

/**
 * GET /api/openapi.json, as far as a reader of it relies on: the parts of an OpenAPI 3.1 document
 * that the web's API reference renders. Objects are open (unknown keys are dropped, not refused),
 * and JSON Schemas stay generic records the reader narrows field by field.
 */
export const JsonSchemaSchema = z.record(z.string(), z.unknown())
export type JsonSchema = z.infer<typeof JsonSchemaSchema>

export const OpenApiParameterSchema = z.object({
  name: z.string(),
  in: z.enum(['path', 'query', 'header', 'cookie']),
  required: z.optional(z.boolean()),
  description: z.optional(z.string()),
  schema: z.optional(JsonSchemaSchema),
})
export type OpenApiParameter = z.infer<typeof OpenApiParameterSchema>

const ContentSchema = z.record(z.string(), z.object({ schema: z.optional(JsonSchemaSchema) }))

export const OpenApiOperationSchema = z.object({
  operationId: z.string(),
  summary: z.optional(z.string()),
  description: z.optional(z.string()),
  tags: z.optional(z.array(z.string())),
  parameters: z.optional(z.array(OpenApiParameterSchema)),
  requestBody: z.optional(z.object({ required: z.optional(z.boolean()), content: ContentSchema })),
  responses: z.record(z.string(), z.object({ description: z.string(), content: z.optional(ContentSchema) })),
  /** Who may call it (api-operations.ts `ApiAccess`). */
  'x-exocorp-access': z.optional(z.string()),
})
export type OpenApiOperation = z.infer<typeof OpenApiOperationSchema>

export const OpenApiDocumentSchema = z.object({
  openapi: z.string(),
  info: z.object({ title: z.string(), version: z.string(), description: z.optional(z.string()) }),
  tags: z.optional(z.array(z.object({ name: z.string(), description: z.optional(z.string()) }))),
  paths: z.record(
    z.string(),
    z.object({
      get: z.optional(OpenApiOperationSchema),
      put: z.optional(OpenApiOperationSchema),
      post: z.optional(OpenApiOperationSchema),
      patch: z.optional(OpenApiOperationSchema),
      delete: z.optional(OpenApiOperationSchema),
    }),
  ),
  components: z.optional(z.object({ schemas: z.optional(z.record(z.string(), JsonSchemaSchema)) })),
})
export type OpenApiDocument = z.infer<typeof OpenApiDocumentSchema>

/** Where the document is served (public, with an ETag). */
export const OPENAPI_ENDPOINT = { method: 'GET', path: '/api/openapi.json' } as const satisfies Endpoint<'GET'>
