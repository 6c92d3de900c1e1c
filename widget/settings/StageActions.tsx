import { useState } from 'preact/hooks';
import { eventNameProblem, tagsProblem, type ActionProblem } from '../../backend-lite/admin/stageActionChecks.ts';
import { fieldAttributes, FieldProblem, useProblem } from './FormField.tsx';
import type { SettingsText } from './i18n/en.ts';
import { MoosendListSelect, MoosendListsStatus } from './MoosendListSelect.tsx';
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
          {moosend && <MoosendListsStatus />}
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
                        <MoosendListSelect
                          stage={stage}
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
                          check={(event) => (event.trim() === '' ? null : eventNameProblem(event.trim()))}
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
      check={(value) => tagsProblem(parseTags(value))}
      onValue={(value) => {
        setTyped(value);
        onTags(parseTags(value));
      }}
    />
  );
}

type ActionInputProps = { path: string; label: string; value: string; check: (value: string) => ActionProblem | null; onValue: (value: string) => void };

/** What the admin types is checked as it is typed; a refused save's own reason wins once there is one. */
function ActionInput({ path, label, value, check, onValue }: ActionInputProps) {
  const { text } = useSettings().locale;
  const typedProblem = check(value);
  const problem = useProblem(path) ?? (typedProblem && actionProblemText(typedProblem, text));
  return (
    <>
      <input
        {...fieldAttributes(path, problem)}
        class="keb-input"
        aria-label={label}
        autocomplete="off"
        spellcheck={false}
        value={value}
        onInput={(event) => onValue(event.currentTarget.value)}
      />
      <FieldProblem path={path} problem={problem} />
    </>
  );
}

function actionProblemText(problem: ActionProblem, text: SettingsText): string {
  switch (problem.kind) {
    case 'event-not-snake-case':
      return text.actionProblem.eventNotSnakeCase;
    case 'event-too-long':
      return text.actionProblem.eventTooLong(problem.max, problem.length);
    case 'too-many-tags':
      return text.actionProblem.tooManyTags(problem.max, problem.count);
    case 'unknown-placeholder':
      return text.actionProblem.unknownPlaceholder(problem.placeholder);
  }
}
