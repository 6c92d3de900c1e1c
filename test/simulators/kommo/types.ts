// Shapes stored by the simulator. Field names follow the REST v4 wire format (reference §5.4)
// so that stored entities can be serialized with nothing more than HAL links added.

export type EntityKind = 'leads' | 'contacts';

export type CustomFieldType =
  | 'text'
  | 'textarea'
  | 'numeric'
  | 'checkbox'
  | 'select'
  | 'multiselect'
  | 'radiobutton'
  | 'multitext'
  | 'date'
  | 'date_time'
  | 'birthday'
  | 'url';

export interface CustomFieldEnum {
  id: number;
  value: string;
  sort: number;
}

export interface CustomFieldDefinition {
  id: number;
  name: string;
  type: CustomFieldType;
  code: string | null;
  sort: number;
  enums: CustomFieldEnum[] | null;
}

export interface CustomFieldValueItem {
  value: string | number | boolean;
  enum_id?: number;
  enum_code?: string | null;
}

export interface CustomFieldValue {
  field_id: number;
  field_name: string;
  field_code: string | null;
  field_type: CustomFieldType;
  values: CustomFieldValueItem[];
}

export interface LeadContactLink {
  id: number;
  is_main: boolean;
}

export interface Lead {
  id: number;
  name: string;
  price: number;
  responsible_user_id: number;
  group_id: number;
  status_id: number;
  pipeline_id: number;
  loss_reason_id: number | null;
  created_by: number;
  updated_by: number;
  created_at: number;
  updated_at: number;
  closed_at: number | null;
  closest_task_at: number | null;
  is_deleted: boolean;
  custom_fields_values: CustomFieldValue[];
  score: number | null;
  account_id: number;
  labor_cost: number | null;
  contacts: LeadContactLink[];
}

export interface Contact {
  id: number;
  name: string;
  first_name: string;
  last_name: string;
  responsible_user_id: number;
  group_id: number;
  created_by: number;
  updated_by: number;
  created_at: number;
  updated_at: number;
  closest_task_at: number | null;
  is_deleted: boolean;
  is_unsorted: boolean;
  custom_fields_values: CustomFieldValue[];
  account_id: number;
  /** Ids of linked leads; kept in sync with `Lead.contacts`. */
  leads: number[];
}

export interface Note {
  id: number;
  entity_type: EntityKind;
  entity_id: number;
  note_type: string;
  params: Record<string, unknown>;
  request_id: string;
  created_by: number;
  responsible_user_id: number;
  created_at: number;
  updated_at: number;
}

export interface Task {
  id: number;
  text: string;
  complete_till: number;
  entity_type: 'leads' | 'contacts' | 'companies' | null;
  entity_id: number | null;
  responsible_user_id: number;
  task_type_id: number;
  is_completed: boolean;
  request_id: string;
  created_by: number;
  created_at: number;
  updated_at: number;
}

export interface Webhook {
  id: number;
  destination: string;
  settings: string[];
  sort: number;
  disabled: boolean;
  account_id: number;
  created_by: number;
  created_at: number;
  updated_at: number;
}

export type { RecordedRequest } from '../shared/recordedRequest.ts';

/** What a route handler answers; the server turns it into HTTP. */
export interface Reply {
  status: number;
  /** undefined → empty body (204). */
  body?: unknown;
  kind?: 'hal' | 'problem';
  headers?: Record<string, string>;
}
