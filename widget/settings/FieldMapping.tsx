import type { KommoSchemaResponse } from '../../backend-lite/api/adminContract.ts';
import { fieldAttributes, FieldProblem, useProblem } from './FormField.tsx';
import { withField, withNote, type FieldRole, type NoteKind } from './rulesDraft.ts';
import { useSettings } from './settingsContext.ts';

/** Which entity holds each field the bridge reads (SPEC §5.2). */
const fieldEntity = { plan: 'lead', source: 'lead', emailOptIn: 'contact', emailStatus: 'contact', smsConsent: 'contact' } as const satisfies Record<FieldRole, 'lead' | 'contact'>;
const fieldRoles = Object.keys(fieldEntity) as FieldRole[];
const noteKinds: NoteKind[] = ['afterPush', 'opened', 'clicked'];

export function FieldMapping() {
  const { text } = useSettings().locale;
  return (
    <div class="keb-subsection">
      <h4>{text.fields}</h4>
      <div class="keb-field-grid">
        {fieldRoles.map((role) => (
          <FieldSelect key={role} role={role} />
        ))}
      </div>
    </div>
  );
}

function fieldsOf(schema: KommoSchemaResponse | null, entity: 'lead' | 'contact') {
  if (schema === null) return [];
  return entity === 'lead' ? schema.leadFields : schema.contactFields;
}

function FieldSelect({ role }: { role: FieldRole }) {
  const { settings, locale } = useSettings();
  const { text } = locale;
  const rules = settings.draft.value;
  const path = `kommo.fields.${role}`;
  const problem = useProblem(path);
  if (rules === null) return null;
  const entity = fieldEntity[role];
  const choices = fieldsOf(settings.kommoSchema.value, entity);
  const current = rules.kommo.fields[role]?.id;
  const attributes = fieldAttributes(path, problem);
  return (
    <div class="keb-field">
      <label for={attributes.id}>{text.fieldRole[role]}</label>
      <select
        {...attributes}
        class="keb-input"
        value={current === undefined ? '' : String(current)}
        onChange={(event) => {
          const id = Number(event.currentTarget.value);
          settings.edit((draft) => withField(draft, role, id > 0 ? { entity, id } : null));
        }}
      >
        <option value="">{text.noField}</option>
        {current !== undefined && !choices.some((field) => field.id === current) && <option value={String(current)}>{text.unknownField(current)}</option>}
        {choices.map((field) => (
          <option key={field.id} value={String(field.id)}>
            {field.name} ({field.type})
          </option>
        ))}
      </select>
      <FieldProblem path={path} problem={problem} />
    </div>
  );
}

export function NoteToggles() {
  const { settings, locale } = useSettings();
  const { text } = locale;
  const notes = settings.draft.value?.notes;
  if (notes === undefined) return null;
  return (
    <fieldset class="keb-subsection keb-notes">
      <legend>
        <h4>{text.notes}</h4>
      </legend>
      {noteKinds.map((kind) => (
        <label key={kind} class="keb-check">
          <input
            type="checkbox"
            data-testid={`keb-input-notes.${kind}`}
            checked={notes[kind]}
            onChange={(event) => settings.edit((draft) => withNote(draft, kind, event.currentTarget.checked))}
          />
          {text.note[kind]}
        </label>
      ))}
    </fieldset>
  );
}
