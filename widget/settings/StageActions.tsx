import { useState } from 'preact/hooks';
import { fieldAttributes, FieldProblem, useProblem } from './FormField.tsx';
import { parseTags, stageNamesIn, withCustomerioEvent, withMoosendList, withOmnisendTags } from './rulesDraft.ts';
import { useSettings } from './settingsContext.ts';

/** Per stage name, what each connected ESP does: Omnisend tags, a Moosend list, a Customer.io event. */
export function StageActions() {
  const { settings, locale } = useSettings();
  const { text } = locale;
  const rules = settings.draft.value;
  if (rules === null) return null;
  const { omnisend, moosend, customerio } = rules;
  const connected = omnisend !== undefined || moosend !== undefined || customerio !== undefined;
  return (
    <div class="keb-subsection">
      <h4>{text.actions}</h4>
      {!connected ? (
        <p class="keb-muted">{text.noEspForActions}</p>
      ) : (
        <>
          <p class="keb-muted">{text.actionsHint}</p>
          <div class="keb-table-wrap">
            <table class="keb-table" data-testid="keb-stage-actions">
              <thead>
                <tr>
                  <th scope="col">{text.stage}</th>
                  {omnisend && <th scope="col">{text.omnisendAddTags}</th>}
                  {omnisend && <th scope="col">{text.omnisendRemoveTags}</th>}
                  {moosend && <th scope="col">{text.moosendList}</th>}
                  {customerio && <th scope="col">{text.customerioEvent}</th>}
                </tr>
              </thead>
              <tbody>
                {stageNamesIn(rules, settings.addedStageNames.value).map((stage) => (
                  // The revision in the key restarts each input's own text when the draft is reloaded.
                  <tr key={`${settings.revision.value}:${stage}`} data-stage={stage}>
                    <th scope="row">
                      <code>{stage}</code>
                    </th>
                    {omnisend && (
                      <td>
                        <TagsInput
                          path={`omnisend.on.${stage}.addTags`}
                          label={`${text.omnisendAddTags} · ${stage}`}
                          tags={omnisend.on[stage]?.addTags ?? []}
                          onTags={(tags) => settings.edit((draft) => withOmnisendTags(draft, stage, 'addTags', tags))}
                        />
                      </td>
                    )}
                    {omnisend && (
                      <td>
                        <TagsInput
                          path={`omnisend.on.${stage}.removeTags`}
                          label={`${text.omnisendRemoveTags} · ${stage}`}
                          tags={omnisend.on[stage]?.removeTags ?? []}
                          onTags={(tags) => settings.edit((draft) => withOmnisendTags(draft, stage, 'removeTags', tags))}
                        />
                      </td>
                    )}
                    {moosend && (
                      <td>
                        <ActionInput
                          path={`moosend.on.${stage}.list`}
                          label={`${text.moosendList} · ${stage}`}
                          value={moosend.on[stage]?.list ?? ''}
                          onValue={(list) => settings.edit((draft) => withMoosendList(draft, stage, list))}
                        />
                      </td>
                    )}
                    {customerio && (
                      <td>
                        <ActionInput
                          path={`customerio.on.${stage}.event`}
                          label={`${text.customerioEvent} · ${stage}`}
                          value={customerio.on[stage]?.event ?? ''}
                          onValue={(event) => settings.edit((draft) => withCustomerioEvent(draft, stage, event))}
                        />
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </div>
  );
}

/**
 * Holds what the admin typed, so "customer, " keeps its comma while the next tag is typed; the
 * draft gets the parsed list on every keystroke.
 */
function TagsInput({ path, label, tags, onTags }: { path: string; label: string; tags: string[]; onTags: (tags: string[]) => void }) {
  const [typed, setTyped] = useState(tags.join(', '));
  return (
    <ActionInput
      path={path}
      label={label}
      value={typed}
      onValue={(value) => {
        setTyped(value);
        onTags(parseTags(value));
      }}
    />
  );
}

function ActionInput({ path, label, value, onValue }: { path: string; label: string; value: string; onValue: (value: string) => void }) {
  const problem = useProblem(path);
  return (
    <>
      <input
        {...fieldAttributes(path, problem)}
        class="keb-input"
        aria-label={label}
        autocomplete="off"
        value={value}
        onInput={(event) => onValue(event.currentTarget.value)}
      />
      <FieldProblem path={path} problem={problem} />
    </>
  );
}
