import { CUSTOM_FIELD_TYPE_CODE, dropdownContext } from './customFields.ts';
import { dotNetDate, dotNetDateOrNull } from './dates.ts';
import type { MailingList, Member, SubscribeMethod, SubscribeType } from './types.ts';

// Wire shapes, field for field as the blueprint's examples and the fixture
// test/fixtures/moosend/moosend-subscriber-view.json show them (reference B.2, B.3).

export interface WireCustomField {
  CustomFieldID: string;
  Name: string;
  Value: string;
}

export interface WireSubscriber {
  ID: string;
  Name: string | null;
  Email: string;
  CreatedOn: string;
  UpdatedOn: string;
  UnsubscribedOn: string | null;
  UnsubscribedFromID: string | null;
  SubscribeType: SubscribeType;
  SubscribeMethod: SubscribeMethod;
  CustomFields: WireCustomField[];
  RemovedOn: string | null;
  /** Sitecore Send's docs add Tags (and Preferences) to the subscriber (B.3). */
  Tags: string[];
  Preferences?: string[];
}

export interface WireCustomFieldDefinition {
  ID: string;
  Name: string;
  Context: string | null;
  IsRequired: boolean;
  Type: number;
}

export interface WireMailingList {
  ID: string;
  Name: string;
  ActiveMemberCount: number;
  BouncedMemberCount: number;
  RemovedMemberCount: number;
  UnsubscribedMemberCount: number;
  /** 0 created, 1 imported, 2 importing, 3 deleted. */
  Status: number;
  CustomFieldsDefinition: WireCustomFieldDefinition[];
  CreatedBy: string;
  CreatedOn: string;
  UpdatedBy: string;
  UpdatedOn: string;
  /** "blank if no import operation was performed": the simulator never imports. */
  ImportOperation: null;
}

export interface WirePaging {
  PageSize: number;
  CurrentPage: number;
  TotalResults: number;
  TotalPageCount: number;
  SortExpression: string | null;
  SortIsAscending: boolean;
}

export function wireSubscriber(list: MailingList, m: Member, offset: string | null): WireSubscriber {
  const fields: WireCustomField[] = [];
  // Values are strings on the wire (B.3); a cleared field is absent.
  for (const def of list.customFields) {
    const value = m.fieldValues.get(def.id);
    if (value !== undefined) fields.push({ CustomFieldID: def.id, Name: def.name, Value: value });
  }
  const out: WireSubscriber = {
    ID: m.id,
    Name: m.name,
    Email: m.email,
    CreatedOn: dotNetDate(m.createdOn, offset),
    UpdatedOn: dotNetDate(m.updatedOn, offset),
    UnsubscribedOn: dotNetDateOrNull(m.unsubscribedOn, offset),
    UnsubscribedFromID: m.unsubscribedFromId,
    SubscribeType: m.subscribeType,
    SubscribeMethod: m.subscribeMethod,
    CustomFields: fields,
    RemovedOn: dotNetDateOrNull(m.removedOn, offset),
    Tags: [...m.tags],
  };
  if (m.preferences.length > 0) out.Preferences = [...m.preferences];
  return out;
}

export function wireList(list: MailingList, members: Member[], withStatistics: boolean, offset: string | null): WireMailingList {
  const count = (t: SubscribeType): number => (withStatistics ? members.filter((m) => m.subscribeType === t).length : 0);
  return {
    ID: list.id,
    Name: list.name,
    ActiveMemberCount: count(1),
    BouncedMemberCount: count(3),
    RemovedMemberCount: count(4),
    UnsubscribedMemberCount: count(2),
    Status: 0,
    CustomFieldsDefinition: list.customFields.map((def) => ({
      ID: def.id,
      Name: def.name,
      Context: dropdownContext(def),
      IsRequired: def.isRequired,
      Type: CUSTOM_FIELD_TYPE_CODE[def.type],
    })),
    CreatedBy: '127.0.0.1',
    CreatedOn: dotNetDate(list.createdOn, offset),
    UpdatedBy: '127.0.0.1',
    UpdatedOn: dotNetDate(list.updatedOn, offset),
    ImportOperation: null,
  };
}

export function paging(pageSize: number, currentPage: number, total: number, sortExpression: string | null, ascending: boolean): WirePaging {
  return {
    PageSize: pageSize,
    CurrentPage: currentPage,
    TotalResults: total,
    TotalPageCount: pageSize > 0 ? Math.ceil(total / pageSize) : total > 0 ? 1 : 0,
    SortExpression: sortExpression,
    SortIsAscending: ascending,
  };
}
