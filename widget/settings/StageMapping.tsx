import { useState } from 'preact/hooks';
import { fieldAttributes, FieldProblem, useProblem } from './FormField.tsx';
import { impliedStages, stageNamesIn, withStage } from './rulesDraft.ts';
import { useSettings } from './settingsContext.ts';

/** The rules schema's own pattern for a stage name (backend-lite/config/rules.ts). */
const STAGE_NAME = /^[a-z][a-z0-9_]*$/;

/** Each pipeline's stages from Kommo, each given a stage name (or none) the ESP actions refer to. */
export function StageMapping() {
  const { settings, locale } = useSettings();
  const { text } = locale;
  const schema = settings.kommoSchema.value;
  return (
    <div class="keb-subsection">
      <h4>{text.stages}</h4>
      <p class="keb-muted">{text.stagesHint}</p>
      {schema?.pipelines.map((pipeline) => (
        <fieldset key={pipeline.id} class="keb-pipeline">
          <legend>{pipeline.name}</legend>
          {pipeline.stages.map((stage) => (
            <StageRow key={stage.id} statusId={stage.id} label={stage.name} />
          ))}
        </fieldset>
      ))}
      <NewStageName />
    </div>
  );
}

function StageRow({ statusId, label }: { statusId: number; label: string }) {
  const { settings, locale } = useSettings();
  const rules = settings.draft.value;
  const path = `kommo.stages.${statusId}`;
  const problem = useProblem(path);
  const implied = impliedStages[statusId];
  if (rules === null) return null;
  if (implied !== undefined) {
    return (
      <div class="keb-stage-row">
        <span>{label}</span>
        <code>{implied}</code>
      </div>
    );
  }
  const attributes = fieldAttributes(path, problem);
  return (
    <div class="keb-stage-row">
      <label for={attributes.id}>{label}</label>
      <select
        {...attributes}
        data-testid={`keb-stage-${statusId}`}
        class="keb-input"
        value={rules.kommo.stages[String(statusId)] ?? ''}
        onChange={(event) => settings.edit((draft) => withStage(draft, statusId, event.currentTarget.value || null))}
      >
        <option value="">{locale.text.noStageName}</option>
        {stageNamesIn(rules, settings.addedStageNames.value).map((name) => (
          <option key={name} value={name}>
            {name}
          </option>
        ))}
      </select>
      <FieldProblem path={path} problem={problem} />
    </div>
  );
}

function NewStageName() {
  const { settings, locale } = useSettings();
  const { text } = locale;
  const [name, setName] = useState('');
  const valid = STAGE_NAME.test(name);
  return (
    <form
      class="keb-inline-form"
      onSubmit={(event) => {
        event.preventDefault();
        if (!valid) return;
        settings.addStageName(name);
        setName('');
      }}
    >
      <label for="keb-new-stage">{text.newStageName}</label>
      <input
        id="keb-new-stage"
        data-testid="keb-new-stage"
        class="keb-input"
        value={name}
        placeholder="demo_scheduled"
        aria-describedby="keb-new-stage-rule"
        onInput={(event) => setName(event.currentTarget.value.trim())}
      />
      <button type="submit" class="keb-button" data-testid="keb-add-stage" aria-disabled={!valid}>
        {text.addStageName}
      </button>
      <span id="keb-new-stage-rule" class="keb-muted">
        {text.stageNameRule}
      </span>
    </form>
  );
}
