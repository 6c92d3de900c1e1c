import { z } from 'zod';

/** Shapes of Kommo API v4 answers (reference/kommo.md §5.4). Loose: Kommo adds fields freely. */

const customFieldValue = z.looseObject({
  value: z.unknown(),
  enum_id: z.number().nullish(),
  enum_code: z.string().nullish(),
});

export const customFieldSchema = z.looseObject({
  field_id: z.number(),
  field_name: z.string().nullish(),
  field_code: z.string().nullish(),
  field_type: z.string().nullish(),
  values: z.array(customFieldValue).nullable(),
});
export type KommoCustomField = z.infer<typeof customFieldSchema>;

export const leadSchema = z.looseObject({
  id: z.number(),
  name: z.string().nullish(),
  price: z.number().nullish(),
  status_id: z.number(),
  pipeline_id: z.number(),
  responsible_user_id: z.number().nullish(),
  updated_at: z.number().nullish(),
  closed_at: z.number().nullish(),
  is_deleted: z.boolean().optional(),
  custom_fields_values: z.array(customFieldSchema).nullish(),
  _embedded: z
    .looseObject({
      contacts: z.array(z.looseObject({ id: z.number(), is_main: z.boolean().nullish() })).optional(),
    })
    .optional(),
});
export type KommoLead = z.infer<typeof leadSchema>;

export const contactSchema = z.looseObject({
  id: z.number(),
  name: z.string().nullish(),
  first_name: z.string().nullish(),
  last_name: z.string().nullish(),
  responsible_user_id: z.number().nullish(),
  updated_at: z.number().nullish(),
  custom_fields_values: z.array(customFieldSchema).nullish(),
  _embedded: z.looseObject({ leads: z.array(z.looseObject({ id: z.number() })).optional() }).optional(),
});
export type KommoContact = z.infer<typeof contactSchema>;

export const pipelineSchema = z.looseObject({
  id: z.number(),
  name: z.string(),
  _embedded: z.looseObject({ statuses: z.array(z.looseObject({ id: z.number(), name: z.string() })) }),
});
export type KommoPipeline = z.infer<typeof pipelineSchema>;

export const customFieldDefinitionSchema = z.looseObject({ id: z.number(), name: z.string(), type: z.string() });
export type KommoCustomFieldDefinition = z.infer<typeof customFieldDefinitionSchema>;

export const userSchema = z.looseObject({ id: z.number(), name: z.string().nullish(), lang: z.string().nullish() });
export type KommoUser = z.infer<typeof userSchema>;

export const collectionSchema = <T extends z.ZodType>(key: string, item: T) =>
  z.looseObject({ _embedded: z.looseObject({ [key]: z.array(item) }) });

export const problemSchema = z.looseObject({
  title: z.string().optional(),
  status: z.number().optional(),
  detail: z.string().optional(),
  hint: z.string().optional(),
  retry_after: z.coerce.number().optional(),
  'validation-errors': z
    .array(
      z.looseObject({
        request_id: z.union([z.string(), z.number()]).optional(),
        errors: z.array(z.looseObject({ code: z.string(), path: z.string(), detail: z.string() })),
      }),
    )
    .optional(),
});

/** The values of a contact's multitext field (EMAIL or PHONE), in Kommo's order. */
export function multitextValues(fields: readonly KommoCustomField[] | null | undefined, code: string): string[] {
  const field = fields?.find((f) => f.field_code === code);
  return (field?.values ?? []).map((v) => String(v.value ?? '')).filter((v) => v.trim() !== '');
}

export function customFieldText(fields: readonly KommoCustomField[] | null | undefined, fieldId: number): string | undefined {
  const value = fields?.find((f) => f.field_id === fieldId)?.values?.[0]?.value;
  return value === undefined || value === null ? undefined : String(value);
}
