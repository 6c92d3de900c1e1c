import type { MoosendBridgeField, MoosendList } from '../../backend-lite/api/adminContract.ts';
import { FailureNotice } from './FailureNotice.tsx';
import { useListLabel } from './MoosendListSelect.tsx';
import { missingFields, stagesOfList } from './moosendListsModel.ts';
import { useSettings } from './settingsContext.ts';

/**
 * For each Moosend list the stages are mapped to, the fields the bridge writes there that the list
 * lacks, and one button that creates them. Moosend drops a value whose field the list does not
 * define, so without this a Won reaches the list without its plan or MRR.
 */
export function MoosendListFields() {
  const { settings, moosendLists, locale } = useSettings();
  const { text } = locale;
  const rules = settings.draft.value;
  const state = moosendLists.state.value;
  if (rules?.moosend === undefined || state.phase !== 'loaded') return null;
  const mapped = [...new Set(Object.values(rules.moosend.on).map((action) => action.list))];
  if (mapped.length === 0) return null;
  return (
    <div class="keb-subsection" data-testid="keb-moosend-fields">
      <h4>{text.moosend.fields}</h4>
      <p class="keb-muted">{text.moosend.fieldsHint}</p>
      <ul class="keb-list-fields">
        {mapped.map((listId) => {
          const list = state.lists.find((known) => known.id === listId);
          return list ? (
            <ListFields key={listId} list={list} bridgeFields={state.bridgeFields} stages={stagesOfList(rules, listId)} />
          ) : (
            <li key={listId} data-testid="keb-moosend-fields-list" data-list-id={listId}>
              <strong>{text.moosend.notFound(listId)}</strong>
            </li>
          );
        })}
      </ul>
    </div>
  );
}

function ListFields({ list, bridgeFields, stages }: { list: MoosendList; bridgeFields: MoosendBridgeField[]; stages: string[] }) {
  const { moosendLists, locale } = useSettings();
  const { text } = locale;
  const labelOf = useListLabel();
  const missing = missingFields(list, bridgeFields, stages);
  const creating = moosendLists.creating.value;
  const outcome = moosendLists.fieldsOutcome.value?.listId === list.id ? moosendLists.fieldsOutcome.value : null;
  const describe = (field: MoosendBridgeField) => `${field.name} (${text.moosend.fieldType[field.type]})`;
  return (
    <li data-testid="keb-moosend-fields-list" data-list-id={list.id} data-missing={missing.map((field) => field.name).join(' ')}>
      <strong>{labelOf(list)}</strong>
      {missing.length === 0 ? (
        <p class="keb-muted" data-testid="keb-moosend-fields-complete">
          {text.moosend.complete}
        </p>
      ) : (
        <div class="keb-bar keb-bar--wrap">
          <p data-testid="keb-moosend-fields-missing">{text.moosend.missing(locale.list(missing.map(describe)))}</p>
          <button
            type="button"
            class="keb-button"
            data-testid="keb-moosend-create-fields"
            aria-disabled={creating !== null}
            onClick={() => void moosendLists.createFields(list.id, missing.map((field) => field.name))}
          >
            {creating === list.id && <span class="keb-spinner" aria-hidden="true" />}
            {creating === list.id ? text.moosend.creating : text.moosend.create(missing.length)}
          </button>
        </div>
      )}
      <div aria-live="polite">
        {outcome?.ok === true && outcome.created.length > 0 && (
          <p class="keb-saved" data-testid="keb-moosend-fields-created">
            {text.moosend.created(locale.list(outcome.created))}
          </p>
        )}
        {outcome?.ok === false && (
          <>
            <p>{text.moosend.fieldsFailed}</p>
            <FailureNotice failure={outcome.failure} testId="keb-moosend-fields-error" />
          </>
        )}
      </div>
    </li>
  );
}
